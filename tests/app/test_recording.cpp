// test_recording.cpp — time travel: the model of a prefix of the run's events is the model the
// views showed at that moment.
#include <doctest/doctest.h>

#include <brigade/lang/compiler.hpp>
#include <brigade/lang/runtime.hpp>
#include <brigade/trace.hpp>

#include "recording.hpp"
#include "run_model.hpp"

using namespace brigade;

namespace {
// A rendezvous under virtual time: main sends 1, 2, 3; the worker sleeps 10 ms before each
// receive, so main waits at the pass each time.
constexpr const char* kProgram = R"(use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::sync_channel(0);
    let chef = thread::spawn(move || {
        for _ in 0..3 {
            thread::sleep(Duration::from_millis(10));
            println!("got {}", rx.recv().unwrap());
        }
    });
    for i in 1..=3 {
        tx.send(i).unwrap();
    }
    chef.join().unwrap();
}
)";

// Runs kProgram under virtual time, feeding `live` and `recording` every event as the UI does.
void run_recorded(app::RunModel& live, app::Recording& recording) {
  trace::Ring ring(1 << 16);
  lang::Source source("src/main.rs", kProgram);
  lang::Diagnostics diagnostics;
  auto module = lang::compile_source(source, diagnostics);
  REQUIRE(module);
  lang::RunOptions options;
  options.virtual_time = true;
  options.trace = &ring;
  options.on_output = [](const lang::OutputChunk&) {};
  {
    trace::Event start;
    start.kind = trace::Kind::RunStart;
    start.seq = 7;
    live.apply(start);
    recording.record(start);
  }
  lang::Run run(module, std::move(options));
  REQUIRE(run.execute().outcome == lang::RunResult::Outcome::Finished);
  trace::Event e;
  while (ring.pop(e)) {
    live.apply(e);
    recording.record(e);
  }
}

const app::ThreadView& main_thread(const app::RunModel& m) {
  const app::ThreadView* t = m.thread_named("main");
  REQUIRE(t != nullptr);
  return *t;
}
}  // namespace

TEST_CASE("a moment of the run is the model of the events up to it") {
  app::RunModel live;
  app::Recording recording;
  run_recorded(live, recording);
  REQUIRE(recording.generation() == 7);
  REQUIRE(recording.size() > 10);
  CHECK_FALSE(recording.truncated());

  SUBCASE("the last moment is the live model") {
    const app::RunModel& end = recording.model_at(recording.size());
    CHECK(end.json() == live.json());
    CHECK(end.ended());
  }
  SUBCASE("the first moment: nothing has happened yet") {
    const app::RunModel& start = recording.model_at(0);
    CHECK(start.threads().empty());
    CHECK(start.generation() == 7);
  }
  SUBCASE("at 5 ms main waits at the pass, nothing received yet; at 25 ms one ticket has gone through") {
    const app::RunModel& at5 = recording.model_at(recording.moment_at(5'000'000));
    CHECK(main_thread(at5).state == app::ThreadState::BlockedSend);
    REQUIRE(at5.channels().size() == 1);
    CHECK(at5.channels().begin()->second.received == 0);
    const app::RunModel& at25 = recording.model_at(recording.moment_at(25'000'000));  // forwards
    CHECK(at25.channels().begin()->second.received == 2);
    CHECK(main_thread(at25).state == app::ThreadState::BlockedSend);
    const app::RunModel& back = recording.model_at(recording.moment_at(15'000'000));  // backwards
    CHECK(back.channels().begin()->second.received == 1);
    CHECK(recording.time_at(recording.moment_at(15'000'000)) <= 15'000'000);
  }
}

TEST_CASE("a recording is bounded, and a new run starts a new one") {
  app::Recording recording(5);
  trace::Event e;
  e.kind = trace::Kind::RunStart;
  e.seq = 1;
  recording.record(e);
  e.kind = trace::Kind::Heartbeat;
  for (int i = 0; i < 9; ++i) {
    e.time_ns = static_cast<std::uint64_t>(i);
    recording.record(e);
  }
  CHECK(recording.size() == 5);
  CHECK(recording.truncated());
  CHECK(recording.moment_at(2) == 3);
  CHECK(recording.time_at(3) == 2);
  e.kind = trace::Kind::RunStart;
  e.seq = 2;
  recording.record(e);
  CHECK(recording.size() == 0);
  CHECK_FALSE(recording.truncated());
  CHECK(recording.generation() == 2);
}
