// program_clock.hpp — a live run's program time: real time scaled by the speed, frozen while
// paused, counted from the run's start.
//
// What Instant::now() and sleeps count, what the trace's events are stamped with (so the
// timeline and the program's own clock agree), and what a UI reads to animate the restaurant
// between events — from any thread, without a lock: readers take a seqlock's snapshot of the
// base (two loads of the version around the fields), and the rare writers (pause, speed)
// serialise on a mutex. The clock outlives its run when a reader holds it (shared_ptr).
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>

#include "brigade/clock.hpp"
#include "brigade/trace.hpp"

namespace brigade::lang {

class ProgramClock final : public trace::TimeSource {
 public:
  using Real = MonotonicClock::time_point;

  explicit ProgramClock(double speed = 1) noexcept;
  // Nanoseconds of program time since the run began; never goes backwards.
  [[nodiscard]] std::int64_t now_ns() const noexcept;
  [[nodiscard]] std::uint64_t time_ns() const noexcept override { return static_cast<std::uint64_t>(now_ns()); }
  // When program time reaches `program_ns`, in real time; nullopt while paused (never, until
  // the clock runs again: whoever resumes it wakes the waiters to recompute).
  [[nodiscard]] std::optional<Real> real_deadline(std::int64_t program_ns) const noexcept;
  void set_speed(double speed) noexcept;  // ignored unless > 0
  // False when the clock already was so.
  bool set_paused(bool paused) noexcept;
  [[nodiscard]] bool paused() const noexcept { return paused_.load(std::memory_order_relaxed); }

 private:
  struct Base {
    std::int64_t real_ns;     // MonotonicClock, in ns since its epoch
    std::int64_t program_ns;  // program time at real_ns
    double speed;
    bool paused;
  };
  [[nodiscard]] Base base() const noexcept;
  void rebase(double speed, bool paused) noexcept;  // write_mutex_ held
  static std::int64_t program_at(const Base& b, std::int64_t real_ns) noexcept;

  std::mutex write_mutex_;
  std::atomic<std::uint32_t> version_{0};  // odd while a writer changes the fields
  std::atomic<std::int64_t> real_ns_;
  std::atomic<std::int64_t> program_ns_{0};
  std::atomic<double> speed_;
  std::atomic<bool> paused_{false};
};

}  // namespace brigade::lang
