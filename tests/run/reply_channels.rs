// Senders inside structs and enum variants (a reply channel sent through a channel), a Vec of
// senders, and the drops that end the chef's loop: a struct going out of scope, clear(), drop.
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

struct Waiter {
    id: u32,
    tx: Sender<String>,
}

impl Waiter {
    fn take_order(&self, dish: &str) {
        self.tx.send(format!("waiter {}: {}", self.id, dish)).unwrap();
    }
}

enum Request {
    Price(String, Sender<u32>),
    Close,
}

fn cashier(rx: Receiver<Request>) {
    for req in rx {
        match req {
            Request::Price(item, reply) => {
                let p = item.len() as u32 * 3;
                reply.send(p).unwrap();
            }
            Request::Close => {
                println!("cashier closing");
                break;
            }
        }
    }
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let chef = thread::spawn(move || {
        let mut n = 0;
        for ticket in rx {
            n += 1;
            println!("chef: {}", ticket);
        }
        n
    });
    {
        let w1 = Waiter { id: 1, tx: tx.clone() };
        let w2 = Waiter { id: 2, tx: tx.clone() };
        w1.take_order("soup");
        thread::sleep(Duration::from_millis(20));
        w2.take_order("pie");
        thread::sleep(Duration::from_millis(20));
    }
    let mut senders: Vec<Sender<String>> = Vec::new();
    for _ in 0..3 {
        senders.push(tx.clone());
    }
    for (i, s) in senders.iter().enumerate() {
        s.send(format!("from vec {}", i)).unwrap();
        thread::sleep(Duration::from_millis(10));
    }
    senders.clear();
    drop(tx);
    println!("chef handled {}", chef.join().unwrap());

    let (req_tx, req_rx) = mpsc::channel();
    let c = thread::spawn(move || cashier(req_rx));
    for item in ["tea", "cake", "lemonade"] {
        let (reply_tx, reply_rx) = mpsc::channel();
        req_tx.send(Request::Price(item.to_string(), reply_tx)).unwrap();
        let price = reply_rx.recv().unwrap();
        println!("{} costs {}", item, price);
    }
    req_tx.send(Request::Close).unwrap();
    c.join().unwrap();
    let _ = req_tx.send(Request::Close);
    println!("{}", req_tx.send(Request::Close).is_err());
}

// expect: chef: waiter 1: soup
// expect: chef: waiter 2: pie
// expect: chef: from vec 0
// expect: chef: from vec 1
// expect: chef: from vec 2
// expect: chef handled 5
// expect: tea costs 9
// expect: cake costs 12
// expect: lemonade costs 24
// expect: cashier closing
// expect: true
