// unwrap on a disconnected channel: rustc's message and location (the method name).
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    drop(tx);
    println!("before");
    let v = rx.recv().unwrap();
    println!("after {}", v);
}
// expect: before
// expect-exit: 101
// expect-stderr: thread 'main' panicked at src/main.rs:8:23:
// expect-stderr: called `Result::unwrap()` on an `Err` value: RecvError
// expect-stderr: note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
