// A std method that runs a closure at every depth of a recursion: somewhere the thread's value
// stack must grow while the method is running (it holds its receiver and arguments there).
fn walk(depth: u32, v: &Vec<u32>) -> u32 {
    if depth == 0 {
        return 0;
    }
    let hits = v.iter().filter(|x| **x % 3 == depth % 3).count() as u32;
    let any = v.iter().any(|x| *x == depth);
    walk(depth - 1, v) + hits + if any { 1 } else { 0 }
}
fn main() {
    let v: Vec<u32> = (0..40).collect();
    let mut total = 0;
    for round in 0..4u32 {
        total += walk(300 + round * 37, &v);
    }
    println!("{}", total);
}
// expect: 19115
