use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    let a = thread::spawn(move || {
        for m in rx {
            println!("a {m}");
        }
    });
    let b = thread::spawn(move || {
        for m in rx {
            println!("b {m}");
        }
    });
    tx.send(1).unwrap();
    drop(tx);
    a.join().unwrap();
    b.join().unwrap();
}
// One receiver moved into two threads: a channel has one receiving end.
// exact: rustc's whole stderr
