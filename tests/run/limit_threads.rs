// More threads than the limit: a clear message, not a hang.
use std::thread;
use std::time::Duration;

fn main() {
    let mut handles = Vec::new();
    for _ in 0..100 {
        handles.push(thread::spawn(|| thread::sleep(Duration::from_secs(60))));
    }
    println!("never");
}
// expect-exit: 1
// expect-stderr: limit reached: the program tried to run more than 32 threads at once
