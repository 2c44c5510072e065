use std::collections::HashMap;
use std::sync::{Arc, Mutex};

fn fill(v: Vec<i32>) -> Vec<i32> {
    v.push(1);
    v
}

fn bump(n: i32) -> i32 {
    n += 1;
    n
}

fn main() {
    let counter = Arc::new(Mutex::new(0));
    let g = counter.lock().unwrap();
    *g += 1;
    drop(g);
    let m = HashMap::new();
    m.insert(1, 2);
    match Some(3) {
        Some(n) => {
            n = 4;
            println!("{n}");
        }
        None => {}
    }
    let s = String::from("a");
    s = String::from("b");
    let x;
    x = 1;
    x = 2;
    for i in 0..2 {
        i = 5;
    }
    println!("{:?} {m:?} {s} {x} {}", fill(vec![]), bump(1));
}
// `mut` missing on an argument, a guard, a map, a match binding, a String, a deferred `let`,
// a loop variable.
// exact: rustc's whole stderr
