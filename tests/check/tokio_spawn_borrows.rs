use tokio::sync::mpsc;

#[tokio::main]
async fn main() {
    let (tx, rx) = mpsc::channel(8);
    let name = String::from("chef");
    let h = tokio::spawn(async {
        tx.send(1).await.unwrap();
        println!("{name}");
    });
    h.await.unwrap();
    while let Some(m) = rx.recv().await {
        println!("{m}");
    }
}
// An async block spawned without `move`, and tokio's receiver (its recv takes `&mut self`)
// not declared `mut`. rustc's stderr through cargo, with rustc's own closing line.
// exact: rustc's whole stderr
