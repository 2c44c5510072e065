// Display, Debug and format specs as std::fmt renders them.
#[derive(Debug, Clone)]
struct Order {
    id: u32,
    dish: String,
    qty: u8,
}

#[derive(Debug)]
enum Ticket {
    Dish(String),
    Drink { name: String, ice: bool },
    Close,
}

fn main() {
    let x: u8 = 250;
    println!("{} {:>5}|{:<5}|{:^7}|{:08.3}|{:+}", x, 42, "ab", "mid", 3.14159, 7);
    println!("{:?} {:?} {:?} {:?}", "q\"s", 'c', 1.0, 0.1 + 0.2);
    println!("{:x} {:#X} {:#b} {:o} {:e}", 255, 255, 5, 8, 1234.5);
    println!("{{literal}} {0}-{0} {1:?}", "a", "b");
    let name = "chef";
    let n = 3;
    println!("{name} has {n} orders; width {w:>4}", w = n);
    println!("[{:>1$}] [{:.*}] [{:-^9}]", 7, 4, 1.23456, "x");
    let o = Order { id: 1, dish: String::from("pizza"), qty: 2 };
    println!("{:?}", o);
    println!("{:#?}", o);
    println!("{:?}", vec![Ticket::Dish("soup".to_string()), Ticket::Drink { name: "tea".to_string(), ice: false }, Ticket::Close]);
    println!("{:?} {:?} {:?}", Some(5), None::<i32>, (1, "two", 3.5));
    let r: Result<i32, String> = Err("burnt".to_string());
    println!("{:?} {:?}", r, Ok::<i32, String>(1));
    println!("{:5}|{:<5}|{:^5}|{:>5}", 1, 2, 3, 4);
    println!("{:?}", vec![(1, 'a'), (2, 'b')]);
    print!("no newline, ");
    print!("then one\n");
    eprintln!("this goes to stderr");
}
// expect: 250    42|ab   |  mid  |0003.142|+7
// expect: "q\"s" 'c' 1.0 0.30000000000000004
// expect: ff 0xFF 0b101 10 1.2345e3
// expect: {literal} a-a "b"
// expect: chef has 3 orders; width    3
// expect: [   7] [1.2346] [----x----]
// expect: Order { id: 1, dish: "pizza", qty: 2 }
// expect: Order {
// expect:     id: 1,
// expect:     dish: "pizza",
// expect:     qty: 2,
// expect: }
// expect: [Dish("soup"), Drink { name: "tea", ice: false }, Close]
// expect: Some(5) None (1, "two", 3.5)
// expect: Err("burnt") Ok(1)
// expect:     1|2    |  3  |    4
// expect: [(1, 'a'), (2, 'b')]
// expect: no newline, then one
// expect-stderr: this goes to stderr
