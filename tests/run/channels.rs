// Every channel operation, with results that do not depend on timing.
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError, TrySendError};
use std::thread;
use std::time::Duration;

fn main() {
    // try_send on a full carousel gives the ticket back.
    let (tx, rx) = mpsc::sync_channel(1);
    tx.try_send(1).unwrap();
    match tx.try_send(2) {
        Err(TrySendError::Full(v)) => println!("full, got back {}", v),
        _ => println!("unexpected"),
    }
    println!("{:?}", rx.try_recv());
    match rx.try_recv() {
        Err(TryRecvError::Empty) => println!("empty"),
        other => println!("{:?}", other),
    }
    match rx.recv_timeout(Duration::from_millis(5)) {
        Err(RecvTimeoutError::Timeout) => println!("timed out"),
        _ => println!("unexpected"),
    }
    drop(tx);
    println!("{:?} / {}", rx.recv(), rx.recv().unwrap_err());
    println!("{:?}", rx.try_recv());

    // The receiver is gone: send fails and hands the message back.
    let (tx, rx) = mpsc::channel::<String>();
    drop(rx);
    let err = tx.send(String::from("soup")).unwrap_err();
    println!("{} / {:?} / {}", err, err, err.0);

    // for msg in rx ends when every sender is dropped; clones keep it open.
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..3 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for k in 0..3 {
                tx.send(id * 10 + k).unwrap();
            }
        }));
    }
    drop(tx);
    let mut got: Vec<i32> = rx.iter().collect();
    got.sort();
    println!("{:?}", got);
    for h in handles {
        h.join().unwrap();
    }

    // A rendezvous: each send completes only when the chef takes it.
    let (tx, rx) = mpsc::sync_channel(0);
    let chef = thread::spawn(move || {
        let mut cooked = Vec::new();
        for ticket in rx {
            cooked.push(ticket);
        }
        cooked
    });
    for t in ["pizza", "pasta", "salad"] {
        tx.send(t).unwrap();
    }
    drop(tx);
    println!("{:?}", chef.join().unwrap());

    // try_iter takes what is buffered now, without waiting.
    let (tx, rx) = mpsc::channel();
    for i in 1..=3 {
        tx.send(i).unwrap();
    }
    let now: Vec<i32> = rx.try_iter().collect();
    println!("{:?} then {:?}", now, rx.try_recv());
}
// expect: full, got back 2
// expect: Ok(1)
// expect: empty
// expect: timed out
// expect: Err(RecvError) / receiving on a closed channel
// expect: Err(Disconnected)
// expect: sending on a closed channel / SendError { .. } / soup
// expect: [0, 1, 2, 10, 11, 12, 20, 21, 22]
// expect: ["pizza", "pasta", "salad"]
// expect: [1, 2, 3] then Err(Empty)
