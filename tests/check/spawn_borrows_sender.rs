use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let n = 5;
    let h = thread::spawn(|| tx.send(n).unwrap());
    // Taking the receiver by value (a `for` over it) needs no `move`: this one is fine.
    let c = thread::spawn(|| {
        for m in rx {
            println!("{m}");
        }
    });
    h.join().unwrap();
    c.join().unwrap();
}
// A waiter sent off without `move`: it borrows the sender and the number (one error each,
// the later-declared first, as rustc reports them).
// exact: rustc's whole stderr
