// program_clock.cpp — the seqlock behind a live run's program time (program_clock.hpp).
#include "brigade/lang/program_clock.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace brigade::lang {

namespace {
std::int64_t real_now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(MonotonicClock::now().time_since_epoch()).count();
}
}  // namespace

ProgramClock::ProgramClock(double speed) noexcept : real_ns_(real_now_ns()), speed_(speed > 0 ? speed : 1) {}

ProgramClock::Base ProgramClock::base() const noexcept {
  for (;;) {
    std::uint32_t before = version_.load();
    if ((before & 1) != 0) {
      std::this_thread::yield();  // a writer is between its two stores: a few instructions
      continue;
    }
    // Sequentially consistent loads (plain loads on x86 and ARMv8): the fields cannot be read
    // after the second look at the version, and no fence is needed (which TSan cannot model).
    Base b{real_ns_.load(), program_ns_.load(), speed_.load(), paused_.load()};
    if (version_.load() == before) return b;
  }
}

std::int64_t ProgramClock::program_at(const Base& b, std::int64_t real_ns) noexcept {
  if (b.paused) return b.program_ns;
  // Never before the base: program time only goes forward, whichever thread reads it.
  auto real = std::max<std::int64_t>(0, real_ns - b.real_ns);
  return b.program_ns + static_cast<std::int64_t>(static_cast<double>(real) * b.speed);
}

std::int64_t ProgramClock::now_ns() const noexcept {
  return program_at(base(), real_now_ns());
}

std::optional<ProgramClock::Real> ProgramClock::real_deadline(std::int64_t program_ns) const noexcept {
  Base b = base();
  if (b.paused) return std::nullopt;
  double ns = static_cast<double>(program_ns - b.program_ns) / b.speed;
  ns = std::clamp(ns, 0.0, 1e17);  // about three years: "forever" without overflowing the clock
  return Real(std::chrono::duration_cast<MonotonicClock::duration>(
      std::chrono::nanoseconds(b.real_ns + static_cast<std::int64_t>(ns))));
}

void ProgramClock::rebase(double speed, bool paused) noexcept {
  std::int64_t now = real_now_ns();
  std::int64_t program = program_at(base(), now);
  std::uint32_t v = version_.load(std::memory_order_relaxed);
  version_.store(v + 1);  // odd: readers retry until the second store
  real_ns_.store(now);
  program_ns_.store(program);
  speed_.store(speed);
  paused_.store(paused);
  version_.store(v + 2);
}

void ProgramClock::set_speed(double speed) noexcept {
  if (!(speed > 0)) return;
  std::lock_guard lock(write_mutex_);
  rebase(speed, paused());
}

bool ProgramClock::set_paused(bool paused) noexcept {
  std::lock_guard lock(write_mutex_);
  if (paused == this->paused()) return false;
  rebase(speed_.load(std::memory_order_relaxed), paused);
  return true;
}

}  // namespace brigade::lang
