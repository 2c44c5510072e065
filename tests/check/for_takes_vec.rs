fn main() {
    let tickets = vec!["soup", "salad"];
    for t in tickets {
        println!("{}", t);
    }
    println!("{}", tickets.len());
}
