// Threads or tasks: the same kitchen twice
// Three cooks hand dishes to one pass through a carousel of two slots: first as OS threads with
// std::sync::mpsc (each cook a thread of its own), then as tokio tasks with tokio::sync::mpsc
// (three tasks on two worker threads). Same dishes, same backpressure; compare what each used
// in the timeline and the inspector: threads, time, the carousel's peak.
use std::time::Duration;

fn with_threads() -> u32 {
    let (tx, rx) = std::sync::mpsc::sync_channel::<u32>(2);
    let mut cooks = Vec::new();
    for cook in 1..=3 {
        let tx = tx.clone();
        cooks.push(std::thread::spawn(move || {
            for dish in 1..=4 {
                std::thread::sleep(Duration::from_millis(200)); // blocks this cook's thread
                tx.send(cook * 10 + dish).unwrap();
            }
        }));
    }
    drop(tx);
    let total: u32 = rx.iter().sum();
    for cook in cooks {
        cook.join().unwrap();
    }
    total
}

async fn with_tasks() -> u32 {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(2);
    for cook in 1..=3 {
        let tx = tx.clone();
        tokio::spawn(async move {
            for dish in 1..=4 {
                tokio::time::sleep(Duration::from_millis(200)).await; // frees the worker
                tx.send(cook * 10 + dish).await.unwrap();
            }
        });
    }
    drop(tx);
    let mut total = 0;
    while let Some(dish) = rx.recv().await {
        total += dish;
    }
    total
}

#[tokio::main(worker_threads = 2)]
async fn main() {
    // std's blocking code runs off the runtime's workers, on a thread of its own.
    let threads = tokio::task::spawn_blocking(with_threads).await.unwrap();
    println!("threads: 3 cooks on 3 OS threads, dishes worth {}", threads);
    let tasks = with_tasks().await;
    println!("tasks: 3 cooks as tasks on 2 worker threads, dishes worth {}", tasks);
}
