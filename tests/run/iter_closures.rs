// Iterator methods that take a closure: map, filter, for_each, any, all, find, position, fold,
// cloned — over Vecs, ranges and receivers; a closure that blocks waits in place.
use std::sync::mpsc;
use std::thread;

fn main() {
    let v = vec![1, 2, 3, 4, 5];
    let doubled: Vec<i32> = v.iter().map(|x| x * 2).collect();
    println!("{:?}", doubled);
    let evens: Vec<i32> = v.iter().filter(|x| *x % 2 == 0).cloned().collect();
    println!("{:?}", evens);
    let total: i32 = v.iter().map(|&x| x * x).sum();
    println!("{}", total);
    println!("{}", (1..=10).filter(|n| n % 3 == 0).count());
    let offset = 100;
    let shifted: Vec<i32> = v.iter().map(|x| x + offset).collect();
    println!("{:?}", shifted);
    let mut seen = Vec::new();
    v.iter().for_each(|x| seen.push(*x * 10));
    println!("{:?}", seen);
    println!("{} {}", v.iter().any(|&x| x > 4), v.iter().all(|&x| x > 1));
    println!("{:?} {:?}", v.iter().find(|&&x| x > 2), v.iter().position(|&x| x == 4));
    println!("{}", v.iter().fold(0, |acc, x| acc + x));
    let words = vec!["soup", "steak", "cake"];
    let lens: Vec<usize> = words.iter().map(|w| w.len()).collect();
    println!("{:?}", lens);
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        (0..5).for_each(|i| tx.send(i).unwrap());
    });
    let squares: Vec<i32> = rx.iter().map(|x| x * x).filter(|x| x % 2 == 0).collect();
    h.join().unwrap();
    println!("{:?}", squares);
    let handles: Vec<thread::JoinHandle<u64>> = (1..4u64).map(|i| thread::spawn(move || i * 100)).collect();
    let results: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("{:?}", results);
    let labels: Vec<String> = v.iter().enumerate().map(|(i, x)| format!("{}:{}", i, x)).collect();
    println!("{}", labels.join(","));
}
// expect: [2, 4, 6, 8, 10]
// expect: [2, 4]
// expect: 55
// expect: 3
// expect: [101, 102, 103, 104, 105]
// expect: [10, 20, 30, 40, 50]
// expect: true false
// expect: Some(3) Some(3)
// expect: 15
// expect: [4, 5, 4]
// expect: [0, 4, 16]
// expect: [100, 200, 300]
// expect: 0:1,1:2,2:3,3:4,4:5
