// Chefs share one carousel: Arc<Mutex<Receiver>>
// A Receiver has one owner, so chefs who share it take turns through a Mutex: while one waits
// at the carousel (holding the lock), the others wait for the lock. Each ticket goes to exactly
// one chef; which chef gets which depends on timing, so the totals are what is printed.
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::sync_channel::<u32>(2);
    let carousel = Arc::new(Mutex::new(rx));
    let cooked = Arc::new(Mutex::new(Vec::new()));
    let mut chefs = Vec::new();
    for id in 1..=3 {
        let carousel = Arc::clone(&carousel);
        let cooked = Arc::clone(&cooked);
        chefs.push(thread::spawn(move || loop {
            let ticket = carousel.lock().unwrap().recv(); // the lock ends with this statement
            match ticket {
                Ok(order) => {
                    thread::sleep(Duration::from_millis(150));
                    cooked.lock().unwrap().push((order, id));
                }
                Err(_) => break, // every waiter is gone and the carousel is empty
            }
        }));
    }
    for order in 1..=9 {
        tx.send(order).unwrap(); // waits while both slots are taken
    }
    drop(tx);
    for chef in chefs {
        chef.join().unwrap();
    }
    let mut orders: Vec<u32> = cooked.lock().unwrap().iter().map(|(order, _)| *order).collect();
    orders.sort();
    println!("cooked {:?}", orders);
    println!("{} orders, each by exactly one chef", orders.len());
}
