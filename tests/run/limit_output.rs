// A runaway printer is stopped at the output limit.
fn main() {
    let mut n: u64 = 0;
    loop {
        println!("line {}", n);
        n += 1;
    }
}
// expect-exit: 1
// expect-stderr: limit reached: the program printed more than 640 KiB (the output limit)
// expect-stdout-prefix: line 0
