// live_executor.cpp — one OS thread per task, parking while blocked (live_executor.hpp).
#include "live_executor.hpp"

#include <algorithm>
#include <string>
#include <thread>
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "brigade/chan/backoff.hpp"
#include "brigade/chan/futex.hpp"
#include "stack.hpp"
#include "thread_pool.hpp"
#include "vm.hpp"

namespace brigade::lang::vm {

// ---------------------------------------------------------------- Parker

void Parker::unpark() noexcept {
  if (state_.exchange(1, std::memory_order_acq_rel) == 2) chan::detail::futex_wake_one(state_);
}

bool Parker::park(const chan::Deadline& deadline, Spin spin) noexcept {
  chan::detail::Backoff backoff;
  auto keep_spinning = [&](int round) {
    return spin == Spin::Full ? !backoff.is_completed() : spin == Spin::Brief && round < 8;
  };
  for (int round = 0; keep_spinning(round); ++round) {
    std::uint32_t expected = 1;
    if (state_.compare_exchange_strong(expected, 0, std::memory_order_acquire)) return true;
    backoff.snooze();
  }
  std::uint32_t expected = 0;
  if (!state_.compare_exchange_strong(expected, 2, std::memory_order_acq_rel)) {
    state_.store(0, std::memory_order_relaxed);  // it was 1: notified meanwhile
    return true;
  }
  for (;;) {
    chan::detail::futex_wait(state_, 2, deadline);  // returns at once if unpark() came first
    expected = 1;
    if (state_.compare_exchange_strong(expected, 0, std::memory_order_acquire)) return true;
    if (deadline && chan::Clock::now() >= *deadline) {
      expected = 2;
      if (state_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) return false;
      state_.store(0, std::memory_order_relaxed);  // notified at the last moment
      return true;
    }
  }
}

// ---------------------------------------------------------------- LiveExecutor

LiveExecutor::LiveExecutor(Runtime& run)
    : run_(run), start_(MonotonicClock::now()), clock_(std::make_shared<ProgramClock>(run.options().speed)) {}

// The run stopped and joined every task before it destroys its executor (~Runtime): by now the
// run's own members are gone, so nothing here may reach it.
LiveExecutor::~LiveExecutor() {
  join_all();
}

void LiveExecutor::set_speed(double speed) noexcept {
  clock_->set_speed(speed);
  unpark_all();  // timed waits recompute their deadlines
}

void LiveExecutor::set_paused(bool paused) noexcept {
  {
    std::lock_guard lock(pausing_);  // the clock and the bit change together
    if (!clock_->set_paused(paused)) return;
    set_paused_bit(paused);
  }
  unpark_all();
}

bool LiveExecutor::held_at_safepoint() noexcept {
  if ((control_.load(std::memory_order_relaxed) & kMemory) != 0) {
    run_.report_memory_limit();
    return false;
  }
  return wait_while_paused();
}

void LiveExecutor::unpark_all() noexcept {
  run_.for_each_task([](Task& t) { t.parker.unpark(); });
}

void LiveExecutor::interrupt_all() noexcept {
  unpark_all();
  if (const auto& pool = run_.tokio_pool()) {
    { std::lock_guard lock(pool->mutex); }  // a drain re-checks stopping() under this lock
    pool->drained.notify_all();
  }
  release_paused();  // a paused task, and the time watch, look at control_ again
}

bool LiveExecutor::spawn(const std::shared_ptr<Task>& task) {
  // Threads and tokio tasks have limits of their own (each is an OS thread here, all the same).
  auto& count = task->pool ? live_tasks_ : live_threads_;
  std::uint32_t live = count.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (live > (task->pool ? run_.options().limits.max_tasks : run_.options().limits.max_threads)) {
    count.fetch_sub(1, std::memory_order_acq_rel);
    if (task->pool) {
      run_.task_limit_reached();
    } else {
      run_.thread_limit_reached();
    }
    return false;
  }
  if (!run_.add_task(task)) {  // the run is ending: the thread never starts
    count.fetch_sub(1, std::memory_order_acq_rel);
    return false;
  }
  runnable_.fetch_add(1, std::memory_order_acq_rel);
  if (task->pool) line_up(*task);  // in spawn order, as tokio's run queue
  if (start_thread([this, held = task]() mutable {
        run_task(held);
        held.reset();
      })) {
    return true;
  }
  runnable_.fetch_sub(1, std::memory_order_acq_rel);
  if (task->pool) {  // out of the line, or its worker back
    {
      std::lock_guard lock(task->pool->mutex);
      task->pool->leave_line(*task);
    }
    release_worker(*task);
  }
  run_.forget_task(*task);
  count.fetch_sub(1, std::memory_order_acq_rel);
  if (!stopping()) run_.limit_reached("limit reached: the system refused to start another thread");
  return false;
}

void LiveExecutor::wake(Task& task) {
  if (task.counted_wait.load(std::memory_order_acquire)) runnable_.fetch_add(1, std::memory_order_acq_rel);
  task.parker.unpark();
}

void LiveExecutor::line_up(Task& t, std::optional<std::int64_t> ready) {
  std::vector<Task*> granted;
  {
    std::lock_guard lock(t.pool->mutex);
    WorkerPool& p = *t.pool;
    p.wake_up(t);
    const std::int64_t now = clock_->now_ns();
    t.ready_ns = std::min(ready.value_or(now), now);
    if (!p.closed && p.free > 0 && p.line.empty() && !p.late_sleeper(t.ready_ns, now)) {
      --p.free;
      p.sit(t, nullptr);
      t.holds_worker.store(true, std::memory_order_release);
      return;
    }
    // In line as of when it became ready (after the others of that time).
    auto at = std::find_if(p.line.begin(), p.line.end(), [&](const Task* x) { return x->ready_ns > t.ready_ns; });
    p.line.insert(at, &t);
    // A worker kept free for a late sleeper: the first in line may have it now.
    while (!p.closed && p.free > 0 && !p.line.empty() && !p.late_sleeper(p.line.front()->ready_ns, now)) {
      Task* next = p.line.front();
      p.line.pop_front();
      --p.free;
      p.sit(*next, nullptr);
      next->holds_worker.store(true, std::memory_order_release);
      if (next != &t) granted.push_back(next);
    }
  }
  for (Task* g : granted) g->parker.unpark();
}

bool LiveExecutor::await_worker(Task& t) {
  while (!t.holds_worker.load(std::memory_order_acquire)) {
    if (stopping()) {
      std::lock_guard lock(t.pool->mutex);
      t.pool->leave_line(t);
      return false;
    }
    t.parker.park(std::nullopt, Parker::Spin::Brief);
  }
  emit_worker_run(t);
  return true;
}

bool LiveExecutor::take_worker(Task& t, std::optional<std::int64_t> ready) {
  line_up(t, ready);
  return await_worker(t);
}

void LiveExecutor::release_worker(Task& t) {
  Task* next = nullptr;
  if (t.holds_worker.load(std::memory_order_acquire)) emit_worker_free(t);
  {
    std::lock_guard lock(t.pool->mutex);
    if (!t.holds_worker.exchange(false, std::memory_order_acq_rel)) return;
    WorkerPool& p = *t.pool;
    if (!p.closed && !p.line.empty() && p.late_sleeper(p.line.front()->ready_ns, clock_->now_ns())) {
      p.stand(t);  // kept for the sleeper whose time came first (line_up hands it on)
      ++p.free;
      return;
    }
    next = p.hand_on(t);
    if (next == nullptr) return;
    next->holds_worker.store(true, std::memory_order_release);
  }
  next->parker.unpark();
}

bool LiveExecutor::drain_runtime(WorkerPool& pool, Step) {
  std::unique_lock lock(pool.mutex);
  pool.closed = true;
  // (stop_all() notifies `drained` too: a run stopped meanwhile does not wait for its tasks.)
  pool.drained.wait(lock, [&] { return pool.free == pool.total || stopping(); });
  return true;
}

void LiveExecutor::cancel(Task& task) {
  task.parker.unpark();  // an await under way notices (wait_for)
}

// Waits until the task's waiter has an outcome, its deadline passes, or the run stops.
void LiveExecutor::wait_for(Task& task) {
  const bool background = run_.options().background_priority;
  for (;;) {
    if (stopping()) return;
    if (task.wait.yields && task.cancel_requested.load(std::memory_order_acquire)) {  // aborted: stop waiting
      if (task.wait.kind == Wait::Kind::Sleep) {
        task.wake = chan::WaitState::Aborted;
        return;
      }
      task.wake = withdraw_wait(task);
      // Took back from the channel by itself: nobody's wake-up counted it runnable again.
      if (task.wake == chan::WaitState::Aborted && task.wait.counted) runnable_.fetch_add(1, std::memory_order_acq_rel);
      return;
    }
    if (task.wait.until) task.wait.deadline = clock_->real_deadline(*task.wait.until);  // the clock may have changed
    if (task.wait.kind == Wait::Kind::Sleep) {
      if (task.wait.deadline && chan::Clock::now() >= *task.wait.deadline) {
        task.wake = chan::WaitState::Aborted;
        return;
      }
      task.parker.park(task.wait.deadline, Parker::Spin::None);
      continue;
    }
    chan::WaitState s = task.waiter.state();
    if (s == chan::WaitState::Claimed) {
      std::this_thread::yield();  // a peer is completing: its callback comes next
      continue;
    }
    if (s != chan::WaitState::Waiting) {
      task.wake = task.waiter.settled();  // after the waker's callback counted us runnable again
      return;
    }
    if (task.wait.deadline && chan::Clock::now() >= *task.wait.deadline) {
      task.wake = withdraw_wait(task);
      return;
    }
    task.parker.park(task.wait.deadline, background ? Parker::Spin::Brief : Parker::Spin::Full);
  }
}

bool LiveExecutor::block_in_place(Task& t) {
  if (t.wait.counted && runnable_.fetch_sub(1, std::memory_order_acq_rel) == 1) run_.report_deadlock();
  wait_for(t);
  if (stopping()) {
    withdraw_wait(t);
    return false;
  }
  trace::emit(trace::Kind::Wake, t.wait.channel);
  t.resuming = true;
  return true;
}

void LiveExecutor::run_task(const std::shared_ptr<Task>& task) {
  Task& t = *task;
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
  // Per-thread on Linux: setpriority on a thread id changes that thread only. (A pooled thread
  // keeps it for its later jobs: a process either hosts a UI or it does not.)
  if (run_.options().background_priority) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
#endif
  t.trace_context = trace::Context{trace::new_task_id(), run_.options().trace, clock_.get()};
  const trace::Context* outer = trace::set_context(&t.trace_context);
  t.trace_id.store(t.trace_context.task, std::memory_order_relaxed);
  run_.charge_this_thread();
  set_stack_overflow_hook([](void* self) { auto& me = *static_cast<Task*>(self); me.rt.stack_overflow(me); }, &t);
  emit_spawn(t);
  Step step = Step::Stopped;
  // A task on the runtime waits its turn for a worker (lined up when it was spawned).
  const bool ready = !t.pool || await_worker(t);
  if (ready && t.cancel_requested.load(std::memory_order_acquire)) {  // aborted before it ever ran
    t.cancelled = true;
  } else {
    for (;;) {
      if (!ready) break;
      step = stopping() ? Step::Stopped : interpret(t);
      if (step == Step::Yield) continue;
      if (step != Step::Blocked) break;
      // An await gives the worker to the next task meanwhile; a std blocking call keeps it.
      const bool frees = t.pool && t.wait.yields;
      // An awaited sleep: the task lines up again as of its deadline.
      const std::optional<std::int64_t> sleep_until =
          frees && t.wait.kind == Wait::Kind::Sleep ? t.wait.until : std::optional<std::int64_t>{};
      if (sleep_until) {
        std::lock_guard lock(t.pool->mutex);
        t.pool->asleep.emplace_back(*sleep_until, &t);
      }
      if (frees) release_worker(t);
      if (!block_in_place(t) || (frees && !take_worker(t, sleep_until))) {
        step = Step::Stopped;
        break;
      }
    }
  }
  if (t.pool) {
    {
      std::lock_guard lock(t.pool->mutex);
      t.pool->wake_up(t);  // (a run stopped in its sleep)
    }
    release_worker(t);
  }
  if (step == Step::Panicked) t.panicked = true;
  run_.finish_task(t);
  (t.pool && !run_.is_main(t) ? live_tasks_ : live_threads_).fetch_sub(1, std::memory_order_acq_rel);
  // main ending ends the process (task_ended), whatever the others do.
  const bool main = run_.is_main(t);
  // (main counts as runnable until its end is over: a tokio runtime's drain waits for tasks.)
  if (main) run_.main_ended(t, step);
  if (runnable_.fetch_sub(1, std::memory_order_acq_rel) == 1 && !stopping() && !main) run_.report_deadlock();
  // This thread goes on after the task (a pool's next job, or the caller of execute()).
  memory::charge_nobody();
  set_stack_overflow_hook(nullptr, nullptr);
  trace::set_context(outer);
}

bool LiveExecutor::start_thread(std::function<void()> job) {
  auto counted = [this, job = std::move(job)]() mutable {
    job();
    job = nullptr;  // the task it held dies before join_all() can go on
    std::lock_guard lock(threads_mutex_);
    if (--threads_running_ == 0) threads_done_.notify_all();
  };
  {
    std::lock_guard lock(threads_mutex_);
    ++threads_running_;
  }
  if (ThreadPool::shared().run(std::move(counted))) return true;
  std::lock_guard lock(threads_mutex_);
  if (--threads_running_ == 0) threads_done_.notify_all();
  return false;
}

void LiveExecutor::join_all() {
  std::unique_lock lock(threads_mutex_);
  threads_done_.wait(lock, [this] { return threads_running_ == 0; });
}

// The time limit is watched from a thread of the pool, whatever state the program is in
// (join_all() waits for it: stop_all() wakes it).
void LiveExecutor::watch_time_limit() {
  const double seconds = run_.options().limits.max_seconds;
  auto deadline = start_ + std::chrono::duration_cast<MonotonicClock::duration>(std::chrono::duration<double>(seconds));
  std::unique_lock lock(pause_mutex_);
  if (!resumed_cv_.wait_until(lock, deadline, [this] { return stopping(); })) {
    lock.unlock();
    run_.time_limit_reached();
  }
}

void LiveExecutor::run_main(const std::shared_ptr<Task>& main) {
  live_threads_.store(1);
  runnable_.store(1);
  if (run_.options().limits.max_seconds > 0) start_thread([this] { watch_time_limit(); });
  run_task(main);
}

}  // namespace brigade::lang::vm
