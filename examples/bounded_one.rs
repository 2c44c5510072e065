// One slot, a slow chef: sync_channel(1)
// The carousel holds one ticket. The waiter places the next order only when the
// chef has taken the last one: while the slot is full, the waiter waits (backpressure).
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::sync_channel(1);

    let waiter = thread::spawn(move || {
        for n in 1..=5 {
            tx.send(format!("Order {}", n)).unwrap(); // waits while the slot is full
        }
        // tx is dropped here: the chef's loop ends after the last ticket.
    });

    for order in rx {
        thread::sleep(Duration::from_millis(600)); // cooking takes time
        println!("Chef cooked {}", order);
    }
    waiter.join().unwrap();
    println!("Kitchen closed");
}
