// Borrows rustc accepts (non-lexical lifetimes): each reference's last use comes before the
// change, a change in a branch its use does not reach, disjoint fields, two-phase borrows.
struct Order {
    name: String,
    count: u32,
}

fn main() {
    let mut v = vec![1, 2, 3];
    let r = &v;
    println!("{r:?}");
    v.push(4);

    let first = &v[0];
    v.push(*first);

    let m = &mut v;
    m.push(5);
    println!("{v:?}");

    let mut s = String::from("hello");
    let r1 = &s;
    let r2 = &s;
    println!("{r1} and {r2}");
    let r3 = &mut s;
    r3.push('!');
    println!("{s}");

    let mut o = Order { name: String::from("soup"), count: 1 };
    let name = &o.name;
    o.count += 1;
    println!("{name} {}", o.count);

    let mut x = 1;
    let rx = &x;
    let copy = x;
    println!("{rx} {copy}");
    x += 1;

    let r = &v;
    if x > 5 {
        v.push(9);
    } else {
        println!("{}", r.len());
    }
    let r = 7;
    v.push(r);
    v.push(v.len() as i32);
    println!("{v:?} {x}");
}
// expect: [1, 2, 3]
// expect: [1, 2, 3, 4, 1, 5]
// expect: hello and hello
// expect: hello!
// expect: soup 2
// expect: 1 1
// expect: 6
// expect: [1, 2, 3, 4, 1, 5, 7, 7] 2
