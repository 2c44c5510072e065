use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let waiter = thread::spawn(move || {
        tx.send("Order: Pizza").unwrap();
    });
    tx.send("Order: Pasta").unwrap();
    waiter.join().unwrap();
    for order in rx {
        println!("{}", order);
    }
}
// exact: rustc's whole stderr
