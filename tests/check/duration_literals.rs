use std::thread;
use std::time::Duration;

fn main() {
    thread::sleep(Duration::from_millis(1.5));
    thread::sleep(Duration::from_secs_f64(2));
    std::thread::sleep(500);
}
// Numbers where a Duration, a u64 or an f64 goes.
// exact: rustc's whole stderr
