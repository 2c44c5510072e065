// Default methods, `impl Default`, a manual `impl fmt::Debug` (also inside a Vec, an Option and a
// derived Debug), `impl Trait` and `&[&dyn Trait]` parameters, `&mut self` trait methods.
use std::fmt;

#[derive(Clone, Copy, PartialEq)]
struct Money { cents: u64 }

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "${}.{:02}", self.cents / 100, self.cents % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:?}", self)
    }
}

#[derive(Debug)]
struct Config { chefs: usize, slots: usize }

impl Default for Config {
    fn default() -> Self { Config { chefs: 2, slots: 4 } }
}

trait Priced {
    fn price(&self) -> Money;
    fn with_tip(&self, pct: u64) -> Money {
        let p = self.price();
        Money { cents: p.cents + p.cents * pct / 100 }
    }
    fn label() -> &'static str where Self: Sized { "item" }
}

struct Coffee;
impl Priced for Coffee {
    fn price(&self) -> Money { Money { cents: 350 } }
}

fn total(items: &[&dyn Priced]) -> Money {
    Money { cents: items.iter().map(|i| i.price().cents).sum() }
}

fn show(p: impl Priced) {
    println!("{} with tip {}", p.price(), p.with_tip(20));
}

struct Counter { n: u32 }
impl Counter {
    fn new() -> Self { Counter { n: 0 } }
}
trait Tick { fn tick(&mut self) -> u32; }
impl Tick for Counter {
    fn tick(&mut self) -> u32 { self.n += 1; self.n }
}

fn main() {
    let m = Money { cents: 1234 };
    println!("{} {:?} {}", m, m, m.to_string().len());
    let c = Config::default();
    println!("{:?}", c);
    println!("{}", total(&[&Coffee, &Coffee]));
    show(Coffee);
    println!("{}", Coffee::label());
    let mut k = Counter::new();
    k.tick();
    println!("{}", k.tick());
    let v = vec![m, Money { cents: 5 }];
    println!("{:?}", v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    extra();
}
fn extra() {
    let v = vec![Money { cents: 100 }, Money { cents: 5 }];
    println!("{:?} {:?}", v, Some(v[0]));
    #[derive(Debug)]
    struct Bill { total: Money, items: Vec<Money> }
    println!("{:?}", Bill { total: Money { cents: 105 }, items: v.clone() });
    println!("{:#?}", Bill { total: Money { cents: 1 }, items: vec![] });
    println!("[{:>8?}] [{:>8}]", Money { cents: 1 }, Money { cents: 2 });
}

// expect: $12.34 $12.34 6
// expect: Config { chefs: 2, slots: 4 }
// expect: $7.00
// expect: $3.50 with tip $4.20
// expect: item
// expect: 2
// expect: ["$12.34", "$0.05"]
// expect: [$1.00, $0.05] Some($1.00)
// expect: Bill { total: $1.05, items: [$1.00, $0.05] }
// expect: Bill {
// expect:     total: $0.01,
// expect:     items: [],
// expect: }
// expect: [$0.01] [$0.02]
