// impl blocks: Self, associated constants (Self::LIMIT, Counter::LIMIT), &mut self methods
// calling &self ones, a method taking a &Sender; closures with a return type.
use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::Duration;

#[derive(Debug)]
struct Counter {
    count: u32,
    step: u32,
}

impl Counter {
    const LIMIT: u32 = 10;

    fn new(step: u32) -> Self {
        Self { count: 0, step }
    }
    fn tick(&mut self) -> bool {
        if self.at_limit() {
            return false;
        }
        self.count += self.step;
        true
    }
    fn at_limit(&self) -> bool {
        self.count >= Self::LIMIT
    }
    fn report(&self, tx: &Sender<String>) {
        tx.send(format!("count={} step={}", self.count, self.step)).unwrap();
    }
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let mut handles = vec![];
    for step in [3, 4] {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            let mut c = Counter::new(step);
            let mut ticks = 0;
            while c.tick() {
                ticks += 1;
            }
            thread::sleep(Duration::from_millis(step as u64 * 10));
            c.report(&tx);
            ticks
        }));
    }
    drop(tx);
    let ticks: Vec<u32> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut reports: Vec<String> = rx.iter().collect();
    reports.sort();
    println!("{:?}", ticks);
    for r in &reports {
        println!("{}", r);
    }
    let factor = 3;
    let scaled: Vec<i32> = vec![1, 2, 3].iter().map(|x| x * factor).collect();
    println!("{:?} limit {}", scaled, Counter::LIMIT);
    let mut c = Counter::new(5);
    c.tick();
    println!("{:?} {}", c, c.at_limit());
    let label = |n: u32| -> String {
        if n > 5 { "big".to_string() } else { "small".to_string() }
    };
    println!("{} {}", label(3), label(9));
}

// expect: [4, 3]
// expect: count=12 step=3
// expect: count=12 step=4
// expect: [3, 6, 9] limit 10
// expect: Counter { count: 5, step: 5 } false
// expect: small big
