// tokio's texts: JoinError's Display and Debug (a panic, an abort), tokio::sync::mpsc's errors and capacity, and channel(0)'s panic. Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use tokio::sync::mpsc;
#[tokio::main(worker_threads = 2)]
async fn main() {
    let h = tokio::spawn(async { panic!("boom") });
    let r = h.await;
    println!("{:?}", r);
    let e = r.unwrap_err();
    println!("{} {:?} {}", e, e, e.is_panic());
    let h2 = tokio::spawn(async { tokio::time::sleep(std::time::Duration::from_secs(10)).await; 5 });
    h2.abort();
    let e = h2.await.unwrap_err();
    println!("{} {:?} {}", e, e, e.is_cancelled());
    let (tx, rx) = mpsc::channel::<i32>(2);
    println!("{}", tx.capacity());
    tx.send(1).await.unwrap();
    println!("{}", tx.capacity());
    drop(rx);
    let err = tx.send(2).await.unwrap_err();
    println!("{} {:?}", err, err);
    println!("{:?}", tx.try_send(3));
    let (tx, mut rx) = mpsc::channel::<i32>(1);
    tx.try_send(1).unwrap();
    let e = tx.try_send(2).unwrap_err();
    println!("{} {:?}", e, e);
    println!("{:?}", rx.try_recv());
    println!("{:?}", rx.try_recv());
    drop(tx);
    println!("{:?} {:?}", rx.try_recv(), rx.recv().await);
    let ee = rx.try_recv().unwrap_err();
    println!("{}", ee);
    let _ = mpsc::channel::<i32>(0);
}
// expect: Err(JoinError::Panic(Id(3), ...))
// expect: task 3 panicked JoinError::Panic(Id(3), ...) true
// expect: task 4 was cancelled JoinError::Cancelled(Id(4)) true
// expect: 2
// expect: 1
// expect: channel closed SendError(2)
// expect: Err(Closed(3))
// expect: no available capacity Full(2)
// expect: Ok(1)
// expect: Err(Empty)
// expect: Err(Disconnected) None
// expect: receiving on a closed channel
// expect-exit: 101
// expect-stderr: thread 'tokio-runtime-worker' panicked at src/main.rs:5:34:
// expect-stderr: boom
// expect-stderr: thread 'main' panicked at src/main.rs:32:13:
// expect-stderr: mpsc bounded channel requires buffer > 0
