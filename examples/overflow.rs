// An unbounded carousel overflows a slow chef: channel()
// Nothing slows the waiter down, so tickets pile up faster than the chef cooks them:
// the backlog (and the memory it holds) keeps growing. A bounded channel would push back.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();

    let chef = thread::spawn(move || {
        let mut cooked = 0;
        for _order in rx {
            thread::sleep(Duration::from_millis(30));
            cooked += 1;
        }
        cooked
    });

    for n in 0..200 {
        tx.send(format!("Order {}", n)).unwrap();
        thread::sleep(Duration::from_millis(5)); // six times faster than the chef
    }
    println!("Waiter placed 200 orders");
    drop(tx);

    let cooked = chef.join().unwrap();
    println!("Chef finally cooked {} orders", cooked);
}
