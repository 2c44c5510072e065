#[tokio::main]
async fn main() {
    let name = String::from("chef");
    let h = tokio::spawn(async move {
        println!("{name}");
    });
    println!("{name}");
    h.await.unwrap();
}
// A String moved into a task's async move block, then printed: rustc calls the block a coroutine.
// exact: rustc's whole stderr
