// Rust Atomics and Locks, chapter 2: a stop flag in a static, progress reported through park
// and unpark, and a counter shared by scoped threads through a reference.
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::AtomicUsize;
use std::thread;
use std::time::Duration;
fn some_work() { thread::sleep(Duration::from_millis(5)); }
fn process_item(_: usize) { thread::sleep(Duration::from_millis(1)); }
fn main() {
    static STOP: AtomicBool = AtomicBool::new(false);
    let background_thread = thread::spawn(|| {
        while !STOP.load(Relaxed) {
            some_work();
        }
    });
    STOP.store(true, Relaxed);
    background_thread.join().unwrap();
    let num_done = AtomicUsize::new(0);
    let main_thread = thread::current();
    thread::scope(|s| {
        s.spawn(|| {
            for i in 0..100 {
                process_item(i);
                num_done.store(i + 1, Relaxed);
                main_thread.unpark();
            }
        });
        loop {
            let n = num_done.load(Relaxed);
            if n == 100 { break; }
            thread::park_timeout(Duration::from_secs(1));
        }
    });
    println!("Done!");
    let num_done = &AtomicUsize::new(0);
    thread::scope(|s| {
        for t in 0..4 {
            s.spawn(move || {
                for i in 0..25 {
                    process_item(t * 25 + i);
                    num_done.fetch_add(1, Relaxed);
                }
            });
        }
        loop {
            let n = num_done.load(Relaxed);
            if n == 100 { break; }
            thread::sleep(Duration::from_millis(10));
        }
    });
    println!("Done again!");
}
// expect: Done!
// expect: Done again!
