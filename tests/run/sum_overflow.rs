// An overflowing sum panics inside std (rustc names library/core's accum.rs, not the caller's
// `.sum()`), after the closure that made the last item ran in place; a u8 sum overflows before
// any of its items does. Expected output: rustc 1.95's debug build.
fn main() {
    let small: u32 = (0..10u32).map(|x| if x % 2 == 0 { x * 3 } else { x }).sum();
    println!("{}", small);
    let t: u8 = (0..10u8).map(|x| x * 30).sum();
    println!("{}", t);
}
// expect: 85
// expect-exit: 101
// expect-stderr: thread 'main' panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/iter/traits/accum.rs:204:1:
// expect-stderr: attempt to add with overflow
