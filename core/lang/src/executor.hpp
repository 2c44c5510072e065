// executor.hpp — the one boundary between the runtime and whatever runs its tasks.
//
// The interpreter and the natives see an executor through this interface and see nothing else
// of threads or clocks: they start tasks (spawn), read program time (now_ns), look at the
// safepoint, and block by filling the task's wait record and returning Step::Blocked (vm.hpp's
// protocol). A wait is given up only through the record's own withdraw hook, which the native
// that registered it set (the channel, join or lock that knows how), and the deadlock report
// is written from the wait records alone (Runtime::report_deadlock). The run (vm::Runtime)
// owns its executor and drives it through the second half of the interface: run main, stop,
// pause, speed. So an executor decides when each task runs and what time it is, and nothing
// else: the live executor (live_executor.cpp: one OS thread per task, the scaled real clock) is
// the first implementation; a virtual-time one that runs every task on one thread is the next.
#pragma once
#include <atomic>
#include <condition_variable>
#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>
#include <string>
#include <vector>

#include "brigade/clock.hpp"
#include "brigade/trace.hpp"

namespace brigade::lang::vm {

struct Task;
enum class Step;  // what interpret() returned (vm.hpp)

// Under virtual time, what the running task's step touches of what tasks share: a channel (by
// its trace id), a mutex or an atomic (by address), a thread (by number: joined, or ending),
// the output — so an exploration can tell steps that commute from steps that do not. Nothing
// happens when no virtual executor records (virtual_executor.cpp).
void touch(std::uint64_t identity) noexcept;
void touch_everything() noexcept;  // the process ends: nothing commutes with that
inline std::uint64_t channel_identity(std::uint32_t trace_id) noexcept { return (std::uint64_t{1} << 60) | trace_id; }
inline std::uint64_t thread_identity(std::uint64_t number) noexcept { return (std::uint64_t{2} << 60) | number; }
inline constexpr std::uint64_t kOutputIdentity = std::uint64_t{3} << 60;
inline std::uint64_t object_identity(const void* p) noexcept { return reinterpret_cast<std::uintptr_t>(p); }

// Workers that tasks take turns on: the tokio runtime's worker threads, or the one turn that the
// branches of a join! or select! share (they are one task in tokio, polled one after another). A
// task with a pool (Task::pool) runs only while it holds one of its workers, gives it up while
// it awaits (a wait with Wait::yields) and lines up again once woken; a std blocking call keeps
// it. The executor that runs the task does the lining up and the handing on, under `mutex`.
struct WorkerPool {
  explicit WorkerPool(unsigned workers, bool on_screen = false) : total(workers), free(workers), seats(workers), shown(on_screen) {}
  std::mutex mutex;
  const unsigned total;
  unsigned free;
  std::deque<Task*> line;  // waiting for a worker, in turn
  // Which worker each task holds (its seat: the UI's worker lanes), for the runtime's own pool
  // (`shown`); a combinator's one turn is not a thread and is not shown.
  std::vector<Task*> seats;
  const bool shown;
  // The runtime shuts down (main returned): no task takes a worker any more; `drained` is
  // notified as the last ones come back (Executor::drain_runtime).
  bool closed = false;
  std::condition_variable drained;
  // The task takes a free worker (true) or joins the line (false).
  bool take_or_line_up(Task& task) {
    if (!closed && free > 0 && line.empty()) {
      --free;
      sit(task, nullptr);
      return true;
    }
    line.push_back(&task);
    return false;
  }
  // `from` gives its worker back: to the first in line (returned, in from's seat), else to the
  // free ones.
  Task* hand_on(Task& from) {
    if (line.empty() || closed) {
      stand(from);
      if (++free == total && closed) drained.notify_all();
      return nullptr;
    }
    Task* next = line.front();
    line.pop_front();
    sit(*next, &from);
    return next;
  }
  // The worker `task` holds: 0, 1, ... (-1: none).
  [[nodiscard]] int seat_of(const Task& task) const {
    for (std::size_t i = 0; i < seats.size(); ++i) {
      if (seats[i] == &task) return static_cast<int>(i);
    }
    return -1;
  }
  void sit(Task& task, Task* in_place_of) {
    for (auto& s : seats) {
      if (s == in_place_of) {
        s = &task;
        return;
      }
    }
  }
  void stand(Task& task) {
    for (auto& s : seats) {
      if (s == &task) s = nullptr;
    }
  }
  void leave_line(Task& task) { line.erase(std::remove(line.begin(), line.end(), &task), line.end()); }
  // Live runs: the tasks awaiting a sleep, with the program time it ends. A sleeper whose time
  // has come but whose thread has not lined up yet (a loaded machine woke a later timer's thread
  // first) still goes first, as tokio's worker runs expired timers' tasks in deadline order
  // (LiveExecutor::line_up).
  std::vector<std::pair<std::int64_t, Task*>> asleep;
  [[nodiscard]] bool late_sleeper(std::int64_t before, std::int64_t now) const {
    return std::any_of(asleep.begin(), asleep.end(), [&](const auto& s) { return s.first < before && s.first <= now; });
  }
  void wake_up(Task& task) {
    asleep.erase(std::remove_if(asleep.begin(), asleep.end(), [&](const auto& s) { return s.second == &task; }), asleep.end());
  }
};

class Executor {
 public:
  virtual ~Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // ---- what tasks see
  // Starts `task` (already holding its entry frame); false, with the limit reported, when it
  // cannot.
  virtual bool spawn(const std::shared_ptr<Task>& task) = 0;
  // Program time: nanoseconds since the run began, as Instant::now() and sleeps count it.
  [[nodiscard]] virtual std::int64_t now_ns() const noexcept = 0;
  // A blocked task's waiter has an outcome (a peer completed or woke it): make it runnable.
  virtual void wake(Task& task) = 0;
  // main returned from the runtime's block_on (multi-thread): as tokio's Runtime drop, no task
  // starts on a worker any more and the ones running on one go on until they next await.
  // True once none holds a worker; false when the executor will call Runtime::main_ended again
  // itself once that is so (virtual time, where main's thread is the tasks' too).
  virtual bool drain_runtime(WorkerPool& pool, Step main_step) = 0;
  // JoinHandle::abort: the task ends at its next `.await`; one waiting in an await now stops
  // waiting (Task::cancel_requested is set already).
  virtual void cancel(Task& task) = 0;
  // Called at every safepoint (calls, loop back-edges, prints, every few thousand items a
  // native pulls): false when the task must stop. One relaxed load while nothing is asked of
  // the run; the executor's slow path (pause, the memory alarm) otherwise.
  [[nodiscard]] bool safepoint() noexcept {
    int c = control_.load(std::memory_order_relaxed);
    return c == 0 || held_at_safepoint();
  }
  [[nodiscard]] bool stopping() const noexcept { return (control_.load(std::memory_order_relaxed) & kStopping) != 0; }
  // A choice point: `task` is about to touch what other tasks share (a channel, a lock, an
  // atomic, a join, the output). True: it must give way first — the native returns NS::Yield
  // and its instruction runs again when the task is chosen, and then this says false. Live
  // threads interleave by themselves: one load, always false.
  [[nodiscard]] bool preempt(Task& task) noexcept { return chooses_ && choose_at(task); }
  // Program time as a clock others can hold: the trace stamps the run's events with it
  // (trace::Context::clock), and a UI animates by it; it outlives the run while held.
  [[nodiscard]] virtual std::shared_ptr<const trace::TimeSource> clock() const noexcept = 0;

  // ---- what the run (vm::Runtime) asks of it
  // Runs `main` on the calling thread until it ends or the run stops (the others keep running
  // until stop_all()).
  virtual void run_main(const std::shared_ptr<Task>& main) = 0;
  // run_main in pieces on the calling thread, never waiting (Run::advance): false by
  // `deadline`, or sooner where the run would wait for real time (a paced clock, a pause) or
  // for a chooser that said kChooseLater — call again with the same task to go on; true once
  // run_main would have returned. An executor whose tasks run on threads of their own runs the
  // whole of main here.
  virtual bool advance_main(const std::shared_ptr<Task>& main, MonotonicClock::time_point /*deadline*/) {
    run_main(main);
    return true;
  }
  // The run ends: every task is to stop at its next safepoint, and one waiting or held by a
  // pause is to notice now. Idempotent; from any thread.
  void stop_all() noexcept {
    control_.fetch_or(kStopping, std::memory_order_relaxed);
    interrupt_all();
  }
  // After stop_all(): returns once no task of the run is running anywhere.
  virtual void join_all() = 0;
  // The choices this run's interleaving was made of (schedule.hpp), when the executor made
  // them; empty for live threads.
  [[nodiscard]] virtual std::string schedule() const { return {}; }
  // False when a schedule given to replay offered choices the program has not.
  [[nodiscard]] virtual bool schedule_fits() const { return true; }
  // The tasks waiting with nothing that will ever wake them: an untimed wait, when the run is
  // over (main ended). Known exactly where the executor holds every task's state (virtual
  // time); live threads may be between a wake and a run, so they say nothing.
  [[nodiscard]] virtual std::vector<Task*> waiting_tasks() const { return {}; }
  virtual void set_paused(bool paused) noexcept = 0;
  virtual void set_speed(double speed) noexcept = 0;
  [[nodiscard]] bool paused() const noexcept { return (control_.load(std::memory_order_relaxed) & kPaused) != 0; }
  // The word the memory account raises its alarm in (memory.hpp), and the alarm's bit.
  [[nodiscard]] std::atomic<int>* control_word() noexcept { return &control_; }
  static constexpr int kMemory = 4;

 protected:
  Executor() = default;
  // Bits a safepoint looks at: stop, pause, and the memory account's alarm (kMemory).
  static constexpr int kStopping = 1, kPaused = 2;
  std::atomic<int> control_{0};
  // The slow path: false to stop; may hold the task while the run is paused.
  virtual bool held_at_safepoint() noexcept = 0;
  // Pausing: the bit, and the gate a paused task waits at until it is cleared or the run stops
  // (false then). release_paused() after changing control_ wakes whoever waits.
  void set_paused_bit(bool paused) noexcept {
    {
      std::lock_guard lock(pause_mutex_);
      if (paused) {
        control_.fetch_or(kPaused, std::memory_order_relaxed);
      } else {
        control_.fetch_and(~kPaused, std::memory_order_relaxed);
      }
    }
    resumed_cv_.notify_all();
  }
  bool wait_while_paused() noexcept {
    std::unique_lock lock(pause_mutex_);
    resumed_cv_.wait(lock, [this] { return control_.load(std::memory_order_relaxed) != kPaused; });
    return !stopping();
  }
  void release_paused() noexcept {
    {
      std::lock_guard lock(pause_mutex_);  // a paused task re-checks under this lock
    }
    resumed_cv_.notify_all();
  }
  std::mutex pause_mutex_;
  std::condition_variable resumed_cv_;  // with pause_mutex_
  // Wakes every waiting or paused task to look at control_ again.
  virtual void interrupt_all() noexcept = 0;
  // An executor that decides the interleaving sets chooses_ and answers preempt() here.
  bool chooses_ = false;
  virtual bool choose_at(Task& /*task*/) noexcept { return false; }
};

}  // namespace brigade::lang::vm
