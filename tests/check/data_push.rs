use std::thread;

fn main() {
    let data = vec![1, 2, 3];
    let h = thread::spawn(|| data.push(4));
    h.join().unwrap();
}
// A thread that pushes to a Vec it borrows, not declared mut: both errors, the closure's first.
// exact: rustc's whole stderr
