// The waiter never waits, with tasks: tokio's unbounded_channel()
// The tutorial's second program as tokio tasks: UnboundedSender::send is not even async — it
// never waits, so the waiter task is done before the chef looks. The tickets queue up on a
// carousel that never fills (and can grow without bound).
use std::time::Duration;
use tokio::sync::mpsc;

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::unbounded_channel();

    // --- Receiver (main) task ---
    println!("[Receiver] Waiting to receive messages...");

    // --- Sender task ---
    let sender = tokio::spawn(async move {
        println!("[Sender] Sending all messages immediately...");
        tx.send("Message 1").unwrap();
        println!("[Sender] Message 1 sent.");
        tx.send("Message 2").unwrap();
        println!("[Sender] Message 2 sent.");
        tx.send("Message 3").unwrap();
        println!("[Sender] Message 3 sent.");
        println!("[Sender] All messages are sent and buffered. No waiting occurred.");
    });

    tokio::time::sleep(Duration::from_secs(2)).await; // the task waits; its worker is free

    // Receive all messages from the buffer (None once the sender is gone and it is empty)
    while let Some(received) = rx.recv().await {
        println!("[Receiver] Received: {}", received);
    }

    sender.await.unwrap();
}
