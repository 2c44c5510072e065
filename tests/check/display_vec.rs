fn main() {
    let v = vec![1, 2, 3];
    println!("{}", v);
}
// A Vec printed with {} (Display): it has only Debug ({:?}).
// exact: rustc's whole stderr
