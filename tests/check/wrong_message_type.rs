use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel();
    tx.send(1).unwrap();
    tx.send("two").unwrap();
    println!("{}", rx.recv().unwrap());
}
// A channel carries one type: an integer first, then a &str.
