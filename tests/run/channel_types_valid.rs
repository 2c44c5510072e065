// Sends rustc accepts on one channel: an integer literal after a u8, a loop's counter, a String
// then a format!, a clone of the sender sending the same type.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    tx.send(5u8).unwrap();
    tx.send(7).unwrap();
    for i in 0..3 {
        tx.send(i).unwrap();
    }
    drop(tx);
    let total: u32 = rx.iter().map(|b| b as u32).sum();
    println!("total {total}");

    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    tx.send(String::from("soup")).unwrap();
    let n = 2;
    thread::spawn(move || tx2.send(format!("bread x{n}")).unwrap()).join().unwrap();
    drop(tx);
    for order in rx {
        println!("{order}");
    }
}
// expect: total 15
// expect: soup
// expect: bread x2
