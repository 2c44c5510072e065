fn main() {
    let ticket;

    {
        let order = 7;
        ticket = &order;
    }

    println!("ticket for order {ticket}");
}
// A reference kept after its order's block ended (the Book's Listing 10-16).
// exact: rustc's whole stderr
