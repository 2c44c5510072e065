// Atomics and statics: `static` AtomicUsize / AtomicBool / Mutex (one value per run, made by its
// first use), an Arc<AtomicI32>, fetch_add/fetch_sub (wrapping), swap, compare_exchange,
// fetch_max, into_inner, and how they print.
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

static SERVED: AtomicUsize = AtomicUsize::new(0);
static OPEN: AtomicBool = AtomicBool::new(true);
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
static NAME: &str = "Brigade";

fn main() {
    let (tx, rx) = mpsc::sync_channel::<u32>(2);
    let in_flight = Arc::new(AtomicI32::new(0));
    let mut chefs = Vec::new();
    let rx = Arc::new(Mutex::new(rx));
    for id in 0..3 {
        let rx = Arc::clone(&rx);
        let in_flight = Arc::clone(&in_flight);
        chefs.push(thread::spawn(move || loop {
            let next = rx.lock().unwrap().recv();
            let Ok(t) = next else { break };
            in_flight.fetch_sub(1, Ordering::SeqCst);
            SERVED.fetch_add(1, Ordering::Relaxed);
            LOG.lock().unwrap().push(format!("{}:{}", id, t));
        }));
    }
    for t in 0..9 {
        in_flight.fetch_add(1, Ordering::SeqCst);
        tx.send(t).unwrap();
    }
    drop(tx);
    for c in chefs { c.join().unwrap(); }
    OPEN.store(false, Ordering::Release);
    println!("{} served {}, in flight {}, open {}", NAME, SERVED.load(Ordering::SeqCst), in_flight.load(Ordering::Acquire), OPEN.load(Ordering::Acquire));
    println!("{} log lines", LOG.lock().unwrap().len());
    let a = AtomicUsize::new(5);
    println!("{:?} {:?} {:?}", a.compare_exchange(5, 7, Ordering::SeqCst, Ordering::SeqCst), a.compare_exchange(5, 9, Ordering::SeqCst, Ordering::SeqCst), a);
    println!("{} {} {}", a.swap(1, Ordering::SeqCst), a.fetch_max(4, Ordering::SeqCst), a.into_inner());
    let u = AtomicUsize::new(0);
    println!("{} {}", u.fetch_sub(1, Ordering::SeqCst), u.load(Ordering::SeqCst));
    println!("{:?}", Ordering::SeqCst);
}

// expect: Brigade served 9, in flight 0, open false
// expect: 9 log lines
// expect: Ok(5) Err(7) 7
// expect: 7 1 4
// expect: 0 18446744073709551615
// expect: SeqCst
