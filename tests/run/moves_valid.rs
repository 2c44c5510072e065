// Moves that rustc accepts, beside tests/check's that it refuses: nothing here may be refused.
use std::sync::mpsc;
use std::thread;

fn takes(s: String) -> usize {
    s.len()
}

fn main() {
    let a = String::from("soup");
    let b = a.clone();
    println!("{} {}", takes(a), b);

    let mut order = String::from("first");
    let sent = order;
    order = String::from("second"); // assigned again: usable again
    println!("{} {}", sent, order);

    let dish = String::from("stew");
    let dish = dish + " of the day"; // shadowed: a new variable
    println!("{}", dish);

    let (tx, rx) = mpsc::channel();
    for i in 0..3 {
        let tx = tx.clone();
        thread::spawn(move || tx.send(i).unwrap());
    }
    drop(tx);
    let mut got: Vec<i32> = rx.iter().collect();
    got.sort();
    println!("{:?}", got);

    let v = vec![1, 2, 3];
    let total: i32 = v.iter().sum();
    let doubled: Vec<i32> = v.into_iter().map(|x| x * 2).collect();
    println!("{} {:?}", total, doubled);

    let s = String::from("kept");
    let show = || println!("{}", s); // borrows, does not move
    show();
    println!("{}", s);

    let name = String::from("chef");
    if name.len() > 3 {
        let moved = name;
        println!("moved {}", moved);
    } else {
        println!("kept {}", name);
    }

    let n = 5;
    let m = n; // Copy
    println!("{} {}", n, m);
}
// expect: 4 soup
// expect: first second
// expect: stew of the day
// expect: [0, 1, 2]
// expect: 6 [2, 4, 6]
// expect: kept
// expect: kept
// expect: moved chef
// expect: 5 5
