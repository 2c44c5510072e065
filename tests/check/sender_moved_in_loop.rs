use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    for i in 0..3 {
        thread::spawn(move || {
            tx.send(i).unwrap();
        });
    }
    for got in rx {
        println!("{}", got);
    }
}
// exact: rustc's whole stderr
