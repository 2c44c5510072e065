// Unit structs as values: Err(RecvError), a user's unit struct.
use std::sync::mpsc::{self, RecvError, TryRecvError};

#[derive(Debug, PartialEq)]
struct Closed;

fn check(r: Result<i32, RecvError>) -> &'static str {
    if r == Err(RecvError) { "disconnected" } else { "got one" }
}

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    tx.send(1).unwrap();
    drop(tx);
    println!("{}", check(rx.recv()));
    println!("{}", check(rx.recv()));
    assert_eq!(rx.recv(), Err(RecvError));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    let c = Closed;
    println!("{:?} {}", c, c == Closed);
    let e: Result<(), RecvError> = Err(RecvError);
    println!("{:?} {}", e, RecvError);
}
// expect: got one
// expect: disconnected
// expect: Closed true
// expect: Err(RecvError) receiving on a closed channel
