// virtual_executor.cpp — every task on one thread, on a virtual clock (virtual_executor.hpp).
#include "virtual_executor.hpp"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

#include "stack.hpp"
#include "vm.hpp"

namespace brigade::lang::vm {

namespace {
thread_local VirtualExecutor::Footprint* t_footprint = nullptr;  // while a virtual slice runs
}  // namespace

void touch(std::uint64_t identity) noexcept {
  if (t_footprint != nullptr) t_footprint->touch(identity);
}

void touch_everything() noexcept {
  if (t_footprint != nullptr) t_footprint->everything = true;
}

void VirtualExecutor::Footprint::touch(std::uint64_t identity) {
  auto [it, fresh] = numbers.try_emplace(identity, static_cast<std::uint32_t>(numbers.size()));
  if (std::find(step.begin(), step.end(), it->second) == step.end()) step.push_back(it->second);
}

VirtualExecutor::VirtualExecutor(Runtime& run, std::unique_ptr<Scheduler> scheduler)
    : run_(run),
      scheduler_(std::move(scheduler)),
      start_(MonotonicClock::now()),
      speed_(run.options().speed > 0 ? run.options().speed : 1) {
  chooses_ = true;
}

void VirtualExecutor::set_speed(double speed) noexcept {
  if (!(speed > 0)) return;
  speed_.store(speed, std::memory_order_relaxed);
  release_paused();  // a paced wait recomputes its end
}

bool VirtualExecutor::pace_toward(std::int64_t target, std::chrono::nanoseconds& left) {
  const double speed = speed_.load(std::memory_order_relaxed);
  const auto real = MonotonicClock::now();
  if (!pace_anchored_ || speed != pace_speed_) {  // a new speed counts from the clock's last reading
    pace_anchored_ = true;
    pace_real_ = real;
    pace_program_ = now_ns();
    pace_speed_ = speed;
  }
  const auto passed = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(real - pace_real_).count());
  const std::int64_t program = pace_program_ + static_cast<std::int64_t>(passed * speed);
  clock_->now.store(std::min(program, target), std::memory_order_relaxed);
  if (program >= target) {
    pace_anchored_ = false;
    return true;
  }
  left = std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(target - program) / speed));
  return false;
}

void VirtualExecutor::pace_until(std::int64_t target) {
  std::unique_lock lock(pause_mutex_);
  while (!stopping()) {
    if (paused()) {
      pace_anchored_ = false;  // the pause is no program time: the pace starts again after it
      resumed_cv_.wait(lock, [this] { return !paused() || stopping(); });
      continue;
    }
    std::chrono::nanoseconds left{0};
    if (pace_toward(target, left)) break;
    // Wake at least every 16 ms (a frame) to move the clock, and at once on pause, speed, stop.
    resumed_cv_.wait_for(lock, std::min<std::chrono::nanoseconds>(left, std::chrono::milliseconds(16)) + std::chrono::nanoseconds(1));
  }
}

VirtualExecutor::~VirtualExecutor() = default;

bool VirtualExecutor::schedule_fits() const {
  return scheduler_->fits();
}

std::vector<Task*> VirtualExecutor::waiting_tasks() const {
  std::vector<Task*> out;
  for (const Slot& s : slots_) {
    if (s.state == State::Blocked && !s.task->wait.until) out.push_back(s.task.get());
  }
  return out;
}

bool VirtualExecutor::spawn(const std::shared_ptr<Task>& task) {
  if (task->pool ? alive_tasks_ + 1 > run_.options().limits.max_tasks
                 : alive_ - alive_tasks_ + 1 > run_.options().limits.max_threads) {
    if (task->pool) {
      run_.task_limit_reached();
    } else {
      run_.thread_limit_reached();
    }
    return false;
  }
  if (!run_.add_task(task)) return false;  // the run is ending: the task never starts
  task->slot = static_cast<std::uint32_t>(slots_.size());
  slots_.push_back(Slot{task});
  make_ready(slots_.back());
  ++alive_;
  if (task->pool) ++alive_tasks_;
  return true;
}

void VirtualExecutor::make_ready(Slot& s) {
  Task& t = *s.task;
  if (t.pool && !t.holds_worker.load(std::memory_order_relaxed)) {
    if (!t.pool->take_or_line_up(t)) return;  // in line: release_worker makes it ready in turn
    t.holds_worker.store(true, std::memory_order_relaxed);
  }
  ready_.insert(std::upper_bound(ready_.begin(), ready_.end(), t.slot), t.slot);
}

bool VirtualExecutor::drain_runtime(WorkerPool& pool, Step main_step) {
  pool.closed = true;
  if (pool.free == pool.total) return true;
  main_end_ = main_step;
  return false;
}

void VirtualExecutor::release_worker(Task& t) {
  if (!t.holds_worker.exchange(false, std::memory_order_relaxed)) return;
  emit_worker_free(t);
  Task* next = t.pool->hand_on(t);
  if (next == nullptr) {
    // The runtime drained after main returned: main's end goes on (the process ends).
    if (main_end_ && t.pool->closed && t.pool->free == t.pool->total) run_.main_ended(*slots_[0].task, *std::exchange(main_end_, std::nullopt));
    return;
  }
  next->holds_worker.store(true, std::memory_order_relaxed);
  ready_.insert(std::upper_bound(ready_.begin(), ready_.end(), next->slot), next->slot);
}

void VirtualExecutor::cancel(Task& task) {
  Slot& s = slots_[task.slot];
  if (s.state != State::Blocked || !task.wait.yields) return;  // it notices at its next await
  s.state = State::Ready;
  s.resume = Resume::Cancelled;
  make_ready(s);
}

void VirtualExecutor::wake(Task& task) {
  Slot& s = slots_[task.slot];
  if (s.state != State::Blocked) return;
  s.state = State::Ready;
  s.resume = Resume::Woken;
  make_ready(s);
}

bool VirtualExecutor::choose_at(Task& task) noexcept {
  if (task.given_way) {  // chosen at this point: the instruction goes ahead
    task.given_way = false;
    return false;
  }
  if (ready_.empty()) {
    // Nobody else could go. A task that keeps passing choice points alone while others sleep
    // spins, waiting for them (`while !flag.load(..) {}`): on real threads time would pass
    // meanwhile, so after a while it does here too, and the sleepers wake. (Advancing, while
    // their time has not come, it spins on until the deadline ends the slice.)
    if (++alone_ < kSpinsBeforeTimePasses || advance_clock() != Advance::Moved) return false;
  }
  alone_ = 0;
  task.given_way = true;
  return true;
}

bool VirtualExecutor::held_at_safepoint() noexcept {
  if ((control_.load(std::memory_order_relaxed) & kMemory) != 0) {
    run_.report_memory_limit();
    return false;
  }
  return wait_while_paused();
}

void VirtualExecutor::interrupt_all() noexcept {
  release_paused();
}

void VirtualExecutor::set_paused(bool paused) noexcept {
  set_paused_bit(paused);
}

bool VirtualExecutor::over_time() const noexcept {
  double limit = run_.options().limits.max_seconds;
  // While a chooser is still choosing (advancing), the time since it was asked is not the run's.
  return limit > 0 && asked_since_.value_or(MonotonicClock::now()) - start_ > std::chrono::duration<double>(limit);
}

// The earliest deadline among the waiting tasks becomes now; every task waiting until then
// can run (in slot order: several at one instant are a choice).
VirtualExecutor::Advance VirtualExecutor::advance_clock() {
  std::optional<std::int64_t> next;
  for (const Slot& s : slots_) {
    if (s.state == State::Blocked && s.task->wait.until) next = std::min(next.value_or(INT64_MAX), *s.task->wait.until);
  }
  if (!next) return Advance::Nobody;
  if (run_.options().paced && deadline_) {
    std::chrono::nanoseconds left{0};
    if (!pace_toward(*next, left)) return Advance::NotYet;
  } else if (run_.options().paced) {
    pace_until(*next);
  }
  if (stopping()) return Advance::Moved;
  clock_->now.store(std::max(*next, now_ns()), std::memory_order_relaxed);
  for (Slot& s : slots_) {
    if (s.state == State::Blocked && s.task->wait.until && *s.task->wait.until <= now_ns()) {
      s.state = State::Ready;
      s.resume = Resume::TimedOut;
      make_ready(s);
    }
  }
  return Advance::Moved;
}

VirtualExecutor::Slot* VirtualExecutor::pick() {
  if (ready_.empty()) {
    Advance a = advance_clock();
    if (a == Advance::NotYet) later_ = true;
    if (a != Advance::Moved || ready_.empty()) return nullptr;  // (empty: stopped while pacing)
  }
  std::size_t i = 0;
  if (ready_.size() > 1) {
    const std::uint64_t limit = run_.options().limits.max_choices;
    if (limit > 0 && choices_.size() >= limit) {
      run_.limit_reached("limit reached: the run passed " + std::to_string(limit) +
                         " choice points (the limit on one schedule's length: a thread that spins while others "
                         "could go makes a schedule without end)");
      return nullptr;
    }
    point_.threads.clear();
    for (std::uint32_t r : ready_) point_.threads.push_back(slots_[r].task->thread_number);
    point_.touched = footprint_.step;
    point_.touched_everything = footprint_.everything;
    const auto asked = asked_since_.value_or(MonotonicClock::now());
    i = scheduler_->choose(point_);
    if (i == kChooseLater) {  // asked again at the next advance, at this same point
      asked_since_ = asked;
      later_ = true;
      return nullptr;
    }
    asked_since_.reset();
    start_ += MonotonicClock::now() - asked;
    choices_.add(i);
    footprint_.step.clear();  // the next step starts here
    footprint_.everything = false;
  }
  Slot& s = slots_[ready_[i]];
  ready_.erase(ready_.begin() + static_cast<std::ptrdiff_t>(i));
  if (s.task->slot != last_picked_) alone_ = 0;  // the count is of one task's choice points in a row
  last_picked_ = s.task->slot;
  return &s;
}

// The calling thread becomes the task's for a while: its trace id and clock, its stack hook.
void VirtualExecutor::enter(Slot& slot) {
  Task& t = *slot.task;
  current_ = &slot;
  outer_ = trace::set_context(nullptr);
  t_footprint = &footprint_;
  if (!slot.started) {
    slot.started = true;
    t.trace_context = trace::Context{trace::new_task_id(), run_.options().trace, clock_.get()};
    t.trace_id.store(t.trace_context.task, std::memory_order_relaxed);
  }
  trace::set_context(&t.trace_context);
  set_stack_overflow_hook([](void* self) { auto& me = *static_cast<Task*>(self); me.rt.stack_overflow(me); }, &t);
}

void VirtualExecutor::leave() {
  current_ = nullptr;
  t_footprint = nullptr;
  set_stack_overflow_hook(nullptr, nullptr);
  trace::set_context(outer_);
}

void VirtualExecutor::end(Slot& slot, Step step) {
  Task& t = *slot.task;
  if (step == Step::Panicked) t.panicked = true;
  slot.state = State::Done;
  --alive_;
  if (t.pool && !run_.is_main(t)) --alive_tasks_;
  if (t.pool) release_worker(t);
  touch(thread_identity(t.thread_number));  // its joiners see it end
  run_.finish_task(t);
  if (run_.is_main(t)) {
    touch_everything();  // the process ends with main: nothing commutes with that
    run_.main_ended(t, step);
  }
}

void VirtualExecutor::run_slice(Slot& slot) {
  Task& t = *slot.task;
  const bool first = !slot.started;
  enter(slot);
  if (first) emit_spawn(t);
  if (t.pool && t.holds_worker.load(std::memory_order_relaxed)) emit_worker_run(t);
  if (slot.resume != Resume::Fresh) {
    if (slot.resume == Resume::Woken) {
      t.wake = t.waiter.settled();
    } else {  // its time came, or it was aborted while it awaited
      t.wake = t.wait.kind == Wait::Kind::Sleep ? chan::WaitState::Aborted : withdraw_wait(t);
    }
    slot.resume = Resume::Fresh;
    trace::emit(trace::Kind::Wake, t.wait.channel);
    t.resuming = true;
  }
  if (first && t.cancel_requested.load(std::memory_order_relaxed)) {  // aborted before it ever ran
    t.cancelled = true;
    end(slot, Step::Stopped);
    leave();
    return;
  }
  for (;;) {
    Step step = stopping() ? Step::Stopped : interpret(t);
    if (step == Step::Yield && !t.given_way) {  // its time slice ran out: nothing to choose
      if (over_time()) run_.time_limit_reached();
      if (deadline_ && MonotonicClock::now() >= *deadline_) {  // advancing: the rest at the next call
        cut_ = &slot;
        break;
      }
      continue;
    }
    if (step == Step::Yield) {  // gave way at a choice point
      ready_.insert(std::upper_bound(ready_.begin(), ready_.end(), t.slot), t.slot);
    } else if (step == Step::Blocked) {
      slot.state = State::Blocked;
      if (t.pool && t.wait.yields) release_worker(t);  // an await frees the worker meanwhile
    } else {
      end(slot, step);
    }
    break;
  }
  leave();
}

void VirtualExecutor::begin(const std::shared_ptr<Task>& main) {
  begun_ = true;
  // main was added to the run already (Runtime::execute): it takes the first slot here.
  main->slot = 0;
  slots_.push_back(Slot{main});
  ready_.push_back(0);
  alive_ = 1;
}

bool VirtualExecutor::drive() {
  while (!stopping()) {
    if (paused()) {
      pace_anchored_ = false;  // a pace under way starts again after the pause
      if (deadline_) return false;
      if (!wait_while_paused()) break;
    }
    if (over_time()) {
      run_.time_limit_reached();
      break;
    }
    Slot* next = cut_ != nullptr ? std::exchange(cut_, nullptr) : pick();
    if (next == nullptr && later_) {
      later_ = false;
      if (deadline_) return false;
      std::this_thread::yield();  // a chooser that said "later" to run_main: ask it again
      continue;
    }
    if (next == nullptr) {  // nothing can run and nothing sleeps (or the run stopped)
      if (!stopping()) run_.report_deadlock();
      break;
    }
    run_slice(*next);
    if (deadline_ && MonotonicClock::now() >= *deadline_) return stopping();
  }
  return true;
}

void VirtualExecutor::run_main(const std::shared_ptr<Task>& main) {
  run_.charge_this_thread();
  begin(main);
  drive();
}

bool VirtualExecutor::advance_main(const std::shared_ptr<Task>& main, MonotonicClock::time_point deadline) {
  run_.charge_this_thread();
  if (!begun_) begin(main);
  deadline_ = deadline;
  bool over = drive();
  deadline_.reset();
  memory::charge_nobody();  // what the caller allocates between calls is not the program's
  return over;
}

// After the run stopped: the tasks still alive end where they are (a wait given up, every
// value dropped), in slot order, as the live executor's threads do at their next safepoint.
void VirtualExecutor::join_all() {
  for (Slot& s : slots_) {
    if (s.state == State::Done) continue;
    enter(s);
    if (s.state == State::Blocked) withdraw_wait(*s.task);
    ready_.erase(std::remove(ready_.begin(), ready_.end(), s.task->slot), ready_.end());
    end(s, Step::Stopped);
    leave();
  }
  memory::charge_nobody();
}

}  // namespace brigade::lang::vm
