fn main() {
    let mut tickets = vec![1];
    let m = &mut tickets;
    println!("{:?}", tickets);
    m.push(2);
}
// A Vec printed while a mutable borrow of it is still to be used.
// exact: rustc's whole stderr
