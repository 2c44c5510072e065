fn longer(a: &str, b: &str) -> &str {
    if a.len() > b.len() { a } else { b }
}

fn main() {
    let soup = String::from("tomato soup");
    println!("{}", longer(soup.as_str(), "bread"));
}
// Two references in, one out: which one it borrows from must be named (the Book's Listing 10-20).
// exact: rustc's whole stderr
