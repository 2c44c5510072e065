// Rust Atomics and Locks, chapter 1: scoped threads locking a Mutex (the guard dropped before
// the sleep), and a queue with a Condvar (its consumer ended after item 4, to end the program).
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;
fn main() {
    let n = Mutex::new(0);
    thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                let mut guard = n.lock().unwrap();
                for _ in 0..100 {
                    *guard += 1;
                }
                drop(guard);
                thread::sleep(Duration::from_millis(10));
            });
        }
    });
    assert_eq!(n.into_inner().unwrap(), 1000);
    println!("ok");
    queue();
}
fn queue() {
    let queue = Mutex::new(VecDeque::new());
    let not_empty = Condvar::new();
    thread::scope(|s| {
        s.spawn(|| {
            loop {
                let mut q = queue.lock().unwrap();
                let item = loop {
                    if let Some(item) = q.pop_front() {
                        break item;
                    } else {
                        q = not_empty.wait(q).unwrap();
                    }
                };
                drop(q);
                dbg!(item);
                if item == 4 { break; }
            }
        });
        for i in 0..5 {
            queue.lock().unwrap().push_back(i);
            not_empty.notify_one();
            thread::sleep(Duration::from_millis(10));
        }
    });
}
// expect: ok
// expect-stderr: [src/main.rs:40:17] item = 0
// expect-stderr: [src/main.rs:40:17] item = 1
// expect-stderr: [src/main.rs:40:17] item = 2
// expect-stderr: [src/main.rs:40:17] item = 3
// expect-stderr: [src/main.rs:40:17] item = 4
