// inspect() sees each item as it passes, in the order Rust's lazy adapters pull them, also
// through rev() and on a receiver. Expected output: rustc 1.95.
use std::sync::mpsc;
use std::thread;

fn main() {
    let s: i32 = (1..4).inspect(|x| print!("a{} ", x)).map(|x| x * 2).inspect(|x| print!("b{} ", x)).sum();
    println!("= {}", s);
    let v: Vec<i32> = vec![3, 4].into_iter().inspect(|x| print!("saw {} ", x)).rev().collect();
    println!("{:?}", v);
    let (tx, rx) = mpsc::sync_channel::<u32>(2);
    let h = thread::spawn(move || rx.iter().take(5).inspect(|x| assert!(*x > 0)).sum::<u32>());
    for i in 1..=5 { tx.send(i).unwrap(); }
    println!("{}", h.join().unwrap());
}
// expect: a1 b2 a2 b4 a3 b6 = 12
// expect: saw 4 saw 3 [4, 3]
// expect: 15
