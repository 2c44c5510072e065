// OnceLock (std's doc example: set from a thread, then Some(&12345)), Once::call_once from four
// threads, set twice, and a LazyLock static computed at its first use.
use std::collections::HashMap;
use std::sync::{LazyLock, Once, OnceLock};
use std::thread;

static CELL: OnceLock<usize> = OnceLock::new();
static INIT: Once = Once::new();
static MENU: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    println!("printing the menu");
    HashMap::from([("soup", 4), ("pie", 6)])
});

fn main() {
    // `OnceLock` has not been written to yet.
    assert!(CELL.get().is_none());

    // Spawn a thread and write to `OnceLock`.
    thread::spawn(|| {
        let value = CELL.get_or_init(|| 12345);
        assert_eq!(value, &12345);
    })
    .join()
    .unwrap();

    // `OnceLock` now contains the value.
    assert_eq!(CELL.get(), Some(&12345));
    println!("{:?}", CELL.get());

    let handles: Vec<_> = (0..4)
        .map(|i| {
            thread::spawn(move || {
                INIT.call_once(|| println!("opening the kitchen (once)"));
                i
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("completed: {}", INIT.is_completed());

    let cell: OnceLock<String> = OnceLock::new();
    println!("{:?}", cell);
    println!("{:?}", cell.set(String::from("first")));
    println!("{:?}", cell.set(String::from("second")));
    println!("{:?} {:?}", cell.get(), cell);

    println!("before the menu");
    println!("soup costs {}", MENU["soup"]);
    println!("pie costs {}", MENU.get("pie").unwrap());
    println!("{}", LazyLock::force(&MENU).len());
}
// expect: Some(12345)
// expect: opening the kitchen (once)
// expect: completed: true
// expect: OnceLock(<uninit>)
// expect: Ok(())
// expect: Err("second")
// expect: Some("first") OnceLock("first")
// expect: before the menu
// expect: printing the menu
// expect: soup costs 4
// expect: pie costs 6
// expect: 2
