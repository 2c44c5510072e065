// A lost wake-up: the chef rings before the waiter listens, and nothing tells the waiter the
// order is ready (no flag checked under the lock): wait() never returns — rustc's build hangs;
// Brigade reports the deadlock. (tests/explore: it only happens in some schedules; here the
// chef is joined first, so always.)
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

fn main() {
    let pair = Arc::new((Mutex::new(()), Condvar::new()));
    let chef_pair = Arc::clone(&pair);
    let chef = thread::spawn(move || {
        let (_, bell) = &*chef_pair;
        bell.notify_one();
        println!("chef: order up!");
    });
    chef.join().unwrap();
    let (lock, bell) = &*pair;
    let guard = lock.lock().unwrap();
    let _guard = bell.wait(guard).unwrap();
    println!("never: the waiter heard the bell");
}

// expect: chef: order up!
// expect-exit: 1
// expect-stderr: deadlock
// expect-stderr: thread 'main' waits on a Condvar that no thread is left to notify (at src/main.rs:19:23)
