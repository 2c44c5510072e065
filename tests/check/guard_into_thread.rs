use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let m = Arc::new(Mutex::new(0));
    let g = m.lock().unwrap();
    let h = thread::spawn(move || {
        println!("{}", *g);
    });
    h.join().unwrap();
}
// A MutexGuard moved into a thread: a lock is released by the thread that took it.
