// How long a MutexGuard made inside an expression lives, as in Rust: to the end of its `let` or
// expression statement, through the body of the `while let` / `match` it heads, but not past the
// condition of an `if` or a `while`.
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let m = Mutex::new(vec![3, 1, 2]);
    let n = m.lock().unwrap().len();  // released at the end of the let...
    m.lock().unwrap().push(n as i32);  // ...so this lock does not wait
    if m.lock().unwrap().len() == 4 {
        m.lock().unwrap().push(9);  // the condition's guard is gone
    }
    while m.lock().unwrap().len() < 7 {
        m.lock().unwrap().push(0);
    }
    println!("{:?}", m.lock().unwrap());

    // A `while let` holds its scrutinee's guard for the whole body: another thread cannot lock
    // the mutex meanwhile.
    let queue = Arc::new(Mutex::new(vec![1, 2]));
    while let Some(item) = queue.lock().unwrap().pop() {
        let (tx, rx) = mpsc::channel();
        let q = Arc::clone(&queue);
        let probe = thread::spawn(move || {
            let len = q.lock().unwrap().len();
            let _ = tx.send(len);
        });
        match rx.recv_timeout(Duration::from_millis(30)) {
            Err(RecvTimeoutError::Timeout) => println!("item {}: the queue is still locked", item),
            other => println!("item {}: {:?}", item, other),
        }
        drop(rx);
        // The probe gets the lock once this iteration's guard is gone; join it after that.
        let _ = probe;
    }
    println!("done");
}

// expect: [3, 1, 2, 3, 9, 0, 0]
// expect: item 2: the queue is still locked
// expect: item 1: the queue is still locked
// expect: done
