// test_run_model.cpp — the UI model from real channels' trace events (no window): thread states
// over time, channel statistics, send -> receive links, a bounded history; the waits of a Condvar,
// a Barrier and a park() from programs run under virtual time.
#include <doctest/doctest.h>

#include <brigade/lang/compiler.hpp>
#include <brigade/lang/runtime.hpp>
#include <brigade/mpsc.hpp>
#include <brigade/trace.hpp>
#include <set>
#include <string_view>
#include <thread>

#include "describe.hpp"
#include "run_model.hpp"

using namespace brigade;

namespace {
void name_this_thread(std::string_view name) {
  trace::emit(trace::Kind::ThreadSpawn, 0, 0, 0, trace::preview_of(name));
}
template <class Pred>
void wait_until(Pred pred) {
  while (!pred()) std::this_thread::yield();
}
// Installs a ring for the test's duration.
struct Tracing {
  trace::Ring ring{1 << 16};
  Tracing() { trace::install(&ring); }
  ~Tracing() { trace::install(nullptr); }
};
}  // namespace

TEST_CASE("a waiter blocked on a full carousel: states, backpressure time, links") {
  Tracing tracing;
  app::RunModel model;
  std::uint32_t channel_id = 0;
  {
    auto ch = mpsc::sync_channel<int>(1);
    auto& rx = ch.second;
    channel_id = rx.id();
    std::thread waiter([tx = std::move(ch.first)]() mutable {
      name_this_thread("waiter");
      for (int i = 1; i <= 3; ++i) tx.send(i).unwrap();
      trace::emit(trace::Kind::ThreadExit);
    });
    name_this_thread("chef");
    wait_until([&] { return rx.blocked_senders() == 1; });  // ticket 2 waits: the carousel holds 1
    model.drain(tracing.ring);
    const app::ThreadView* w = model.thread_named("waiter");
    REQUIRE(w != nullptr);
    CHECK(w->state == app::ThreadState::BlockedSend);
    CHECK(w->channel == channel_id);
    CHECK(model.channels().at(channel_id).len == 1);
    for (int i = 1; i <= 3; ++i) CHECK(rx.recv().unwrap() == i);
    waiter.join();
  }
  model.drain(tracing.ring);
  const auto& c = model.channels().at(channel_id);
  CHECK(std::string(c.kind()) == "bounded");
  CHECK(c.capacity == std::optional<std::uint64_t>(1));
  CHECK(c.sent == 3);
  CHECK(c.received == 3);
  CHECK(c.peak == 1);
  CHECK(c.blocked_send_ns > 0);  // the backpressure, measured
  CHECK(c.senders_gone);
  CHECK(c.receiver_gone);
  const app::ThreadView* w = model.thread_named("waiter");
  REQUIRE(w != nullptr);
  CHECK(w->state == app::ThreadState::Done);
  CHECK(w->sends == 3);
  CHECK(model.thread_named("chef")->receives == 3);
  std::size_t links = 0;
  for (const auto& l : model.links()) {
    if (l.channel != channel_id) continue;
    CHECK(l.from_thread == w->id);
    CHECK(l.to_thread == model.thread_named("chef")->id);
    CHECK(l.received_ns >= l.sent_ns);
    ++links;
  }
  CHECK(links == 3);
  bool was_blocked = false;  // the timeline keeps the blocked span
  for (const auto& s : model.segments()) {
    was_blocked =
        was_blocked || (s.thread == w->id && s.state == app::ThreadState::BlockedSend && s.end_ns > s.start_ns);
  }
  CHECK(was_blocked);
  CHECK(model.json().find("\"name\":\"waiter\",\"role\":\"waiter\",\"state\":\"done\"") != std::string::npos);
  CHECK(c.full_waits >= 1);  // it blocked while the carousel held its one ticket
}

TEST_CASE("describe: the scene in words, for the page's screen-reader mirror") {
  Tracing tracing;
  app::RunModel model;
  auto ch = mpsc::sync_channel<int>(1);
  auto& rx = ch.second;
  std::thread waiter([tx = std::move(ch.first)]() mutable {
    name_this_thread("waiter");
    for (int i = 1; i <= 2; ++i) tx.send(i).unwrap();
    trace::emit(trace::Kind::ThreadExit);
  });
  name_this_thread("chef");
  wait_until([&] { return rx.blocked_senders() == 1; });
  model.drain(tracing.ring);
  const std::string words = app::describe(model, model.thread_named("waiter")->since_ns + 300'000'000);
  CAPTURE(words);
  CHECK(words.find("waiter, waiter: waits to hand a ticket to carousel #1 — sync_channel(1), full 1 of 1 — for 0.3 s.") !=
        std::string::npos);
  CHECK(words.find("carousel #1 — sync_channel(1): full 1 of 1; 1 sent, 0 received.") != std::string::npos);
  CHECK(app::channel_name(model.channels().begin()->second) == "carousel #1 — sync_channel(1)");
  for (int i = 1; i <= 2; ++i) CHECK(rx.recv().unwrap() == i);
  waiter.join();
  model.drain(tracing.ring);
  CHECK(app::describe(model, 0).find("waiter, waiter: finished.") != std::string::npos);
}

TEST_CASE("a chef waiting at the pass of a rendezvous wakes when the waiter arrives") {
  Tracing tracing;
  app::RunModel model;
  auto ch = mpsc::sync_channel<int>(0);
  auto& tx = ch.first;
  std::thread chef([rx = std::move(ch.second)]() mutable {
    name_this_thread("chef");
    CHECK(rx.recv().unwrap() == 7);
  });
  wait_until([&] { return tx.blocked_receivers() == 1; });
  model.drain(tracing.ring);
  REQUIRE(model.thread_named("chef") != nullptr);
  CHECK(model.thread_named("chef")->state == app::ThreadState::BlockedRecv);
  tx.send(7).unwrap();
  chef.join();
  model.drain(tracing.ring);
  CHECK(model.thread_named("chef")->state == app::ThreadState::Running);
  CHECK(std::string(model.channels().at(tx.id()).kind()) == "rendezvous");
  CHECK(model.channels().at(tx.id()).received == 1);
}

TEST_CASE("the history is bounded and says how much it dropped") {
  app::RunModel model(10);
  trace::Event e;
  e.kind = trace::Kind::Heartbeat;  // any event that is not a run marker
  for (int i = 0; i < 25; ++i) {
    e.time_ns = static_cast<std::uint64_t>(i);
    model.apply(e);
  }
  CHECK(model.history().size() == 10);
  CHECK(model.dropped_history() >= 15);
}

namespace {
// Runs `program` under virtual time into a model, event by event, and lists every thread seen
// waiting on one of std's other synchronisers, with on what.
std::set<std::pair<std::string, app::SyncWait>> sync_waits_of(const char* program) {
  trace::Ring ring(1 << 16);
  lang::Source source("src/main.rs", program);
  lang::Diagnostics diagnostics;
  auto module = lang::compile_source(source, diagnostics);
  REQUIRE_MESSAGE(module, diagnostics.render(source));
  lang::RunOptions options;
  options.virtual_time = true;
  options.trace = &ring;
  options.on_output = [](const lang::OutputChunk&) {};
  lang::Run run(module, std::move(options));
  run.execute();
  app::RunModel model;
  std::set<std::pair<std::string, app::SyncWait>> seen;
  trace::Event e;
  while (ring.pop(e)) {
    model.apply(e);
    for (const auto& [id, th] : model.threads()) {
      if (th.state == app::ThreadState::BlockedSync) seen.insert({th.display_name(), th.sync});
    }
  }
  return seen;
}
}  // namespace

TEST_CASE("a Condvar's wait, a Barrier's and a park() show as what they are") {
  auto condvar = sync_waits_of(
      "use std::sync::{Arc, Condvar, Mutex}; use std::thread; use std::time::Duration;\n"
      "fn main() { let pair = Arc::new((Mutex::new(false), Condvar::new())); let p2 = Arc::clone(&pair);\n"
      "  let t = thread::spawn(move || { thread::sleep(Duration::from_millis(5));\n"
      "    let (l, cv) = &*p2; *l.lock().unwrap() = true; cv.notify_one(); });\n"
      "  let (lock, cv) = &*pair; let _g = cv.wait_while(lock.lock().unwrap(), |r| !*r).unwrap();\n"
      "  drop(_g); t.join().unwrap(); }\n");
  CHECK(condvar.count({"main", app::SyncWait::Condvar}) == 1);
  auto barrier = sync_waits_of(
      "use std::sync::{Arc, Barrier}; use std::thread; use std::time::Duration;\n"
      "fn main() { let b = Arc::new(Barrier::new(2)); let b2 = Arc::clone(&b);\n"
      "  let t = thread::spawn(move || { thread::sleep(Duration::from_millis(5)); b2.wait(); });\n"
      "  b.wait(); t.join().unwrap(); }\n");
  CHECK(barrier.count({"main", app::SyncWait::Barrier}) == 1);
  auto parked = sync_waits_of(
      "use std::thread; use std::time::Duration;\n"
      "fn main() { let t = thread::spawn(|| thread::park());\n"
      "  thread::sleep(Duration::from_millis(5)); t.thread().unpark(); t.join().unwrap(); }\n");
  CHECK(parked.count({"thread 2", app::SyncWait::Park}) == 1);
}
