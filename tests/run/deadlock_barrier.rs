// A Barrier for three with only two at the table: both wait for the third forever.
use std::sync::{Arc, Barrier};
use std::thread;

fn main() {
    let table = Arc::new(Barrier::new(3));
    let guest = Arc::clone(&table);
    let t = thread::spawn(move || {
        guest.wait();
        println!("never: the guest eats");
    });
    table.wait();
    t.join().unwrap();
}

// expect-exit: 1
// expect-stderr: deadlock
// expect-stderr: thread 'main' waits at a Barrier for 3 threads (2 of 3 arrived) (at src/main.rs:12:11)
// expect-stderr: thread #2 waits at a Barrier for 3 threads (2 of 3 arrived) (at src/main.rs:9:15)
