// A pool of cooks, bounded: one sync_channel(1) per cook
// The head chef hands each cook one order at a time; a busy cook's full slot makes the
// head chef wait (backpressure keeps the work in step). Results come back on one channel.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (done_tx, done_rx) = mpsc::channel();
    let mut cooks = Vec::new();
    let mut handles = Vec::new();

    for id in 1..=3 {
        let (tx, rx) = mpsc::sync_channel::<u32>(1);
        let done = done_tx.clone();
        handles.push(thread::spawn(move || {
            for order in rx {
                thread::sleep(Duration::from_millis(200 * id as u64));
                done.send((order, id)).unwrap();
            }
        }));
        cooks.push(tx);
    }
    drop(done_tx); // only the cooks' clones remain

    for order in 1..=9 {
        let cook = (order as usize - 1) % 3;
        cooks[cook].send(order).unwrap(); // blocks while that cook's slot is full
    }
    drop(cooks); // closes every cook's channel: their loops end

    let mut results: Vec<(u32, u32)> = done_rx.iter().collect();
    results.sort();
    for (order, cook) in &results {
        println!("Order {} cooked by cook {}", order, cook);
    }
    for h in handles {
        h.join().unwrap();
    }
}
