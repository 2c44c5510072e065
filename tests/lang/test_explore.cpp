// test_explore.cpp — every possible outcome of small programs whose outcome sets are worked out
// by hand (two and three senders racing, a lock-order deadlock, a rendezvous with prints on
// both sides, a lost update through an atomic's load and store, try_recv racing a send, two
// sleeps ending at one instant, a receiver looking before or after a sender's end, the Rust
// Book's Mutex counter), complete despite the pruning, each outcome's schedule replaying it;
// the budget's word when it runs out, and a spinning schedule cut at its limit.
#include <doctest/doctest.h>

#include <brigade/lang/compiler.hpp>
#include <brigade/lang/explore.hpp>
#include <brigade/lang/runtime.hpp>
#include <algorithm>
#include <set>
#include <string>

using namespace brigade::lang;

namespace {

std::shared_ptr<const vm::Module> compiled(const char* text) {
  Source source("src/main.rs", text);
  Diagnostics d;
  auto module = compile_source(source, d);
  REQUIRE_MESSAGE(module, d.render(source));
  return module;
}

// The outcomes as "word: stdout" (a deadlock's stdout too), checking that each replays.
std::set<std::string> outcomes_of(const char* text, bool* complete = nullptr) {
  auto module = compiled(text);
  Exploration e = explore(module);
  if (complete != nullptr) *complete = e.complete;
  std::set<std::string> out;
  std::size_t schedules = 0;
  for (const auto& o : e.outcomes) {
    out.insert(std::string(outcome_word(o.outcome)) + ": " + o.stdout_text);
    schedules += o.schedules;
    // Replaying the outcome's schedule makes that very run again.
    RunOptions replay;
    replay.virtual_time = true;
    replay.schedule = o.schedule;
    std::string printed;
    replay.on_output = [&](const OutputChunk& c) {
      if (c.stream == 1) printed += c.text;
    };
    Run run(module, replay);
    RunResult r = run.execute();
    CHECK(printed == o.stdout_text);
    CHECK(r.exit_code == o.exit_code);
    CHECK(r.schedule == o.schedule);
  }
  CHECK(schedules == e.schedules);
  return out;
}

}  // namespace

TEST_CASE("explore: two senders racing on one channel") {
  bool complete = false;
  auto got = outcomes_of(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel(); let tx2 = tx.clone();\n"
      "  let a = thread::spawn(move || tx.send('a').unwrap());\n"
      "  let b = thread::spawn(move || tx2.send('b').unwrap());\n"
      "  a.join().unwrap(); b.join().unwrap();\n"
      "  let s: String = rx.iter().collect(); println!(\"{}\", s); }\n",
      &complete);
  CHECK(complete);
  CHECK(got == std::set<std::string>{"finished: ab\n", "finished: ba\n"});
}

// Two tokio tasks racing on one channel: on a multi-thread runtime either may send first; on a
// current_thread one the runtime runs them in spawn order, so there is one outcome.
TEST_CASE("explore: tokio tasks racing on one channel, on two workers and on one thread") {
  const char* body =
      "  let (tx, mut rx) = mpsc::channel(4); let tx2 = tx.clone();\n"
      "  let a = tokio::spawn(async move { tx.send('a').await.unwrap() });\n"
      "  let b = tokio::spawn(async move { tx2.send('b').await.unwrap() });\n"
      "  a.await.unwrap(); b.await.unwrap();\n"
      "  let mut s = String::new(); while let Some(t) = rx.recv().await { s.push(t); } println!(\"{}\", s); }\n";
  bool complete = false;
  auto multi = outcomes_of((std::string("use tokio::sync::mpsc;\n#[tokio::main(worker_threads = 2)]\nasync fn main() {\n") + body).c_str(),
                           &complete);
  CHECK(complete);
  CHECK(multi == std::set<std::string>{"finished: ab\n", "finished: ba\n"});
  auto single = outcomes_of(
      (std::string("use tokio::sync::mpsc;\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n") + body).c_str(), &complete);
  CHECK(complete);
  CHECK(single == std::set<std::string>{"finished: ab\n"});
}

TEST_CASE("explore: a lock-order deadlock is one of two outcomes") {
  auto got = outcomes_of(
      "use std::sync::{Arc, Mutex}; use std::thread;\n"
      "fn main() { let a = Arc::new(Mutex::new(0)); let b = Arc::new(Mutex::new(0));\n"
      "  let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));\n"
      "  let t = thread::spawn(move || { let _x = a2.lock().unwrap(); let _y = b2.lock().unwrap(); });\n"
      "  { let _y = b.lock().unwrap(); let _x = a.lock().unwrap(); }\n"
      "  t.join().unwrap(); println!(\"done\"); }\n");
  CHECK(got == std::set<std::string>{"finished: done\n", "deadlock: "});
}

TEST_CASE("explore: a rendezvous orders the prints before it against those after it, and nothing else") {
  auto got = outcomes_of(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::sync_channel(0);\n"
      "  let t = thread::spawn(move || { println!(\"a1\"); tx.send(()).unwrap(); println!(\"a2\"); });\n"
      "  println!(\"m1\"); rx.recv().unwrap(); println!(\"m2\"); t.join().unwrap(); }\n");
  CHECK(got == std::set<std::string>{"finished: a1\nm1\na2\nm2\n", "finished: a1\nm1\nm2\na2\n",
                                     "finished: m1\na1\na2\nm2\n", "finished: m1\na1\nm2\na2\n"});
}

TEST_CASE("explore: a load and a store of an atomic lose an update in some schedules") {
  auto got = outcomes_of(
      "use std::sync::atomic::{AtomicUsize, Ordering}; use std::sync::Arc; use std::thread;\n"
      "fn main() { let c = Arc::new(AtomicUsize::new(0));\n"
      "  let hs: Vec<_> = (0..2).map(|_| { let c = Arc::clone(&c);\n"
      "    thread::spawn(move || { let v = c.load(Ordering::SeqCst); c.store(v + 1, Ordering::SeqCst); }) }).collect();\n"
      "  for h in hs { h.join().unwrap(); }\n"
      "  println!(\"{}\", c.load(Ordering::SeqCst)); }\n");
  CHECK(got == std::set<std::string>{"finished: 1\n", "finished: 2\n"});
}

TEST_CASE("explore: try_recv racing a send finds the message or nothing, never a disconnection") {
  auto got = outcomes_of(
      "use std::sync::mpsc::{self, TryRecvError}; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel();\n"
      "  let t = thread::spawn(move || tx.send(1).unwrap());\n"
      "  match rx.try_recv() { Ok(v) => println!(\"got {}\", v), Err(TryRecvError::Empty) => println!(\"empty\"),\n"
      "    Err(TryRecvError::Disconnected) => println!(\"disconnected\") }\n"
      "  t.join().unwrap(); }\n");
  CHECK(got == std::set<std::string>{"finished: got 1\n", "finished: empty\n"});
}

TEST_CASE("explore: two sleeps ending at the same instant wake in either order") {
  auto got = outcomes_of(
      "use std::thread; use std::time::Duration;\n"
      "fn main() { let a = thread::spawn(|| { thread::sleep(Duration::from_millis(100)); println!(\"a\"); });\n"
      "  let b = thread::spawn(|| { thread::sleep(Duration::from_millis(100)); println!(\"b\"); });\n"
      "  a.join().unwrap(); b.join().unwrap(); }\n");
  CHECK(got == std::set<std::string>{"finished: a\nb\n", "finished: b\na\n"});
}

TEST_CASE("explore: a budget that runs out says so") {
  auto module = compiled(
      "use std::thread; fn main() { let hs: Vec<_> = (0..3).map(|i| thread::spawn(move || println!(\"{}\", i))).collect();\n"
      "  for h in hs { h.join().unwrap(); } }\n");
  ExploreOptions options;
  options.max_schedules = 3;
  Exploration e = explore(module, options);
  CHECK_FALSE(e.complete);
  CHECK(e.schedules == 3);
  CHECK(exploration_text(e).find("the budget ran out") != std::string::npos);
  CHECK(exploration_json(e).rfind("{\"complete\": false, \"schedules\": 3, \"outcomes\": [", 0) == 0);
}

TEST_CASE("explore: a thread's end is a choice point: the receiver may look before or after the sender is gone") {
  auto got = outcomes_of(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel::<i32>();\n"
      "  let t = thread::spawn(move || { tx.send(1).unwrap(); });\n"
      "  let first = rx.recv(); let second = rx.try_recv();\n"
      "  println!(\"{:?} {:?}\", first, second); t.join().unwrap(); }\n");
  CHECK(got == std::set<std::string>{"finished: Ok(1) Err(Empty)\n", "finished: Ok(1) Err(Disconnected)\n"});
}

TEST_CASE("explore: a thread spinning while another could go ends its schedule at the limit, not never") {
  auto module = compiled(
      "use std::sync::atomic::{AtomicBool, Ordering}; use std::sync::Arc; use std::thread;\n"
      "fn main() { let flag = Arc::new(AtomicBool::new(false)); let f = Arc::clone(&flag);\n"
      "  let t = thread::spawn(move || f.store(true, Ordering::SeqCst));\n"
      "  while !flag.load(Ordering::SeqCst) {} t.join().unwrap(); println!(\"set\"); }\n");
  ExploreOptions options;
  options.max_schedules = 20;
  options.limits.max_choices = 200;
  Exploration e = explore(module, options);
  CHECK_FALSE(e.complete);
  CHECK(e.schedules == 20);
  bool limited = false;
  for (const auto& o : e.outcomes) {
    limited = limited || (o.outcome == RunResult::Outcome::LimitReached &&
                          o.stderr_text.find("choice points") != std::string::npos);
  }
  CHECK(limited);
}

TEST_CASE("explore: the Rust Book's Mutex counter is explored completely, and has one outcome") {
  bool complete = false;
  auto got = outcomes_of(
      "use std::sync::{Arc, Mutex}; use std::thread;\n"
      "fn main() { let counter = Arc::new(Mutex::new(0)); let mut handles = vec![];\n"
      "  for _ in 0..3 { let counter = Arc::clone(&counter);\n"
      "    handles.push(thread::spawn(move || { let mut num = counter.lock().unwrap(); *num += 1; })); }\n"
      "  for handle in handles { handle.join().unwrap(); }\n"
      "  println!(\"Result: {}\", *counter.lock().unwrap()); }\n",
      &complete);
  CHECK(complete);
  CHECK(got == std::set<std::string>{"finished: Result: 3\n"});
}

TEST_CASE("explore: three senders racing give all six orders") {
  bool complete = false;
  auto got = outcomes_of(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel(); let mut hs = Vec::new();\n"
      "  for c in ['a', 'b', 'c'] { let tx = tx.clone(); hs.push(thread::spawn(move || { tx.send(c).unwrap(); })); }\n"
      "  drop(tx); let s: String = rx.iter().collect();\n"
      "  for h in hs { h.join().unwrap(); } println!(\"{}\", s); }\n",
      &complete);
  CHECK(complete);
  CHECK(got == std::set<std::string>{"finished: abc\n", "finished: acb\n", "finished: bac\n", "finished: bca\n",
                                     "finished: cab\n", "finished: cba\n"});
}

TEST_CASE("explore: threads main's end leaves waiting forever are noted, without making outcomes of their own") {
  // Two cooks take the same two locks in opposite orders, and main does not wait for them: in
  // some schedules they deadlock each other while main goes on and ends (a partial deadlock).
  const char* program =
      "use std::sync::{Arc, Mutex}; use std::thread;\n"
      "fn main() {\n"
      "    let a = Arc::new(Mutex::new(0)); let b = Arc::new(Mutex::new(0));\n"
      "    let (a1, b1) = (Arc::clone(&a), Arc::clone(&b));\n"
      "    thread::spawn(move || { let _x = a1.lock().unwrap(); let _y = b1.lock().unwrap(); });\n"
      "    thread::spawn(move || { let _y = b.lock().unwrap(); let _x = a.lock().unwrap(); });\n"
      "    println!(\"main done\");\n"
      "}\n";
  auto got = outcomes_of(program);
  CHECK(got == std::set<std::string>{"finished: main done\n"});
  Exploration e = explore(compiled(program));
  REQUIRE(e.outcomes.size() == 1);
  const ExploredOutcome& o = e.outcomes[0];
  // The note says who waits on what, as a deadlock report does, and its schedule shows it.
  CHECK(o.left_waiting.find("waits in lock() for a Mutex another thread holds (at src/main.rs:") != std::string::npos);
  RunOptions replay;
  replay.virtual_time = true;
  replay.schedule = o.left_waiting_schedule;
  Run run(compiled(program), replay);
  RunResult r = run.execute();
  CHECK(r.outcome == RunResult::Outcome::Finished);
  CHECK(r.left_waiting == o.left_waiting);
  CHECK(exploration_json(e).find("\"left_waiting\": \"thread #") != std::string::npos);
  // Both cooks stuck, each holding the lock the other wants: some seeds make that run.
  std::string both;
  for (std::uint64_t seed = 0; seed < 200 && std::count(both.begin(), both.end(), '\n') < 2; ++seed) {
    RunOptions seeded;
    seeded.virtual_time = true;
    seeded.seed = seed;
    Run seeded_run(compiled(program), seeded);
    RunResult seeded_result = seeded_run.execute();
    CHECK(seeded_result.outcome == RunResult::Outcome::Finished);
    both = seeded_result.left_waiting;
  }
  CHECK(both ==
        "thread #2 waits in lock() for a Mutex another thread holds (at src/main.rs:5:70)\n"
        "thread #3 waits in lock() for a Mutex another thread holds (at src/main.rs:6:68)\n");
}

TEST_CASE("a choose callback sees the run's own proposal: taking it makes the seed's run, or the schedule's") {
  auto module = compiled(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() {\n"
      "    let (tx, rx) = mpsc::channel();\n"
      "    for i in 0..4 { let tx = tx.clone(); thread::spawn(move || tx.send(i).unwrap()); }\n"
      "    drop(tx);\n"
      "    let order: Vec<i32> = rx.iter().collect();\n"
      "    println!(\"{:?}\", order);\n"
      "}\n");
  auto run_with = [&](std::uint64_t seed, std::string schedule, bool choose) {
    RunOptions o;
    o.virtual_time = true;
    o.seed = seed;
    o.schedule = std::move(schedule);
    if (choose) o.choose = [](const ChoicePoint& p) { return p.proposed; };
    std::string printed;
    o.on_output = [&](const OutputChunk& c) { printed += c.text; };
    Run run(module, std::move(o));
    RunResult r = run.execute();
    return std::pair{printed, r.schedule};
  };
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    auto plain = run_with(seed, "", false);
    CHECK(run_with(seed, "", true) == plain);
    // A schedule proposes its choices first: the seed's do not matter then.
    CHECK(run_with(seed + 10, plain.second, true) == plain);
  }
}

TEST_CASE("explore in pieces (a page without threads): the same outcomes, schedules and counts as in one call") {
  auto module = compiled(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel(); let mut hs = Vec::new();\n"
      "  for c in ['a', 'b', 'c'] { let tx = tx.clone(); hs.push(thread::spawn(move || { tx.send(c).unwrap(); })); }\n"
      "  drop(tx); let s: String = rx.iter().collect();\n"
      "  for h in hs { h.join().unwrap(); } println!(\"{}\", s); }\n");
  Exploration whole = explore(module);
  Explorer pieces(module);
  std::size_t calls = 1;
  while (!pieces.advance(std::chrono::nanoseconds(0))) ++calls;  // one slice of one task per call
  const Exploration& e = pieces.result();
  CHECK(calls > e.schedules);  // each run took several calls
  CHECK(e.complete == whole.complete);
  CHECK(e.schedules == whole.schedules);
  REQUIRE(e.outcomes.size() == whole.outcomes.size());
  for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
    CHECK(e.outcomes[i].stdout_text == whole.outcomes[i].stdout_text);
    CHECK(e.outcomes[i].schedule == whole.outcomes[i].schedule);
    CHECK(e.outcomes[i].schedules == whole.outcomes[i].schedules);
  }
}

TEST_CASE("explore: a Barrier lets nobody past before everyone arrived: four orders, never an 'after' first") {
  bool complete = false;
  auto got = outcomes_of(
      "use std::sync::{Arc, Barrier}; use std::thread;\n"
      "fn main() { let b = Arc::new(Barrier::new(2)); let b2 = Arc::clone(&b);\n"
      "  let t = thread::spawn(move || { println!(\"a1\"); b2.wait(); println!(\"a2\"); });\n"
      "  println!(\"m1\"); b.wait(); println!(\"m2\"); t.join().unwrap(); }\n",
      &complete);
  CHECK(complete);
  CHECK(got == std::set<std::string>{"finished: a1\nm1\na2\nm2\n", "finished: a1\nm1\nm2\na2\n",
                                     "finished: m1\na1\na2\nm2\n", "finished: m1\na1\nm2\na2\n"});
}

TEST_CASE("explore: a Condvar notified before anyone waits is a lost wake-up in some schedules") {
  auto got = outcomes_of(
      "use std::sync::{Arc, Condvar, Mutex}; use std::thread;\n"
      "fn main() { let pair = Arc::new((Mutex::new(()), Condvar::new())); let p2 = Arc::clone(&pair);\n"
      "  let t = thread::spawn(move || { let (_, cv) = &*p2; cv.notify_one(); });\n"
      "  let (lock, cv) = &*pair; let g = lock.lock().unwrap(); let _g = cv.wait(g).unwrap();\n"
      "  println!(\"woken\"); t.join().unwrap(); }\n");
  CHECK(got == std::set<std::string>{"finished: woken\n", "deadlock: "});
}

TEST_CASE("explore: a Condvar with its flag (std's pattern) always wakes") {
  bool complete = false;
  auto got = outcomes_of(
      "use std::sync::{Arc, Condvar, Mutex}; use std::thread;\n"
      "fn main() { let pair = Arc::new((Mutex::new(false), Condvar::new())); let p2 = Arc::clone(&pair);\n"
      "  let t = thread::spawn(move || { let (l, cv) = &*p2; *l.lock().unwrap() = true; cv.notify_one(); });\n"
      "  let (lock, cv) = &*pair; let g = cv.wait_while(lock.lock().unwrap(), |ready| !*ready).unwrap();\n"
      "  println!(\"ready: {}\", *g); drop(g); t.join().unwrap(); }\n",
      &complete);
  CHECK(complete);
  CHECK(got == std::set<std::string>{"finished: ready: true\n"});
}

TEST_CASE("explore: scoped threads pushing under a Mutex give both orders; unpark before park is kept") {
  auto got = outcomes_of(
      "use std::sync::Mutex; use std::thread;\n"
      "fn main() { let v = Mutex::new(Vec::new());\n"
      "  thread::scope(|s| { s.spawn(|| v.lock().unwrap().push(1)); s.spawn(|| v.lock().unwrap().push(2)); });\n"
      "  println!(\"{:?}\", v.into_inner().unwrap()); }\n");
  CHECK(got == std::set<std::string>{"finished: [1, 2]\n", "finished: [2, 1]\n"});
  bool complete = false;
  auto parked = outcomes_of(
      "use std::thread;\n"
      "fn main() { let t = thread::spawn(|| { thread::park(); println!(\"unparked\"); });\n"
      "  t.thread().unpark(); t.join().unwrap(); }\n",
      &complete);
  CHECK(complete);
  CHECK(parked == std::set<std::string>{"finished: unparked\n"});
}

TEST_CASE("explore: a reader racing a writer on a RwLock sees the value before or after, whole") {
  auto got = outcomes_of(
      "use std::sync::{Arc, RwLock}; use std::thread;\n"
      "fn main() { let l = Arc::new(RwLock::new(0)); let l2 = Arc::clone(&l);\n"
      "  let t = thread::spawn(move || { let mut w = l2.write().unwrap(); *w += 1; *w += 1; });\n"
      "  let seen = *l.read().unwrap(); t.join().unwrap(); println!(\"{seen}\"); }\n");
  CHECK(got == std::set<std::string>{"finished: 0\n", "finished: 2\n"});
}
