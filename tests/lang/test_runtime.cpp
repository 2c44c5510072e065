// test_runtime.cpp — programs run end to end: compiler, VM, live executor, on real threads.
//
// Golden programs in tests/run/ carry their expectations in comments (clox/Wren style):
//   // expect: TEXT                  the next line of stdout, exactly
//   // expect-stdout-prefix: TEXT    stdout starts with TEXT (runaway printers)
//   // expect-exit: N                the exit status (default 0)
//   // expect-stderr: TEXT           stderr contains TEXT (each line is checked)
//   // expect-compile: L:C: MESSAGE  a compile error (then nothing runs)
// Panics name the file src/main.rs, as in the playground. The tutorial's complete programs are
// read from ../shared/seeds/ at test time and must print what the tutorial documents.
#include <doctest/doctest.h>

#include "files.hpp"

#include <brigade/lang/compiler.hpp>
#include <brigade/lang/runtime.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

using namespace brigade::lang;
namespace fs = std::filesystem;

namespace {

using brigade::test::read_file;

struct Outcome {
  bool compiled = false;
  std::string compile_errors;
  std::vector<std::pair<std::uint32_t, std::string>> diagnostics;  // line:col, message
  std::string out, err;
  std::vector<std::pair<std::uint32_t, std::string>> lines;  // (thread, stdout line)
  int exit_code = -1;
  RunResult result;
};

// How a test drives its run: execute() on the calling thread, or advance() in pieces as a page
// without threads does (a budget of zero: one slice of one task per call).
enum class Drive { Execute, Advance };

Outcome run_program(const std::string& text, RunOptions options = {}, Drive drive = Drive::Execute) {
  Outcome o;
  Source source("src/main.rs", text);
  Diagnostics d;
  auto module = compile_source(source, d);
  if (!module) {
    o.compile_errors = d.render(source);
    for (const auto& e : d.errors()) o.diagnostics.emplace_back(e.span.line * 1000 + e.span.column, e.message);
    o.exit_code = 1;
    return o;
  }
  o.compiled = true;
  std::mutex m;
  std::map<std::uint32_t, std::string> partial;
  options.on_output = [&](const OutputChunk& c) {
    std::lock_guard lock(m);
    if (c.stream == 2) {
      o.err += c.text;
      return;
    }
    o.out += c.text;
    std::string& line = partial[c.thread];
    for (char ch : c.text) {
      if (ch == '\n') {
        o.lines.emplace_back(c.thread, line);
        line.clear();
      } else {
        line += ch;
      }
    }
  };
  Run run(module, options);
  if (drive == Drive::Advance) {
    while (!run.advance(std::chrono::nanoseconds(0))) {
    }
    o.result = run.result();
  } else {
    o.result = run.execute();
  }
  o.exit_code = o.result.exit_code;
  return o;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<fs::path> golden_programs() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(BRIGADE_TESTS_DIR) / "run")) {
    if (e.path().extension() == ".rs") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void check_golden(const fs::path& file, RunOptions options = {}, Drive drive = Drive::Execute) {
  std::string text = read_file(file);
  std::vector<std::string> expect_out, expect_err, expect_compile;
  std::string prefix;
  int expect_exit = 0;
  for (const auto& line : split_lines(text)) {
    auto after = [&](const char* tag) -> std::optional<std::string> {
      std::string t = std::string("// ") + tag;
      if (line.rfind(t, 0) != 0) return std::nullopt;
      std::string rest = line.substr(t.size());
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
      return rest;
    };
    if (auto v = after("expect:")) {
      expect_out.push_back(*v);
    } else if (auto e = after("expect-exit:")) {
      expect_exit = std::stoi(*e);
    } else if (auto s = after("expect-stderr:")) {
      expect_err.push_back(*s);
    } else if (auto c = after("expect-compile:")) {
      expect_compile.push_back(*c);
    } else if (auto p = after("expect-stdout-prefix:")) {
      prefix = *p;
    }
  }
  Outcome o = run_program(text, options, drive);
  INFO("program: " << file.filename().string());
  INFO("stdout:\n" << o.out);
  INFO("stderr:\n" << o.err << o.compile_errors);
  if (!expect_compile.empty()) {
    CHECK_FALSE(o.compiled);
    for (const auto& want : expect_compile) {
      bool found = false;
      for (const auto& [at, message] : o.diagnostics) {
        std::string got = std::to_string(at / 1000) + ":" + std::to_string(at % 1000) + ": " + message;
        found = found || got == want;
      }
      CHECK_MESSAGE(found, "missing compile error: " << want);
    }
    return;
  }
  REQUIRE(o.compiled);
  CHECK(o.exit_code == expect_exit);
  if (!prefix.empty()) {
    CHECK(o.out.rfind(prefix, 0) == 0);
  } else {
    CHECK(split_lines(o.out) == expect_out);
  }
  for (const auto& want : expect_err) CHECK_MESSAGE(o.err.find(want) != std::string::npos, "stderr lacks: " << want);
}

// The tutorial's blocks that are whole programs (they have fn main).
std::vector<std::string> tutorial_programs() {
  std::vector<std::string> programs;
  for (auto& code : brigade::test::tutorial_blocks()) {
    if (code.find("fn main") != std::string::npos) programs.push_back(std::move(code));
  }
  return programs;
}

// The lines one thread printed, in order.
std::vector<std::string> lines_of(const Outcome& o, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& [thread, line] : o.lines) {
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("golden programs in tests/run give their expected output, exit status and errors") {
  auto files = golden_programs();
  REQUIRE(files.size() >= 10);
  for (const auto& f : files) {
    SUBCASE(f.filename().string().c_str()) { check_golden(f); }
  }
}

TEST_CASE("golden programs give the same output under virtual time, whatever the seed") {
  for (const auto& f : golden_programs()) {
    for (std::uint64_t seed : {0, 1, 2}) {
      SUBCASE((f.filename().string() + " seed " + std::to_string(seed)).c_str()) {
        RunOptions options;
        options.virtual_time = true;
        options.seed = seed;
        check_golden(f, options);
      }
    }
  }
}

TEST_CASE("virtual time advanced in pieces (a page without threads) makes the same run as execute(), program by program") {
  for (const auto& f : golden_programs()) {
    SUBCASE(f.filename().string().c_str()) {
      RunOptions options;
      options.virtual_time = true;
      options.seed = 5;
      check_golden(f, options, Drive::Advance);
      std::string text = read_file(f);
      Outcome whole = run_program(text, options), pieces = run_program(text, options, Drive::Advance);
      CHECK(pieces.out == whole.out);
      CHECK(pieces.err == whole.err);
      CHECK(pieces.exit_code == whole.exit_code);
      CHECK(pieces.result.schedule == whole.result.schedule);
    }
  }
}

TEST_CASE("the tutorial's programs run and print what the tutorial documents") {
  auto programs = tutorial_programs();
  if (programs.empty()) {
    MESSAGE("the tutorial is not at " << brigade::test::seeds_dir() << " (../shared/seeds beside the checkout); skipped");
    return;
  }
  int checked = 0;
  RunOptions live, virtual_time;
  live.speed = 20;  // the tutorial sleeps whole seconds; the order they impose is kept
  virtual_time.virtual_time = true;  // the sleeps take no time at all, and order the same
  for (const auto& code : programs) {
    for (const RunOptions& options : {live, virtual_time}) {
      Outcome o = run_program(code, options);
      INFO("program:\n" << code << "\nstdout:\n" << o.out << "\nstderr:\n" << o.err << o.compile_errors);
      REQUIRE(o.compiled);
      CHECK(o.exit_code == 0);
      CHECK(o.err.empty());
      if (code.find("sync_channel(1)") != std::string::npos) {
        // The sender blocks on message 2 until the receiver takes message 1.
        CHECK(lines_of(o, "[Receiver]") == std::vector<std::string>{"[Receiver] Ready to receive messages.",
                                                                    "[Receiver] Received: Message 1",
                                                                    "[Receiver] Received: Message 2"});
        auto sender = lines_of(o, "[Sender]");
        REQUIRE(sender.size() == 4);
        CHECK(sender[0] == "[Sender] Preparing to send message 1...");
        CHECK(sender[3] == "[Sender] Message 2 sent successfully.");
        // "Message 2 sent" cannot come before the receiver's sleep ends and message 1 is taken.
        auto at = [&](const std::string& s) {
          for (std::size_t i = 0; i < o.lines.size(); ++i) {
            if (o.lines[i].second == s) return i;
          }
          return o.lines.size();
        };
        CHECK(at("[Sender] Preparing to send message 2...") < at("[Receiver] Received: Message 2"));
        ++checked;
      } else if (code.find("mpsc::channel()") != std::string::npos) {
        // The sender never blocks: everything is sent before the receiver wakes and drains.
        std::vector<std::string> expected = {"[Receiver] Waiting to receive messages...",
                                             "[Sender] Sending all messages immediately...",
                                             "[Sender] Message 1 sent.",
                                             "[Sender] Message 2 sent.",
                                             "[Sender] Message 3 sent.",
                                             "[Sender] All messages are sent and buffered. No blocking occurred.",
                                             "[Receiver] Received: Message 1",
                                             "[Receiver] Received: Message 2",
                                             "[Receiver] Received: Message 3"};
        auto lines = split_lines(o.out);
        CHECK(lines.size() == expected.size());
        CHECK(lines_of(o, "[Sender]") == std::vector<std::string>(expected.begin() + 1, expected.begin() + 6));
        CHECK(std::vector<std::string>(lines.end() - 3, lines.end()) ==
              std::vector<std::string>(expected.end() - 3, expected.end()));
        ++checked;
      }
    }
  }
  CHECK(checked >= 4);
}

TEST_CASE("stop ends a program within 100 ms in every state") {
  const char* programs[] = {
      "fn main() { let mut x: u64 = 0; loop { x = x.wrapping_add(1); } }",
      // blocked on recv while the sender's owner sleeps (not a deadlock)
      "use std::sync::mpsc; use std::thread; use std::time::Duration; fn main() {\n"
      "  let (tx, rx) = mpsc::channel::<i32>();\n"
      "  thread::spawn(move || { thread::sleep(Duration::from_secs(3600)); drop(tx); });\n"
      "  rx.recv().unwrap(); }",
      "use std::thread; use std::time::Duration; fn main() { thread::sleep(Duration::from_secs(3600)); }",
      "use std::sync::mpsc; use std::thread; fn main() { let (tx, rx) = mpsc::sync_channel(0);\n"
      "  let h = thread::spawn(move || { loop { tx.send(1).unwrap(); } });\n"
      "  loop { let _ = rx.recv(); } }",
  };
  for (const char* text : programs) {
    Source source("src/main.rs", text);
    Diagnostics d;
    auto module = compile_source(source, d);
    REQUIRE_MESSAGE(module, d.render(source));
    Run run(module, {});
    run.start();
    run.stop();
    // stop() returns at once; the run ends as soon as every task has seen it. The bound on
    // "soon" is a benchmark matter; here: it ends, with the Stopped outcome.
    while (!run.finished()) std::this_thread::yield();
    CHECK(run.result().outcome == RunResult::Outcome::Stopped);
  }
}

TEST_CASE("pause freezes program time; speed changes apply to sleeps already under way") {
  Source source("src/main.rs",
                "use std::thread; use std::time::Duration; fn main() {\n"
                "  thread::sleep(Duration::from_secs(3600));\n"
                "  println!(\"rested\");\n}\n");
  Diagnostics d;
  auto module = compile_source(source, d);
  REQUIRE_MESSAGE(module, d.render(source));
  std::string out;
  std::mutex out_mutex;
  RunOptions options;
  options.on_output = [&](const OutputChunk& c) {
    std::lock_guard lock(out_mutex);
    out += c.text;
  };
  Run run(module, options);
  run.start();
  run.set_paused(true);
  CHECK(run.paused());
  std::int64_t frozen = run.program_time_ns();
  std::this_thread::yield();
  CHECK(run.program_time_ns() == frozen);  // no time passes while paused
  run.set_paused(false);
  CHECK_FALSE(run.paused());
  // An hour of program time at a speed of 1e9: the sleep already under way ends within microseconds.
  run.set_speed(1e9);
  while (!run.finished()) std::this_thread::yield();
  CHECK(run.result().outcome == RunResult::Outcome::Finished);
  std::lock_guard lock(out_mutex);
  CHECK(out == "rested\n");
  CHECK(run.program_time_ns() >= std::int64_t{3600} * 1000000000);
}

TEST_CASE("a paused busy program holds still and can be stopped") {
  Source source("src/main.rs", "fn main() { let mut x: u64 = 0; loop { x = x.wrapping_add(1); } }");
  Diagnostics d;
  auto module = compile_source(source, d);
  REQUIRE(module);
  Run run(module, {});
  run.start();
  run.set_paused(true);
  run.stop();
  while (!run.finished()) std::this_thread::yield();
  CHECK(run.result().outcome == RunResult::Outcome::Stopped);
}

TEST_CASE("the memory limit stops a program that allocates without bound, with a message naming it") {
  // Each grows past a small limit in its own way: a String doubled, one huge vec![], one huge
  // repeat(), one huge ring, a collect() of a huge range, a Vec pushed to forever.
  const char* programs[] = {
      "fn main() { let mut s = String::from(\"ab\"); for _ in 0..40 { s = format!(\"{}{}\", s, s); } }",
      "fn main() { let v = vec![0u64; 1_000_000_000]; println!(\"{}\", v.len()); }",
      "fn main() { let s = \"ticket\".repeat(1 << 40); println!(\"{}\", s.len()); }",
      "use std::sync::mpsc; fn main() { let (tx, _rx) = mpsc::sync_channel::<u8>(1 << 40); tx.send(1).unwrap(); }",
      "fn main() { let v: Vec<u64> = (0..u64::MAX).collect(); println!(\"{}\", v.len()); }",
      "fn main() { let mut v = Vec::new(); let mut i: u64 = 0; loop { v.push(format!(\"order {}\", i)); i += 1; } }",
  };
  for (const char* text : programs) {
    CAPTURE(text);
    RunOptions options;
    options.limits.max_memory = 16u << 20;
    Outcome o = run_program(text, options);
    REQUIRE(o.compiled);
    CHECK(o.result.outcome == RunResult::Outcome::LimitReached);
    CHECK(o.exit_code == 1);
    CHECK(o.out.empty());
    CHECK(o.err == "error: limit reached: the program used more than 16 MiB of memory (the memory limit)\n");
  }
}

TEST_CASE("the memory limit counts what is freed: a program that allocates and frees runs to its end") {
  RunOptions options;
  options.limits.max_memory = 16u << 20;
  Outcome o = run_program(
      "use std::sync::mpsc; use std::thread; fn main() {\n"
      "  let (tx, rx) = mpsc::sync_channel::<String>(4);\n"
      "  let chef = thread::spawn(move || { let mut n = 0; for t in rx { n += t.len(); } n });\n"
      "  for i in 0..1000 { tx.send(\"x\".repeat(32 * 1024 + i)).unwrap(); }\n"  // 32 MiB in all, freed by the chef
      "  drop(tx);\n"
      "  println!(\"{}\", chef.join().unwrap()); }",
      options);
  CHECK(o.result.outcome == RunResult::Outcome::Finished);
  CHECK(o.out == std::to_string(1000 * 32 * 1024 + 999 * 1000 / 2) + "\n");
}

TEST_CASE("a structure nested 300,000 deep is dropped without exhausting the stack") {
  Outcome o = run_program(
      "enum L { Nil, Cons(u64, Box<L>) }\n"
      "fn main() { let mut l = L::Nil; for i in 0..300_000u64 { l = L::Cons(i, Box::new(l)); }\n"
      "  println!(\"built\"); }");
  CHECK(o.result.outcome == RunResult::Outcome::Finished);
  CHECK(o.out == "built\n");
}

std::shared_ptr<const vm::Module> compile(const char* text) {
  Source source("src/main.rs", text);
  Diagnostics d;
  auto module = compile_source(source, d);
  REQUIRE_MESSAGE(module, d.render(source));
  return module;
}

TEST_CASE("two runs at once, each with its own trace sink, never mix their events") {
  // Each names its thread, and sends a different number of messages.
  auto a = compile(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel();\n"
      "  let h = thread::Builder::new().name(\"waiter-a\".to_string()).spawn(move || {\n"
      "    for i in 0..30 { tx.send(i).unwrap(); } }).unwrap();\n"
      "  for _ in rx {} h.join().unwrap(); }");
  auto b = compile(
      "use std::sync::mpsc; use std::thread;\n"
      "fn main() { let (tx, rx) = mpsc::channel();\n"
      "  let h = thread::Builder::new().name(\"waiter-b\".to_string()).spawn(move || {\n"
      "    for i in 0..7 { tx.send(i).unwrap(); } }).unwrap();\n"
      "  for _ in rx {} h.join().unwrap(); }");
  brigade::trace::Ring ring_a(1 << 12), ring_b(1 << 12);
  RunOptions oa, ob;
  oa.trace = &ring_a;
  ob.trace = &ring_b;
  {
    Run run_a(a, oa), run_b(b, ob);
    run_a.start();
    run_b.start();
    while (!run_a.finished() || !run_b.finished()) std::this_thread::yield();
    CHECK(run_a.result().outcome == RunResult::Outcome::Finished);
    CHECK(run_b.result().outcome == RunResult::Outcome::Finished);
  }
  auto story = [](brigade::trace::Ring& ring) {
    std::vector<std::string> names;
    std::set<std::uint32_t> tasks;
    int sends = 0;
    brigade::trace::Event e;
    while (ring.pop(e)) {
      if (e.kind == brigade::trace::Kind::ThreadSpawn) names.emplace_back(e.preview.text);
      if (e.kind == brigade::trace::Kind::SendDone) ++sends;
      if (e.kind != brigade::trace::Kind::RunEnd) tasks.insert(e.thread);
    }
    return std::make_tuple(names, tasks, sends);
  };
  auto [names_a, tasks_a, sends_a] = story(ring_a);
  auto [names_b, tasks_b, sends_b] = story(ring_b);
  CHECK(names_a == std::vector<std::string>{"main", "waiter-a"});
  CHECK(names_b == std::vector<std::string>{"main", "waiter-b"});
  CHECK(sends_a == 30);
  CHECK(sends_b == 7);
  // Two tasks each, and no task in both.
  CHECK(tasks_a.size() == 2);
  CHECK(tasks_b.size() == 2);
  for (auto t : tasks_a) CHECK(tasks_b.count(t) == 0);
}

TEST_CASE("a run's trace events carry its program time, as Instant and sleeps count it") {
  // An hour's sleep at a speed of 1e9 takes microseconds of real time; the events on either
  // side of it are an hour of program time apart (on the real clock, microseconds).
  auto module = compile(
      "use std::sync::mpsc; use std::thread; use std::time::Duration;\n"
      "fn main() { let (tx, rx) = mpsc::channel();\n"
      "  tx.send(1).unwrap();\n"
      "  thread::sleep(Duration::from_secs(3600));\n"
      "  tx.send(2).unwrap();\n"
      "  println!(\"{} {}\", rx.recv().unwrap(), rx.recv().unwrap()); }");
  brigade::trace::Ring ring(1 << 10);
  RunOptions options;
  options.trace = &ring;
  options.speed = 1e9;
  std::int64_t end = 0;
  {
    Run run(module, options);
    CHECK(run.execute().outcome == RunResult::Outcome::Finished);
    end = run.program_time_ns();
    CHECK(static_cast<std::int64_t>(run.clock()->time_ns()) >= end);  // the same clock, still going
  }
  const std::uint64_t hour = std::uint64_t{3600} * 1000000000;
  std::vector<std::uint64_t> sends;
  std::uint64_t slept_at = 0, last = 0;
  brigade::trace::Event e;
  while (ring.pop(e)) {
    if (e.kind == brigade::trace::Kind::SendDone) sends.push_back(e.time_ns);
    if (e.kind == brigade::trace::Kind::Sleep) slept_at = e.time_ns;
    CHECK(e.time_ns >= last);  // one task: its events in order, on one clock
    last = e.time_ns;
  }
  REQUIRE(sends.size() == 2);
  CHECK(sends[0] <= slept_at);
  CHECK(sends[1] >= slept_at + hour);
  CHECK(last <= static_cast<std::uint64_t>(end));
}

// ---- virtual time

namespace {
const char* kRace =
    "use std::sync::mpsc; use std::thread;\n"
    "fn main() { let (tx, rx) = mpsc::channel(); let tx2 = tx.clone();\n"
    "  let a = thread::spawn(move || tx.send('a').unwrap());\n"
    "  let b = thread::spawn(move || tx2.send('b').unwrap());\n"
    "  a.join().unwrap(); b.join().unwrap();\n"
    "  let s: String = rx.iter().collect(); println!(\"{}\", s); }\n";

RunOptions virtual_run(std::uint64_t seed, std::string schedule = {}) {
  RunOptions options;
  options.virtual_time = true;
  options.seed = seed;
  options.schedule = std::move(schedule);
  return options;
}

// The events of a run, as text (time, kind, thread, channel, seq), for comparing two runs.
std::string trace_text(brigade::trace::Ring& ring) {
  std::string out;
  brigade::trace::Event e;
  while (ring.pop(e)) {
    out += std::to_string(e.time_ns) + " " + std::string(brigade::trace::kind_name(e.kind)) + " " +
           std::to_string(e.thread) + " " + std::to_string(e.channel) + " " + std::to_string(e.seq) + "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("virtual time: both orders of a race appear across seeds, and each seed always makes the same run") {
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    Outcome first = run_program(kRace, virtual_run(seed));
    Outcome again = run_program(kRace, virtual_run(seed));
    CHECK(first.out == again.out);
    CHECK(first.result.schedule == again.result.schedule);
    // The schedule replays the run, whatever the seed it is given with.
    Outcome replay = run_program(kRace, virtual_run(seed + 1000, first.result.schedule));
    CHECK(replay.out == first.out);
    CHECK(replay.result.schedule == first.result.schedule);
    CHECK(replay.result.schedule_fits);
    seen.insert(first.out);
  }
  CHECK(seen == std::set<std::string>{"ab\n", "ba\n"});
}

TEST_CASE("virtual time: one seed gives one trace, event for event and nanosecond for nanosecond") {
  auto module = compile(kRace);
  auto traced = [&] {
    brigade::trace::Ring ring(1 << 12);
    RunOptions options = virtual_run(7);
    options.trace = &ring;
    Run run(module, options);
    CHECK(run.execute().outcome == RunResult::Outcome::Finished);
    return trace_text(ring);
  };
  // Task and channel ids come from process-wide counters: compare the shape, renumbered.
  auto renumbered = [](const std::string& text) {
    std::map<std::string, int> ids;
    std::string out;
    for (const auto& line : split_lines(text)) {
      std::istringstream in(line);
      std::string time, kind, thread, channel, seq;
      in >> time >> kind >> thread >> channel >> seq;
      auto id = [&](const std::string& key) { return std::to_string(ids.emplace(key, ids.size()).first->second); };
      if (kind == "JoinBlocked") seq = "t" + id("t" + seq);  // the joined thread's id
      out += time + " " + kind + " t" + id("t" + thread) + " c" + (channel == "0" ? "0" : id("c" + channel)) + " " + seq + "\n";
    }
    return out;
  };
  std::string a = traced(), b = traced();
  CHECK(!a.empty());
  CHECK(renumbered(a) == renumbered(b));
}

TEST_CASE("virtual time: sleeps take no real time, and the program sees exactly the times it asked for") {
  Outcome o = run_program(
      "use std::thread; use std::time::{Duration, Instant};\n"
      "fn main() { let start = Instant::now();\n"
      "  let h = thread::spawn(move || { thread::sleep(Duration::from_secs(3600)); start.elapsed() });\n"
      "  thread::sleep(Duration::from_millis(1500));\n"
      "  println!(\"{:?}\", start.elapsed());\n"
      "  println!(\"{:?}\", h.join().unwrap());\n"
      "  println!(\"{:?}\", start.elapsed()); }\n",
      virtual_run(0));
  CHECK(o.out == "1.5s\n3600s\n3600s\n");
}

TEST_CASE("virtual time: a lock-order deadlock shows under some seeds, with the report a live run gives") {
  const char* program =
      "use std::sync::{Arc, Mutex}; use std::thread;\n"
      "fn main() { let a = Arc::new(Mutex::new(0)); let b = Arc::new(Mutex::new(0));\n"
      "  let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));\n"
      "  let t = thread::spawn(move || { let _x = a2.lock().unwrap(); let _y = b2.lock().unwrap(); });\n"
      "  { let _y = b.lock().unwrap(); let _x = a.lock().unwrap(); }\n"
      "  t.join().unwrap(); println!(\"done\"); }\n";
  int deadlocks = 0, finished = 0;
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    Outcome o = run_program(program, virtual_run(seed));
    if (o.result.outcome == RunResult::Outcome::Deadlock) {
      ++deadlocks;
      CHECK(o.exit_code == 1);
      CHECK(o.err.find("waits in lock() for a Mutex that a blocked thread holds") != std::string::npos);
    } else {
      ++finished;
      CHECK(o.out == "done\n");
    }
  }
  CHECK(deadlocks > 0);
  CHECK(finished > 0);
}

TEST_CASE("virtual time: a thread spinning on an atomic lets the clock reach the sleeper that sets it") {
  Outcome o = run_program(
      "use std::sync::atomic::{AtomicBool, Ordering}; use std::sync::Arc; use std::thread;\n"
      "use std::time::{Duration, Instant};\n"
      "fn main() { let start = Instant::now(); let flag = Arc::new(AtomicBool::new(false));\n"
      "  let f = Arc::clone(&flag);\n"
      "  let t = thread::spawn(move || { thread::sleep(Duration::from_secs(2)); f.store(true, Ordering::SeqCst); });\n"
      "  while !flag.load(Ordering::SeqCst) { std::hint::spin_loop(); }\n"
      "  t.join().unwrap(); println!(\"waited {} s\", start.elapsed().as_secs()); }\n",
      virtual_run(0));
  CHECK(o.out == "waited 2 s\n");
}

TEST_CASE("virtual time: the limits and stop work as under live threads") {
  RunOptions threads = virtual_run(0);
  threads.limits.max_threads = 4;
  Outcome many = run_program(
      "use std::thread; fn main() { let mut v = Vec::new();\n"
      "  for _ in 0..10 { v.push(thread::spawn(|| loop { thread::sleep(std::time::Duration::from_secs(1)); })); } }\n",
      threads);
  CHECK(many.result.outcome == RunResult::Outcome::LimitReached);
  CHECK(many.err.find("more than 4 threads at once") != std::string::npos);
  // A program that never ends, on one thread: stop() from another ends it.
  auto module = compile("fn main() { let mut x: u64 = 0; loop { x = x.wrapping_add(1); } }");
  Run run(module, virtual_run(0));
  run.start();
  run.stop();
  while (!run.finished()) std::this_thread::yield();
  CHECK(run.result().outcome == RunResult::Outcome::Stopped);
}

TEST_CASE("virtual time (paced): the clock moves through a sleep as real time passes, holds while paused, and stops") {
  auto module = compile(
      "use std::thread; use std::time::Duration;\n"
      "fn main() { thread::sleep(Duration::from_secs(3600)); println!(\"rested\"); }\n");
  RunOptions options = virtual_run(0);
  options.paced = true;
  options.speed = 1000;  // a paced hour at 1000x: 3.6 s, and the run is stopped long before
  std::string out;
  std::mutex out_mutex;
  options.on_output = [&](const OutputChunk& c) {
    std::lock_guard lock(out_mutex);
    out += c.text;
  };
  Run run(module, options);
  run.start();
  while (run.program_time_ns() == 0) std::this_thread::yield();  // the pacing moves the clock
  run.set_paused(true);
  std::int64_t frozen = run.program_time_ns();
  std::this_thread::yield();
  CHECK(run.program_time_ns() == frozen);
  run.set_paused(false);
  run.stop();
  while (!run.finished()) std::this_thread::yield();
  CHECK(run.result().outcome == RunResult::Outcome::Stopped);
  std::lock_guard lock(out_mutex);
  CHECK(out == "error: stopped\n");  // and never "rested"
}

TEST_CASE("virtual time advanced in pieces: a chooser that says 'later' is asked again at the same point, with the same proposal") {
  auto module = compile(kRace);
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    RunOptions seeded = virtual_run(seed);
    Run reference(module, seeded);
    RunResult expected = reference.execute();
    RunOptions asking = virtual_run(seed);
    std::size_t asked = 0, points = 0;
    std::vector<std::uint64_t> last;
    asking.choose = [&](const ChoicePoint& p) -> std::size_t {
      if (++asked % 3 != 0) {  // twice "later", then the proposal
        if (asked % 3 == 1) last = p.threads;
        return kChooseLater;
      }
      CHECK(p.threads == last);
      ++points;
      return p.proposed;
    };
    Run run(module, asking);
    std::size_t calls = 0;
    while (!run.advance(std::chrono::seconds(1))) ++calls;
    RunResult got = run.result();
    CHECK(got.schedule == expected.schedule);
    CHECK(calls == 2 * points);  // each "later" gave the thread back
  }
}

TEST_CASE("virtual time (paced) advanced in pieces: program time follows real time, holds while paused, and a stop ends it") {
  auto module = compile(
      "use std::thread; use std::time::{Duration, Instant};\n"
      "fn main() { let t = Instant::now(); thread::sleep(Duration::from_millis(30)); println!(\"{:?}\", t.elapsed());\n"
      "  thread::sleep(Duration::from_secs(3600)); println!(\"rested\"); }\n");
  RunOptions options = virtual_run(0);
  options.paced = true;
  std::string out;
  options.on_output = [&](const OutputChunk& c) { out += c.text; };
  Run run(module, options);
  // The first sleep: advance() gives the thread back while real time catches up with it.
  std::size_t calls = 0;
  while (out.empty()) {
    CHECK_FALSE(run.advance(std::chrono::milliseconds(1)));
    ++calls;
  }
  CHECK(out == "30ms\n");  // exactly the time asked for, however it was advanced
  CHECK(calls > 1);
  run.set_paused(true);
  CHECK_FALSE(run.advance(std::chrono::milliseconds(1)));
  std::int64_t frozen = run.program_time_ns();
  CHECK_FALSE(run.advance(std::chrono::milliseconds(1)));
  CHECK(run.program_time_ns() == frozen);
  run.set_paused(false);
  CHECK_FALSE(run.advance(std::chrono::milliseconds(1)));
  run.stop();
  CHECK(run.advance(std::chrono::milliseconds(1)));
  CHECK(run.result().outcome == RunResult::Outcome::Stopped);
  CHECK(out == "30ms\nerror: stopped\n");
}
