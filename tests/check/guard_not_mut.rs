use std::sync::Mutex;

fn main() {
    let m = Mutex::new(5);
    {
        let num = m.lock().unwrap();
        *num = 6;
    }
    let v = Vec::new();
    v.push(1);
    println!("m = {m:?} {v:?}");
}
// The Book's Listing 16-12 with `let num` for `let mut num`, and a Vec pushed to.
// exact: rustc's whole stderr
