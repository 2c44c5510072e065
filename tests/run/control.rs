// Control flow, patterns, loops, closures, strings and Vec.
fn fib(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    fib(n - 1) + fib(n - 2)
}

fn classify(n: i32) -> &'static str {
    match n {
        i32::MIN..=-1 => "negative",
        0 => "zero",
        1 | 2 | 3 => "small",
        x if x % 2 == 0 => "even",
        _ => "odd",
    }
}

fn main() {
    println!("fib(20) = {}", fib(20));
    for n in [-5, 0, 2, 10, 11] {
        print!("{} ", classify(n));
    }
    println!();
    let mut count = 0;
    'outer: loop {
        loop {
            count += 1;
            if count > 5 {
                break 'outer;
            }
            if count % 2 == 0 {
                continue 'outer;
            }
        }
    }
    let doubled = loop {
        break count * 2;
    };
    println!("count={} doubled={}", count, doubled);
    for i in (0..10).rev().step_by(3) {
        print!("{} ", i);
    }
    println!();
    for (i, c) in "abc".chars().enumerate() {
        print!("{}{} ", i, c);
    }
    println!();
    let mut v = vec![3, 1, 2];
    v.push(0);
    v.sort();
    println!("{:?} len={} first={:?} contains(2)={}", v, v.len(), v.first(), v.contains(&2));
    while let Some(top) = v.pop() {
        print!("{};", top);
    }
    println!();
    let words = vec!["a", "b", "c"];
    println!("{}", words.join("-"));
    let mut s = String::from("ab");
    s.push('c');
    s.push_str("de");
    s += "f";
    let t = s.clone() + "!";
    println!("{} {} {} {}", s, t, s.len(), s == "abcdef");
    let add = |a: i32, b: i32| a + b;
    let base = 10;
    let add_base = move |x: i32| x + base;
    println!("{} {}", add(2, 3), add_base(5));
    let total: u64 = (1..=10).sum();
    let v2 = vec![0; 3];
    println!("{} {:?} {}", total, v2, if total > 50 { "big" } else { "small" });
    let (a, b, c) = (1, "two", 3.0);
    println!("{} {} {}", a, b, c);
    let opt: Option<i32> = None;
    println!("{} {} {}", opt.unwrap_or(9), Some(3).is_some(), opt.is_none());
    if let Some(x) = Some(4) {
        println!("some {}", x);
    }
    let n = 300;
    println!("{} {} {} {}", n as u8, -1i32 as u32, 3.99_f64 as i32, 'A' as u8 + 1);
    let shadow = 5;
    let shadow = shadow * 2;
    {
        let shadow = "inner";
        println!("{}", shadow);
    }
    println!("{}", shadow);
    // A break value with a loop of its own; compound assignment to fields and elements.
    let steps = loop {
        break {
            let mut k = 0;
            while k < 3 {
                k += 1;
            }
            k
        };
    };
    let mut pair = (1, String::from("a"));
    pair.0 += 41;
    pair.1 += "b";
    let mut xs = vec![1, 2];
    xs[1] *= 10;
    println!("{} {:?} {:?}", steps, pair, xs);
}
// expect: fib(20) = 6765
// expect: negative zero small even odd 
// expect: count=6 doubled=12
// expect: 9 6 3 0 
// expect: 0a 1b 2c 
// expect: [0, 1, 2, 3] len=4 first=Some(0) contains(2)=true
// expect: 3;2;1;0;
// expect: a-b-c
// expect: abcdef abcdef! 6 true
// expect: 5 15
// expect: 55 [0, 0, 0] big
// expect: 1 two 3
// expect: 9 true true
// expect: some 4
// expect: 44 4294967295 3 66
// expect: inner
// expect: 10
// expect: 3 (42, "ab") [1, 20]
