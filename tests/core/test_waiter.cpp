// test_waiter.cpp — the second form of waiting: a task that is resumed by a callback instead of
// a parked thread (how the interpreter's tasks and coroutines plug into the channels).
#include <doctest/doctest.h>

#include <atomic>
#include <optional>
#include <thread>

#include "support.hpp"

using namespace brigade::mpsc;
using namespace brigade::test;

namespace {
// A stand-in for a scheduler's task: the callback records the wake-up; nobody sleeps on it.
struct Task {
  std::atomic<int> resumed{0};
  std::atomic<WaitState> last{WaitState::Waiting};
  Waiter waiter{[](void* self, WaitState s) {
                  auto* task = static_cast<Task*>(self);
                  task->last = s;
                  task->resumed.fetch_add(1);
                },
                this};
};
}  // namespace

TEST_CASE_TEMPLATE("callback waiter: a pending receive resumes when a message comes", F, Unbounded, Bounded<2>,
                   Rendezvous) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  Task task;
  std::optional<int> out;
  REQUIRE(rx.start_recv(out, task.waiter) == Status::WouldBlock);
  CHECK(task.resumed == 0);
  CHECK(rx.blocked_receivers() == 1);

  std::thread sender([&tx = tx] { tx.send(42).unwrap(); });  // a rendezvous send completes the hand-off
  wait_until([&] { return task.resumed.load() == 1; });
  if (task.last == WaitState::Completed) {
    CHECK(out == 42);  // rendezvous: the sender moved the message straight into `out`
  } else {
    CHECK(task.last == WaitState::Notified);
    REQUIRE(rx.start_recv(out, task.waiter) == Status::Ok);  // the task retries, as scheduled
    CHECK(out == 42);
  }
  sender.join();
}

TEST_CASE_TEMPLATE("callback waiter: a pending send resumes when room appears", F, Bounded<1>, Rendezvous) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  if constexpr (F::cap == 1) tx.send(1).unwrap();
  Task task;
  int message = 2;
  REQUIRE(tx.start_send(message, task.waiter) == Status::WouldBlock);
  CHECK(rx.blocked_senders() == 1);
  if constexpr (F::cap == 1) {
    CHECK(rx.recv().unwrap() == 1);  // frees the slot: the task is told to retry
    REQUIRE(task.resumed == 1);
    CHECK(task.last == WaitState::Notified);
    REQUIRE(tx.start_send(message, task.waiter) == Status::Ok);
  } else {
    CHECK(rx.recv().unwrap() == 2);
    REQUIRE(task.resumed == 1);
    CHECK(task.last == WaitState::Completed);
  }
  if constexpr (F::cap == 1) CHECK(rx.recv().unwrap() == 2);
}

TEST_CASE_TEMPLATE("callback waiter: disconnection resumes a pending task", F, Unbounded, Bounded<1>, Rendezvous) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  Task task;
  std::optional<int> out;
  REQUIRE(rx.start_recv(out, task.waiter) == Status::WouldBlock);
  { auto gone = std::move(tx); }
  REQUIRE(task.resumed == 1);
  CHECK(task.last == WaitState::Disconnected);
  CHECK(rx.start_recv(out, task.waiter) == Status::Disconnected);
}

TEST_CASE("callback waiter: a cancelled wait is never resumed") {
  auto ch = sync_channel<int>(1);
  auto& tx = ch.first;
  auto& rx = ch.second;
  Task task;
  std::optional<int> out;
  REQUIRE(rx.start_recv(out, task.waiter) == Status::WouldBlock);
  REQUIRE(task.waiter.abort() == WaitState::Aborted);  // e.g. the user pressed Stop
  rx.cancel_recv(task.waiter);
  CHECK(rx.blocked_receivers() == 0);
  tx.send(1).unwrap();
  CHECK(task.resumed == 0);
  CHECK(rx.recv().unwrap() == 1);
}
