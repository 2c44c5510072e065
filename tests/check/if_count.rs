fn main() {
    let waiting = 3;

    if waiting {
        println!("someone is waiting");
    }
}
// A condition must be a bool: Rust does not read a number as one.
// exact: rustc's whole stderr
