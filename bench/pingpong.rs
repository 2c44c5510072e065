// pingpong.rs — a rendezvous ping-pong: two threads hand a counter back and forth through two
// sync_channel(0)s, 100,000 round trips (200,000 hand-offs). bench/virtual.sh times it under
// --virtual, where a hand-off is a task switch on one thread, beside live threads and Go.
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

const ROUND_TRIPS: u64 = 100_000;

fn main() {
    let (ping_tx, ping_rx) = mpsc::sync_channel::<u64>(0);
    let (pong_tx, pong_rx) = mpsc::sync_channel::<u64>(0);
    let start = Instant::now();
    let echo = thread::spawn(move || {
        for n in ping_rx {
            pong_tx.send(n + 1).unwrap();
        }
    });
    let mut n = 0;
    for _ in 0..ROUND_TRIPS {
        ping_tx.send(n).unwrap();
        n = pong_rx.recv().unwrap();
    }
    drop(ping_tx);
    echo.join().unwrap();
    let elapsed = start.elapsed();
    assert_eq!(n, ROUND_TRIPS);
    println!("round_trips={} hand_offs={} elapsed_ns={}", ROUND_TRIPS, 2 * ROUND_TRIPS, elapsed.as_nanos());
}
