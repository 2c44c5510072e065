use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let name = String::from("soup");
    let r = &name;
    thread::spawn(move || {
        tx.send(r).unwrap();
    });
    println!("{}", rx.recv().unwrap());
}
// A reference to a local moved into a thread, which may outlive it.
