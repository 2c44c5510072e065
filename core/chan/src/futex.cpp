// futex.cpp — the three platforms of futex.hpp.
#include "brigade/chan/futex.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#if defined(__EMSCRIPTEN__)
#include <emscripten/threading.h>

#include <cmath>
#elif defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#endif

namespace brigade::chan::detail {

namespace {

// The futex call takes the word's address; std::atomic<uint32_t> is that word.
void* address_of(const std::atomic<std::uint32_t>& word) noexcept {
  return const_cast<std::atomic<std::uint32_t>*>(&word);  // NOLINT: the kernel only reads it
}

}  // namespace

#if defined(__EMSCRIPTEN__)

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected, const Deadline& deadline) noexcept {
  double ms = INFINITY;
  if (deadline) {
    auto left = *deadline - Clock::now();
    if (left <= Clock::duration::zero()) return;
    ms = std::chrono::duration<double, std::milli>(left).count();
  }
  emscripten_futex_wait(address_of(word), expected, ms);
}
void futex_wake_one(const std::atomic<std::uint32_t>& word) noexcept { emscripten_futex_wake(address_of(word), 1); }

#elif defined(__linux__)

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected, const Deadline& deadline) noexcept {
  timespec at{};
  const timespec* timeout = nullptr;
  if (deadline) {
    auto since = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline->time_since_epoch()).count();
    if (since < 0) since = 0;
    at.tv_sec = static_cast<time_t>(since / 1'000'000'000);
    at.tv_nsec = static_cast<long>(since % 1'000'000'000);
    timeout = &at;
  }
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline (plain FUTEX_WAIT a relative one).
  syscall(SYS_futex, address_of(word), FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected, timeout, nullptr,
          FUTEX_BITSET_MATCH_ANY);
}
void futex_wake_one(const std::atomic<std::uint32_t>& word) noexcept {
  syscall(SYS_futex, address_of(word), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, nullptr, nullptr, 0);
}

#else

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected, const Deadline& deadline) noexcept {
  Clock::duration step = std::chrono::microseconds(50);
  if (deadline) step = std::min(step, *deadline - Clock::now());
  if (step > Clock::duration::zero() && word.load(std::memory_order_acquire) == expected) std::this_thread::sleep_for(step);
}
void futex_wake_one(const std::atomic<std::uint32_t>&) noexcept {}

#endif

}  // namespace brigade::chan::detail
