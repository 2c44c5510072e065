use std::thread;

fn main() {
    let orders = vec![1, 2, 3];
    thread::spawn(|| {
        let station0 = 0;
        let station1 = 1;
        let station2 = 2;
        let station3 = 3;
        let station4 = 4;
        let station5 = 5;
        let station6 = 6;
        let station7 = 7;
        let station8 = 8;
        let station9 = 9;
        println!("{:?}", orders);
    })
    .join()
    .unwrap();
}
// A long closure: rustc's note shows its first lines and its last two.
// exact: rustc's whole stderr
