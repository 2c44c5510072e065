// Named threads: thread::Builder (name, stack_size, spawn), thread::current().name() and .id()
// (main is ThreadId(1), then each spawn takes the next number), a ranged parameter, and a panic
// that names its thread.
use std::ops::Range;
use std::sync::mpsc;
use std::thread;

fn waiter(name: &str, tables: Range<u32>, tx: mpsc::Sender<String>) -> thread::JoinHandle<u32> {
    thread::Builder::new()
        .name(name.to_string())
        .stack_size(64 * 1024)
        .spawn(move || {
            let me = thread::current();
            for t in tables.clone() {
                tx.send(format!("{} takes table {}", me.name().unwrap(), t)).unwrap();
            }
            tables.len() as u32
        })
        .unwrap()
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let ana = waiter("ana", 1..3, tx.clone());
    println!("ana took {}", ana.join().unwrap());
    let ben = waiter("ben", 3..6, tx);
    println!("ben took {}", ben.join().unwrap());
    for line in rx { println!("{}", line); }
    println!("{:?} {:?}", thread::current().name(), thread::current().id());
    let plain = thread::spawn(|| format!("{:?} {:?}", thread::current().name(), thread::current().id()));
    println!("{}", plain.join().unwrap());
    let late = thread::Builder::new().name("late".into()).spawn(|| {
        panic!("burnt the toast");
    }).unwrap();
    println!("joined: {}", late.join().is_err());
}

// expect: ana took 2
// expect: ben took 3
// expect: ana takes table 1
// expect: ana takes table 2
// expect: ben takes table 3
// expect: ben takes table 4
// expect: ben takes table 5
// expect: Some("main") ThreadId(1)
// expect: None ThreadId(4)
// expect: joined: true
// expect-stderr: thread 'late' panicked at src/main.rs:33:9:
// expect-stderr: burnt the toast
