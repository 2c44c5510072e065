// left_waiting.rs — a worker keeps a Sender of its own channel, so its `for x in rx` never
// ends: when main returns, the process ends it, quietly. In the schedules where it has gone back
// to waiting by then, Brigade names it: "thread #2 waits to receive on channel #1 ...".
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    let keep = tx.clone();
    thread::spawn(move || {
        let _keep = keep; // a Sender the worker holds itself: its loop never ends
        for x in rx {
            println!("got {x}");
        }
    });
    tx.send(1).unwrap();
    drop(tx);
    println!("main done");
}
