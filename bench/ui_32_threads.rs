// The UI's frame-time benchmark: 31 spawned threads and main (32, the thread limit) push
// messages through one bounded channel as fast as they can, for ~3 s of program time.
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let (tx, rx) = mpsc::sync_channel(64);
    let start = Instant::now();
    for w in 0..30 {
        let tx = tx.clone();
        thread::spawn(move || {
            let mut n: u64 = 0;
            while start.elapsed() < Duration::from_secs(3) {
                tx.send(w * 1000000 + n).unwrap();
                n += 1;
            }
        });
    }
    drop(tx);
    let chef = thread::spawn(move || {
        let mut count: u64 = 0;
        for _ in rx {
            count += 1;
        }
        count
    });
    let count = chef.join().unwrap();
    println!("{} messages", count);
}
