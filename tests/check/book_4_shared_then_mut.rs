fn main() {
    let mut s = String::from("hello");

    let r1 = &s;
    let r2 = &s;
    let r3 = &mut s;

    println!("{}, {}, and {}", r1, r2, r3);
}
// The Book's chapter 4: shared borrows still to be used when a mutable one is taken.
// exact: rustc's whole stderr
