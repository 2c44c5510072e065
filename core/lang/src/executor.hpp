// executor.hpp — the one boundary between the runtime and whatever runs its tasks.
//
// The interpreter and the natives see an executor through this interface and see nothing else
// of threads or clocks: they start tasks (spawn), read program time (now_ns), look at the
// safepoint, and block by filling the task's wait record and returning Step::Blocked (vm.hpp's
// protocol). A wait is given up only through the record's own withdraw hook, which the native
// that registered it set (the channel, join or lock that knows how), and the deadlock report
// is written from the wait records alone. So an executor decides when each task runs and what
// time it is, and nothing else: today's live executor (runtime.cpp: one OS thread per task, the
// scaled real clock) is the first implementation; a virtual-time one that runs every task on
// one thread is the next.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>

namespace brigade::lang::vm {

struct Task;

class Executor {
 public:
  // Starts `task` (already holding its entry frame); false, with the limit reported, when it
  // cannot.
  virtual bool spawn(const std::shared_ptr<Task>& task) = 0;
  // Program time: nanoseconds since the run began, as Instant::now() and sleeps count it.
  [[nodiscard]] virtual std::int64_t now_ns() const noexcept = 0;
  // A blocked task's waiter has an outcome (a peer completed or woke it): make it runnable.
  virtual void wake(Task& task) = 0;
  // Called at every safepoint (calls, loop back-edges, prints, every few thousand items a
  // native pulls): false when the task must stop. One relaxed load while nothing is asked of
  // the run; the executor's slow path (pause, the memory alarm) otherwise.
  [[nodiscard]] bool safepoint() noexcept {
    int c = control_.load(std::memory_order_relaxed);
    return c == 0 || held_at_safepoint();
  }

 protected:
  Executor() = default;
  ~Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  // Bits a safepoint looks at: stop, pause, and the memory account's alarm (memory.hpp).
  static constexpr int kStopping = 1, kPaused = 2, kMemory = 4;
  std::atomic<int> control_{0};
  // The slow path: false to stop; may hold the task while the run is paused.
  virtual bool held_at_safepoint() noexcept = 0;
};

}  // namespace brigade::lang::vm
