// parker.hpp — a one-permit parking spot for the OS thread of a blocked task: spins briefly,
// then sleeps on a futex (the live executor's; live_executor.cpp).
#pragma once
#include <atomic>
#include <cstdint>

#include "brigade/chan/waiter.hpp"

namespace brigade::lang::vm {

class Parker {
 public:
  void unpark() noexcept;
  // How long to spin before sleeping: Full (a hand-off partner usually answers within
  // microseconds), Brief (a UI shares the cores: spinning threads would take its frames), None
  // (a sleep: nobody is about to answer, and on a busy machine each yield of the spin phase can
  // cost a whole time slice).
  enum class Spin { Full, Brief, None };
  // True when unparked; false when the deadline passed first.
  bool park(const chan::Deadline& deadline, Spin spin = Spin::Full) noexcept;

 private:
  // 0 empty, 1 notified, 2 parked; the futex word (chan/futex.hpp), so waking takes no lock.
  std::atomic<std::uint32_t> state_{0};
};

}  // namespace brigade::lang::vm
