fn main() {
    let count = 0;
    for i in 0..3 {
        count += i;
    }
    println!("{count}");
}
// A counter not declared `mut`.
// exact: rustc's whole stderr
