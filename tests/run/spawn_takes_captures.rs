// Closures without `move` given to thread::spawn, valid because each takes what it uses by
// value (rustc's capture analysis): drop(v), a `let` that takes the sender, a `for` over the
// receiver, a String returned; and a closure that captures nothing.
use std::sync::mpsc;
use std::thread;

static GREETING: &str = "hi";
const LIMIT: u32 = 3;

fn main() {
    let (tx, rx) = mpsc::channel();
    let v = vec![1, 2, 3];
    let h1 = thread::spawn(|| {
        drop(v);
        println!("{GREETING} {LIMIT}");
    });
    h1.join().unwrap();
    let tx2 = tx.clone();
    let h2 = thread::spawn(|| {
        let t = tx2;
        t.send(5).unwrap();
    });
    drop(tx);
    let h3 = thread::spawn(|| {
        for m in rx {
            println!("got {m}");
        }
    });
    h2.join().unwrap();
    h3.join().unwrap();
    let handle = thread::spawn(|| 7);
    let s = String::from("ticket");
    let h4 = thread::spawn(|| s);
    println!("{} {}", handle.join().unwrap(), h4.join().unwrap());
}
// expect: hi 3
// expect: got 5
// expect: 7 ticket
