// The waiter never waits: channel()
// An unbounded carousel never fills, so send() returns at once: the waiter places
// every order and leaves while the chef is still cooking the first one.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();

    let waiter = thread::spawn(move || {
        for n in 1..=5 {
            tx.send(format!("Order {}", n)).unwrap(); // never blocks
        }
        5
    });

    let placed = waiter.join().unwrap(); // the waiter is already done
    println!("Waiter placed {} orders without waiting", placed);

    for order in rx {
        thread::sleep(Duration::from_millis(500));
        println!("Chef cooked {}", order);
    }
}
