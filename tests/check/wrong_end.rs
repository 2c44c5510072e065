use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::sync_channel(1);
    let (tx2, rx2) = mpsc::channel();
    rx.send(1).unwrap();
    tx.recv().unwrap();
    rx2.send("a").unwrap();
    tx2.try_recv().unwrap();
}
// Receiving on a sender, sending on a receiver.
// exact: rustc's whole stderr
