// The Rust Book's Listings 15-14 and 15-16: CustomSmartPointer's drop, at main's end and by drop(e).
struct CustomSmartPointer {
    data: String,
}

impl Drop for CustomSmartPointer {
    fn drop(&mut self) {
        println!("Dropping CustomSmartPointer with data `{}`!", self.data);
    }
}

fn main() {
    let c = CustomSmartPointer {
        data: String::from("my stuff"),
    };
    let d = CustomSmartPointer {
        data: String::from("other stuff"),
    };
    println!("CustomSmartPointers created.");
    let e = CustomSmartPointer { data: String::from("early") };
    drop(e);
    println!("CustomSmartPointer dropped before the end of main.");
}
// expect: CustomSmartPointers created.
// expect: Dropping CustomSmartPointer with data `early`!
// expect: CustomSmartPointer dropped before the end of main.
// expect: Dropping CustomSmartPointer with data `other stuff`!
// expect: Dropping CustomSmartPointer with data `my stuff`!
