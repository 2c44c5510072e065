use std::thread;

fn main() {
    let mut v = vec![];
    let h = thread::spawn(move || v.push(1));
    h.join().unwrap();
    println!("{:?}", v);
}
// A Vec moved into a thread, printed after.
// exact: rustc's whole stderr
