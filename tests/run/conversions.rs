// Conversions and small std methods the tutorial's variations reach for: `.into()` from &str
// to String, `.parse()`, an iterator's `.next()`, byte literals, and the Debug text of the
// channel errors as rustc 1.95 prints them.
use std::sync::mpsc::{self, TrySendError};
use std::thread;

#[derive(Debug)]
struct Order {
    dish: String,
    table: u32,
}

fn main() {
    let o = Order { dish: "Pizza".into(), table: "7".parse().unwrap() };
    println!("{:?}", o);
    let n: i64 = "-42".parse().unwrap();
    let f: f64 = "2.5".parse().unwrap();
    println!("{} {}", n * 2, f * 2.0);
    match "x1".parse::<i32>() {
        Ok(v) => println!("parsed {}", v),
        Err(e) => println!("not a number: {}", e),
    }
    let mut letters = "abc".chars();
    println!("{:?} {:?}", letters.next(), letters.next());
    let v = vec![10, 20];
    let mut it = v.iter();
    println!("{:?} {:?} {:?}", it.next(), it.next(), it.next());
    let b = b'a' + 2;
    println!("{} {}", b, b as char);

    let (tx, rx) = mpsc::sync_channel::<String>(1);
    tx.send("first".into()).unwrap();
    let e = tx.try_send("second".to_string()).unwrap_err();
    println!("{} | {:?}", e, e);
    if let TrySendError::Full(kept) = e {
        println!("kept {}", kept);
    }
    let chef = thread::spawn(move || rx.iter().next());
    println!("{:?}", chef.join().unwrap());
    let e = tx.try_send("third".to_string()).unwrap_err();
    println!("{} | {:?}", e, e);
    println!("{:?}", tx.send("fourth".to_string()));
}

// expect: Order { dish: "Pizza", table: 7 }
// expect: -84 5
// expect: not a number: invalid digit found in string
// expect: Some('a') Some('b')
// expect: Some(10) Some(20) None
// expect: 99 c
// expect: sending on a full channel | TrySendError::Full(..)
// expect: kept second
// expect: Some("first")
// expect: sending on a closed channel | TrySendError::Disconnected(..)
// expect: Err(SendError { .. })
