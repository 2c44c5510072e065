use std::sync::mpsc;

fn main() {
    let (waiter, chef) = mpsc::channel();
}
// A channel nothing is ever sent on: nothing says what its tickets are (the Book's Listing 16-6).
// exact: rustc's whole stderr
