// support.hpp — what the channel suites share: the flavors under test, a message type that
// counts its lives, and waiting on observable channel state (never on the clock).
#pragma once
#include <atomic>
#include <cstddef>
#include <thread>

#include <brigade/mpsc.hpp>

namespace brigade::test {

constexpr int kScale = BRIGADE_TEST_SCALE;  // 1 natively; 10 under sanitizers and wasm

// The flavors, for TEST_CASE_TEMPLATE: each makes a (sender, receiver) pair of T.
struct Unbounded {
  static constexpr const char* name = "channel()";
  template <class T>
  static auto make() { return mpsc::channel<T>(); }
  static constexpr bool bounded = false;
  static constexpr std::size_t cap = 0;
};
template <std::size_t N>
struct Bounded {
  static constexpr const char* name = "sync_channel(N)";
  template <class T>
  static auto make() { return mpsc::sync_channel<T>(N); }
  static constexpr bool bounded = true;
  static constexpr std::size_t cap = N;
};
using Rendezvous = Bounded<0>;

// A message that counts constructions and destructions, to prove exactly-once.
struct Counted {
  static inline std::atomic<long> alive{0};
  static inline std::atomic<long> destroyed{0};
  int value = 0;
  explicit Counted(int v) : value(v) { alive.fetch_add(1); }
  Counted(const Counted& o) : value(o.value) { alive.fetch_add(1); }
  Counted(Counted&& o) noexcept : value(o.value) { alive.fetch_add(1); }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) = default;
  ~Counted() {
    alive.fetch_sub(1);
    destroyed.fetch_add(1);
  }
  static void reset() {
    alive = 0;
    destroyed = 0;
  }
};

// Wait until a condition on the channel's observable state holds (e.g. a thread is blocked).
template <class Pred>
void wait_until(Pred pred) {
  while (!pred()) std::this_thread::yield();
}

}  // namespace brigade::test
