// expect: 5:5: cannot find macro `sleep` in this scope
// expect: 9:1: `main` function is not allowed to be `async`
fn main() {
    let x = 1 < 2;
    sleep!(10);
}

// Without #[tokio::main] (rustc's E0752):
async fn main() {}
