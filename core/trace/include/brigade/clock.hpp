// clock.hpp — the process's one monotonic clock, the same time line on every thread.
//
// Natively it is std::chrono::steady_clock. In WebAssembly each worker's performance.now()
// counts from that worker's own start, and Emscripten's correction (a drift measured when the
// worker's "run" message arrives) is off by however long that message waited: the threads of a
// pool started while the page was busy read clocks 13 ms apart, and a sleep whose deadline one
// thread computed against a base another thread set could end in the past, or never. There the
// clock is performance.timeOrigin + performance.now(), one time line for every agent of the page
// (process.hrtime() under node).
#pragma once
#include <chrono>
#include <cstdint>

namespace brigade {

#if defined(__EMSCRIPTEN__)
struct MonotonicClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<MonotonicClock>;
  static constexpr bool is_steady = true;
  static time_point now() noexcept;  // trace.cpp
};
#else
using MonotonicClock = std::chrono::steady_clock;
#endif

}  // namespace brigade
