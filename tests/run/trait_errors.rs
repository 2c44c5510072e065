// What the subset does not take of traits, and a missing trait method: rustc's messages, all
// reported together.
trait Greet { fn hi(&self) -> String; fn bye(&self); }
struct A;
impl Greet for A { fn hi(&self) -> String { "hi".into() } }
impl std::ops::Add for A { type Output = A; fn add(self, _o: A) -> A { A } }
impl Greet for u32 { fn hi(&self) -> String { "n".into() } fn bye(&self) {} }
fn main() { println!("{}", A.hi()); }

// expect-exit: 1
// expect-compile: 5:1: not all trait items implemented, missing: `bye`
// expect-compile: 6:1: implementing `Add` is not supported in Brigade's Rust subset
// expect-compile: 7:16: implementing a trait for `u32` is not supported in Brigade's Rust subset
