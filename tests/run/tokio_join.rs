// join! runs its futures concurrently in one task; try_join! stops at the first Err.
// Expectations: scripts/tokio_expect.sh (Debian's tokio 1.24).
use std::time::Duration;
use tokio::time::sleep;

async fn course(name: &str, ms: u64) -> String {
    println!("{} started", name);
    sleep(Duration::from_millis(ms)).await;
    println!("{} ready", name);
    format!("{} ({} ms)", name, ms)
}

async fn check(name: &str, ms: u64, fail: bool) -> Result<u64, String> {
    sleep(Duration::from_millis(ms)).await;
    if fail {
        Err(format!("{} burned", name))
    } else {
        Ok(ms)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (a, b, c) = tokio::join!(course("soup", 60), course("bread", 20), course("salad", 40));
    println!("{} / {} / {}", a, b, c);
    let ok = tokio::try_join!(check("pie", 10, false), check("tart", 20, false));
    println!("{:?}", ok);
    let bad = tokio::try_join!(check("pie", 30, false), check("tart", 10, true));
    println!("{:?}", bad);
    let h1 = tokio::spawn(async { 1 });
    let h2 = tokio::spawn(async { 2 });
    let (r1, r2) = tokio::join!(h1, h2);
    println!("{} {}", r1.unwrap(), r2.unwrap());
}
// expect: soup started
// expect: bread started
// expect: salad started
// expect: bread ready
// expect: salad ready
// expect: soup ready
// expect: soup (60 ms) / bread (20 ms) / salad (40 ms)
// expect: Ok((10, 20))
// expect: Err("tart burned")
// expect: 1 2
