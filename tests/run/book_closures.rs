// The Rust Book's chapter 13 (closures and iterators): unwrap_or_else with a method call, a
// closure that borrows mutably, sort_by_key counting its calls (6: Rust's insertion sort of a
// short slice calls the key twice per comparison), filter into a Vec. An Option of a Copy
// type is Copy. Expected output: rustc 1.95.
#[derive(Debug, PartialEq, Copy, Clone)]
enum ShirtColor { Red, Blue }

struct Inventory { shirts: Vec<ShirtColor> }

impl Inventory {
    fn giveaway(&self, user_preference: Option<ShirtColor>) -> ShirtColor {
        user_preference.unwrap_or_else(|| self.most_stocked())
    }
    fn most_stocked(&self) -> ShirtColor {
        let mut num_red = 0;
        let mut num_blue = 0;
        for color in &self.shirts {
            match color {
                ShirtColor::Red => num_red += 1,
                ShirtColor::Blue => num_blue += 1,
            }
        }
        if num_red > num_blue { ShirtColor::Red } else { ShirtColor::Blue }
    }
}

#[derive(PartialEq, Debug)]
struct Shoe { size: u32, style: String }

fn shoes_in_size(shoes: Vec<Shoe>, shoe_size: u32) -> Vec<Shoe> {
    shoes.into_iter().filter(|s| s.size == shoe_size).collect()
}

#[derive(Debug)]
struct Rectangle { width: u32, height: u32 }

fn main() {
    let store = Inventory { shirts: vec![ShirtColor::Blue, ShirtColor::Red, ShirtColor::Blue] };
    let user_pref1 = Some(ShirtColor::Red);
    let giveaway1 = store.giveaway(user_pref1);
    println!("The user with preference {:?} gets {:?}", user_pref1, giveaway1);
    let user_pref2 = None;
    let giveaway2 = store.giveaway(user_pref2);
    println!("The user with preference {:?} gets {:?}", user_pref2, giveaway2);

    let mut list = vec![1, 2, 3];
    println!("Before defining closure: {list:?}");
    let mut borrows_mutably = || list.push(7);
    borrows_mutably();
    println!("After calling closure: {list:?}");

    let mut list = [
        Rectangle { width: 10, height: 1 },
        Rectangle { width: 3, height: 5 },
        Rectangle { width: 7, height: 12 },
    ];
    let mut num_sort_operations = 0;
    list.sort_by_key(|r| {
        num_sort_operations += 1;
        r.width
    });
    println!("{list:#?}, sorted in {num_sort_operations} operations");

    let v1: Vec<i32> = vec![1, 2, 3];
    let v2: Vec<_> = v1.iter().map(|x| x + 1).collect();
    assert_eq!(v2, vec![2, 3, 4]);
    let total: i32 = v1.iter().sum();
    println!("{total}");
    let shoes = vec![
        Shoe { size: 10, style: String::from("sneaker") },
        Shoe { size: 13, style: String::from("sandal") },
        Shoe { size: 10, style: String::from("boot") },
    ];
    let in_my_size = shoes_in_size(shoes, 10);
    println!("{:?}", in_my_size);
    let expensive_closure = |num: u32| -> u32 { num * 2 };
    println!("{}", expensive_closure(21));
}
// expect: The user with preference Some(Red) gets Red
// expect: The user with preference None gets Blue
// expect: Before defining closure: [1, 2, 3]
// expect: After calling closure: [1, 2, 3, 7]
// expect: [
// expect:     Rectangle {
// expect:         width: 3,
// expect:         height: 5,
// expect:     },
// expect:     Rectangle {
// expect:         width: 7,
// expect:         height: 12,
// expect:     },
// expect:     Rectangle {
// expect:         width: 10,
// expect:         height: 1,
// expect:     },
// expect: ], sorted in 6 operations
// expect: 6
// expect: [Shoe { size: 10, style: "sneaker" }, Shoe { size: 10, style: "boot" }]
// expect: 42
