// dbg!: to stderr, [file:line:col] expr = {:#?}, giving the value back (a tuple for several).
#[derive(Debug)]
struct Order {
    dish: String,
    table: u32,
}

fn factorial(n: u32) -> u32 {
    if dbg!(n <= 1) {
        dbg!(1)
    } else {
        dbg!(n * factorial(n - 1))
    }
}

fn main() {
    let a = 2;
    let b = dbg!(a * 2) + 1;
    println!("b = {b}");
    let o = Order { dish: String::from("soup"), table: 4 };
    let o = dbg!(o);
    dbg!(&o.dish, o.table);
    dbg!();
    factorial(2);
    let v = vec![1, 2];
    dbg!(v.len());
}
// expect: b = 5
// expect-stderr: [src/main.rs:18:13] a * 2 = 4
// expect-stderr: [src/main.rs:21:13] o = Order {
// expect-stderr:     dish: "soup",
// expect-stderr:     table: 4,
// expect-stderr: }
// expect-stderr: [src/main.rs:22:5] &o.dish = "soup"
// expect-stderr: [src/main.rs:22:5] o.table = 4
// expect-stderr: [src/main.rs:23:5]
// expect-stderr: [src/main.rs:9:8] n <= 1 = false
// expect-stderr: [src/main.rs:9:8] n <= 1 = true
// expect-stderr: [src/main.rs:10:9] 1 = 1
// expect-stderr: [src/main.rs:12:9] n * factorial(n - 1) = 2
// expect-stderr: [src/main.rs:26:5] v.len() = 2
