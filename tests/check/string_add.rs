fn main() {
    let s1 = String::from("tic");
    let s2 = String::from("tac");
    let s3 = s1 + &s2;
    println!("{s3} {s1}");
}
// exact: rustc's whole stderr
