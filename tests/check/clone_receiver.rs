use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    let rx2 = rx.clone();
    drop(tx);
    drop(rx2);
}
// A Receiver cloned: a channel has one receiving end (share it behind a Mutex, or use one channel per chef).
// exact: rustc's whole stderr
