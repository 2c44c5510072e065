// Traits: a user trait with a default method, called through `&dyn`, `Box<dyn>` and a generic
// bound; `impl fmt::Display` (not padded by a width, as Rust's `write!`-based impls are not);
// `write!`/`writeln!` into a String.
use std::fmt;
use std::sync::mpsc;
use std::thread;

#[derive(Debug, Clone)]
enum Dish { Soup, Steak { doneness: String }, Pie(u8) }

impl fmt::Display for Dish {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Dish::Soup => write!(f, "soup"),
            Dish::Steak { doneness } => write!(f, "steak ({})", doneness),
            Dish::Pie(n) => write!(f, "{} slice(s) of pie", n),
        }
    }
}

struct Ticket { table: u32, dish: Dish }

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table {}: {}", self.table, self.dish)
    }
}

trait Station {
    fn name(&self) -> String;
    fn prepare(&self, t: &Ticket) -> String {
        format!("{} prepares {}", self.name(), t.dish)
    }
}

struct Grill;
struct Oven { temp: u32 }

impl Station for Grill {
    fn name(&self) -> String { "grill".to_string() }
}
impl Station for Oven {
    fn name(&self) -> String { format!("oven@{}", self.temp) }
    fn prepare(&self, t: &Ticket) -> String {
        format!("{} bakes {} for table {}", self.name(), t.dish, t.table)
    }
}

fn announce(s: &dyn Station, t: &Ticket) {
    println!("{}", s.prepare(t));
}

fn describe<T: Station>(s: &T) -> String {
    s.name().to_uppercase()
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        tx.send(Ticket { table: 1, dish: Dish::Soup }).unwrap();
        tx.send(Ticket { table: 2, dish: Dish::Steak { doneness: "rare".to_string() } }).unwrap();
        tx.send(Ticket { table: 3, dish: Dish::Pie(2) }).unwrap();
    });
    let stations: Vec<Box<dyn Station>> = vec![Box::new(Grill), Box::new(Oven { temp: 220 })];
    for (i, t) in rx.iter().enumerate() {
        println!("{}", t);
        println!("[{:>20}] [{:?}]", t.dish, t.dish);
        announce(stations[i % 2].as_ref(), &t);
        let s = t.dish.to_string();
        println!("{} chars", s.len());
    }
    h.join().unwrap();
    println!("{} {}", describe(&Grill), describe(&Oven { temp: 180 }));
    let mut log = String::new();
    use std::fmt::Write;
    write!(log, "{}-{}", 1, 2).unwrap();
    writeln!(log, "!").unwrap();
    print!("{}", log);
}

// expect: table 1: soup
// expect: [soup] [Soup]
// expect: grill prepares soup
// expect: 4 chars
// expect: table 2: steak (rare)
// expect: [steak (rare)] [Steak { doneness: "rare" }]
// expect: oven@220 bakes steak (rare) for table 2
// expect: 12 chars
// expect: table 3: 2 slice(s) of pie
// expect: [2 slice(s) of pie] [Pie(2)]
// expect: grill prepares 2 slice(s) of pie
// expect: 17 chars
// expect: GRILL OVEN@180
// expect: 1-2!
