// The `?` operator on Option and Result (a receive that fails, a parse that fails) and the
// closure-taking methods of Result and Option: map_err, and_then, unwrap_or_else, ok_or.
use std::sync::mpsc::{self, Receiver, RecvError};
use std::thread;

fn first_two(rx: &Receiver<u32>) -> Result<u32, RecvError> {
    let a = rx.recv()?;
    let b = rx.recv()?;
    Ok(a + b)
}

fn half(n: i32) -> Option<i32> {
    if n % 2 == 0 { Some(n / 2) } else { None }
}

fn quarter(n: i32) -> Option<i32> {
    let h = half(n)?;
    half(h)
}

fn parse_sum(a: &str, b: &str) -> Result<i32, String> {
    let x: i32 = a.parse().map_err(|_| format!("bad number: {}", a))?;
    let y: i32 = match b.parse() {
        Ok(v) => v,
        Err(_) => return Err(format!("bad number: {}", b)),
    };
    Ok(x + y)
}

fn main() {
    println!("{:?} {:?}", half(4).and_then(half), Some(3).ok_or("none"));
    println!("{} {}", half(3).unwrap_or_else(|| -1), parse_sum("x", "1").unwrap_or_else(|e| e.len() as i32));
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        for i in 1..=3 {
            tx.send(i * 10).unwrap();
        }
    });
    h.join().unwrap();
    println!("{:?}", first_two(&rx));
    println!("{:?}", first_two(&rx));
    println!("{:?} {:?} {:?}", quarter(8), quarter(6), quarter(3));
    println!("{:?} {:?}", parse_sum("4", "5"), parse_sum("4", "x"));
}

// expect: Some(1) Ok(3)
// expect: -1 13
// expect: Ok(30)
// expect: Err(RecvError)
// expect: Some(2) None None
// expect: Ok(9) Err("bad number: x")
