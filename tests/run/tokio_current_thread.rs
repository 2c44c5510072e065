// A waiter and a chef as tokio tasks on a current_thread runtime: a carousel of one slot, sleep, yield_now, spawn_blocking. Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

async fn cook(order: u32) -> String {
    sleep(Duration::from_millis(10 * order as u64)).await;
    format!("dish {}", order)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    let chef = tokio::spawn(async move {
        let mut served = Vec::new();
        while let Some(order) = rx.recv().await {
            println!("[chef] got order {}", order);
            served.push(cook(order).await);
        }
        served
    });
    for order in 1..=3 {
        println!("[waiter] handing order {}", order);
        tx.send(order).await.unwrap();
        println!("[waiter] order {} on the carousel", order);
    }
    drop(tx);
    let served = chef.await.unwrap();
    println!("{:?}", served);
    tokio::task::yield_now().await;
    let h = tokio::task::spawn_blocking(|| {
        std::thread::sleep(Duration::from_millis(5));
        42
    });
    println!("blocking gave {}", h.await.unwrap());
}
// expect: [waiter] handing order 1
// expect: [waiter] order 1 on the carousel
// expect: [waiter] handing order 2
// expect: [chef] got order 1
// expect: [waiter] order 2 on the carousel
// expect: [waiter] handing order 3
// expect: [chef] got order 2
// expect: [waiter] order 3 on the carousel
// expect: [chef] got order 3
// expect: ["dish 1", "dish 2", "dish 3"]
// expect: blocking gave 42
