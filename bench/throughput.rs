use std::sync::mpsc;
use std::thread;
use std::time::Instant;

fn main() {
    let n: u64 = 1_000_000;
    let (tx, rx) = mpsc::sync_channel(1000);
    let start = Instant::now();
    let producer = thread::spawn(move || {
        for i in 0..n {
            tx.send(i).unwrap();
        }
    });
    let mut sum: u64 = 0;
    for x in rx {
        sum += x;
    }
    producer.join().unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!("sum={} msgs/s={:.0}", sum, n as f64 / secs);
}
