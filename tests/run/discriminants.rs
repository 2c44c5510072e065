use std::sync::mpsc;
use std::thread;

#[derive(Debug, Clone)]
struct Ticket(u32, String);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Size {
    Small = 1,
    Large = 10,
}

const MENU: [&str; 3] = ["soup", "stew", "salad"];
static GREETING: &str = "Welcome";
const MAX_ORDERS: usize = 4;

struct Unit;

fn price(s: Size) -> u32 {
    s as u32 * 3
}

fn main() {
    println!("{}!", GREETING);
    let (tx, rx) = mpsc::sync_channel::<Ticket>(MAX_ORDERS);
    let h = thread::spawn(move || {
        let mut seen = Vec::new();
        while let Ok(Ticket(n, dish)) = rx.recv() {
            seen.push(format!("{}#{}", dish, n));
        }
        seen
    });
    for (i, dish) in MENU.iter().enumerate() {
        tx.send(Ticket(i as u32, dish.to_string())).unwrap();
    }
    drop(tx);
    let seen = h.join().unwrap();
    println!("{}", seen.join(", "));
    let t = Ticket(9, "pie".into());
    println!("{:?} {} {}", t, t.0, t.1);
    println!("{} {} {:?}", price(Size::Small), price(Size::Large), Size::Large);
    println!("{}", Size::Small == Size::Large);
    let _u = Unit;
    let sizes = [Size::Small, Size::Large, Size::Small];
    let n = sizes.iter().filter(|&&s| s == Size::Small).count();
    println!("{}", n);
    println!("{}", MENU.len() * MAX_ORDERS);
}

// expect: Welcome!
// expect: soup#0, stew#1, salad#2
// expect: Ticket(9, "pie") 9 pie
// expect: 3 30 Large
// expect: false
// expect: 2
// expect: 12
