// Two tasks each awaiting the other's message: tokio would wait forever; Brigade names the
// deadlock, with the task (not its worker thread) and the line of each await.
use tokio::sync::mpsc;

#[tokio::main(worker_threads = 2)]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    let (tx2, mut rx2) = mpsc::channel::<u32>(1);
    let a = tokio::spawn(async move {
        let v = rx.recv().await;
        tx2.send(1).await.unwrap();
        v
    });
    let v = rx2.recv().await;
    tx.send(2).await.unwrap();
    println!("{:?} {:?}", v, a.await);
}
// expect-exit: 1
// expect-stderr: error: deadlock: every thread is blocked waiting for another, and none of them can ever continue
// expect-stderr:   thread 'main' waits to receive on channel #2, which is empty while a sender of it is still alive (at src/main.rs:14:24)
// expect-stderr:   task 3 (tokio) waits to receive on channel #1, which is empty while a sender of it is still alive (at src/main.rs:10:27)
