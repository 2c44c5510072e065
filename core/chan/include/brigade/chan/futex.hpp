// futex.hpp — sleep on a 32-bit word until another thread changes it and wakes us.
//
// Why not a mutex and a condition variable: the thread that wakes a sleeper had to take the
// sleeper's mutex, and the sleeper, once woken, had to take it back — two threads fighting over
// one lock on every hand-off that went to sleep. A futex wakes with one system call and no lock.
//
// Linux: the futex system call (the absolute deadline is on CLOCK_MONOTONIC, which is what
// std::chrono::steady_clock reads). WebAssembly with pthreads: Emscripten's futex over
// Atomics.wait/notify. Elsewhere: short sleeps while polling the word.
//
// Contract: futex_wait returns when the word no longer holds `expected`, when woken, when the
// deadline passes, or spuriously; the caller re-checks its condition in a loop.
#pragma once
#include <atomic>
#include <cstdint>

#include "brigade/chan/waiter.hpp"

namespace brigade::chan::detail {

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected, const Deadline& deadline) noexcept;
void futex_wake_one(const std::atomic<std::uint32_t>& word) noexcept;

}  // namespace brigade::chan::detail
