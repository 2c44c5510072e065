// tokio's reservations (reserve, try_reserve, reserve_owned and the Permit's send), closed()
// and Receiver::close, on the programs of tokio 1.24's documentation and around them.
// Expectations: scripts/tokio_expect.sh on this file (tokio 1.24, Debian's).
// expect: capacity with the slot promised: 0
// expect: received the permit's value
// expect: second try_reserve: full
// expect: Some(Full(()))
// expect: capacity after the permit dropped: 1
// expect: got Some(1)
// expect: Some("owned") Some("after")
// expect: Some("first")
// expect: Some("waited")
// expect: Ok("sent")
// expect: is_closed: true
// expect: try_send after close: channel closed / Closed(3)
// expect: send after close: Err(SendError(4))
// expect: reserve after close: Some(SendError(()))
// expect: drained 1
// expect: drained 2
// expect: then None
// expect: Err(SendError("lost")) Some("kept") None
// expect: Receiver dropped: true
// expect: first Some(0), the loop ended: true
// expect: Some("selected")
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;

#[tokio::main]
async fn main() {
    // Sender::reserve's example: the permit holds the only slot.
    let (tx, mut rx) = mpsc::channel(1);
    let permit = tx.reserve().await.unwrap();
    assert!(tx.try_send(123).is_err());
    println!("capacity with the slot promised: {}", tx.capacity());
    permit.send(456);
    assert_eq!(rx.recv().await.unwrap(), 456);
    println!("received the permit's value");

    // try_reserve: Full(()) while the slot is promised; a permit dropped unused gives it back.
    let (tx, mut rx) = mpsc::channel::<i32>(1);
    let permit = tx.try_reserve().unwrap();
    match tx.try_reserve() {
        Err(TrySendError::Full(())) => println!("second try_reserve: full"),
        _ => println!("second try_reserve: ?"),
    }
    println!("{:?}", tx.try_reserve().err());
    drop(permit);
    println!("capacity after the permit dropped: {}", tx.capacity());
    tx.try_send(1).unwrap();
    println!("got {:?}", rx.recv().await);

    // reserve_owned: the permit owns the sender and gives it back from send.
    let (tx, mut rx) = mpsc::channel(2);
    let permit = tx.reserve_owned().await.unwrap();
    let tx = permit.send("owned");
    tx.send("after").await.unwrap();
    println!("{:?} {:?}", rx.recv().await, rx.recv().await);

    // A waiter for the slot: it sends once the permit goes.
    let (tx, mut rx) = mpsc::channel(1);
    let permit = tx.reserve().await.unwrap();
    let tx2 = tx.clone();
    let h = tokio::spawn(async move {
        tx2.send("waited").await.unwrap();
        "sent"
    });
    tokio::task::yield_now().await;
    permit.send("first");
    println!("{:?}", rx.recv().await);
    println!("{:?}", rx.recv().await);
    println!("{:?}", h.await);

    // Receiver::close: senders fail, what is buffered is still received.
    let (tx, mut rx) = mpsc::channel(4);
    tx.send(1).await.unwrap();
    tx.send(2).await.unwrap();
    rx.close();
    println!("is_closed: {}", tx.is_closed());
    match tx.try_send(3) {
        Err(e) => println!("try_send after close: {} / {:?}", e, e),
        Ok(()) => println!("sent?"),
    }
    println!("send after close: {:?}", tx.send(4).await);
    println!("reserve after close: {:?}", tx.reserve().await.err());
    while let Some(v) = rx.recv().await {
        println!("drained {}", v);
    }
    println!("then {:?}", rx.recv().await);

    // The unbounded receiver closes the same way.
    let (tx, mut rx) = mpsc::unbounded_channel();
    tx.send("kept").unwrap();
    rx.close();
    println!("{:?} {:?} {:?}", tx.send("lost"), rx.recv().await, rx.recv().await);

    // Sender::closed: wait until the receiver is gone.
    let (tx, rx) = mpsc::channel::<()>(1);
    let tx2 = tx.clone();
    tokio::spawn(async move {
        drop(rx);
    });
    tokio::join!(tx.closed(), tx2.closed());
    println!("Receiver dropped: {}", tx.is_closed());

    // The close example from tokio's docs, with the sender's loop ending on close.
    let (tx, mut rx) = mpsc::channel(20);
    let h = tokio::spawn(async move {
        let mut i = 0;
        while let Ok(permit) = tx.reserve().await {
            permit.send(i);
            i += 1;
            if i == 3 {
                tokio::task::yield_now().await;
            }
        }
        i
    });
    let first = rx.recv().await;
    rx.close();
    let mut n = 0;
    while let Some(_) = rx.recv().await {
        n += 1;
    }
    println!("first {:?}, the loop ended: {}", first, h.await.unwrap() >= 1 + n);

    // A Permit in select!: the branch that got a slot sends.
    let (tx, mut rx) = mpsc::channel(1);
    tokio::select! {
        Ok(permit) = tx.reserve() => permit.send("selected"),
        _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => println!("timed out"),
    }
    println!("{:?}", rx.recv().await);
}
