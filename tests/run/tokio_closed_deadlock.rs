// closed() awaited while the receiver is still in scope: tokio waits forever; Brigade names it.
use tokio::sync::mpsc;
#[tokio::main]
async fn main() {
    let (tx, rx) = mpsc::channel::<i32>(1);
    tx.closed().await;
    drop(rx);
}
// expect-exit: 1
// expect-stderr: error: deadlock: every thread is blocked waiting for another, and none of them can ever continue
// expect-stderr:   thread 'main' awaits closed() on channel #1, whose receiver is still alive and not closed (at src/main.rs:6:17)
