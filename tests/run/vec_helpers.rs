// Vec and string helpers: dedup, concat, truncate, insert, remove, extend, split_whitespace,
// a char range collected into a String, Option::copied.
use std::sync::mpsc;
use std::thread;

fn main() {
    let data = vec![5, 3, 8, 1];
    let (tx, rx) = mpsc::sync_channel(1);
    let d2 = data.clone();
    let h = thread::spawn(move || {
        let total: i32 = d2.iter().sum();
        let maxv = *d2.iter().max().unwrap();
        tx.send((total, maxv)).unwrap();
        d2.len()
    });
    let (t, m) = rx.recv().unwrap();
    println!("{} {} {}", t, m, h.join().unwrap());
    let mut sorted = data.clone();
    sorted.sort();
    sorted.dedup();
    println!("{:?} first={:?} last={:?}", sorted, sorted.first(), sorted.last());
    let s: String = vec!["a", "b"].concat();
    println!("{}", s);
    let joined = data.iter().map(|n| format!("{:02}", n)).collect::<Vec<_>>().join(":");
    println!("{}", joined);
    let mut v2 = vec![1, 2, 3, 4, 5];
    v2.truncate(3);
    v2.insert(0, 9);
    let removed = v2.remove(1);
    println!("{:?} {}", v2, removed);
    v2.extend(vec![7, 7]);
    println!("{:?} {}", v2, v2.iter().any(|&x| x == 7));
    let text = "one two  three";
    let words: Vec<&str> = text.split_whitespace().collect();
    println!("{:?} {}", words, words.len());
    let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
    println!("{}", upper.join("-"));
    let c = 'x';
    println!("{} {} {}", c.is_alphabetic(), c.to_ascii_uppercase(), ('a'..='e').collect::<String>());
    let total_len: usize = words.iter().map(|w| w.len()).sum();
    println!("{}", total_len);
    let maybe: Option<&str> = words.iter().find(|w| w.starts_with('t')).copied();
    println!("{:?}", maybe);
}

// expect: 17 8 4
// expect: [1, 3, 5, 8] first=Some(1) last=Some(8)
// expect: ab
// expect: 05:03:08:01
// expect: [9, 2, 3] 1
// expect: [9, 2, 3, 7, 7] true
// expect: ["one", "two", "three"] 3
// expect: ONE-TWO-THREE
// expect: true X abcde
// expect: 11
// expect: Some("two")
