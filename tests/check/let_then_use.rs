fn main() {
    let order = String::from("Pizza");
    let ticket = order;
    println!("{} {}", ticket, order);
}
// exact: rustc's whole stderr
