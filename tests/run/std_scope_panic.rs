// A scoped thread's panic: join() gives Err; one nobody joined panics thread::scope itself.
use std::thread;

fn main() {
    let v = vec![1, 2, 3];
    let r = thread::scope(|s| {
        let h = s.spawn(|| v[10]);
        h.join().is_err()
    });
    println!("joined a panicked scoped thread: {r}");
    thread::scope(|s| {
        s.spawn(|| {
            panic!("the chef dropped the plate");
        });
    });
    println!("never printed");
}
// expect: joined a panicked scoped thread: true
// expect-exit: 101
// expect-stderr: thread '<unnamed>' panicked at src/main.rs:7:29:
// expect-stderr: index out of bounds: the len is 3 but the index is 10
// expect-stderr: thread '<unnamed>' panicked at src/main.rs:13:13:
// expect-stderr: the chef dropped the plate
// expect-stderr: thread 'main' panicked at src/main.rs:11:5:
// expect-stderr: a scoped thread panicked
