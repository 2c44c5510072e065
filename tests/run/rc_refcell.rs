// Rc, RefCell and Cell (single-threaded sharing): borrow, borrow_mut and their conflict's panic,
// Cell's get/set/replace/take, strong counts, the Book's Node with RefCell'd children.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Debug)]
struct Node {
    value: i32,
    children: RefCell<Vec<Rc<Node>>>,
}

fn main() {
    let shared = Rc::new(RefCell::new(vec![1, 2]));
    let other = Rc::clone(&shared);
    other.borrow_mut().push(3);
    println!("{:?} count={}", shared.borrow(), Rc::strong_count(&shared));
    {
        let r1 = shared.borrow();
        let r2 = shared.borrow();
        println!("{} {}", r1.len(), r2[0]);
        println!("{:?}", shared.try_borrow_mut().is_err());
        println!("{:?}", shared);
    }
    *shared.borrow_mut() = vec![9];
    println!("{:?}", shared);
    let c = Cell::new(5);
    c.set(c.get() + 1);
    println!("{} {:?} {}", c.get(), c, c.replace(10));
    let v = Cell::new(vec![1]);
    let mut inner = v.take();
    inner.push(2);
    v.set(inner);
    println!("{:?}", v.into_inner());
    let leaf = Rc::new(Node { value: 3, children: RefCell::new(vec![]) });
    let branch = Rc::new(Node { value: 5, children: RefCell::new(vec![Rc::clone(&leaf)]) });
    println!("leaf strong = {}, branch has {} child, value {}", Rc::strong_count(&leaf), branch.children.borrow().len(), branch.value);
    let cell = RefCell::new(String::from("x"));
    cell.borrow_mut().push('y');
    println!("{}", cell.borrow());
    println!("{}", cell.replace(String::from("z")));
    println!("{}", cell.into_inner());
    drop(other);
    println!("count={}", Rc::strong_count(&shared));
    let g = shared.borrow_mut();
    let h = shared.borrow_mut();
    println!("unreachable {:?} {:?}", g, h);
}
// expect: [1, 2, 3] count=2
// expect: 3 1
// expect: true
// expect: RefCell { value: [1, 2, 3] }
// expect: RefCell { value: [9] }
// expect: 6 Cell { value: 10 } 6
// expect: [1, 2]
// expect: leaf strong = 2, branch has 1 child, value 5
// expect: xy
// expect: xy
// expect: z
// expect: count=1
// expect-exit: 101
// expect-stderr: thread 'main' panicked at src/main.rs:45:20:
// expect-stderr: RefCell already borrowed
