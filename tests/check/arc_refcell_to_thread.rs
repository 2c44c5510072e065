use std::cell::RefCell;
use std::sync::Arc;
use std::thread;

fn main() {
    let shared = Arc::new(RefCell::new(0));
    let s2 = Arc::clone(&shared);
    let h = thread::spawn(move || {
        *s2.borrow_mut() += 1;
    });
    h.join().unwrap();
}
// An Arc shares a RefCell between threads: RefCell is not Sync (use a Mutex or RwLock).
