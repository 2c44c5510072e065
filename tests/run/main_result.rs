// `fn main() -> Result<(), E>` that returns Err: rustc prints the error's Debug and exits 1.
fn check(n: i32) -> Result<i32, String> {
    if n > 2 { Err(format!("too many: {}", n)) } else { Ok(n) }
}
fn main() -> Result<(), String> {
    for i in 0..5 {
        let v = check(i)?;
        println!("ok {}", v);
    }
    Ok(())
}

// expect: ok 0
// expect: ok 1
// expect: ok 2
// expect-exit: 1
// expect-stderr: Error: "too many: 3"
