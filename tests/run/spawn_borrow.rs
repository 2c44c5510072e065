// thread::spawn needs a closure that owns what it uses: without `move`, rustc's E0373.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(|| {
        tx.send(1).unwrap();
    });
    h.join().unwrap();
    println!("{:?}", rx.recv());
}
// expect-compile: 7:27: closure may outlive the current function, but it borrows `tx`, which is owned by the current function
