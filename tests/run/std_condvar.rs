// std::sync::Condvar (std's doc example; wait_while; wait_timeout with nobody notifying).
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

fn main() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);

    // Inside of our lock, spawn a new thread, and then wait for it to start.
    thread::spawn(move || {
        let (lock, cvar) = &*pair2;
        let mut started = lock.lock().unwrap();
        *started = true;
        // We notify the condvar that the value has changed.
        cvar.notify_one();
    });

    // Wait for the thread to start up.
    let (lock, cvar) = &*pair;
    let mut started = lock.lock().unwrap();
    while !*started {
        started = cvar.wait(started).unwrap();
    }
    println!("started: {}", *started);

    // wait_while
    let pair = Arc::new((Mutex::new(0u32), Condvar::new()));
    let mut handles = Vec::new();
    for i in 0..3 {
        let pair = Arc::clone(&pair);
        handles.push(thread::spawn(move || {
            let (lock, cvar) = &*pair;
            let mut ready = lock.lock().unwrap();
            *ready += 1;
            cvar.notify_all();
            i
        }));
    }
    let (lock, cvar) = &*pair;
    let guard = cvar.wait_while(lock.lock().unwrap(), |n| *n < 3).unwrap();
    println!("all three checked in: {}", *guard);
    drop(guard);
    let total: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("total {total}");

    // wait_timeout with nobody notifying
    let lock = Mutex::new(());
    let cvar = Condvar::new();
    let g = lock.lock().unwrap();
    let (_g, res) = cvar.wait_timeout(g, std::time::Duration::from_millis(20)).unwrap();
    println!("timed out: {}", res.timed_out());
}
// expect: started: true
// expect: all three checked in: 3
// expect: total 3
// expect: timed out: true
