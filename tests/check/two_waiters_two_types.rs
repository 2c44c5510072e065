use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let tx1 = tx.clone();
    thread::spawn(move || {
        tx1.send(String::from("soup")).unwrap();
    });
    thread::spawn(move || {
        tx.send(42).unwrap();
    });
    for m in rx {
        println!("{m}");
    }
}
// Two waiters on one channel (a clone of the sender), sending two types.
