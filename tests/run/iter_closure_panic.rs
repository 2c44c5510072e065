// A closure called by map panics: the thread panics at the closure's line, as in Rust.
use std::sync::mpsc;
use std::thread;
fn main() {
    let (tx, rx) = mpsc::sync_channel(0);
    let h = thread::spawn(move || {
        (1..=3).for_each(|i| tx.send(i).unwrap()); // each send waits for the receiver
    });
    let got: Vec<i32> = rx.iter().collect();
    h.join().unwrap();
    println!("{:?}", got);
    let v = vec![1, 2, 0];
    let r: Vec<i32> = v.iter().map(|x| 10 / x).collect();
    println!("{:?}", r);
}
// expect: [1, 2, 3]
// expect-exit: 101
// expect-stderr: thread 'main' panicked at src/main.rs:13:40:
// expect-stderr: attempt to divide by zero
