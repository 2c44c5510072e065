// A function nested in main, with locals of its own: the checks keep each function's variables
// apart (an Rc in the helper is not the Vec main sends to a thread).
use std::rc::Rc;

fn main() {
    fn helper() -> usize {
        let shared = Rc::new(5);
        let count;
        count = Rc::strong_count(&shared);
        count
    }
    let v = vec![1, 2];
    let count;
    count = helper();
    let r = &v;
    println!("{r:?} {count}");
    let h = std::thread::spawn(move || v.len());
    println!("{}", h.join().unwrap());
}
// expect: [1, 2] 1
// expect: 2
