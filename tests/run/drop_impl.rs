// impl Drop: Rust's drop order — locals in reverse at their scope's end, a moved value by its
// new owner, drop(x) at once, a Vec's items in order, a struct's own drop before its fields',
// temporaries at their statement's end, a shadowed value at the scope's end, a replaced one at
// the assignment, a thread's at its end (a Drop that sends a last message).
use std::sync::mpsc;
use std::thread;

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

struct Pair {
    first: Noisy,
    second: Noisy,
}

impl Drop for Pair {
    fn drop(&mut self) {
        println!("drop the pair of {} and {}", self.first.0, self.second.0);
    }
}

struct Shift {
    name: String,
    tx: mpsc::Sender<String>,
}

impl Drop for Shift {
    fn drop(&mut self) {
        let _ = self.tx.send(format!("{} clocks out", self.name));
    }
}

fn take(n: Noisy) {
    println!("took {}", n.0);
}

fn make(name: &'static str) -> Noisy {
    Noisy(name)
}

fn main() {
    let _a = Noisy("a");
    let b = Noisy("b");
    {
        let _inner = Noisy("inner");
        println!("end of inner block");
    }
    take(b);
    let _p = Pair { first: Noisy("p1"), second: Noisy("p2") };
    let v = vec![Noisy("v1"), Noisy("v2"), Noisy("v3")];
    drop(v);
    make("temporary");
    println!("after the temporary");
    let s = Noisy("shadowed");
    let s = Noisy("shadowing");
    println!("{} is in use", s.0);
    let mut slot = Noisy("first value");
    slot = Noisy("second value");
    println!("{} assigned", slot.0);
    if let Some(n) = Some(Noisy("in an option")) {
        println!("unwrapped {}", n.0);
    }
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        let _shift = Shift { name: String::from("chef"), tx };
        println!("chef cooks");
    });
    h.join().unwrap();
    for msg in rx {
        println!("{msg}");
    }
    println!("end of main");
}
// expect: end of inner block
// expect: drop inner
// expect: took b
// expect: drop b
// expect: drop v1
// expect: drop v2
// expect: drop v3
// expect: drop temporary
// expect: after the temporary
// expect: shadowing is in use
// expect: drop first value
// expect: second value assigned
// expect: unwrapped in an option
// expect: drop in an option
// expect: chef cooks
// expect: chef clocks out
// expect: end of main
// expect: drop second value
// expect: drop shadowing
// expect: drop shadowed
// expect: drop the pair of p1 and p2
// expect: drop p1
// expect: drop p2
// expect: drop a
