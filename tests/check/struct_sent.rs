use std::sync::mpsc;

struct Order {
    id: u32,
    dish: String,
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let order = Order { id: 7, dish: String::from("ramen") };
    tx.send(order).unwrap();
    println!("sent order {}", order.id);
    let got = rx.recv().unwrap();
    println!("{} {}", got.id, got.dish);
}
