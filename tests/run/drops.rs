// When values are dropped decides when channels disconnect.
use std::sync::mpsc;
use std::thread;

struct Kitchen {
    orders: mpsc::Sender<u32>,
}

fn open(tx: mpsc::Sender<u32>) -> Kitchen {
    Kitchen { orders: tx }
}

fn main() {
    // A sender moved into a thread is dropped when the thread ends: the loop then ends.
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        tx.send(1).unwrap();
        tx.send(2).unwrap();
    });
    let all: Vec<u32> = rx.iter().collect();
    println!("{:?}", all);

    // A sender inside a struct lives as long as the struct.
    let (tx, rx) = mpsc::channel();
    {
        let k = open(tx);
        k.orders.send(7).unwrap();
        println!("inner scope ends");
    }
    println!("{:?} {:?}", rx.recv(), rx.recv());

    // drop(x) drops now; a moved value is not dropped by its old owner.
    let (tx, rx) = mpsc::channel::<u32>();
    let tx2 = tx;
    drop(tx2);
    println!("{:?}", rx.recv());

    // Shadowing does not drop: the first tx lives to the end of the scope.
    let (tx, rx) = mpsc::channel::<u32>();
    let tx = tx.clone();
    drop(tx);
    println!("{:?}", rx.try_recv());
}
// expect: [1, 2]
// expect: inner scope ends
// expect: Ok(7) Err(RecvError)
// expect: Err(RecvError)
// expect: Err(Empty)
