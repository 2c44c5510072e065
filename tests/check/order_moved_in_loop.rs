fn main() {
    let order = String::from("soup");
    let mut kitchen = Vec::new();
    for _ in 0..2 {
        kitchen.push(order);
    }
    println!("{}", kitchen.len());
}
// exact: rustc's whole stderr
