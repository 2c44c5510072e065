// Debug of a value nested deeper than the stack allows ends as rustc's derived Debug does: the
// thread overflows its stack (abort, exit 134), and nothing crashes.
#[derive(Debug)]
enum List {
    Nil,
    Cons(u64, Box<List>),
}

fn main() {
    let mut list = List::Nil;
    for i in 0..3 {
        list = List::Cons(i, Box::new(list));
    }
    println!("{:?}", list);
    for i in 3..100_000 {
        list = List::Cons(i, Box::new(list));
    }
    println!("{}", format!("{:?}", list).len());
}
// expect: Cons(2, Cons(1, Cons(0, Nil)))
// expect-exit: 134
// expect-stderr: thread 'main' has overflowed its stack
// expect-stderr: fatal runtime error: stack overflow, aborting
