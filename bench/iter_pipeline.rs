// The iterator benchmark of the README (issue 13): three pipelines over 0..5,000,000 that a
// streaming runtime runs in constant memory. bench/iter_pipeline.py is the same in CPython's
// generator expressions, run beside it by bench/iter_pipeline.sh.
fn main() {
    let n: u64 = 5_000_000;
    let sum: u64 = (0..n).sum();
    let evens = (0..n).filter(|x| x % 2 == 0).count();
    let max = (0..n).map(|x| x * 3).max().unwrap();
    println!("sum={} evens={} max={}", sum, evens, max);
}
