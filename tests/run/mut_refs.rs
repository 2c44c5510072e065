// `&mut` to numbers, bools and Strings: a parameter `&mut u32` changed with `*r += 1`, passed on
// through recursion, `let r = &mut x`, closures taking `&mut`, swapping through two references.
use std::sync::mpsc;
use std::thread;

fn count_down(n: u32, steps: &mut u32) {
    if n == 0 { return; }
    *steps += 1;
    count_down(n - 1, steps);
}

fn drain(rx: &mpsc::Receiver<i64>, total: &mut i64, seen: &mut Vec<i64>) {
    while let Ok(v) = rx.recv() {
        *total += v;
        seen.push(v);
    }
}

fn swap_vals(a: &mut i32, b: &mut i32) {
    let t = *a;
    *a = *b;
    *b = t;
}

fn main() {
    let mut steps = 0;
    count_down(5, &mut steps);
    println!("steps {}", steps);
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        for i in 1..=4 { tx.send(i * 10).unwrap(); }
    });
    let mut total = 0;
    let mut seen = Vec::new();
    drain(&rx, &mut total, &mut seen);
    h.join().unwrap();
    println!("total {} seen {:?}", total, seen);
    let (mut a, mut b) = (1, 2);
    swap_vals(&mut a, &mut b);
    println!("{} {}", a, b);
    let mut hits = 0u32;
    for i in 0..5 {
        let r = &mut hits;
        if i % 2 == 0 { *r += 1; }
    }
    println!("hits {}", hits);
    let mut n = 0;
    let add = |c: &mut i32, by: i32| *c += by;
    add(&mut n, 5);
    add(&mut n, 2);
    println!("n {}", n);
    let mut word = String::from("ab");
    let w = &mut word;
    w.push_str("cd");
    *w = w.to_uppercase();
    println!("{}", word);
}

// expect: steps 5
// expect: total 100 seen [10, 20, 30, 40]
// expect: 2 1
// expect: hits 3
// expect: n 7
// expect: ABCD
