// backoff.hpp — how a thread spends the short time before it parks.
//
// A blocking operation first retries while spinning (exponentially more pause instructions),
// then while yielding, and only then registers as a waiter and parks. A hand-off between two
// running threads usually completes inside the spin phase, which keeps the rendezvous and
// capacity-1 channels off the futex path.
//
// WebAssembly has neither a pause instruction nor a yield that gives up the core, and waking a
// parked thread there (Atomics.wait/notify between workers) costs tens of microseconds. So on
// wasm the "yield" phase keeps spinning, longer: parking is a last resort.
#pragma once
#include <atomic>
#include <thread>

namespace brigade::chan::detail {

// Read, never written: a load the optimiser must keep, where there is no pause instruction.
inline std::atomic<unsigned> g_spin_sink{0};

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#else
  (void)g_spin_sink.load(std::memory_order_relaxed);  // keeps the spin loop from vanishing
#endif
}

class Backoff {
 public:
  // Busy-wait a little after a lost race (a CAS that another thread won).
  void spin() noexcept {
    for (unsigned i = 0; i < (1u << (step_ < kSpinLimit ? step_ : kSpinLimit)); ++i) spin_pause();
    if (step_ <= kSpinLimit) ++step_;
  }
  // Wait for another thread to make progress (a slot being written, a block being linked).
  void snooze() noexcept {
    if (step_ <= kSpinLimit) {
      for (unsigned i = 0; i < (1u << step_); ++i) spin_pause();
    } else if constexpr (kYieldGivesUpCore) {
      std::this_thread::yield();
    } else {
      for (unsigned i = 0; i < (1u << kLongSpin); ++i) spin_pause();
    }
    if (step_ <= kYieldLimit) ++step_;
  }
  // True once spinning has gone on long enough that parking is the better deal.
  [[nodiscard]] bool is_completed() const noexcept { return step_ > kYieldLimit; }

 private:
#if defined(__wasm__)
  static constexpr bool kYieldGivesUpCore = false;
  static constexpr unsigned kYieldLimit = 24;  // about 18 extra rounds of 2^kLongSpin spins
#else
  static constexpr bool kYieldGivesUpCore = true;
  static constexpr unsigned kYieldLimit = 10;
#endif
  static constexpr unsigned kSpinLimit = 6;
  static constexpr unsigned kLongSpin = 12;
  unsigned step_ = 0;
};

}  // namespace brigade::chan::detail
