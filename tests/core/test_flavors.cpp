// test_flavors.cpp — the semantics of every flavor, under the same test names (smoke, capacity,
// len_empty_full, disconnect_wakes_sender/receiver, drops, iteration), and Go's TestChan idea:
// one table of checks swept over every capacity from 0 to 64.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

using namespace brigade::mpsc;
using namespace brigade::test;
using namespace std::chrono_literals;

#define FLAVORS Unbounded, Bounded<1>, Bounded<4>, Rendezvous

TEST_CASE_TEMPLATE("smoke: one message through, in another thread", F, FLAVORS) {
  auto ch = F::template make<std::string>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  std::thread t([tx = std::move(tx)]() mutable { tx.send("Order: Pizza").unwrap(); });
  CHECK(rx.recv().unwrap() == "Order: Pizza");
  t.join();
  CHECK(rx.recv().is_err());  // the only sender is gone
}

TEST_CASE_TEMPLATE("capacity and len", F, FLAVORS) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  if constexpr (F::bounded) {
    CHECK(tx.capacity() == std::optional<std::size_t>(F::cap));
    CHECK(rx.capacity() == std::optional<std::size_t>(F::cap));
  } else {
    CHECK_FALSE(tx.capacity().has_value());
  }
  CHECK(rx.len() == 0);
  CHECK(rx.is_empty());
}

TEST_CASE_TEMPLATE("disconnect_wakes_receiver: last sender dropped while recv waits", F, FLAVORS) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  std::thread t([&rx = rx] { CHECK(rx.recv().is_err()); });
  wait_until([&] { return tx.blocked_receivers() == 1; });
  { auto last = std::move(tx); }
  t.join();
}

TEST_CASE_TEMPLATE("disconnect_wakes_sender: receiver dropped while send waits", F, Bounded<1>, Rendezvous) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  if constexpr (F::cap == 1) tx.send(1).unwrap();
  std::thread t([&tx = tx] {
    auto r = tx.send(2);
    REQUIRE(r.is_err());
    CHECK(std::move(r).error().into_inner() == 2);
  });
  wait_until([&] { return rx.blocked_senders() == 1; });
  { auto gone = std::move(rx); }
  t.join();
}

TEST_CASE_TEMPLATE("drops: buffered messages die with the receiver, exactly once", F, Unbounded, Bounded<1>,
                   Bounded<64>) {
  Counted::reset();
  {
    auto ch = F::template make<Counted>();
    auto& tx = ch.first;
    auto& rx = ch.second;
    int n = F::bounded ? static_cast<int>(F::cap) : 100;
    for (int i = 0; i < n; ++i) tx.send(Counted(i)).unwrap();
    CHECK(Counted::alive == n);
    if (n > 1) CHECK(rx.recv().unwrap().value == 0);
    { auto gone = std::move(rx); }
    CHECK(Counted::alive == 0);  // at once, while the sender still lives
    auto r = tx.send(Counted(-1));
    REQUIRE(r.is_err());
    CHECK(std::move(r).error().into_inner().value == -1);
  }
  CHECK(Counted::alive == 0);
}

TEST_CASE_TEMPLATE("drops: messages left when both sides go are destroyed once", F, Unbounded, Bounded<8>) {
  Counted::reset();
  {
    auto ch = F::template make<Counted>();
    auto& tx = ch.first;
    auto& rx = ch.second;
    for (int i = 0; i < 5; ++i) tx.send(Counted(i)).unwrap();
    { auto senders_gone = std::move(tx); }
    CHECK(rx.recv().unwrap().value == 0);
  }
  CHECK(Counted::alive == 0);
}

TEST_CASE_TEMPLATE("move-only messages", F, FLAVORS) {
  auto ch = F::template make<std::unique_ptr<int>>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  std::thread t([tx = std::move(tx)]() mutable {
    for (int i = 0; i < 10; ++i) tx.send(std::make_unique<int>(i)).unwrap();
  });
  int expect = 0;
  for (auto& p : rx) CHECK(*p == expect++);
  CHECK(expect == 10);
  t.join();
}

TEST_CASE_TEMPLATE("iteration: for (v : rx) ends when the senders are gone; try_iter takes what is there", F, Unbounded,
                   Bounded<8>) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  for (int i = 0; i < 3; ++i) tx.send(i).unwrap();
  std::vector<int> now;
  for (int v : rx.try_iter()) now.push_back(v);
  CHECK(now == std::vector<int>{0, 1, 2});
  auto tx2 = tx;  // a clone is one more sender
  tx.send(3).unwrap();
  tx2.send(4).unwrap();
  { auto a = std::move(tx), b = std::move(tx2); }
  std::vector<int> rest;
  for (int v : rx.iter()) rest.push_back(v);
  CHECK(rest == std::vector<int>{3, 4});
}

TEST_CASE_TEMPLATE("linearizable: send then try_recv on one thread always succeeds", F, Unbounded, Bounded<1>,
                   Bounded<3>) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  for (int i = 0; i < 1000; ++i) {
    tx.send(i).unwrap();
    auto r = rx.try_recv();
    REQUIRE(r.is_ok());
    CHECK(r.value() == i);
  }
}

TEST_CASE_TEMPLATE("timeouts: zero, small and huge", F, FLAVORS) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  CHECK(rx.recv_timeout(0ms).error() == RecvTimeoutError::Timeout);
  CHECK(rx.recv_timeout(5ms).error() == RecvTimeoutError::Timeout);
  // A huge timeout must not overflow: it waits until a message comes.
  std::thread t([&tx = tx] {
    wait_until([&] { return tx.blocked_receivers() == 1; });
    tx.send(1).unwrap();
    wait_until([&] { return tx.blocked_receivers() == 1; });
    tx.send(2).unwrap();
  });
  CHECK(rx.recv_timeout(std::chrono::hours(24 * 365 * 1000)).value() == 1);
  CHECK(rx.recv_timeout(std::chrono::nanoseconds::max()).value() == 2);
  t.join();
  { auto gone = std::move(tx); }
  CHECK(rx.recv_timeout(1h).error() == RecvTimeoutError::Disconnected);
}

TEST_CASE_TEMPLATE("timeouts: a deadline already past still makes one attempt", F, FLAVORS) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  // A sender blocked in send (for a buffered flavor: behind a full buffer), or for channel(),
  // messages already there: a zero timeout or a past deadline takes what is offered, in order.
  std::thread t([&tx = tx] {
    if constexpr (F::bounded) {
      for (std::size_t i = 0; i < F::cap; ++i) tx.send(static_cast<int>(i)).unwrap();
    }
    for (int v = 100; v < 102; ++v) tx.send(v).unwrap();  // blocks unless unbounded
  });
  // Something to take: a message buffered, or a rendezvous sender waiting.
  auto offered = [&] { return rx.len() > 0 || rx.blocked_senders() == 1; };
  if constexpr (F::bounded) {
    wait_until([&] { return rx.blocked_senders() == 1; });
    for (std::size_t i = 0; i < F::cap; ++i) CHECK(rx.recv_timeout(0ms).value() == static_cast<int>(i));
  }
  wait_until(offered);
  CHECK(rx.recv_timeout(0ms).value() == 100);
  wait_until(offered);
  CHECK(rx.recv_deadline(brigade::chan::Clock::now() - 1s).value() == 101);
  t.join();
  CHECK(rx.recv_timeout(0ms).error() == RecvTimeoutError::Timeout);
  { auto gone = std::move(tx); }
  CHECK(rx.recv_deadline(brigade::chan::Clock::now() - 1s).error() == RecvTimeoutError::Disconnected);
}

// ---------------------------------------------------------------- Go's TestChan: capacity sweep

// The table of checks, run for one capacity.
static void check_capacity(std::size_t cap) {
  CAPTURE(cap);
  {  // blocks when empty
    auto ch = sync_channel<int>(cap);
    auto& rx = ch.second;
    CHECK(rx.try_recv().error() == TryRecvError::Empty);
    CHECK(rx.recv_timeout(std::chrono::microseconds(200)).error() == RecvTimeoutError::Timeout);
  }
  {  // fills to exactly cap, then blocks when full; FIFO; len follows
    auto ch = sync_channel<int>(cap);
    auto& tx = ch.first;
    auto& rx = ch.second;
    for (std::size_t i = 0; i < cap; ++i) {
      REQUIRE(tx.try_send(static_cast<int>(i)).is_ok());
      CHECK(rx.len() == i + 1);
    }
    auto full = tx.try_send(-1);
    REQUIRE(full.is_err());
    CHECK(full.error().is_full());
    for (std::size_t i = 0; i < cap; ++i) CHECK(rx.recv().unwrap() == static_cast<int>(i));
    CHECK(rx.len() == 0);
  }
  {  // a sender blocked on a full channel proceeds once a slot frees (or the receiver takes it)
    auto ch = sync_channel<int>(cap);
    auto& tx = ch.first;
    auto& rx = ch.second;
    for (std::size_t i = 0; i < cap; ++i) tx.send(static_cast<int>(i)).unwrap();
    std::thread t([&tx = tx, cap] { tx.send(static_cast<int>(cap)).unwrap(); });
    wait_until([&] { return rx.blocked_senders() == 1; });
    for (std::size_t i = 0; i <= cap; ++i) CHECK(rx.recv().unwrap() == static_cast<int>(i));
    t.join();
  }
  {  // senders dropped first: the receiver drains, then sees Disconnected
    auto ch = sync_channel<int>(cap);
    auto& tx = ch.first;
    auto& rx = ch.second;
    for (std::size_t i = 0; i < cap; ++i) tx.send(static_cast<int>(i)).unwrap();
    { auto gone = std::move(tx); }
    for (std::size_t i = 0; i < cap; ++i) CHECK(rx.try_recv().value() == static_cast<int>(i));
    CHECK(rx.try_recv().error() == TryRecvError::Disconnected);
    CHECK(rx.recv().is_err());
  }
  {  // receiver dropped first: buffered messages die now, senders get their message back
    Counted::reset();
    auto ch = sync_channel<Counted>(cap);
    auto& tx = ch.first;
    auto& rx = ch.second;
    for (std::size_t i = 0; i < cap; ++i) tx.send(Counted(static_cast<int>(i))).unwrap();
    { auto gone = std::move(rx); }
    CHECK(Counted::alive == 0);
    auto r = tx.try_send(Counted(7));
    REQUIRE(r.is_err());
    CHECK(r.error().is_disconnected());
    CHECK(tx.send(Counted(8)).is_err());
  }
  {  // rendezvous or not, try_send succeeds while a receiver waits
    auto ch = sync_channel<int>(cap);
    auto& tx = ch.first;
    auto& rx = ch.second;
    std::thread t([&rx = rx] { CHECK(rx.recv().unwrap() == 5); });
    wait_until([&] { return tx.blocked_receivers() == 1; });
    CHECK(tx.try_send(5).is_ok());
    t.join();
  }
}

TEST_CASE("capacity sweep 0..64: one table of checks") {
  for (std::size_t cap = 0; cap <= 64; ++cap) check_capacity(cap);
}

// ---- tokio's extensions of the core: reservations (Sender::reserve, Permit::send) and
// Receiver::close.

TEST_CASE("reserve: a promised slot is not free for plain sends, and the permit's send uses it") {
  auto [tx, rx] = sync_channel<int>(1);
  REQUIRE(tx.try_reserve() == Status::Ok);
  CHECK(tx.reserved() == 1);
  CHECK(tx.try_reserve() == Status::WouldBlock);
  auto r = tx.try_send(123);
  REQUIRE(r.is_err());
  CHECK(r.error().is_full());
  int v = 456;
  CHECK(tx.try_send_reserved(v) == Status::Ok);
  CHECK(tx.reserved() == 0);
  CHECK(rx.recv().unwrap() == 456);
  CHECK(tx.try_send(7).is_ok());
}

TEST_CASE("reserve: releasing a permit unused wakes a sender waiting for the slot") {
  auto ch = sync_channel<int>(1);  // not a structured binding: lambdas below capture the ends
  auto& tx = ch.first;
  auto& rx = ch.second;
  REQUIRE(tx.try_reserve() == Status::Ok);
  auto tx2 = tx;
  std::thread waiter([&] { tx2.send(9).unwrap(); });  // blocks: the only slot is promised
  wait_until([&] { return tx.blocked_senders() == 1; });
  tx.release_reservation();
  waiter.join();
  CHECK(rx.recv().unwrap() == 9);
}

TEST_CASE("reserve: a receiver that is gone fails reservations and the permit's send") {
  auto [tx, rx] = sync_channel<int>(2);
  REQUIRE(tx.try_reserve() == Status::Ok);
  { auto gone = std::move(rx); }
  CHECK(tx.try_reserve() == Status::Disconnected);
  int v = 1;
  CHECK(tx.try_send_reserved(v) == Status::Disconnected);
  CHECK(tx.reserved() == 0);
}

TEST_CASE_TEMPLATE("close: senders fail at once, the receiver still drains what is buffered", F, Unbounded, Bounded<4>) {
  auto ch = F::template make<int>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  tx.send(1).unwrap();
  tx.send(2).unwrap();
  rx.close();
  CHECK(tx.send(3).is_err());
  CHECK(rx.recv().unwrap() == 1);
  CHECK(rx.recv().unwrap() == 2);
  CHECK(rx.recv().is_err());
}

TEST_CASE("close: wakes a sender waiting on a full ring") {
  auto ch = sync_channel<int>(1);
  auto& tx = ch.first;
  auto& rx = ch.second;
  tx.send(1).unwrap();
  std::thread waiter([&] { CHECK(tx.send(2).is_err()); });
  wait_until([&] { return rx.blocked_senders() == 1; });
  rx.close();
  waiter.join();
  CHECK(rx.recv().unwrap() == 1);
  CHECK(rx.recv().is_err());
}

TEST_CASE_TEMPLATE("closed: a sender's watch ends when the receiver goes or closes", F, FLAVORS) {
  using brigade::chan::Waiter;
  using brigade::chan::WaitState;
  {
    auto ch = F::template make<int>();
    Waiter& w = Waiter::current();
    REQUIRE(ch.first.start_closed(w) == Status::WouldBlock);
    std::thread t([rx = std::move(ch.second)]() mutable { auto gone = std::move(rx); });
    CHECK(w.wait(std::nullopt) == WaitState::Disconnected);
    t.join();
    CHECK(ch.first.start_closed(w) == Status::Ok);
  }
  {
    auto ch = F::template make<int>();
    Waiter& w = Waiter::current();
    REQUIRE(ch.first.start_closed(w) == Status::WouldBlock);
    ch.second.close();
    CHECK(w.wait(std::nullopt) == WaitState::Disconnected);
    CHECK(ch.first.start_closed(w) == Status::Ok);
  }
  {  // a watch taken back leaves nothing registered
    auto ch = F::template make<int>();
    Waiter& w = Waiter::current();
    REQUIRE(ch.first.start_closed(w) == Status::WouldBlock);
    REQUIRE(w.abort() == WaitState::Aborted);
    ch.first.cancel_closed(w);
  }
}
