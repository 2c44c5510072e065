// Several waiters, one chef: tx.clone()
// Each waiter gets its own clone of the sender. The chef's loop ends only when every
// clone is gone. Orders of one waiter stay in order; waiters interleave freely.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    for w in 1..=3 {
        let tx = tx.clone();
        thread::spawn(move || {
            for n in 1..=3 {
                tx.send((w, n)).unwrap();
                thread::sleep(Duration::from_millis(100 * w));
            }
        });
    }
    drop(tx); // keep no sender in main, or the loop below never ends

    let mut by_waiter = vec![Vec::new(), Vec::new(), Vec::new()];
    for (w, n) in rx {
        thread::sleep(Duration::from_millis(120));
        by_waiter[w as usize - 1].push(n);
    }
    for (i, orders) in by_waiter.iter().enumerate() {
        println!("waiter {} delivered {:?}", i + 1, orders);
    }
}
