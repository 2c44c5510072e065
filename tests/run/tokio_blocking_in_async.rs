// One worker: a std::thread::sleep inside a task holds it (B waits), tokio::time::sleep frees it (D runs first). Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use std::time::Duration;

#[tokio::main(worker_threads = 1)]
async fn main() {
    let a = tokio::spawn(async {
        std::thread::sleep(Duration::from_millis(200));
        println!("A: slept on the worker (std::thread::sleep)");
    });
    let b = tokio::spawn(async {
        println!("B: ran after A released the worker");
    });
    a.await.unwrap();
    b.await.unwrap();
    let c = tokio::spawn(async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        println!("C: slept without the worker (tokio::time::sleep)");
    });
    let d = tokio::spawn(async {
        println!("D: ran while C slept");
    });
    c.await.unwrap();
    d.await.unwrap();
}
// expect: A: slept on the worker (std::thread::sleep)
// expect: B: ran after A released the worker
// expect: D: ran while C slept
// expect: C: slept without the worker (tokio::time::sleep)
