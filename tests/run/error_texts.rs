// Display and Debug of every std::sync::mpsc error, from each flavor of channel: the texts are
// the channel core's (core/chan), the same the runtime prints.
use std::sync::mpsc::{self, Receiver, RecvError, RecvTimeoutError, TryRecvError, TrySendError};
use std::time::Duration;

fn empty_errors(flavor: &str, rx: &Receiver<i32>) {
    let e = rx.try_recv().unwrap_err();
    println!("{}: try_recv: {} / {:?}", flavor, e, e);
    let e = rx.recv_timeout(Duration::from_millis(1)).unwrap_err();
    println!("{}: recv_timeout: {} / {:?}", flavor, e, e);
}

fn closed_errors(flavor: &str, rx: &Receiver<i32>) {
    let e = rx.recv().unwrap_err();
    println!("{}: recv: {} / {:?}", flavor, e, e);
    let e = rx.try_recv().unwrap_err();
    println!("{}: try_recv: {} / {:?}", flavor, e, e);
    let e = rx.recv_timeout(Duration::from_millis(1)).unwrap_err();
    println!("{}: recv_timeout: {} / {:?}", flavor, e, e);
}

fn main() {
    // channel(): never full.
    let (tx, rx) = mpsc::channel::<i32>();
    empty_errors("channel", &rx);
    drop(tx);
    closed_errors("channel", &rx);
    let (tx, rx) = mpsc::channel::<i32>();
    drop(rx);
    let e = tx.send(1).unwrap_err();
    println!("channel: send: {} / {:?} / gives back {}", e, e, e.0);

    // sync_channel(n) for a carousel with one slot, and sync_channel(0), a handshake.
    for cap in [1, 0] {
        let flavor = format!("sync_channel({})", cap);
        let (tx, rx) = mpsc::sync_channel::<i32>(cap);
        if cap > 0 {
            tx.send(7).unwrap();
        }
        let e = tx.try_send(2).unwrap_err();
        println!("{}: try_send: {} / {:?}", flavor, e, e);
        if cap > 0 {
            rx.recv().unwrap();
        }
        empty_errors(&flavor, &rx);
        drop(rx);
        let e = tx.try_send(3).unwrap_err();
        println!("{}: try_send: {} / {:?}", flavor, e, e);
        let e = tx.send(4).unwrap_err();
        println!("{}: send: {} / {:?}", flavor, e, e);
        let (tx, rx) = mpsc::sync_channel::<i32>(cap);
        drop(tx);
        closed_errors(&flavor, &rx);
    }

    // The errors as values: constructed, compared, padded, to_string, pretty Debug.
    let e: TryRecvError = TryRecvError::Disconnected;
    println!("[{:>32}] [{:<30}] {:?}", e, TryRecvError::Empty, e == TryRecvError::Empty);
    println!("[{:^44}] {:#?}", RecvTimeoutError::Disconnected, RecvTimeoutError::Timeout);
    let full: TrySendError<i32> = TrySendError::Full(5);
    println!("{} / {:#?}", full.to_string(), full);
    println!("{:?} {}", Err::<i32, RecvError>(RecvError), RecvError);
    let (tx, rx) = mpsc::channel::<String>();
    drop(rx);
    let e = tx.send(String::from("soup")).unwrap_err();
    println!("{:#?} / {}", e, e.to_string().len());
}
// expect: channel: try_recv: receiving on an empty channel / Empty
// expect: channel: recv_timeout: timed out waiting on channel / Timeout
// expect: channel: recv: receiving on a closed channel / RecvError
// expect: channel: try_recv: receiving on a closed channel / Disconnected
// expect: channel: recv_timeout: channel is empty and sending half is closed / Disconnected
// expect: channel: send: sending on a closed channel / SendError { .. } / gives back 1
// expect: sync_channel(1): try_send: sending on a full channel / TrySendError::Full(..)
// expect: sync_channel(1): try_recv: receiving on an empty channel / Empty
// expect: sync_channel(1): recv_timeout: timed out waiting on channel / Timeout
// expect: sync_channel(1): try_send: sending on a closed channel / TrySendError::Disconnected(..)
// expect: sync_channel(1): send: sending on a closed channel / SendError { .. }
// expect: sync_channel(1): recv: receiving on a closed channel / RecvError
// expect: sync_channel(1): try_recv: receiving on a closed channel / Disconnected
// expect: sync_channel(1): recv_timeout: channel is empty and sending half is closed / Disconnected
// expect: sync_channel(0): try_send: sending on a full channel / TrySendError::Full(..)
// expect: sync_channel(0): try_recv: receiving on an empty channel / Empty
// expect: sync_channel(0): recv_timeout: timed out waiting on channel / Timeout
// expect: sync_channel(0): try_send: sending on a closed channel / TrySendError::Disconnected(..)
// expect: sync_channel(0): send: sending on a closed channel / SendError { .. }
// expect: sync_channel(0): recv: receiving on a closed channel / RecvError
// expect: sync_channel(0): try_recv: receiving on a closed channel / Disconnected
// expect: sync_channel(0): recv_timeout: channel is empty and sending half is closed / Disconnected
// expect: [   receiving on a closed channel] [receiving on an empty channel ] false
// expect: [channel is empty and sending half is closed ] Timeout
// expect: sending on a full channel / TrySendError::Full(..)
// expect: Err(RecvError) receiving on a closed channel
// expect: SendError { .. } / 27
