// test_session.cpp — the playground without a window: every example runs through the Session
// (compile and run off the calling thread) and prints what rustc's build prints; the model
// built from the run's trace events shows what each example is about; the source tools
// (highlighting, the capacity switch) on real programs.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <brigade/trace.hpp>
#include <string>
#include <thread>
#include <vector>

#include "examples.hpp"
#include "run_model.hpp"
#include "session.hpp"
#include "source_tools.hpp"

using namespace brigade;

namespace {
struct Finished {
  app::SessionStatus status;
  std::string out, err;
  app::RunModel model;
};

// Runs `source` through a Session at `speed`, feeding the model from a trace ring, until the run
// has ended (or failed to compile). No sleeps: it polls, yielding.
// With Threading::None the loop is the page's frames: each advances the run a few ms.
Finished run_through_session(const std::string& source, double speed, app::Threading threading = app::Threading::Threads) {
  Finished f;
  trace::Ring ring(1 << 18);
  trace::install(&ring);
  trace::MutedScope muted;  // like the UI thread: its own plumbing is not part of the program
  {
    app::Session session({}, false, threading);
    session.run(source, speed);
    std::vector<app::OutputLine> lines;
    for (;;) {
      session.advance(std::chrono::milliseconds(4));
      f.model.drain(ring);
      app::SessionStatus s;
      if (session.poll(s, lines)) {
        f.status = s;
        if (s.generation == 1 && s.phase != app::Phase::Running) break;
      }
      std::this_thread::yield();
    }
    // Lines published with the final status arrived in the same poll.
    for (const auto& l : lines) (l.stream == 1 ? f.out : f.err) += l.text + "\n";
  }
  f.model.drain(ring);
  trace::install(nullptr);
  return f;
}

const app::ChannelView* first_channel(const app::RunModel& m) {
  for (const auto& [id, c] : m.channels()) {
    if (c.number == 1) return &c;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("every example prints what rustc's build prints, through the session, with threads or without") {
  REQUIRE(app::examples().size() == 13);
  for (const app::Example& e : app::examples()) {
    for (app::Threading threading : {app::Threading::Threads, app::Threading::None}) {
    SUBCASE((std::string(e.id) + (threading == app::Threading::None ? " (no threads)" : "")).c_str()) {
      Finished f = run_through_session(std::string(e.source), 200, threading);
      INFO("stderr: " << f.err);
      CHECK(f.status.phase == app::Phase::Ended);
      CHECK(f.status.mode.virtual_time == (threading == app::Threading::None));
      CHECK(f.out == e.expected_stdout);
      CHECK(f.status.result.exit_code == e.expected_exit);
      CHECK_FALSE(e.title.empty());
      CHECK_FALSE(e.caption.empty());
    }
    }
  }
}

TEST_CASE("the model shows what each example is about") {
  SUBCASE("one slot: the waiter blocked on send while the carousel held its ticket") {
    Finished f = run_through_session(std::string(app::find_example("bounded_one")->source), 200);
    const app::ChannelView* c = first_channel(f.model);
    REQUIRE(c != nullptr);
    CHECK(c->capacity == std::optional<std::uint64_t>(1));
    CHECK(c->full_waits >= 1);
    CHECK(c->peak == 1);
    CHECK(c->sent == 5);
    CHECK(c->received == 5);
    int waiters = 0, chefs = 0;
    for (const auto& [id, th] : f.model.threads()) {
      waiters += th.role() == app::Role::Waiter;
      chefs += th.role() == app::Role::Chef;
      if (th.name == "main") CHECK(th.role() == app::Role::Chef);
    }
    CHECK(waiters == 1);
    CHECK(chefs == 1);
  }
  SUBCASE("unbounded: the waiter never blocks; the backlog grows") {
    Finished f = run_through_session(std::string(app::find_example("overflow")->source), 200);
    const app::ChannelView* c = first_channel(f.model);
    REQUIRE(c != nullptr);
    CHECK_FALSE(c->capacity.has_value());
    CHECK(c->full_waits == 0);
    CHECK(c->blocked_send_ns == 0);
    // How far the backlog grows depends on how the machine schedules the two sleeps (on a busy
    // one the chef kept up), so the test checks what does not: every ticket went through, and
    // the carousel held at least one at some moment.
    CHECK(c->sent == 200);
    CHECK(c->received == 200);
    CHECK(c->peak >= 1);
  }
  SUBCASE("rendezvous: every message is a hand-off between the two threads") {
    Finished f = run_through_session(std::string(app::find_example("rendezvous")->source), 200);
    const app::ChannelView* c = first_channel(f.model);
    REQUIRE(c != nullptr);
    CHECK(std::string(c->kind()) == "rendezvous");
    CHECK(c->received == 3);
    CHECK(c->peak == 0);
    std::size_t links = 0;
    for (const auto& l : f.model.links()) links += l.channel == c->id;
    CHECK(links == 3);
  }
  SUBCASE("deadlock: the model holds the moment it was found; main waits on recv") {
    Finished f = run_through_session(std::string(app::find_example("deadlock")->source), 200);
    CHECK(f.status.result.outcome == lang::RunResult::Outcome::Deadlock);
    CHECK(f.err.find("deadlock") != std::string::npos);
    CHECK(f.err.find("channel #1") != std::string::npos);  // numbered per run, as in the scene
    CHECK(f.model.ended());
    bool main_waits = false;
    for (const auto& [id, th] : f.model.threads()) {
      main_waits = main_waits || (th.name == "main" && th.state == app::ThreadState::BlockedRecv);
    }
    CHECK(main_waits);
  }
}

TEST_CASE("a compile error is a problem with its line and column, and nothing runs") {
  Finished f = run_through_session("fn main() {\n    let x = ;\n}\n", 1);
  CHECK(f.status.phase == app::Phase::CompileFailed);
  REQUIRE(f.status.problems.size() == 1);
  CHECK(f.status.problems[0].line == 2);
  CHECK(f.status.problems[0].column == 13);
  CHECK(f.status.problems[0].rendered.find("--> src/main.rs:2:13") != std::string::npos);
  CHECK(f.model.threads().empty());
}

TEST_CASE("the capacity switch rewrites every channel constructor and the endpoint types") {
  std::string src =
      "use std::sync::mpsc::{self, SyncSender};\n"
      "fn feed(tx: SyncSender<u32>) { tx.send(1).unwrap(); }\n"
      "fn main() {\n"
      "    let (tx, rx) = mpsc::sync_channel::<u32>(3 + 1); // sync_channel(9) in a comment stays\n"
      "    let (a, b) = mpsc::channel();\n"
      "    let s = \"sync_channel(2)\";\n"
      "}\n";
  auto unbounded = app::switch_capacity(src, std::nullopt);
  CHECK(unbounded.constructors == 2);
  CHECK(unbounded.source.find("fn feed(tx: Sender<u32>)") != std::string::npos);
  CHECK(unbounded.source.find("mpsc::channel::<u32>();") != std::string::npos);
  CHECK(unbounded.source.find("// sync_channel(9) in a comment stays") != std::string::npos);
  CHECK(unbounded.source.find("\"sync_channel(2)\"") != std::string::npos);
  auto rendezvous = app::switch_capacity(unbounded.source, 0);
  CHECK(rendezvous.source.find("fn feed(tx: SyncSender<u32>)") != std::string::npos);
  CHECK(rendezvous.source.find("mpsc::sync_channel::<u32>(0);") != std::string::npos);
  CHECK(rendezvous.source.find("let (a, b) = mpsc::sync_channel(0);") != std::string::npos);
  CHECK(app::switch_capacity("fn main() {}", 1).constructors == 0);
}

TEST_CASE("a switched example still runs: the waiter of the unbounded example now waits") {
  auto switched = app::switch_capacity(app::find_example("unbounded")->source, 0);
  REQUIRE(switched.constructors == 1);
  // With a rendezvous the waiter cannot finish before the chef takes its tickets; join() first
  // would deadlock — and Brigade says so.
  Finished f = run_through_session(switched.source, 200);
  CHECK(f.status.result.outcome == lang::RunResult::Outcome::Deadlock);
  CHECK(f.err.find("waits at the pass of channel #1") != std::string::npos);
}

TEST_CASE("highlighting classifies keywords, types, macros, strings, numbers and comments") {
  std::string src = "fn main() { // hi\n    let x: u32 = 5; println!(\"{}\", x); /* a /* nested */ c */ }\n";
  auto spans = app::highlight(src);
  auto cls_at = [&](std::string_view needle) {
    auto at = static_cast<std::uint32_t>(src.find(needle));
    for (const auto& h : spans) {
      if (h.offset <= at && at < h.offset + h.length) return h.cls;
    }
    return app::TokenClass::Plain;
  };
  CHECK(cls_at("fn") == app::TokenClass::Keyword);
  CHECK(cls_at("let") == app::TokenClass::Keyword);
  CHECK(cls_at("u32") == app::TokenClass::Type);
  CHECK(cls_at("main") == app::TokenClass::Function);
  CHECK(cls_at("println!") == app::TokenClass::Macro);
  CHECK(cls_at("\"{}\"") == app::TokenClass::String);
  CHECK(cls_at("5;") == app::TokenClass::Number);
  CHECK(cls_at("// hi") == app::TokenClass::Comment);
  CHECK(cls_at("nested") == app::TokenClass::Comment);
  CHECK(cls_at("c */") == app::TokenClass::Comment);
  CHECK(cls_at("x:") == app::TokenClass::Plain);
  // Sorted and disjoint, so the editor can walk them line by line.
  for (std::size_t i = 1; i < spans.size(); ++i) CHECK(spans[i - 1].offset + spans[i - 1].length <= spans[i].offset);
}

TEST_CASE("a thread waiting in join() is blocked on join, then runs again") {
  Finished f = run_through_session(
      "use std::thread;\nuse std::time::Duration;\nfn main() {\n"
      "    let h = thread::spawn(move || thread::sleep(Duration::from_millis(200)));\n"
      "    h.join().unwrap();\n    println!(\"joined\");\n}\n",
      20);
  CHECK(f.out == "joined\n");
  bool joined_span = false;
  for (const auto& s : f.model.segments()) {
    const auto& th = f.model.threads().at(s.thread);
    joined_span = joined_span || (th.name == "main" && s.state == app::ThreadState::BlockedJoin && s.end_ns > s.start_ns);
  }
  CHECK(joined_span);
}

TEST_CASE("stepping: the learner is the scheduler, point by point, with threads or without") {
  for (app::Threading threading : {app::Threading::Threads, app::Threading::None}) {
  CAPTURE(threading == app::Threading::None);
  // Two threads print; at each choice point the test picks the highest-numbered candidate.
  const std::string source = R"(use std::thread;

fn main() {
    let t = thread::spawn(|| {
        println!("worker");
    });
    println!("main");
    t.join().unwrap();
}
)";
  trace::MutedScope muted;
  app::SessionStatus status;
  std::vector<app::OutputLine> lines;
  std::vector<std::vector<std::uint64_t>> offered;
  {
    app::Session session({}, false, threading);
    app::RunMode mode;
    mode.virtual_time = true;
    mode.stepping = true;
    session.run(source, 1000, mode);
    std::uint64_t answered = 0;
    for (;;) {
      session.advance(std::chrono::milliseconds(4));
      app::SessionStatus s;
      if (session.poll(s, lines)) {
        status = s;
        if (s.generation == 1 && s.phase != app::Phase::Running) break;
        if (s.step.waiting && s.step.number > answered) {
          CHECK(s.mode.stepping);
          CHECK(std::find(s.step.threads.begin(), s.step.threads.end(), s.step.proposed) != s.step.threads.end());
          offered.push_back(s.step.threads);
          answered = s.step.number;
          session.step(99);                    // not a candidate: ignored, the run still waits
          session.step(s.step.threads.back());  // the last one goes
        }
      }
      std::this_thread::yield();
    }
  }
  REQUIRE(status.phase == app::Phase::Ended);
  CHECK(status.result.outcome == lang::RunResult::Outcome::Finished);
  REQUIRE_FALSE(offered.empty());
  CHECK(offered.front() == std::vector<std::uint64_t>{1, 2});  // main gave way at the spawn
  // The worker went first each time it could: it printed first.
  std::string out;
  for (const auto& l : lines) out += l.text + "\n";
  CHECK(out == "worker\nmain\n");
  CHECK_FALSE(status.step.waiting);
  CHECK(status.step.number == offered.size());
  // Its schedule is every choice the test made: replaying it makes the same run.
  CHECK_FALSE(status.result.schedule.empty());
  }
}

TEST_CASE("stepping is let go: switched off mid-run, or the run is stopped while it waits") {
  const std::string source = R"(use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    for i in 0..3 {
        let tx = tx.clone();
        thread::spawn(move || tx.send(i).unwrap());
    }
    drop(tx);
    let total: i32 = rx.iter().sum();
    println!("{total}");
}
)";
  for (auto way : {std::pair{false, app::Threading::Threads}, std::pair{true, app::Threading::Threads},
                   std::pair{false, app::Threading::None}, std::pair{true, app::Threading::None}}) {
    const bool stop = way.first;  // (not a structured binding: clang 14 cannot capture one)
    const app::Threading threading = way.second;
    CAPTURE(stop);
    CAPTURE(threading == app::Threading::None);
    trace::MutedScope muted;
    app::Session session({}, false, threading);
    app::RunMode mode;
    mode.virtual_time = true;
    mode.stepping = true;
    session.run(source, 1000, mode);
    app::SessionStatus status;
    std::vector<app::OutputLine> lines;
    bool released = false;
    for (;;) {
      session.advance(std::chrono::milliseconds(4));
      app::SessionStatus s;
      if (session.poll(s, lines)) {
        status = s;
        if (s.generation == 1 && s.phase != app::Phase::Running) break;
        if (s.step.waiting && !released) {
          released = true;
          if (stop) {
            session.stop();
          } else {
            session.set_stepping(false);
          }
        }
      }
      std::this_thread::yield();
    }
    CHECK(released);
    INFO("phase " << app::phase_name(status.phase) << " message " << status.result.message);
    CHECK(status.step.number == 1);  // it waited once, then went on alone (or stopped)
    if (stop) {
      CHECK(status.result.outcome == lang::RunResult::Outcome::Stopped);
    } else {
      CHECK(status.result.outcome == lang::RunResult::Outcome::Finished);
      REQUIRE_FALSE(lines.empty());
      CHECK(lines.back().text == "3");
    }
  }
}
