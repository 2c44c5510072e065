use std::thread;

fn main() {
    thread::sleep(1000);
}
// thread::sleep takes a Duration, not a number of milliseconds.
// exact: rustc's whole stderr
