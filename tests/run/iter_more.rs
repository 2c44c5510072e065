// Closure-taking methods beyond map/filter: filter_map, take_while, skip_while, zip (also with
// an open range), min_by_key (the first smallest), max_by_key (the last largest), sort_by_key
// (stable), retain.
use std::sync::mpsc;
use std::thread;

#[derive(Debug, Clone)]
struct Dish { name: String, mins: u32 }

fn main() {
    let dishes = vec![
        Dish { name: "stew".into(), mins: 40 },
        Dish { name: "salad".into(), mins: 5 },
        Dish { name: "soup".into(), mins: 20 },
        Dish { name: "pie".into(), mins: 40 },
    ];
    let quickest = dishes.iter().min_by_key(|d| d.mins).unwrap();
    let slowest = dishes.iter().max_by_key(|d| d.mins).unwrap();
    println!("{} {}", quickest.name, slowest.name);
    let mut sorted = dishes.clone();
    sorted.sort_by_key(|d| d.mins);
    let names: Vec<&str> = sorted.iter().map(|d| d.name.as_str()).collect();
    println!("{:?}", names);
    let mut keep = dishes.clone();
    keep.retain(|d| d.mins < 30);
    println!("{}", keep.len());
    let nums = vec!["1", "x", "3"];
    let parsed: Vec<i32> = nums.iter().filter_map(|s| s.parse().ok()).collect();
    println!("{:?}", parsed);
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        for i in 1..=6 { tx.send(i).unwrap(); }
    });
    h.join().unwrap();
    let small: Vec<i32> = rx.try_iter().take_while(|&x| x < 4).collect();
    println!("{:?}", small);
    let rest: Vec<i32> = (1..8).skip_while(|x| *x < 5).collect();
    println!("{:?}", rest);
    let tables = vec![1, 2, 3];
    for (t, d) in tables.iter().zip(dishes.iter()) {
        println!("table {} gets {}", t, d.name);
    }
    let pairs: Vec<(usize, char)> = (0..).zip("abc".chars()).collect();
    println!("{:?}", pairs);
}

// expect: salad pie
// expect: ["salad", "soup", "stew", "pie"]
// expect: 2
// expect: [1, 3]
// expect: [1, 2, 3]
// expect: [5, 6, 7]
// expect: table 1 gets stew
// expect: table 2 gets salad
// expect: table 3 gets soup
// expect: [(0, 'a'), (1, 'b'), (2, 'c')]
