// std::thread::scope: scoped threads borrow the caller's locals (std's doc example, without its
// threads' prints, whose order varies: one reads `a`, one adds to `x`), give results through
// ScopedJoinHandle::join, and are joined at the scope's end.
use std::thread;

fn main() {
    let mut a = vec![1, 2, 3];
    let mut x = 0;

    thread::scope(|s| {
        s.spawn(|| {
            // We can borrow `a` here.
            dbg!(&a);
        });
        s.spawn(|| {
            // We can even mutably borrow `x` here,
            // because no other threads are using it.
            x += a[0] + a[2];
        });
        println!("hello from the main thread");
    });

    // After the scope, we can modify and access our variables again:
    a.push(4);
    assert_eq!(x, a.len());
    println!("x = {x}, a = {a:?}");

    // Rust Atomics and Locks, chapter 1, and results through join().

    let numbers: Vec<u64> = (1..=100).collect();
    let chunks: Vec<&[u64]> = numbers.chunks(25).collect();
    let totals: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = chunks.iter().map(|chunk| s.spawn(move || chunk.iter().sum::<u64>())).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    println!("{:?}", totals);
    let sum: u64 = totals.iter().sum();
    println!("sum = {sum}");

    let greeting = String::from("hello");
    let len = thread::scope(|s| {
        let h = s.spawn(|| greeting.len());
        let h2 = s.spawn(|| greeting.to_uppercase());
        let up = h2.join().unwrap();
        println!("{up}");
        h.join().unwrap()
    });
    println!("len = {len}, still have {greeting}");

    let mut count = 0;
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..10 {
                count += 1;
            }
        });
    });
    println!("count = {count}");
}
// expect: hello from the main thread
// expect: x = 4, a = [1, 2, 3, 4]
// expect: [325, 950, 1575, 2200]
// expect: sum = 5050
// expect: HELLO
// expect: len = 5, still have hello
// expect: count = 10
// expect-stderr: [src/main.rs:13:13] &a = [
// expect-stderr:     1,
// expect-stderr:     2,
// expect-stderr:     3,
// expect-stderr: ]
