// HashSet, BTreeSet (insert and remove say whether anything changed, contains, extend, collect())
// and VecDeque (push_back/push_front, pop_front/pop_back, front/back) on what a channel delivers.
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        for t in [3u32, 1, 3, 2, 1] { tx.send(t).unwrap(); }
    });
    h.join().unwrap();
    let mut seen = HashSet::new();
    let mut queue: VecDeque<u32> = VecDeque::new();
    for t in rx {
        if seen.insert(t) { queue.push_back(t); } else { queue.push_front(t * 10); }
    }
    println!("{} distinct, contains 2: {}, contains 9: {}", seen.len(), seen.contains(&2), seen.contains(&9));
    println!("{:?} front {:?} back {:?}", queue, queue.front(), queue.back());
    while let Some(t) = queue.pop_front() {
        if t > 5 { continue; }
        print!("{} ", t);
    }
    println!();
    let sorted: BTreeSet<u32> = seen.iter().copied().collect();
    println!("{:?} {}", sorted, sorted.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(","));
    let mut tables = BTreeSet::new();
    tables.extend(vec![5, 4, 5]);
    let first = tables.remove(&4);
    let second = tables.remove(&4);
    println!("{} {:?} {}", first, tables, second);
    let mut q = VecDeque::new();
    q.push_back("a");
    q.push_back("b");
    let last = q.pop_back();
    println!("{:?} {:?} {}", last, q, q.len());
}

// expect: 3 distinct, contains 2: true, contains 9: false
// expect: [10, 30, 3, 1, 2] front Some(10) back Some(2)
// expect: 3 1 2 
// expect: {1, 2, 3} 1,2,3
// expect: true {5} false
// expect: Some("b") ["a"] 1
