fn main() {
    let total = 0;
    let add = || total += 1;
    add();
    let s = String::new();
    let mut f = || s.push_str("a");
    f();
    let served = 0;
    let mut serve = || served += 1;
    serve();
    let r = &mut served;
    println!("{r}");
}
// A closure that changes what it captured: the variable and the closure both need `mut`.
// exact: rustc's whole stderr
