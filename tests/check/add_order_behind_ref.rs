fn add_order(orders: &Vec<String>) {
    orders.push(String::from("soup"));
}

fn main() {
    let mut orders = Vec::new();
    add_order(&orders);
    println!("{orders:?}");
}
// A function given a shared reference pushes to it (the Book's Listing 4-6, in the kitchen).
// exact: rustc's whole stderr
