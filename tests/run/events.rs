// Struct-like enum variants through a channel, matched with guards and `..`; Option::cloned/
// copied; Vec dedup, concat, truncate, insert, remove, extend; assert_eq! with a message.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
enum Event {
    Arrive { table: u8, guests: u8 },
    Order(u8, String),
    Leave(u8),
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let host = {
        let tx = tx.clone();
        thread::spawn(move || {
            tx.send(Event::Arrive { table: 1, guests: 2 }).unwrap();
            thread::sleep(Duration::from_millis(30));
            tx.send(Event::Leave(1)).unwrap();
        })
    };
    let waiter = thread::spawn(move || {
        thread::sleep(Duration::from_millis(10));
        tx.send(Event::Order(1, "soup".to_string())).unwrap();
    });
    host.join().unwrap();
    waiter.join().unwrap();
    let events: Vec<Event> = rx.iter().collect();
    for e in &events {
        match e {
            Event::Arrive { table, guests } if *guests > 1 => println!("table {} seats {}", table, guests),
            Event::Arrive { table, .. } => println!("table {} alone", table),
            Event::Order(t, dish) => println!("table {} wants {}", t, dish),
            Event::Leave(t) => println!("table {} leaves", t),
        }
    }
    println!("{}", events.contains(&Event::Leave(1)));
    println!("{:?}", events.iter().position(|e| matches!(e, Event::Order(..))));
    let counts = events.iter().fold((0, 0), |(a, o), e| match e {
        Event::Arrive { .. } => (a + 1, o),
        Event::Order(..) => (a, o + 1),
        _ => (a, o),
    });
    println!("{:?}", counts);
    if let Some(Event::Order(_, d)) = events.get(1) {
        println!("second is an order of {}", d);
    }
    let last = events.last().cloned();
    println!("{:?}", last);
    assert_eq!(events.len(), 3, "three events");
    assert!(events.len() < 5);
    let nested = Some(Ok::<u8, String>(3));
    if let Some(Ok(n)) = nested { println!("nested {}", n); }
}

// expect: table 1 seats 2
// expect: table 1 wants soup
// expect: table 1 leaves
// expect: true
// expect: Some(1)
// expect: (1, 1)
// expect: second is an order of soup
// expect: Some(Leave(1))
// expect: nested 3
