// Poisoning: a panic while a guard is held poisons the lock (a reader's does not); try_lock.
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

fn main() {
    let counter = Arc::new(Mutex::new(0));
    let c = Arc::clone(&counter);
    let r = thread::spawn(move || {
        let mut n = c.lock().unwrap();
        *n += 1;
        panic!("the chef burned the sauce");
    })
    .join();
    println!("thread panicked: {}", r.is_err());
    println!("poisoned: {}", counter.is_poisoned());
    println!("lock is err: {}", counter.lock().is_err());
    let n = match counter.lock() {
        Ok(g) => *g,
        Err(poisoned) => {
            let g = poisoned.into_inner();
            *g
        }
    };
    println!("value still there: {n}");
    println!("{:?}", counter);
    match counter.try_lock() {
        Ok(_) => println!("try_lock ok"),
        Err(e) => println!("try_lock: {e} / {e:?}"),
    }
    let g = counter.lock().unwrap_or_else(|e| e.into_inner());
    match counter.try_lock() {
        Ok(_) => println!("try_lock ok"),
        Err(e) => println!("try_lock: {e} / {e:?}"),
    }
    drop(g);

    let lock = Arc::new(RwLock::new(vec![1]));
    let l2 = Arc::clone(&lock);
    let _ = thread::spawn(move || {
        let _r = l2.read().unwrap();
        panic!("a reader panics");
    })
    .join();
    println!("after a reader's panic: {}", lock.is_poisoned());
    let l3 = Arc::clone(&lock);
    let _ = thread::spawn(move || {
        let mut w = l3.write().unwrap();
        w.push(2);
        panic!("a writer panics");
    })
    .join();
    println!("after a writer's panic: {}", lock.is_poisoned());
    let m = Mutex::new(5);
    let mut m = m;
    *m.get_mut().unwrap() += 1;
    println!("{}", m.into_inner().unwrap());
    let v = counter.lock().unwrap();
    println!("unreachable {}", *v);
}
// expect: thread panicked: true
// expect: poisoned: true
// expect: lock is err: true
// expect: value still there: 1
// expect: Mutex { data: 1, poisoned: true, .. }
// expect: try_lock: poisoned lock: another task failed inside / "Poisoned(..)"
// expect: try_lock: try_lock failed because the operation would block / "WouldBlock"
// expect: after a reader's panic: false
// expect: after a writer's panic: true
// expect: 6
// expect-exit: 101
// expect-stderr: thread '<unnamed>' panicked at src/main.rs:11:9:
// expect-stderr: the chef burned the sauce
// expect-stderr: thread '<unnamed>' panicked at src/main.rs:41:9:
// expect-stderr: a reader panics
// expect-stderr: thread '<unnamed>' panicked at src/main.rs:49:9:
// expect-stderr: a writer panics
// expect-stderr: thread 'main' panicked at src/main.rs:57:28:
// expect-stderr: called `Result::unwrap()` on an `Err` value: PoisonError { .. }
