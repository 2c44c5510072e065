use std::thread;

fn main() {
    let orders = vec![1, 2, 3];
    let chef = thread::spawn(move || {
        println!("cooking {:?}", orders);
    });
    println!("{:?}", orders);
    chef.join().unwrap();
}
// exact: rustc's whole stderr
