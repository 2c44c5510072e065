// The classic mistake: main keeps its own Sender, so `for x in rx` never ends.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let worker_tx = tx.clone();
    thread::spawn(move || {
        worker_tx.send("order").unwrap();
    });
    for order in rx {
        println!("got {}", order);
    }
}
// expect: got order
// expect-exit: 1
// expect-stderr: deadlock
// expect-stderr: thread 'main' waits to receive on channel #
// expect-stderr: (at src/main.rs:11:18)
// expect-stderr: drop(tx)
