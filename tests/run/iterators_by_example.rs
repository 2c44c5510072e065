// Iterators as Rust by Example and the std docs use them: infinite ranges cut by take_while,
// any/find, chars().rev(), windows, fold, max_by_key, zip, filter_map with parse, dedup, and
// rev() through map, filter and chain (the closure sees the items in reverse). rustc 1.95's output.
fn is_odd(n: u32) -> bool { n % 2 == 1 }
fn main() {
    let upper = 1000;
    let mut acc = 0;
    for n in 0.. {
        let n_squared = n * n;
        if n_squared >= upper { break; } else if is_odd(n_squared) { acc += n_squared; }
    }
    println!("imperative style: {}", acc);
    let sum_of_squared_odd_numbers: u32 =
        (0..).map(|n| n * n)
             .take_while(|&n_squared| n_squared < upper)
             .filter(|&n_squared| is_odd(n_squared))
             .sum();
    println!("functional style: {}", sum_of_squared_odd_numbers);
    let vec1 = vec![1, 2, 3];
    let vec2 = vec![4, 5, 6];
    println!("2 in vec1: {}", vec1.iter().any(|&x| x == 2));
    println!("2 in vec2: {}", vec2.into_iter().any(|x| x == 2));
    let array1 = [1, 2, 3];
    let mut iter = array1.iter();
    println!("Find 2 in array1: {:?}", iter.find(|&&x| x == 2));
    let s = "hello world";
    let rev: String = s.chars().rev().collect();
    println!("{}", rev);
    let v = vec![1, 5, 2, 8, 3];
    let pairs: Vec<(i32, i32)> = v.windows(2).map(|w| (w[0], w[1])).collect();
    println!("{:?}", pairs);
    let total = v.iter().fold(0, |acc, x| acc + x);
    let maxi = v.iter().enumerate().max_by_key(|(_, &x)| x).unwrap();
    println!("{} {:?} {:?}", total, maxi, v.iter().skip(1).step_by(2).collect::<Vec<_>>());
    let names = vec!["Ann", "Bob"];
    let ages = vec![30, 40];
    for (n, a) in names.iter().zip(ages.iter()) { println!("{} is {}", n, a); }
    let mut count = 0;
    let mut inc = || { count += 1; count };
    inc(); inc();
    println!("count {}", count);
    let strings = vec!["7", "x", "42"];
    let nums: Vec<i32> = strings.iter().filter_map(|s| s.parse().ok()).collect();
    let all = strings.iter().any(|s| s.parse::<i32>().is_err());
    println!("{:?} {}", nums, all);
    let text = "one two three two";
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.sort();
    words.dedup();
    println!("{:?} {}", words, text.split(' ').filter(|w| w.len() == 3).count());
    let c: Vec<i32> = (1..=3).chain(7..9).rev().collect();
    println!("{:?} {:?} {:?}", c, c.iter().min(), c.iter().map(|x| x * 2).last());
    reversed();
}
fn reversed() {
    let v = vec![1, 2, 3];
    let w: Vec<i32> = v.iter().map(|x| { print!("{} ", x); x * 2 }).rev().collect();
    println!("{:?}", w);
    let z: Vec<i32> = (1..4).chain(10..12).filter(|x| x % 2 == 1).rev().collect();
    println!("{:?}", z);
}
// expect: imperative style: 5456
// expect: functional style: 5456
// expect: 2 in vec1: true
// expect: 2 in vec2: false
// expect: Find 2 in array1: Some(2)
// expect: dlrow olleh
// expect: [(1, 5), (5, 2), (2, 8), (8, 3)]
// expect: 19 (3, 8) [5, 8]
// expect: Ann is 30
// expect: Bob is 40
// expect: count 2
// expect: [7, 42] true
// expect: ["one", "three", "two"] 3
// expect: [8, 7, 3, 2, 1] Some(1) Some(2)
// expect: 3 2 1 [6, 4, 2]
// expect: [11, 3, 1]
