struct Order {
    id: u32,
}

fn main() {
    let v = vec!["soup", "bread"];
    println!("{v}");
    let o = Order { id: 1 };
    println!("{:?}", o);
    println!("{}", o.id);
}
// {v} of a Vec, {:?} of a struct without #[derive(Debug)].
// exact: rustc's whole stderr
