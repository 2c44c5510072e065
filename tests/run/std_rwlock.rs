// std::sync::RwLock (std's doc example; try_read/try_write; readers in threads; Debug).
use std::sync::{Arc, RwLock};
use std::thread;

fn main() {
    let lock = RwLock::new(5);

    // many reader locks can be held at once
    {
        let r1 = lock.read().unwrap();
        let r2 = lock.read().unwrap();
        assert_eq!(*r1, 5);
        assert_eq!(*r2, 5);
        println!("two readers see {} and {}", *r1, *r2);
        println!("try_write while read: {}", lock.try_write().is_err());
    } // read locks are dropped at this point

    // only one write lock may be held, however
    {
        let mut w = lock.write().unwrap();
        *w += 1;
        assert_eq!(*w, 6);
        println!("try_read while written: {}", lock.try_read().is_err());
    } // write lock is dropped here

    let menu = Arc::new(RwLock::new(vec![String::from("soup")]));
    let writer = {
        let menu = Arc::clone(&menu);
        thread::spawn(move || {
            menu.write().unwrap().push(String::from("pie"));
        })
    };
    writer.join().unwrap();
    let readers: Vec<_> = (0..3)
        .map(|i| {
            let menu = Arc::clone(&menu);
            thread::spawn(move || format!("reader {i} sees {} dishes", menu.read().unwrap().len()))
        })
        .collect();
    for r in readers {
        println!("{}", r.join().unwrap());
    }
    println!("{:?}", lock);
    let m = std::sync::Mutex::new(3);
    println!("{:?}", m);
    println!("{:?}", *menu.read().unwrap());
}
// expect: two readers see 5 and 5
// expect: try_write while read: true
// expect: try_read while written: true
// expect: reader 0 sees 2 dishes
// expect: reader 1 sees 2 dishes
// expect: reader 2 sees 2 dishes
// expect: RwLock { data: 6, poisoned: false, .. }
// expect: Mutex { data: 3, poisoned: false, .. }
// expect: ["soup", "pie"]
