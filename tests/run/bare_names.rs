// A bare name in a pattern is compared when it names a unit variant or a constant (`None`,
// `LIMIT`, an imported variant), and binds otherwise.
use std::sync::mpsc;

const LIMIT: u32 = 3;

#[derive(Debug)]
enum Shift {
    Lunch,
    Dinner,
}
use Shift::*;

fn describe(o: Option<u32>) -> String {
    match o {
        None => String::from("nothing"),
        Some(LIMIT) => String::from("the limit"),
        Some(n) => format!("{}", n),
    }
}

fn main() {
    println!("{} {} {}", describe(None), describe(Some(3)), describe(Some(7)));
    let r: Result<Option<i32>, i32> = Ok(None);
    match r {
        Ok(None) | Err(_) => println!("empty"),
        Ok(Some(v)) => println!("{}", v),
    }
    for s in vec![Lunch, Dinner] {
        match s {
            Lunch => println!("noon"),
            other => println!("{:?} at seven", other),
        }
    }
    let (tx, rx) = mpsc::channel::<Option<u8>>();
    tx.send(Some(1)).unwrap();
    tx.send(None).unwrap();
    drop(tx);
    while let Ok(Some(v)) = rx.recv() {
        println!("got {}", v);
    }
}
// expect: nothing the limit 7
// expect: empty
// expect: noon
// expect: Dinner at seven
// expect: got 1
