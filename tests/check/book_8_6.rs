fn main() {
    let mut v = vec![1, 2, 3, 4, 5];

    let first = &v[0];

    v.push(6);

    println!("The first element is: {first}");
}
// The Book's Listing 8-6: a reference to the first element, then a push.
// exact: rustc's whole stderr
