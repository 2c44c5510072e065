// A panicking spawned thread makes join() Err; unwrapping that panics main (exit 101).
use std::thread;

fn bump(x: u8) -> u8 {
    x + 1
}

fn main() {
    let h = thread::spawn(move || {
        let v: Vec<i32> = Vec::new();
        v[3]
    });
    let r = h.join();
    println!("join is err: {}", r.is_err());
    let h2 = thread::spawn(|| 7);
    println!("{}", h2.join().unwrap());
    println!("{}", bump(254));
    println!("unreachable {}", bump(255));
}
// expect: join is err: true
// expect: 7
// expect: 255
// expect-exit: 101
// expect-stderr: thread '<unnamed>' panicked at src/main.rs:11:10:
// expect-stderr: index out of bounds: the len is 0 but the index is 3
// expect-stderr: thread 'main' panicked at src/main.rs:5:5:
// expect-stderr: attempt to add with overflow
