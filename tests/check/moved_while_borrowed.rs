use std::thread;

fn main() {
    let orders = vec![1, 2];
    let first = &orders[0];
    let h = thread::spawn(move || println!("{orders:?}"));
    println!("{first}");
    h.join().unwrap();
}
// A Vec moved into a thread while a reference into it is still to be used.
// exact: rustc's whole stderr
