// expect: 4:1: `async fn` is not supported in Brigade's Rust subset
// expect: 8:5: cannot find macro `sleep` in this scope
// expect: 9:15: `.await` is not supported in Brigade's Rust subset
async fn fetch() -> u32 { 1 }

fn main() {
    let x = 1 < 2;
    sleep!(10);
    let y = x.await;
}
