// Blocking inside async: one std::thread::sleep stalls a worker
// A runtime with one worker thread. The first task calls std::thread::sleep: a std blocking call
// holds its worker, so every task queued behind it waits — even those that only need a moment.
// tokio::time::sleep would have freed the worker (try it: the orders then start at once).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[tokio::main(worker_threads = 1)]
async fn main() {
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let blocker = tokio::spawn(async move {
        std::thread::sleep(Duration::from_millis(900)); // blocks the worker thread itself
        flag.store(true, Ordering::SeqCst);
        println!("blocker: std::thread::sleep is over, the worker is free again");
    });
    let mut orders = Vec::new();
    for n in 1..=3 {
        let flag = done.clone();
        orders.push(tokio::spawn(async move {
            let waited = flag.load(Ordering::SeqCst);
            println!("order {} starts; it had to wait for the blocker: {}", n, waited);
            tokio::time::sleep(Duration::from_millis(200 * n)).await; // frees the worker while it waits
            println!("order {} done", n);
        }));
    }
    blocker.await.unwrap();
    for order in orders {
        order.await.unwrap();
    }
}
