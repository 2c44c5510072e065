// live_executor.hpp — the live executor: one OS thread per task (from the shared pool),
// parking while blocked, the scaled real clock, pause, the time limit (internal header).
//
// Deadlock: every task is counted runnable except while it waits, untimed, on a channel, a
// join or a lock. The count changes at the moment a wake-up is delivered (inside the waker's
// callback, while the waker itself still counts), so it reaches zero exactly when nothing can
// ever wake anyone — then the run writes its report from the wait records and stops.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "brigade/lang/program_clock.hpp"
#include "executor.hpp"

namespace brigade::lang::vm {

class Runtime;

class LiveExecutor final : public Executor {
 public:
  explicit LiveExecutor(Runtime& run);
  ~LiveExecutor() override;

  bool spawn(const std::shared_ptr<Task>& task) override;
  [[nodiscard]] std::int64_t now_ns() const noexcept override { return clock_->now_ns(); }
  void wake(Task& task) override;
  void cancel(Task& task) override;
  bool drain_runtime(WorkerPool& pool, Step main_step) override;
  [[nodiscard]] std::shared_ptr<const trace::TimeSource> clock() const noexcept override { return clock_; }

  void run_main(const std::shared_ptr<Task>& main) override;
  void join_all() override;
  void set_paused(bool paused) noexcept override;
  void set_speed(double speed) noexcept override;

 private:
  bool held_at_safepoint() noexcept override;
  void interrupt_all() noexcept override;

  // On the task's thread: interpret, park while blocked, until the task ends.
  void run_task(const std::shared_ptr<Task>& task);
  // Parks the task's thread until its wait ends. False when the run is stopping.
  bool block_in_place(Task& task);
  void wait_for(Task& task);
  void unpark_all() noexcept;
  // Runs `job` on a thread of the pool (thread_pool.hpp); join_all() waits for every such job.
  bool start_thread(std::function<void()> job);
  void watch_time_limit();
  // A task with a pool (executor.hpp, WorkerPool) takes one of its workers before it runs and
  // gives it back while it awaits. line_up: take a free one or join the line; await_worker:
  // park until given one (false: the run is stopping); take_worker: both; release_worker: to
  // the first in line (unparked), else back to the free ones.
  // `ready`: a sleeper's deadline (it lines up as of then); else now.
  void line_up(Task& task, std::optional<std::int64_t> ready = std::nullopt);
  bool take_worker(Task& task, std::optional<std::int64_t> ready = std::nullopt);
  bool await_worker(Task& task);
  void release_worker(Task& task);

  Runtime& run_;
  const MonotonicClock::time_point start_;
  std::shared_ptr<ProgramClock> clock_;
  std::mutex pausing_;  // set_paused() callers, one at a time
  std::atomic<std::int64_t> runnable_{0};
  std::atomic<std::uint32_t> live_threads_{0};
  std::atomic<std::uint32_t> live_tasks_{0};  // of them tokio tasks (Task::pool), counted apart
  std::mutex threads_mutex_;
  unsigned threads_running_ = 0;          // jobs given to the pool, not yet returned (threads_mutex_)
  std::condition_variable threads_done_;  // with threads_mutex_: threads_running_ reached 0
};

}  // namespace brigade::lang::vm
