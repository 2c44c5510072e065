// Width and alignment in Debug: rustc 1.95 pads numbers, bool and (), and the fields inside
// a struct, tuple, Vec or variant, but writes a char's or a str's Debug text, and a unit
// variant's name, without padding.
#[derive(Debug)]
enum E { Idle, Done(u32) }
#[derive(Debug)]
struct S { a: u8 }
fn main() {
    println!("[{:>6?}] [{:>6?}] [{:>6?}] [{:>6?}] [{:>8?}]", 'q', true, 1.5, "ab", String::from("cd"));
    println!("[{:>6?}] [{:>6?}] [{:>6?}] [{:>9?}]", E::Idle, E::Done(2), S { a: 1 }, (1, "x"));
    println!("[{:>6?}] [{:>6?}] [{:>6?}]", Some("x"), None::<i32>, vec![1, 2]);
    println!("[{:06?}] [{:<5?}] [{:^7?}]", -3, 2u8, ());
    println!("[{:>8}] [{:>8}]", true, 'c');
}

// expect: ['q'] [  true] [   1.5] ["ab"] ["cd"]
// expect: [Idle] [Done(     2)] [S { a:      1 }] [(        1, "x")]
// expect: [Some("x")] [None] [[     1,      2]]
// expect: [-00003] [2    ] [  ()   ]
// expect: [    true] [       c]
