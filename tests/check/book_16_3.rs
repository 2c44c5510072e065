use std::thread;

fn main() {
    let v = vec![1, 2, 3];

    let handle = thread::spawn(|| {
        println!("Here's a vector: {v:?}");
    });

    handle.join().unwrap();
}
// The Book's Listing 16-3: the thread may outlive main, so it may not borrow `v`.
// exact: rustc's whole stderr
