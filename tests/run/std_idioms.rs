// Idioms of the std docs and the Book: word counts with entry, try_recv/recv_timeout, or_default,
// a std type's method called as a function or passed as one (i32::abs(x), fold(i32::MIN,
// i32::max), sort_by(i32::cmp)), reduce. Expected output: rustc 1.95.
use std::collections::HashMap;
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::Duration;
use std::cmp;

fn main() {
    let text = "hello world wonderful world";
    let mut map = HashMap::new();
    for word in text.split_whitespace() {
        let count = map.entry(word).or_insert(0);
        *count += 1;
    }
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("{:?}", entries);

    let (tx, rx) = mpsc::channel::<i32>();
    match rx.try_recv() { Err(TryRecvError::Empty) => println!("empty"), _ => unreachable!() }
    // Nothing can arrive yet (the only sender is here): the wait times out, whatever the load.
    match rx.recv_timeout(Duration::from_millis(5)) {
        Err(RecvTimeoutError::Timeout) => println!("timeout"),
        other => println!("{:?}", other),
    }
    let handle = thread::spawn(move || {
        tx.send(5).unwrap();
    });
    println!("{:?}", rx.recv());
    handle.join().unwrap();
    println!("{:?}", rx.recv());

    let scores = vec![("Blue", 10), ("Yellow", 50), ("Blue", 25)];
    let mut totals: HashMap<&str, i32> = HashMap::new();
    for (team, s) in &scores { *totals.entry(team).or_default() += s; }
    let mut t: Vec<(&&str, &i32)> = totals.iter().collect();
    t.sort();
    println!("{:?} {:?}", t, totals.get("Blue").copied().unwrap_or(0));
    let v: Vec<String> = vec!["a".into(), "b".into()];
    let joined = v.iter().map(|s| s.to_uppercase()).collect::<Vec<_>>().join("-");
    println!("{}", joined);
    let mut stack = vec![1, 2, 3];
    while let Some(top) = stack.pop() { print!("{} ", top); }
    println!();
    let nums = [3, 1, 4, 1, 5, 9, 2, 6];
    let max = nums.iter().copied().fold(i32::MIN, i32::max);
    let evens: Vec<_> = nums.iter().filter(|&&n| n % 2 == 0).collect();
    println!("{} {:?} {}", max, evens, nums.iter().map(|n| n.to_string()).collect::<String>());
    more();
    let none: Option<i32> = Vec::<i32>::new().into_iter().reduce(|a, b| a + b);
    println!("{:?}", none);
}

fn more() {
    let v = vec![-3, 7, -9, 2];
    println!("{}", v.iter().copied().fold(0, cmp::max));
    println!("{:?}", v.iter().map(|x| i32::abs(*x)).collect::<Vec<_>>());
    let abs: Vec<i32> = v.iter().copied().map(i32::abs).collect();
    println!("{:?} {}", abs, v.iter().copied().fold(i32::MAX, i32::min));
    let mut w = v.clone();
    w.sort_by(i32::cmp);
    println!("{:?} {:?}", w, v.iter().copied().reduce(|a, b| a + b));
}
// expect: [("world", 2), ("hello", 1), ("wonderful", 1)]
// expect: empty
// expect: timeout
// expect: Ok(5)
// expect: Err(RecvError)
// expect: [("Blue", 35), ("Yellow", 50)] 35
// expect: A-B
// expect: 3 2 1 
// expect: 9 [4, 2, 6] 31415926
// expect: 7
// expect: [3, 7, 9, 2]
// expect: [3, 7, 9, 2] -9
// expect: [-9, -3, 2, 7] Some(-3)
// expect: None
