// Two threads lock two Mutexes in opposite orders (a channel makes the order certain): Brigade
// stops the program and says who holds up whom.
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

fn main() {
    let oven = Arc::new(Mutex::new("oven"));
    let grill = Arc::new(Mutex::new("grill"));
    let oven_held = oven.lock().unwrap();
    let (grill2, oven2) = (Arc::clone(&grill), Arc::clone(&oven));
    let (tx, rx) = mpsc::channel();
    let chef = thread::spawn(move || {
        let _g = grill2.lock().unwrap();
        tx.send(()).unwrap();
        let _o = oven2.lock().unwrap();
    });
    rx.recv().unwrap();
    let grill_held = grill.lock().unwrap();
    println!("never: {} {}", *oven_held, *grill_held);
    chef.join().unwrap();
}

// expect-exit: 1
// expect-stderr: deadlock
// expect-stderr: thread 'main' waits in lock() for a Mutex that a blocked thread holds (at src/main.rs:18:28)
// expect-stderr: waits in lock() for a Mutex that a blocked thread holds (at src/main.rs:15:24)
