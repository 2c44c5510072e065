// A deadlock to diagnose: a sender that never leaves
// main keeps its own `tx`, so the chef's `for order in rx` waits forever for more
// tickets. Brigade stops the run and explains who waits for what. Fix: drop(tx).
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    for w in 1..=2 {
        let tx = tx.clone();
        thread::spawn(move || {
            tx.send(format!("Order from waiter {}", w)).unwrap();
        });
    }

    let mut cooked = 0;
    for order in rx {
        cooked += 1;
        println!("Chef cooked #{}: {}", cooked, order.len());
    }
    println!("Kitchen closed");
}
