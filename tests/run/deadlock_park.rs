// A parked thread nobody unparks: main waits in join() for it forever.
use std::thread;

fn main() {
    let t = thread::spawn(|| {
        thread::park();
        println!("never: unparked");
    });
    t.join().unwrap();
}

// expect-exit: 1
// expect-stderr: deadlock
// expect-stderr: thread #2 is parked (thread::park) and no thread is left to unpark it (at src/main.rs:6:9)
// expect-stderr: thread 'main' waits in join() for thread #2 to finish (at src/main.rs:9:7)
