use std::thread;

fn main() {
    let v = vec![1, 2, 3];

    let handle = thread::spawn(move || {
        println!("Here's a vector: {v:?}");
    });

    drop(v); // oh no!

    handle.join().unwrap();
}
// The Book's Listing 16-4: v moved into the thread, then dropped in main.
// exact: rustc's whole stderr
