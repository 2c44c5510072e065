// #[derive(Default)] (numbers, String, Vec, Option, Duration, f64, bool, tuples, arrays, Arc<Mutex<..>>,
// nested structs, a unit struct) and struct update syntax, from Default::default() and from a value.
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Default, Clone, PartialEq)]
struct Settings { chefs: usize, name: String, tags: Vec<String>, limit: Option<u32>, pause: Duration, ratio: f64, on: bool, pair: (u8, char) }

#[derive(Debug, Default)]
struct Kitchen { settings: Settings, log: Arc<Mutex<Vec<String>>>, slots: [u8; 3] }

#[derive(Debug, Default)]
struct Unit;

fn main() {
    let s = Settings::default();
    println!("{:?}", s);
    let custom = Settings { chefs: 3, name: "night".to_string(), ..Default::default() };
    println!("{:?}", custom);
    let copy = Settings { on: true, ..custom.clone() };
    println!("{} {} {}", copy.name, copy.on, copy == custom);
    let k = Kitchen::default();
    k.log.lock().unwrap().push("open".into());
    println!("{:?} {:?}", k, Unit::default());
}

// expect: Settings { chefs: 0, name: "", tags: [], limit: None, pause: 0ns, ratio: 0.0, on: false, pair: (0, '\0') }
// expect: Settings { chefs: 3, name: "night", tags: [], limit: None, pause: 0ns, ratio: 0.0, on: false, pair: (0, '\0') }
// expect: night true false
// expect: Kitchen { settings: Settings { chefs: 0, name: "", tags: [], limit: None, pause: 0ns, ratio: 0.0, on: false, pair: (0, '\0') }, log: Mutex { data: ["open"], poisoned: false, .. }, slots: [0, 0, 0] } Unit
