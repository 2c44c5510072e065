// HashMap and BTreeMap: entry().or_insert / or_insert_with / or_default / and_modify, *counter += 1
// through the place they give, get / get_mut / contains_key / remove / map[&key], keys / values /
// values_mut, iteration in key order, collect() into a map (a HashMap iterates in key order here;
// this program sorts before it prints, as one must in Rust).
use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let waiters: Vec<_> = (0..3).map(|w| {
        let tx = tx.clone();
        thread::spawn(move || {
            for dish in ["soup", "steak", "soup", "pie"].iter().skip(w) {
                tx.send((w, dish.to_string())).unwrap();
            }
        })
    }).collect();
    drop(tx);
    for w in waiters { w.join().unwrap(); }
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut by_waiter: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (w, dish) in rx {
        *counts.entry(dish.clone()).or_insert(0) += 1;
        by_waiter.entry(w).or_insert_with(|| Vec::new()).push(dish);
    }
    let mut keys: Vec<_> = counts.keys().cloned().collect();
    keys.sort();
    for k in &keys { println!("{}: {}", k, counts[k]); }
    println!("{:?}", by_waiter.get(&0).map(|v| v.len()));
    for (w, dishes) in &by_waiter { println!("waiter {} -> {}", w, dishes.len()); }
    if let Some(n) = counts.get_mut("soup") { *n += 10; }
    println!("{} {} {}", counts["soup"], counts.contains_key("pie"), counts.len());
    counts.entry("tea".to_string()).and_modify(|n| *n += 1).or_insert(7);
    counts.entry("tea".to_string()).and_modify(|n| *n += 1).or_insert(7);
    println!("{:?}", counts.get("tea"));
    let removed = counts.remove("pie");
    println!("{:?} {}", removed, counts.len());
    let m: BTreeMap<&str, i32> = vec![("b", 2), ("a", 1)].into_iter().collect();
    println!("{:?}", m);
    let total: u32 = counts.values().sum();
    println!("total {}", total);
    let mut tally: BTreeMap<char, usize> = BTreeMap::new();
    for c in "carousel".chars() { *tally.entry(c).or_default() += 1; }
    println!("{:?}", tally);
    for v in tally.values_mut() { *v *= 2; }
    println!("{:?} {:?}", tally.iter().next(), tally.keys().last());
}

// expect: pie: 3
// expect: soup: 4
// expect: steak: 2
// expect: Some(4)
// expect: waiter 0 -> 4
// expect: waiter 1 -> 3
// expect: waiter 2 -> 2
// expect: 14 true 3
// expect: Some(8)
// expect: Some(3) 3
// expect: {"a": 1, "b": 2}
// expect: total 24
// expect: {'a': 1, 'c': 1, 'e': 1, 'l': 1, 'o': 1, 'r': 1, 's': 1, 'u': 1}
// expect: Some(('a', 2)) Some('u')
