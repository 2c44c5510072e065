// A non-move closure uses the variables of the function that made it: changes are seen there.
use std::thread;
use std::sync::mpsc;
fn main() {
    let mut v = vec![1];
    let mut total = 0;
    {
        let mut add = |x: i32| {
            total += x;
            v.push(x);
        };
        add(2);
        add(3);
    }
    println!("{} {:?}", total, v);
    let mut n = 0;
    let mut outer = || {
        let mut inner = || n += 10;
        inner();
        n += 1;
    };
    outer();
    outer();
    println!("{}", n);
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        tx.send(1).unwrap();
    });
    h.join().unwrap();
    println!("{:?}", rx.recv());
}
// expect: 5 [1, 2, 3]
// expect: 22
// expect: Ok(1)
