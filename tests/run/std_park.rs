// thread::park and unpark (std's doc example, its 10 ms made 200 for slow sanitizer builds), the
// token, park_timeout, available_parallelism.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

fn main() {
    let flag = Arc::new(AtomicBool::new(false));
    let flag2 = Arc::clone(&flag);

    let parked_thread = thread::spawn(move || {
        // We want to wait until the flag is set. We *could* just spin, but using
        // park/unpark is more efficient.
        while !flag2.load(Ordering::Relaxed) {
            println!("Parking thread");
            thread::park();
            // We *could* get here spuriously, i.e., way before the 200ms below are over!
            // But that is no problem, we are in a loop until the flag is set anyway.
            println!("Thread unparked");
        }
        println!("Flag received");
    });

    // Let some time pass for the thread to be spawned.
    thread::sleep(Duration::from_millis(200));

    // Set the flag, and let the thread wake up.
    // There is no race condition here, if `unpark`
    // happens first, `park` will return immediately.
    // Hence there is no risk of a deadlock.
    flag.store(true, Ordering::Relaxed);
    println!("Unpark the thread");
    parked_thread.thread().unpark();

    parked_thread.join().unwrap();

    // unpark before park: park returns at once
    thread::current().unpark();
    thread::park();
    println!("token used");
    thread::park_timeout(Duration::from_millis(5));
    println!("timed out");
    let n = thread::available_parallelism().unwrap();
    println!("{}", n.get() > 0);
}
// expect: Parking thread
// expect: Unpark the thread
// expect: Thread unparked
// expect: Flag received
// expect: token used
// expect: timed out
// expect: true
