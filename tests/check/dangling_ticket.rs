fn ticket() -> &String {
    let order = String::from("soup");

    &order
}

fn main() {
    let t = ticket();
    println!("{t}");
}
// A function returns a reference to its own local (the Book's "dangle"): nothing to borrow from.
// exact: rustc's whole stderr
