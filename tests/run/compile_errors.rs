// Compile errors: rustc's shape, all of them reported together.
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel();
    tx.send(undefined_var).unwrap();
    thread::spawn(|| {});
    let v: Vec<i32> = rx.iter().collect(); let _ = v.binary_search_by(|x| x.cmp(&1));
}
// expect-exit: 1
// expect-compile: 6:13: cannot find value `undefined_var` in this scope
// expect-compile: 7:5: failed to resolve: use of undeclared crate or module `thread`
// expect-compile: 8:54: the method `binary_search_by` (it takes a closure) is not supported in Brigade's Rust subset
