// Many tasks through small carousels: 40 tasks send 50 tickets each over two bounded channels,
// one chef task selects between them (no ticket lost to a branch that lost the race), others
// are aborted while they wait. Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use std::time::Duration;
use tokio::sync::mpsc;

#[tokio::main(worker_threads = 2)]
async fn main() {
    let (tx_a, mut rx_a) = mpsc::channel::<u64>(4);
    let (tx_b, mut rx_b) = mpsc::channel::<u64>(2);
    for t in 0..40u64 {
        let tx = if t % 2 == 0 { tx_a.clone() } else { tx_b.clone() };
        tokio::spawn(async move {
            for i in 0..50u64 {
                tx.send(t * 1000 + i).await.unwrap();
                if i % 10 == 0 {
                    tokio::task::yield_now().await;
                }
            }
        });
    }
    drop(tx_a);
    drop(tx_b);
    let chef = tokio::spawn(async move {
        let (mut sum, mut count, mut a_open, mut b_open) = (0u64, 0u64, true, true);
        while a_open || b_open {
            tokio::select! {
                v = rx_a.recv(), if a_open => match v {
                    Some(v) => { sum += v; count += 1; }
                    None => a_open = false,
                },
                v = rx_b.recv(), if b_open => match v {
                    Some(v) => { sum += v; count += 1; }
                    None => b_open = false,
                },
            }
        }
        (count, sum)
    });
    let (count, sum) = chef.await.unwrap();
    println!("{} tickets, sum {}", count, sum);

    let mut sleepers = Vec::new();
    for n in 0..10u64 {
        sleepers.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(60)).await;
            n
        }));
    }
    for s in &sleepers {
        s.abort();
    }
    let mut cancelled = 0;
    for s in sleepers {
        if s.await.unwrap_err().is_cancelled() {
            cancelled += 1;
        }
    }
    println!("{} cancelled while they slept", cancelled);
}
// expect: 2000 tickets, sum 39049000
// expect: 10 cancelled while they slept
