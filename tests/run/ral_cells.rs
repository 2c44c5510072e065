// Rust Atomics and Locks, chapter 1: Cell, RefCell and Rc.
use std::cell::{Cell, RefCell};
use std::rc::Rc;
fn f(a: &Cell<i32>, b: &Cell<i32>) {
    let before = a.get();
    b.set(b.get() + 1);
    let after = a.get();
    if before != after {
        println!("might happen");
    }
}
fn g(v: &Cell<Vec<i32>>) {
    let mut v2 = v.take();
    v2.push(1);
    v.set(v2);
}
fn h(v: &RefCell<Vec<i32>>) {
    v.borrow_mut().push(1);
}
fn main() {
    let a = Cell::new(1);
    f(&a, &a);
    let c = Cell::new(vec![]);
    g(&c);
    println!("{:?}", c.take());
    let r = RefCell::new(vec![2]);
    h(&r);
    println!("{:?}", r.borrow());
    let x = Rc::new([1, 2, 3]);
    let y = x.clone();
    assert!(Rc::ptr_eq(&x, &y));
    println!("{}", Rc::strong_count(&x));
}
// expect: might happen
// expect: [1]
// expect: [2, 1]
// expect: 2
