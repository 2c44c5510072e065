// expect: 9:14: 2 positional arguments in format string, but there is 1 argument
// expect: 10:14: 1 positional argument in format string, but no arguments were given
// expect: 11:14: invalid reference to positional argument 2 (there are 2 arguments)
// expect: 12:23: argument never used
// expect: 13:32: named argument never used
// expect: 14:17: invalid format string: unmatched `}` found
// expect: 15:14: format argument must be a string literal
fn main() {
    println!("{} {}", 1);
    println!("{}");
    println!("{0} {2}", 1, 2);
    println!("{}", 1, 2);
    println!("{x} {y}", y = 2, z = 3);
    println!("a } b");
    println!(x);
    println!("fine: {x} {:>w$} {:.*} {{}}", 1, 2, 3.0, w = 4);
    assert!(x > 1, "fine {}", x);
}
