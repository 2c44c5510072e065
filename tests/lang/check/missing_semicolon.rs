// expect: 6:35: expected `;`, found `tx`
// expect: 10:13: expected expression, found `;`
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel()
    tx.send(5).unwrap();
    println!("{}", rx.recv().unwrap());
    // an independent mistake is reported too
    let x = ;
}
