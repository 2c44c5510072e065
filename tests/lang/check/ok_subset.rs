// expect: ok
// Syntax from across the subset: everything here must parse without an error.
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError, TrySendError};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
struct Order {
    table: u32,
    dish: String,
}

#[derive(Debug)]
enum Ticket {
    Dish(Order),
    Close,
    Note { text: String },
}

const SLOTS: usize = 2;

fn cook(order: &Order) -> Result<String, String> {
    if order.table == 0 {
        return Err(format!("no table {}", order.table));
    }
    Ok(format!("{:>8}|{:<4}|{:^6.2}|{name}", order.dish, order.table, 1.5f64, name = "chef"))
}

fn main() {
    let (tx, rx): (SyncSender<Ticket>, Receiver<Ticket>) = mpsc::sync_channel(SLOTS);
    let handles: Vec<thread::JoinHandle<u64>> = (0..3)
        .map(|i| {
            let tx = tx.clone();
            thread::spawn(move || {
                let _ = tx.send(Ticket::Dish(Order { table: i, dish: String::from("soup") }));
                i as u64 * 2
            })
        })
        .collect::<Vec<_>>();
    drop(tx);
    let start = Instant::now();
    'outer: loop {
        match rx.recv_timeout(Duration::from_millis(10)) {
            Ok(Ticket::Dish(o)) if o.table > 1 => println!("{:?}", cook(&o)),
            Ok(Ticket::Dish(Order { table, .. })) => println!("table {table}"),
            Ok(Ticket::Close) | Ok(Ticket::Note { .. }) => continue 'outer,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => break 'outer,
        }
    }
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let v = vec![0u8; 4];
    let w = [1, 2, 3];
    let (a, (b, c)) = (1, (2.5e3, 'c'));
    let t = (a, (b, c));
    let x = t.1.0 as i64 + -1 * (v.len() as i64) % 3;
    let mut n = 0i32;
    n += 1;
    n <<= 2;
    while let Ok(m) = rx.try_recv() { let _ = m; }
    if let Err(TrySendError::Full(_)) = Err::<(), TrySendError<i32>>(TrySendError::Full(1)) {}
    match rx.try_recv() { Err(TryRecvError::Empty) => {} _ => {} }
    let r = 1..=5;
    let s = &w[1..];
    let big = 1_000_000u64;
    println!("{total} {x} {} {:?} {:?} {} {}", n, r, s, big, start.elapsed().as_millis() >= 0);
}
