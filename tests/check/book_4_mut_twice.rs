fn main() {
    let mut s = String::from("hello");

    let r1 = &mut s;
    let r2 = &mut s;

    println!("{}, {}", r1, r2);
}
// The Book's chapter 4: two mutable borrows of one String alive at once.
// exact: rustc's whole stderr
