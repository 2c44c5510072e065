fn main() {
    let mut count = 0;
    let r = &count;
    count = 5;
    println!("{r} {count}");
}
// A counter assigned while a reference to it is still to be used.
// exact: rustc's whole stderr
