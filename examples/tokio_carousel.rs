// The carousel with tasks: tokio::sync::mpsc::channel(1)
// The tutorial's last section: tokio's send().await waits like sync_channel's send() when the
// slot is full, but it is the task that waits, not the thread: its worker serves other tasks
// meanwhile. Watch the staff (the runtime's workers) and the orders they carry (the tasks).
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

#[tokio::main(worker_threads = 2)]
async fn main() {
    let (tx, mut rx) = mpsc::channel(1);

    let waiter = tokio::spawn(async move {
        for n in 1..=4 {
            // Waits while the slot is full: the task steps aside, its worker takes another.
            tx.send(format!("Order {}", n)).await.unwrap();
        }
        // tx is dropped here: recv() gives None after the last ticket.
    });

    while let Some(order) = rx.recv().await {
        sleep(Duration::from_millis(600)).await; // cooking: this task waits too, without its thread
        println!("Chef cooked {}", order);
    }
    waiter.await.unwrap();
    println!("Kitchen closed");
}
