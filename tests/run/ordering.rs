// Ordering and the closure methods that use it: cmp, partial_cmp, total_cmp, then, then_with,
// reverse, Reverse, sort_by, min_by/max_by, clamp; and partition, flat_map, flatten, chain,
// map_or, map_or_else, or_else, windows, chunks.
use std::cmp::Ordering;
use std::cmp::Reverse;
use std::sync::mpsc;
use std::thread;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Priority { Low, Normal, Rush }

#[derive(Debug, Clone)]
struct Ticket { id: u32, dish: String, price: f64, priority: Priority }

fn by_price(a: &Ticket, b: &Ticket) -> Ordering {
    a.price.partial_cmp(&b.price).unwrap()
}

fn main() {
    let (tx, rx) = mpsc::sync_channel(1);
    let waiter = thread::spawn(move || {
        let menu = [("soup", 4.5, Priority::Low), ("steak", 21.0, Priority::Rush), ("salad", 7.25, Priority::Normal), ("pie", 4.5, Priority::Rush)];
        for (id, (dish, price, priority)) in menu.iter().enumerate() {
            tx.send(Ticket { id: id as u32, dish: dish.to_string(), price: *price, priority: *priority }).unwrap();
        }
    });
    let mut tickets: Vec<Ticket> = rx.iter().collect();
    waiter.join().unwrap();

    tickets.sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.dish.cmp(&b.dish)));
    for t in &tickets { println!("{:>5} {:>6.2} {:?}", t.dish, t.price, t.priority); }
    tickets.sort_by(by_price);
    println!("{:?}", tickets.iter().map(|t| t.id).collect::<Vec<_>>());
    tickets.sort_by_key(|t| Reverse(t.id));
    println!("{:?}", tickets.iter().map(|t| t.id).collect::<Vec<_>>());
    let cheapest = tickets.iter().min_by(|a, b| by_price(a, b)).unwrap();
    let dearest = tickets.iter().max_by(|a, b| a.price.total_cmp(&b.price)).unwrap();
    println!("cheapest {} dearest {}", cheapest.dish, dearest.dish);
    let (rush, rest): (Vec<Ticket>, Vec<Ticket>) = tickets.into_iter().partition(|t| t.priority == Priority::Rush);
    println!("{} rush, {} other", rush.len(), rest.len());

    match 3.cmp(&5) {
        Ordering::Less => println!("less"),
        Ordering::Equal => println!("equal"),
        Ordering::Greater => println!("greater"),
    }
    println!("{:?} {:?} {:?}", 2.cmp(&2), "b".cmp("a"), (1, "z").cmp(&(1, "a")).reverse());
    println!("{:?} {:?} {:?}", 1.0f64.partial_cmp(&f64::NAN), Ordering::Less.then(Ordering::Greater), Reverse(3));
    println!("{} {} {}", Priority::Rush > Priority::Low, 15.clamp(0, 10), (-2.5f64).clamp(-1.0, 1.0));

    let courses = vec![vec!["bread"], vec![], vec!["soup", "fish"]];
    println!("{:?}", courses.iter().flatten().collect::<Vec<_>>());
    println!("{:?}", (1..4).flat_map(|n| (0..n).map(move |k| n * 10 + k)).collect::<Vec<_>>());
    println!("{:?}", [Some(1), None, Some(3)].iter().flatten().sum::<i32>());
    println!("{:?}", (1..3).chain(7..=8).collect::<Vec<_>>());

    let found: Option<u32> = None;
    let burnt: Result<u32, String> = Err("burnt".to_string());
    println!("{} {}", found.map_or(0, |v| v * 2), Some(4).map_or(0, |v| v * 2));
    println!("{}", burnt.clone().map_or_else(|e| e.len() as u32, |v| v + 1));
    println!("{:?} {:?}", found.or_else(|| Some(5)), burnt.or_else(|e| if e == "burnt" { Ok::<u32, String>(0) } else { Err(e) }));

    for w in [1, 2, 3, 4].windows(3) { print!("{:?} ", w); }
    println!();
    for c in [1, 2, 3, 4, 5].chunks(2) { print!("{:?} ", c); }
    println!();
}

// expect:   pie   4.50 Rush
// expect: steak  21.00 Rush
// expect: salad   7.25 Normal
// expect:  soup   4.50 Low
// expect: [3, 0, 2, 1]
// expect: [3, 2, 1, 0]
// expect: cheapest pie dearest steak
// expect: 2 rush, 2 other
// expect: less
// expect: Equal Greater Less
// expect: None Less Reverse(3)
// expect: true 10 -1
// expect: ["bread", "soup", "fish"]
// expect: [10, 20, 21, 30, 31, 32]
// expect: 4
// expect: [1, 2, 7, 8]
// expect: 0 8
// expect: 5
// expect: Some(5) Ok(0)
// expect: [1, 2, 3] [2, 3, 4] 
// expect: [1, 2] [3, 4] [5] 
