// A handshake nobody answers: sync_channel(0) with the receiver busy joining.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::sync_channel(0);
    let waiter = thread::spawn(move || {
        tx.send("ticket").unwrap();
    });
    waiter.join().unwrap();
    println!("{}", rx.recv().unwrap());
}
// expect-exit: 1
// expect-stderr: deadlock
// expect-stderr: thread 'main' waits in join() for thread #
// expect-stderr: waits at the pass of channel #
// expect-stderr: (at src/main.rs:8:12)
