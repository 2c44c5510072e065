// Rust Atomics and Locks, chapter 1: Arc, a static, Box::leak, each dbg!'d in a thread.
use std::sync::Arc;
use std::thread;
static X: [i32; 3] = [1, 2, 3];
fn main() {
    let a = Arc::new([1, 2, 3]);
    let b = a.clone();
    thread::spawn(move || dbg!(a)).join().unwrap();
    thread::spawn(move || dbg!(b)).join().unwrap();
    thread::spawn(|| dbg!(&X)).join().unwrap();
    let x: &'static [i32; 3] = Box::leak(Box::new([1, 2, 3]));
    thread::spawn(move || dbg!(x)).join().unwrap();
}
// expect-stderr: [src/main.rs:8:27] a = [
// expect-stderr:     1,
// expect-stderr:     2,
// expect-stderr:     3,
// expect-stderr: ]
// expect-stderr: [src/main.rs:9:27] b = [
// expect-stderr:     1,
// expect-stderr:     2,
// expect-stderr:     3,
// expect-stderr: ]
// expect-stderr: [src/main.rs:10:22] &X = [
// expect-stderr:     1,
// expect-stderr:     2,
// expect-stderr:     3,
// expect-stderr: ]
// expect-stderr: [src/main.rs:12:27] x = [
// expect-stderr:     1,
// expect-stderr:     2,
// expect-stderr:     3,
// expect-stderr: ]
