// select! over channels, a timer and a shutdown signal; biased, a precondition, a refutable
// pattern and else. Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let (orders_tx, mut orders) = mpsc::channel::<u32>(4);
    let (close_tx, mut close) = oneshot::channel::<&str>();
    tokio::spawn(async move {
        for n in 1..=3 {
            sleep(Duration::from_millis(20)).await;
            orders_tx.send(n).await.unwrap();
        }
        sleep(Duration::from_millis(40)).await;
        close_tx.send("closing time").unwrap();
    });
    let mut served = 0;
    loop {
        tokio::select! {
            biased;
            reason = &mut close => {
                println!("kitchen closes: {:?}", reason);
                break;
            }
            Some(n) = orders.recv() => {
                served += 1;
                println!("order {} cooked", n);
            }
            _ = sleep(Duration::from_millis(50)), if served == 3 => {
                println!("quiet for a while after {} orders", served);
            }
        }
    }
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    drop(tx);
    let mut disabled = 0;
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("unexpected {}", v),
            else => {
                disabled += 1;
                println!("every branch disabled: else runs ({})", disabled);
                break;
            }
        }
    }
    let t = tokio::time::timeout(Duration::from_millis(10), sleep(Duration::from_millis(100))).await;
    println!("{:?}", t);
    let e = t.unwrap_err();
    println!("{}", e);
    let ok = tokio::time::timeout(Duration::from_millis(100), async { 7 }).await;
    println!("{:?}", ok);
}
// expect: order 1 cooked
// expect: order 2 cooked
// expect: order 3 cooked
// expect: kitchen closes: Ok("closing time")
// expect: every branch disabled: else runs (1)
// expect: Err(Elapsed(()))
// expect: deadline has elapsed
// expect: Ok(7)
