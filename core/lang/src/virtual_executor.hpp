// virtual_executor.hpp — every task of a run on the calling thread, on a virtual clock, in the
// order a scheduler picks at each choice point (internal header).
//
// A task runs until it gives way at a choice point (Executor::preempt: before a channel
// operation, a lock, an atomic, a spawn or join, a print), blocks, or ends; then the scheduler
// picks the next among the runnable tasks (schedule.hpp). Between two choice points a task
// runs alone: nothing another task does could change what it computes (safe Rust has no data
// races), so these are all the interleavings that matter. When no task can run, the clock jumps
// to the earliest deadline (a sleep, a recv_timeout) and those tasks wake: sleeps take no real
// time, and the program sees exactly the times it asked for. When nothing can run and nothing
// sleeps, the tasks left are deadlocked. The same program with the same scheduler's choices
// makes the same run, event for event.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "brigade/clock.hpp"
#include "executor.hpp"
#include "schedule.hpp"

namespace brigade::lang::vm {

class Runtime;

class VirtualExecutor final : public Executor {
 public:
  VirtualExecutor(Runtime& run, std::unique_ptr<Scheduler> scheduler);
  ~VirtualExecutor() override;

  bool spawn(const std::shared_ptr<Task>& task) override;
  [[nodiscard]] std::int64_t now_ns() const noexcept override { return clock_->now.load(std::memory_order_relaxed); }
  void wake(Task& task) override;
  void cancel(Task& task) override;
  bool drain_runtime(WorkerPool& pool, Step main_step) override;
  [[nodiscard]] std::shared_ptr<const trace::TimeSource> clock() const noexcept override { return clock_; }
  [[nodiscard]] std::string schedule() const override { return choices_.text(); }
  [[nodiscard]] bool schedule_fits() const override;

  void run_main(const std::shared_ptr<Task>& main) override;
  bool advance_main(const std::shared_ptr<Task>& main, MonotonicClock::time_point deadline) override;
  void join_all() override;
  void set_paused(bool paused) noexcept override;
  void set_speed(double speed) noexcept override;  // a paced run's (RunOptions::paced)

 private:
  struct VirtualClock final : trace::TimeSource {
    std::atomic<std::int64_t> now{0};
    std::uint64_t time_ns() const noexcept override { return static_cast<std::uint64_t>(now.load(std::memory_order_relaxed)); }
  };
 public:
  // What the running step touches (executor.hpp, touch()): each object numbered in the order the
  // run first touched it, so the same object has the same number in every run that shares the
  // path so far.
  struct Footprint {
    std::unordered_map<std::uint64_t, std::uint32_t> numbers;
    std::vector<std::uint32_t> step;
    bool everything = false;
    void touch(std::uint64_t identity);
  };

 private:
  enum class State : std::uint8_t { Ready, Blocked, Done };
  enum class Resume : std::uint8_t { Fresh, Woken, TimedOut, Cancelled };
  struct Slot {
    std::shared_ptr<Task> task;
    State state = State::Ready;
    Resume resume = Resume::Fresh;
    bool started = false;
  };

  bool held_at_safepoint() noexcept override;
  void interrupt_all() noexcept override;
  bool choose_at(Task& task) noexcept override;
  [[nodiscard]] std::vector<Task*> waiting_tasks() const override;

  void begin(const std::shared_ptr<Task>& main);
  // The run's loop, from where it stands: true once it is over (main ended, a limit, a
  // deadlock, a stop); false only when advancing (deadline_) and the run must wait meanwhile.
  bool drive();
  // The next task to run (a choice when more than one can), or nullptr when none can: then
  // the clock has moved to the next deadline, or the tasks left are deadlocked — or, with
  // later_ set, the run must wait before it can say (advancing only).
  Slot* pick();
  enum class Advance : std::uint8_t { Nobody, Moved, NotYet };
  // The earliest deadline becomes now (Nobody: no task waits for a time; NotYet: a paced run
  // being advanced, whose real time has not come yet).
  Advance advance_clock();
  // A paced run: real time passes until program time reaches `target` at the run's speed (the
  // clock moving on meanwhile, for whoever watches), unless the run stops.
  void pace_until(std::int64_t target);
  // One look at the time: program time follows real time at the run's speed from where the
  // pace began (or the speed changed, or a pause ended), up to `target`. True once there;
  // else `left` is the real time still to pass.
  bool pace_toward(std::int64_t target, std::chrono::nanoseconds& left);
  // A task can run: into ready_ — unless it is on the tokio runtime without a worker, when it
  // takes a free one or joins the line for one (release_worker hands them on in turn).
  void make_ready(Slot& slot);
  void release_worker(Task& task);
  void run_slice(Slot& slot);
  void enter(Slot& slot);
  void leave();
  void end(Slot& slot, Step step);
  [[nodiscard]] bool over_time() const noexcept;

  Runtime& run_;
  std::unique_ptr<Scheduler> scheduler_;
  ScheduleWriter choices_;
  Footprint footprint_;
  ChoicePoint point_;  // reused at each choice
  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  // When the run began, for its time limit; moved on by the time a chooser spent choosing (a
  // learner stepping through the run is not the program using time).
  MonotonicClock::time_point start_;
  std::deque<Slot> slots_;               // in spawn order, main first (stable: tasks keep their Slot&)
  std::vector<std::uint32_t> ready_;     // slots that can run, in slot order
  Slot* current_ = nullptr;
  const trace::Context* outer_ = nullptr;  // the calling thread's own context, between slices
  // Choice points one task has passed in a row with nobody else able to run (choose_at).
  std::atomic<double> speed_;
  std::uint32_t alone_ = 0;
  std::uint32_t last_picked_ = 0;
  static constexpr std::uint32_t kSpinsBeforeTimePasses = 1000;
  std::uint32_t alive_ = 0;              // slots not Done
  std::uint32_t alive_tasks_ = 0;        // of them tokio tasks (Task::pool), limited apart
  std::optional<Step> main_end_;         // main's end, while the runtime drains (drain_runtime)

  // Advancing (advance_main): where the run gives the thread back instead of waiting.
  std::optional<MonotonicClock::time_point> deadline_;  // nullopt: run_main, which waits
  bool begun_ = false;
  bool later_ = false;      // pick() found that the run must wait
  Slot* cut_ = nullptr;     // a slice the deadline cut short: it goes on first, still its turn
  // Since when a chooser has been saying kChooseLater at this point (not the program's time).
  std::optional<MonotonicClock::time_point> asked_since_;
  // The pace under way (pace_toward), on the executor's thread only.
  bool pace_anchored_ = false;
  MonotonicClock::time_point pace_real_{};
  std::int64_t pace_program_ = 0;
  double pace_speed_ = 0;
};

}  // namespace brigade::lang::vm
