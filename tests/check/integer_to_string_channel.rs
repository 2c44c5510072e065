use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::sync_channel::<String>(1);
    tx.send(5).unwrap();
    println!("{}", rx.recv().unwrap());
}
// A channel of String sent an integer.
