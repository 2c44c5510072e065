// Iterator and String corners: collect() into a String (by annotation or turbofish), |&x| and
// |&&x| closure patterns, split, to_vec, repeat, trim; enum discriminants cast with `as`.
fn main() {
    let v: Vec<u8> = vec![200, 100, 30];
    let s: u32 = v.iter().map(|&x| x as u32).sum();
    println!("{}", s);
    let big = v.iter().filter(|x| **x > 50).count();
    println!("{}", big);
    let rev: String = "stressed".chars().rev().collect();
    println!("{}", rev);
    let doubled = v.iter().map(|x| *x as u16 * 2).collect::<Vec<_>>();
    println!("{:?}", doubled);
    if let Some(x) = v.iter().find(|&&x| x < 50) {
        println!("found {}", x);
    }
    let avg = s as f64 / v.len() as f64;
    println!("{:.3}", avg);
    for (a, b) in [(0, 1), (2, 0), (3, 3)] {
        let r = match (a, b) {
            (0, _) => "a zero",
            (_, 0) => "b zero",
            (x, y) if x == y => "same",
            _ => "other",
        };
        println!("{}", r);
    }
    let words = vec!["apple", "bob", "kayak"];
    let pals: Vec<&str> = words.iter().filter(|w| w.chars().rev().collect::<String>() == **w).cloned().collect();
    println!("{:?}", pals);
    let mut total = 0;
    for x in &v { total += *x as u64; }
    println!("{}", total);
    let nums = [3, 1, 2];
    let mut sorted = nums.to_vec();
    sorted.sort();
    println!("{:?} {:?}", nums, sorted);
    let m = nums.iter().max().unwrap();
    let pos = nums.iter().position(|&n| n == *m).unwrap();
    println!("{} at {}", m, pos);
    let text = String::from("a,b,,c");
    let parts: Vec<&str> = text.split(',').collect();
    println!("{:?} {}", parts, parts.len());
    println!("{}", "Hi".repeat(3));
    let t = "  pad  ".trim();
    println!("[{}] {}", t, t.starts_with("pa"));
}

// expect: 330
// expect: 2
// expect: desserts
// expect: [400, 200, 60]
// expect: found 30
// expect: 110.000
// expect: a zero
// expect: b zero
// expect: same
// expect: ["bob", "kayak"]
// expect: 330
// expect: [3, 1, 2] [1, 2, 3]
// expect: 3 at 0
// expect: ["a", "b", "", "c"] 4
// expect: HiHiHi
// expect: [pad] true
