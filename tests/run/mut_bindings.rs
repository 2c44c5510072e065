// Bindings made `mut` where they must be: what the mutability check leaves alone.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

fn fill(v: &mut Vec<i32>) {
    v.push(1);
}

fn bump(mut n: i32) -> i32 {
    n += 1;
    n
}

fn main() {
    let x;
    if bump(1) > 2 {
        x = 1;
    } else {
        x = 2;
    }
    let x = x + 1;
    let mut w = Vec::new();
    let r = &mut w;
    r.push(x);
    fill(&mut w);
    let counter = Arc::new(Mutex::new(0));
    {
        let mut g = counter.lock().unwrap();
        *g += 1;
    }
    let g = counter.lock().unwrap();
    println!("{} {:?} {}", *g, w, bump(1));
    drop(g);
    let mut map = HashMap::new();
    map.insert("a", 1);
    if let Some(n) = map.get_mut("a") {
        *n += 1;
    }
    for mut i in 0..2 {
        i += 1;
        println!("{i}");
    }
    let mut total = 0;
    let mut add = |k: i32| total += k;
    add(2);
    add(3);
    let push = |v: &mut Vec<i32>| v.push(9);
    push(&mut w);
    let v = w;
    let count;
    count = v.len();
    println!("{total} {map:?} {v:?} {count}");
}
// expect: 1 [3, 1] 2
// expect: 1
// expect: 2
// expect: 5 {"a": 2} [3, 1, 9] 3
