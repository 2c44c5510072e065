// race.rs — two waiters race to the same carousel: which ticket the chef finds first depends
// on which waiter gets there first. `brigade explore tests/explore/race.rs` lists both
// outcomes ("ab" and "ba") and a schedule that replays each.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    let a = thread::spawn(move || tx.send('a').unwrap());
    let b = thread::spawn(move || tx2.send('b').unwrap());
    a.join().unwrap();
    b.join().unwrap();
    let tickets: String = rx.iter().collect();
    println!("{}", tickets);
}
