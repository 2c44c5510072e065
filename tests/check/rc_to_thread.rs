use std::rc::Rc;
use std::thread;

fn main() {
    let rc = Rc::new(5);
    let h = thread::spawn(move || println!("{rc}"));
    h.join().unwrap();
}
// An Rc moved into a thread.
