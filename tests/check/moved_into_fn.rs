fn serve(dish: String) {
    println!("serving {}", dish);
}

fn main() {
    let dish = String::from("risotto");
    serve(dish);
    serve(dish);
}
