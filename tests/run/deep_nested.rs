// Recursion through a closure that a std method calls (map inside depth) is bounded as plain
// recursion is: too deep, and the program ends as rustc's build does (abort, exit 134), never
// with a crash of the process. (Expected output: rustc 1.95's debug build, as `cargo run` makes it;
// with -O, rustc turns this recursion into a loop.)
fn depth(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    let v: Vec<u64> = (0..1u64).map(|_| depth(n - 1) + 1).collect();
    v[0]
}

fn main() {
    println!("{}", depth(100));
    println!("{}", depth(100_000_000));
}
// expect: 100
// expect-exit: 134
// expect-stderr: thread 'main' has overflowed its stack
// expect-stderr: fatal runtime error: stack overflow, aborting
