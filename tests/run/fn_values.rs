// Function values: tuple variants (Some, Ticket::Cancel), tuple structs (Table), std functions
// (String::from, Vec::new) and std methods of their receiver alone (str::to_string, String::len).
use std::collections::HashMap;
#[derive(Debug)]
struct Table(u32);
#[derive(Debug)]
enum Ticket { Order(u32, String), Cancel(u32) }
fn main() {
    let names: Vec<String> = ["soup", "pie"].iter().copied().map(String::from).collect();
    let opts: Vec<Option<u32>> = vec![1, 2].into_iter().map(Some).collect();
    let tables: Vec<Table> = (1..4).map(Table).collect();
    let cancels: Vec<Ticket> = (7..9).map(Ticket::Cancel).collect();
    let orders: Vec<Ticket> = vec![(1, "tea".to_string())].into_iter().map(|(n, s)| Ticket::Order(n, s)).collect();
    let mut m: HashMap<u32, Vec<String>> = HashMap::new();
    m.entry(3).or_insert_with(Vec::new).push("x".to_string());
    let words: Vec<String> = vec!["a", "b"].into_iter().map(str::to_string).collect();
    println!("{:?} {:?} {:?} {:?} {:?} {:?} {:?}", names, opts, tables, cancels, orders, m, words);
    let lens: Vec<usize> = names.iter().map(String::len).collect();
    println!("{:?}", lens);
}

// expect: ["soup", "pie"] [Some(1), Some(2)] [Table(1), Table(2), Table(3)] [Cancel(7), Cancel(8)] [Order(1, "tea")] {3: ["x"]} ["a", "b"]
// expect: [4, 3]
