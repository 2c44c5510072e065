// expect: 6:14: invalid suffix `u7` for number literal
// expect: 7:15: unknown character escape: `q`
// expect: 8:13: empty character literal
// expect: 9:19: comparison operators cannot be chained
fn main() {
    let a = 1u7;
    let b = "a\qb";
    let c = '';
    let d = 1 < 2 < 3;
}
