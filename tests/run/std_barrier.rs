// std::sync::Barrier (std's doc example): no "after wait" before every "before wait"; one leader.
use std::sync::{Arc, Barrier};
use std::thread;

fn main() {
    let n = 10;
    let mut handles = Vec::with_capacity(n);
    let barrier = Arc::new(Barrier::new(n));
    for _ in 0..n {
        let c = Arc::clone(&barrier);
        // The same messages will be printed together.
        // You will NOT see any interleaving.
        handles.push(thread::spawn(move || {
            println!("before wait");
            let r = c.wait();
            println!("after wait");
            r.is_leader()
        }));
    }
    // Wait for other threads to finish.
    let mut leaders = 0;
    for handle in handles {
        if handle.join().unwrap() {
            leaders += 1;
        }
    }
    println!("leaders: {leaders}");
}
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: before wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: after wait
// expect: leaders: 1
