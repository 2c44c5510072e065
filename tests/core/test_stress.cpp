// test_stress.cpp — many threads, many messages: exactly-once delivery and per-producer FIFO.
// Counts shrink by BRIGADE_TEST_SCALE under sanitizers and in wasm.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "support.hpp"

using namespace brigade::mpsc;
using namespace brigade::test;

namespace {

struct Msg {
  int producer;
  int seq;
};

// `producers` threads send `per_producer` messages each (clones of the channel's sender); the
// receiver checks that each producer's messages arrive once each, in order, and nothing else.
template <class Channel>
void run_mpsc(Channel channel, int producers, int per_producer) {
  auto& tx = channel.first;  // not a structured binding: clang 14 cannot capture those
  auto& rx = channel.second;
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([tx, p, per_producer]() mutable {
      for (int i = 0; i < per_producer; ++i) tx.send(Msg{p, i}).unwrap();
    });
  }
  { auto mine = std::move(tx); }
  std::vector<int> next(static_cast<std::size_t>(producers), 0);
  long total = 0;
  bool in_order = true;
  for (Msg m : rx) {
    in_order = in_order && m.seq == next[static_cast<std::size_t>(m.producer)];
    ++next[static_cast<std::size_t>(m.producer)];
    ++total;
  }
  for (auto& t : threads) t.join();
  CHECK(in_order);
  CHECK(total == static_cast<long>(producers) * per_producer);
  for (int n : next) CHECK(n == per_producer);
}

}  // namespace

TEST_CASE("stress: SPSC 100,000 through each flavor") {
  const int n = 100000 / kScale;
  SUBCASE("channel()") {
    run_mpsc(channel<Msg>(), 1, n);
  }
  SUBCASE("sync_channel(1000)") {
    run_mpsc(sync_channel<Msg>(1000), 1, n);
  }
  SUBCASE("sync_channel(1)") {
    run_mpsc(sync_channel<Msg>(1), 1, n / 10);
  }
  SUBCASE("sync_channel(0)") {
    run_mpsc(sync_channel<Msg>(0), 1, n / 10);
  }
}

TEST_CASE("stress: MPSC 8 x 10,000") {
  const int n = 10000 / kScale;
  SUBCASE("channel()") {
    run_mpsc(channel<Msg>(), 8, n);
  }
  SUBCASE("sync_channel(64)") {
    run_mpsc(sync_channel<Msg>(64), 8, n);
  }
}

TEST_CASE("stress: bounded(1) and bounded(0) with 4 producers") {
  const int n = 5000 / kScale;
  SUBCASE("sync_channel(1)") {
    run_mpsc(sync_channel<Msg>(1), 4, n);
  }
  SUBCASE("sync_channel(0)") {
    run_mpsc(sync_channel<Msg>(0), 4, n);
  }
}

TEST_CASE("race: the receiver is dropped while the first send is in flight") {
  const int rounds = 2000 / kScale;
  for (std::size_t cap : {std::size_t{0}, std::size_t{1}, std::size_t{16}}) {
    for (int round = 0; round < rounds; ++round) {
      Counted::reset();
      long returned = 0;
      {
        auto ch = sync_channel<Counted>(cap);
        auto& tx = ch.first;
        auto& rx = ch.second;
        std::atomic<bool> go{false};
        std::thread sender([&tx = tx, &go, &returned] {
          while (!go.load()) {
          }
          auto r = tx.send(Counted(1));  // Ok (message then dropped with the channel) or Err
          if (r.is_err()) returned = std::move(r).error().into_inner().value;
        });
        go = true;
        { auto gone = std::move(rx); }
        sender.join();
      }
      REQUIRE(Counted::alive == 0);
      CHECK((returned == 0 || returned == 1));
    }
  }
  for (int round = 0; round < rounds; ++round) {
    Counted::reset();
    {
      auto ch = channel<Counted>();
      auto& tx = ch.first;
      auto& rx = ch.second;
      std::thread sender([tx = std::move(tx)]() mutable { (void)tx.send(Counted(1)); });
      { auto gone = std::move(rx); }
      sender.join();
    }
    REQUIRE(Counted::alive == 0);
  }
}
