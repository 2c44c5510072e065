// Collecting into a Result or an Option stops at the first Err or None, as Rust's does (the
// closure is not called again: Rust by Example's 'Iterating over Results'), by a let's type, a
// turbofish or a fn's return type; parse's error is ParseIntError { kind }, its Display rustc's
// text. Expected output: rustc 1.95.
use std::num::ParseIntError;

fn parse_all(strings: &[&str]) -> Result<Vec<i32>, ParseIntError> {
    strings.iter().map(|s| s.parse::<i32>()).collect()
}

fn firsts(words: &[&str]) -> Option<Vec<char>> {
    words.iter().map(|w| w.chars().next()).collect()
}

fn main() {
    let strings = vec!["42", "tofu", "93", "18"];
    let numbers: Result<Vec<_>, _> = strings
        .iter()
        .map(|s| { println!("parsing {}", s); s.parse::<i32>() })
        .collect();
    println!("Results: {:?}", numbers);
    let good = vec!["7", "8"];
    let ok: Result<Vec<i32>, _> = good.iter().map(|s| s.parse::<i32>()).collect();
    println!("{:?} {:?}", ok, parse_all(&["1", "x"]).is_err());
    let total = good.iter().map(|s| s.parse::<i32>()).collect::<Result<Vec<_>, _>>().map(|v| v.iter().sum::<i32>());
    println!("{:?}", total);
    println!("{:?} {:?}", firsts(&["ab", "cd"]), firsts(&["ab", ""]));
    let numbers: Vec<_> = strings.iter().filter_map(|s| s.parse::<i32>().ok()).collect();
    println!("Results: {:?}", numbers);
    let (numbers, errors): (Vec<_>, Vec<_>) = strings.iter().map(|s| s.parse::<i32>()).partition(Result::is_ok);
    let numbers: Vec<_> = numbers.into_iter().map(Result::unwrap).collect();
    println!("Numbers: {:?} errors {}", numbers, errors.len());
}
// expect: parsing 42
// expect: parsing tofu
// expect: Results: Err(ParseIntError { kind: InvalidDigit })
// expect: Ok([7, 8]) true
// expect: Ok(15)
// expect: Some(['a', 'c']) None
// expect: Results: [42, 93, 18]
// expect: Numbers: [42, 93, 18] errors 1
