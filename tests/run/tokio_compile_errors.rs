// Learners' async mistakes that rustc refuses (texts from rustc 1.95 on the same program).
// expect-compile: 9:13: `await` is only allowed inside `async` functions and blocks
// expect-compile: 13:26: async block may outlive the current function, but it borrows `v`, which is owned by the current function
async fn fetch() -> u32 {
    1
}

fn sync_caller() -> u32 {
    fetch().await
}

async fn spawner(v: Vec<u32>) {
    let h = tokio::spawn(async {
        println!("{:?}", v);
    });
    h.await.unwrap();
}

fn main() {
    println!("{}", sync_caller());
}
