// parse's error is ParseIntError { kind }: its Display is rustc's text, its Debug the derived one,
// and unwrap() panics with it. Expected output: rustc 1.95.
fn main() {
    match "x1".parse::<i32>() { Err(e) => println!("{} | {:?} | {}", e, e, e.to_string()), Ok(v) => println!("{}", v) }
    match "".parse::<u8>() { Err(e) => println!("{}", e), Ok(v) => println!("{}", v) }
    match "99999999999999999999".parse::<i64>() { Err(e) => println!("{}", e), Ok(v) => println!("{}", v) }
    let r: Result<i32, _> = "12".parse();
    println!("{:?}", r);
    let n: i32 = "abc".parse().unwrap();
    println!("{}", n);
}
// expect: invalid digit found in string | ParseIntError { kind: InvalidDigit } | invalid digit found in string
// expect: cannot parse integer from empty string
// expect: number too large to fit in target type
// expect: Ok(12)
// expect-exit: 101
// expect-stderr: called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }
