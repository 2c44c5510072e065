// A handshake at the pass: sync_channel(0)
// No slots at all: each send() waits until the chef's recv() takes the ticket from
// the waiter's hand. Sender and receiver meet, so they move in lockstep (synchronisation).
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::sync_channel(0);

    let waiter = thread::spawn(move || {
        for dish in ["Soup", "Pasta", "Cake"] {
            tx.send(dish).unwrap(); // returns only when the chef has taken it
        }
    });

    for _ in 0..3 {
        thread::sleep(Duration::from_millis(700)); // the chef is busy; the waiter waits at the pass
        let dish = rx.recv().unwrap();
        println!("Handshake: {}", dish);
    }
    waiter.join().unwrap();
    println!("All dishes handed over");
}
