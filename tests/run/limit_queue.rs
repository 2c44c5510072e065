// The unbounded carousel grows without bound when nobody receives: capped, with a message.
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel();
    let mut i: u64 = 0;
    loop {
        tx.send(i).unwrap();
        i += 1;
    }
    drop(rx);
}
// expect-exit: 1
// expect-stderr: limit reached: channel #1 holds 100001 messages that nobody has received
// expect-stderr: the limit is 100000 queued messages per channel
