// sort_by compares in the order Rust's stable sort does (insertion sort up to 20 elements),
// sort_by_key makes the key twice per comparison, and Copy builtins (Option, Result,
// Ordering) stay usable after a move. Expected output: rustc 1.95.
fn main() {
    let mut v = vec![15, 3, 9, 1, 12, 7, 7, 2, 20, 11, 5, 14, 0, 8, 6, 19, 4];
    let mut calls = Vec::new();
    v.sort_by(|a, b| { calls.push((*a, *b)); a.cmp(b) });
    println!("{:?}", v);
    println!("{} {:?}", calls.len(), &calls[..10]);
    let mut w = vec!["pear", "fig", "apple", "kiwi", "banana", "date"];
    let mut n = 0;
    w.sort_by_key(|s| { n += 1; s.len() });
    println!("{:?} {}", w, n);
    let mut pairs = vec![(2, 'b'), (1, 'z'), (2, 'a'), (1, 'y')];
    pairs.sort_by_key(|p| p.0);
    println!("{:?}", pairs);
    let x: Option<u8> = Some(3);
    let y = x;
    println!("{:?} {:?}", x, y);
    let r: Result<i32, u8> = Ok(1);
    let r2 = r;
    println!("{:?} {:?} {:?}", r, r2, std::cmp::Ordering::Less);
}
// expect: [0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 11, 12, 14, 15, 19, 20]
// expect: 83 [(3, 15), (9, 15), (9, 3), (1, 15), (1, 9), (1, 3), (12, 15), (12, 9), (7, 15), (7, 12)]
// expect: ["fig", "pear", "kiwi", "date", "apple", "banana"] 16
// expect: [(1, 'z'), (1, 'y'), (2, 'b'), (2, 'a')]
// expect: Some(3) Some(3)
// expect: Ok(1) Ok(1) Less
