// Fire-and-forget logging: channel()
// The kitchen never waits for the logbook: each log line is sent on an unbounded channel
// and the logger thread writes them down in order, at its own pace (no blocking).
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (log, lines) = mpsc::channel::<String>();

    let logger = thread::spawn(move || {
        let mut count = 0;
        for line in lines {
            thread::sleep(Duration::from_millis(150)); // writing is slow
            println!("[log] {}", line);
            count += 1;
        }
        count
    });

    for table in 1..=4 {
        log.send(format!("table {} seated", table)).unwrap(); // returns at once
        thread::sleep(Duration::from_millis(100));
        log.send(format!("table {} served", table)).unwrap();
    }
    drop(log); // the logger finishes what is queued, then stops

    let written = logger.join().unwrap();
    println!("{} lines logged", written);
}
