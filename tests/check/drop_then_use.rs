fn main() {
    let menu = String::from("soup of the day");
    drop(menu);
    println!("{}", menu.len());
}
// exact: rustc's whole stderr
