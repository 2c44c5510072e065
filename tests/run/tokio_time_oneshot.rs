// interval ticks, sleep_until and Instant; oneshot: a reply, a dropped sender, try_recv, and
// blocking_recv on a std thread. Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::{interval, sleep_until, Instant};

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let mut ticks = interval(Duration::from_millis(30));
    for i in 0..4 {
        ticks.tick().await;
        println!("tick {}: {} ms have passed: {}", i, 30 * i, start.elapsed() >= Duration::from_millis(30 * i));
    }
    sleep_until(start + Duration::from_millis(150)).await;
    println!("woke after 150 ms: {}", start.elapsed() >= Duration::from_millis(150));

    let (tx, rx) = oneshot::channel::<String>();
    tokio::spawn(async move {
        tx.send(String::from("table 4")).unwrap();
    });
    println!("{:?}", rx.await);
    let (tx, rx) = oneshot::channel::<u8>();
    drop(tx);
    let err = rx.await.unwrap_err();
    println!("{} {:?}", err, err);
    let (tx, mut rx) = oneshot::channel::<u8>();
    println!("{:?}", rx.try_recv());
    tx.send(5).unwrap();
    println!("{:?}", rx.try_recv());
    let (tx, mut rx) = oneshot::channel::<u8>();
    drop(tx);
    let e = rx.try_recv().unwrap_err();
    println!("{} {:?}", e, e);
    let (tx, rx) = oneshot::channel::<u8>();
    let waiter = std::thread::spawn(move || rx.blocking_recv());
    println!("{:?}", tx.send(9));
    println!("{:?}", waiter.join().unwrap());
    let (tx, rx) = oneshot::channel::<u8>();
    drop(rx);
    println!("{:?}", tx.send(1));
}
// expect: tick 0: 0 ms have passed: true
// expect: tick 1: 30 ms have passed: true
// expect: tick 2: 60 ms have passed: true
// expect: tick 3: 90 ms have passed: true
// expect: woke after 150 ms: true
// expect: Ok("table 4")
// expect: channel closed RecvError(())
// expect: Err(Empty)
// expect: Ok(5)
// expect: channel closed Closed
// expect: Ok(())
// expect: Ok(9)
// expect: Err(1)
