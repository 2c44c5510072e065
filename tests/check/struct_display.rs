#[derive(Debug)]
struct Order {
    id: u32,
}

fn main() {
    let o = Order { id: 1 };
    println!("{}", o);
    let t = (1, 2);
    println!("{}", t);
    println!("{:?} {}", o, o.id);
}
// A struct printed with {}: it needs impl Display (a tuple too).
