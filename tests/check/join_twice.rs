use std::thread;

fn main() {
    let h = thread::spawn(|| 5);
    let a = h.join().unwrap();
    let b = h.join().unwrap();
    println!("{a} {b}");
}
// join() takes the JoinHandle: a thread is joined once.
// exact: rustc's whole stderr
