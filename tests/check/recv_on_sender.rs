use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    tx.send(1).unwrap();
    let v = tx.recv().unwrap();
    println!("{v}");
    drop(rx);
}
// recv called on the sender: the element type is known from the send before it.
// exact: rustc's whole stderr
