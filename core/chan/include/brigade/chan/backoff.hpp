// backoff.hpp — how a thread spends the short time before it parks.
//
// A blocking operation first retries while spinning (exponentially more pause instructions),
// then while yielding, and only then registers as a waiter and parks. A hand-off between two
// running threads usually completes inside the spin phase, which keeps the rendezvous and
// capacity-1 channels off the futex path.
#pragma once
#include <thread>

namespace brigade::chan::detail {

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
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
    } else {
      std::this_thread::yield();
    }
    if (step_ <= kYieldLimit) ++step_;
  }
  // True once spinning has gone on long enough that parking is the better deal.
  [[nodiscard]] bool is_completed() const noexcept { return step_ > kYieldLimit; }

 private:
  static constexpr unsigned kSpinLimit = 6;
  static constexpr unsigned kYieldLimit = 10;
  unsigned step_ = 0;
};

}  // namespace brigade::chan::detail
