// Closures that std methods call, doing what any code does: blocking on a channel inside map
// and for_each, recursing through a nested fn (which sees itself, as in Rust), sorting with
// chained comparisons; Option::filter. Expected output: rustc 1.95.
use std::sync::mpsc;
use std::thread;
use std::collections::HashMap;

#[derive(Debug, Clone)]
struct Order { id: u32, dish: String }

fn main() {
    let (tx, rx) = mpsc::sync_channel::<Order>(1);
    let (back_tx, back_rx) = mpsc::channel::<String>();
    let chef = thread::spawn(move || {
        // a closure that blocks on a channel inside map
        let done: Vec<String> = rx.iter().map(|o| format!("{}#{}", o.dish, o.id)).collect();
        for d in &done { back_tx.send(d.clone()).unwrap(); }
        done.len()
    });
    let dishes = vec!["soup", "steak", "pie", "tea"];
    // for_each whose closure sends on a full carousel (blocks)
    dishes.iter().enumerate().for_each(|(i, d)| {
        tx.send(Order { id: i as u32, dish: d.to_string() }).unwrap();
    });
    drop(tx);
    let n = chef.join().unwrap();
    let mut got: Vec<String> = back_rx.iter().collect();
    got.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    println!("{} {:?}", n, got);
    let mut counts: HashMap<usize, Vec<String>> = HashMap::new();
    for g in &got { counts.entry(g.len()).or_insert_with(Vec::new).push(g.clone()); }
    let mut keys: Vec<_> = counts.keys().cloned().collect();
    keys.sort();
    for k in keys { println!("{} -> {:?}", k, counts[&k]); }
    // closure recursion through a std method, blocking inside
    fn fact(n: u64) -> u64 { if n == 0 { 1 } else { (1..=1).map(|_| n * fact(n - 1)).sum() } }
    println!("{}", fact(20));
    let (t2, r2) = mpsc::channel();
    let h = thread::spawn(move || { for i in 0..5 { t2.send(i).unwrap(); } });
    let firsts: Vec<i32> = (0..3).map(|_| r2.recv().unwrap() * 10).collect();
    h.join().unwrap();
    println!("{:?} {:?}", firsts, r2.try_iter().collect::<Vec<_>>());
    let words = vec!["b", "a", "c"];
    let mut sorted = words.clone();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.to_string()));
    println!("{:?} {:?}", sorted, words.iter().position(|w| *w == "c"));
    let nested: Vec<Vec<i32>> = vec![vec![1, 2], vec![3], vec![]];
    let flat: Vec<i32> = nested.iter().flat_map(|v| v.iter().map(|x| x * 2)).collect();
    println!("{:?} {:?}", flat, nested.iter().map(|v| v.len()).max());
    let (evens, odds): (Vec<i32>, Vec<i32>) = (1..10).partition(|x| x % 2 == 0);
    println!("{:?} {:?} {:?}", evens, odds, (1..10).rev().skip_while(|x| *x > 6).take_while(|x| *x > 2).collect::<Vec<_>>());
    let opt: Option<i32> = Some(4);
    println!("{:?} {:?} {}", opt.map(|x| x * 2).filter(|x| *x > 5), opt.and_then(|x| if x > 10 { Some(x) } else { None }), opt.map_or(0, |x| x + 1));
}
// expect: 4 ["steak#1", "soup#0", "pie#2", "tea#3"]
// expect: 5 -> ["pie#2", "tea#3"]
// expect: 6 -> ["soup#0"]
// expect: 7 -> ["steak#1"]
// expect: 2432902008176640000
// expect: [0, 10, 20] [3, 4]
// expect: ["c", "b", "a"] Some(2)
// expect: [2, 4, 6] Some(2)
// expect: [2, 4, 6, 8] [1, 3, 5, 7, 9] [6, 5, 4, 3]
// expect: Some(8) None 5
