// Arc and Mutex: the Rust book's counter, chefs sharing one Receiver through Arc<Mutex<..>>
// (recv() waits while holding the lock), a struct in a Mutex, `*guard = ..`, Arc::strong_count,
// and how an Arc and a (locked) Mutex print.
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

#[derive(Debug)]
struct Stats { served: u32, names: Vec<String> }

impl Stats {
    fn record(&mut self, who: &str) { self.served += 1; self.names.push(who.to_string()); }
}

fn main() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = vec![];
    for _ in 0..10 {
        let counter = Arc::clone(&counter);
        let handle = thread::spawn(move || {
            let mut num = counter.lock().unwrap();
            *num += 1;
        });
        handles.push(handle);
    }
    for handle in handles { handle.join().unwrap(); }
    println!("Result: {}", *counter.lock().unwrap());

    let (tx, rx) = mpsc::channel::<u32>();
    let rx = Arc::new(Mutex::new(rx));
    let stats = Arc::new(Mutex::new(Stats { served: 0, names: Vec::new() }));
    let mut chefs = Vec::new();
    for id in 0..3 {
        let rx = Arc::clone(&rx);
        let stats = Arc::clone(&stats);
        chefs.push(thread::spawn(move || loop {
            let ticket = rx.lock().unwrap().recv();
            match ticket {
                Ok(n) => {
                    thread::sleep(Duration::from_millis(2));
                    stats.lock().unwrap().record(&format!("chef{}", id));
                    let _ = n;
                }
                Err(_) => break,
            }
        }));
    }
    for n in 0..12 { tx.send(n).unwrap(); }
    drop(tx);
    for c in chefs { c.join().unwrap(); }
    let s = stats.lock().unwrap();
    println!("served {} by {} names", s.served, s.names.len());
    drop(s);
    println!("{}", Arc::strong_count(&stats));
    let total = Arc::new(Mutex::new(vec![1, 2, 3]));
    {
        let mut v = total.lock().unwrap();
        v.push(4);
        v[0] = 10;
    }
    println!("{:?}", total.lock().unwrap());
    let n = total.lock().unwrap().len();
    println!("{}", n);
    *total.lock().unwrap() = vec![7];
    println!("{:?}", total);
    let a = Arc::new(5);
    let b = Arc::clone(&a);
    println!("{} {} {} {}", a, Arc::strong_count(&a), *b + 1, a.clone());
    debug_forms();
}

fn debug_forms() {
    let m = Arc::new(Mutex::new(vec![1, 2]));
    println!("{:?}", m);
    let g = m.lock().unwrap();
    println!("{:?} {:?}", g, m);
}

// expect: Result: 10
// expect: served 12 by 12 names
// expect: 1
// expect: [10, 2, 3, 4]
// expect: 4
// expect: Mutex { data: [7], poisoned: false, .. }
// expect: 5 2 6 5
// expect: Mutex { data: [1, 2], poisoned: false, .. }
// expect: [1, 2] Mutex { data: "<locked>", poisoned: false, .. }
