// runtime.cpp — the live executor: one OS thread per task, parking while blocked, deadlock
// detection, limits, output, and stopping (see runtime.hpp and vm.hpp for the protocol).
#include "brigade/lang/runtime.hpp"

#include <algorithm>
#include <string>
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "brigade/chan/backoff.hpp"
#include "brigade/chan/futex.hpp"
#include "stack.hpp"
#include "thread_pool.hpp"
#include "vm.hpp"

namespace brigade::lang {

namespace vm {

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

// ---------------------------------------------------------------- Task

void Task::on_wake(void* self, chan::WaitState /*state*/) {
  auto* task = static_cast<Task*>(self);
  task->ex.wake(*task);
}

// ---------------------------------------------------------------- Runtime

Runtime::Runtime(std::shared_ptr<const Module> module, RunOptions options)
    : module_(std::move(module)),
      options_(std::move(options)),
      start_(chan::Clock::now()),
      memory_(options_.limits.max_memory, &control_, kMemory),
      base_real_(start_) {
  if (!(options_.speed > 0)) options_.speed = 1;
  speed_ = options_.speed;
  statics_.resize(module_->statics);
  statics_ready_ = std::make_unique<std::atomic<bool>[]>(module_->statics);
}

const Value& Runtime::init_static(std::uint32_t index, Value v) {
  std::lock_guard lock(statics_mutex_);
  if (!statics_ready_[index].load(std::memory_order_relaxed)) {
    statics_[index] = std::move(v);
    statics_ready_[index].store(true, std::memory_order_release);
  }
  return statics_[index];
}

Runtime::~Runtime() {
  stop(RunResult::Outcome::Stopped, 1, "");
  {
    std::unique_lock lock(mutex_);
    threads_done_.wait(lock, [this] { return !main_started_ || main_returned_; });
  }
  shut_down();
}

std::int64_t Runtime::program_at(chan::Clock::time_point now) const noexcept {
  if (paused()) return base_program_;
  // Never before the base: program time only goes forward, whichever thread reads it.
  auto real = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(now - base_real_).count());
  return base_program_ + static_cast<std::int64_t>(static_cast<double>(real) * speed_);
}

std::int64_t Runtime::now_ns() const noexcept {
  std::lock_guard lock(clock_mutex_);
  return program_at(chan::Clock::now());
}

chan::Deadline Runtime::real_deadline(std::int64_t program_ns) const noexcept {
  std::lock_guard lock(clock_mutex_);
  if (paused()) return std::nullopt;
  double ns = static_cast<double>(program_ns - base_program_) / speed_;
  ns = std::clamp(ns, 0.0, 1e17);  // about three years: "forever" without overflowing the clock
  return base_real_ + std::chrono::duration_cast<chan::Clock::duration>(std::chrono::nanoseconds(static_cast<std::int64_t>(ns)));
}

void Runtime::set_speed(double speed) noexcept {
  if (!(speed > 0)) return;
  {
    std::lock_guard lock(clock_mutex_);
    auto now = chan::Clock::now();
    base_program_ = program_at(now);
    base_real_ = now;
    speed_ = speed;
  }
  unpark_all();  // timed waits recompute their deadlines
}

void Runtime::set_paused(bool paused) noexcept {
  {
    std::lock_guard lock(clock_mutex_);
    if (paused == this->paused()) return;
    auto now = chan::Clock::now();
    base_program_ = program_at(now);
    base_real_ = now;
    if (paused) {
      control_.fetch_or(kPaused, std::memory_order_relaxed);
    } else {
      control_.fetch_and(~kPaused, std::memory_order_relaxed);
    }
  }
  resumed_cv_.notify_all();
  unpark_all();
}

bool Runtime::held_at_safepoint() noexcept {
  if ((control_.load(std::memory_order_relaxed) & kMemory) != 0) {
    report_memory_limit();
    return false;
  }
  std::unique_lock lock(clock_mutex_);
  resumed_cv_.wait(lock, [this] { return control_.load(std::memory_order_relaxed) != kPaused; });
  return !stopping();
}

void Runtime::unpark_all() noexcept {
  std::lock_guard lock(mutex_);
  for (auto& t : tasks_) t->parker.unpark();
}

void Runtime::write(const Task* task, int stream, std::string_view text) {
  bool over = false;
  {
    std::lock_guard lock(mutex_);
    // After the process "ended" (main returned, a limit, a deadlock), the program prints
    // nothing more, as a real process would not; the runtime's own reports go through stop().
    if (task != nullptr && (outcome_set_ || output_cut_)) return;
    if (output_bytes_ + text.size() > options_.limits.max_output) {
      output_cut_ = true;
      over = true;
    } else {
      output_bytes_ += text.size();
      trace::emit(trace::Kind::Print, 0, static_cast<std::uint64_t>(stream), 0, trace::preview_of(text));
      if (options_.on_output) {
        OutputChunk chunk;
        chunk.stream = stream;
        chunk.thread = task ? task->trace_id.load(std::memory_order_relaxed) : 0;
        chunk.time_ns = static_cast<std::uint64_t>(now_ns());
        chunk.text = text;
        options_.on_output(chunk);
      }
    }
  }
  if (over) {
    limit_reached("limit reached: the program printed more than " + std::to_string(options_.limits.max_output / 1024) +
                  " KiB (the output limit)");
  }
}

void Runtime::note_channel(std::uint32_t trace_id) {
  std::lock_guard lock(mutex_);
  channels_.push_back(trace_id);
}

std::uint32_t Runtime::channel_number(std::uint32_t trace_id) const {
  auto it = std::find(channels_.begin(), channels_.end(), trace_id);
  return it == channels_.end() ? trace_id : static_cast<std::uint32_t>(it - channels_.begin() + 1);
}

void Runtime::limit_reached(const std::string& message) {
  stop(RunResult::Outcome::LimitReached, 1, "error: " + message + "\n");
}

void Runtime::report_memory_limit() {
  limit_reached("limit reached: the program used more than " + std::to_string(options_.limits.max_memory >> 20) +
                " MiB of memory (the memory limit)");
}

bool Runtime::memory_fits(std::uint64_t bytes) {
  if (memory_.fits(bytes)) return true;
  report_memory_limit();
  return false;
}

void Runtime::end_process(RunResult::Outcome outcome, int code) {
  stop(outcome, code, "");
}

void Runtime::stack_overflow(const Task& task) {
  write(&task, 2, "\nthread '" + task.name + "' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n");
  end_process(RunResult::Outcome::StackOverflow, 134);
}

void Runtime::stop(RunResult::Outcome outcome, int code, const std::string& message) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (outcome_set_) return;
    outcome_set_ = true;
    result_.outcome = outcome;
    result_.exit_code = code;
    result_.message = message;
    if (!message.empty() && options_.on_output) {
      OutputChunk chunk;
      chunk.stream = 2;
      chunk.time_ns = static_cast<std::uint64_t>(now_ns());
      chunk.text = message;
      options_.on_output(chunk);
    }
    control_.fetch_or(kStopping, std::memory_order_relaxed);
    for (auto& t : tasks_) t->parker.unpark();
    // The end, for a trace reader: what follows is the teardown (from whichever thread stops).
    trace::MutedScope restore;
    trace::set_thread_muted(false);
    trace::Context run{0, options_.trace};  // whichever thread stops the run: into its sink
    const trace::Context* outer = trace::set_context(&run);
    trace::emit(trace::Kind::RunEnd, 0, static_cast<std::uint64_t>(static_cast<std::uint32_t>(code)));
    trace::set_context(outer);
  }
  {
    std::lock_guard lock(clock_mutex_);  // a paused task re-checks under this lock
  }
  resumed_cv_.notify_all();
  done_cv_.notify_all();
}

bool Runtime::spawn(const std::shared_ptr<Task>& task) {
  std::uint32_t live = live_threads_.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (live > options_.limits.max_threads) {
    live_threads_.fetch_sub(1, std::memory_order_acq_rel);
    limit_reached("limit reached: the program tried to run more than " + std::to_string(options_.limits.max_threads) +
                  " threads at once (the limit on program threads)");
    return false;
  }
  bool started = false;
  {
    std::lock_guard lock(mutex_);
    if (!stopping()) {
      runnable_.fetch_add(1, std::memory_order_acq_rel);
      tasks_.push_back(task);
      started = start_thread([this, held = task]() mutable {
        run_task(held);
        held.reset();
      });
      if (!started) {
        tasks_.pop_back();
        runnable_.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }
  if (!started) {
    live_threads_.fetch_sub(1, std::memory_order_acq_rel);
    if (!stopping()) limit_reached("limit reached: the system refused to start another thread");
  }
  return started;
}

void Runtime::wake(Task& task) {
  if (task.counted_wait.load(std::memory_order_acquire)) runnable_.fetch_add(1, std::memory_order_acq_rel);
  task.parker.unpark();
}

void Runtime::blocked(Task& task) {
  if (task.wait.counted && runnable_.fetch_sub(1, std::memory_order_acq_rel) == 1) report_deadlock();
}

// Waits until the task's waiter has an outcome, its deadline passes, or the run stops.
void Runtime::wait_for(Task& task) {
  for (;;) {
    if (stopping()) return;
    if (task.wait.until) task.wait.deadline = real_deadline(*task.wait.until);  // the clock may have changed
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
      task.wake = abandon_wait(task);
      return;
    }
    task.parker.park(task.wait.deadline, options_.background_priority ? Parker::Spin::Brief : Parker::Spin::Full);
  }
}

// Gives up the task's wait through the hook of the native that registered it (vm.hpp, Wait).
chan::WaitState Runtime::abandon_wait(Task& task) {
  if (task.wait.withdraw == nullptr) return chan::WaitState::Aborted;
  return task.wait.withdraw(task);
}

void Runtime::run_task(const std::shared_ptr<Task>& task) {
  Task& t = *task;
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
  // Per-thread on Linux: setpriority on a thread id changes that thread only. (A pooled thread
  // keeps it for its later jobs: a process either hosts a UI or it does not.)
  if (options_.background_priority) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
#endif
  t.trace_context = trace::Context{trace::new_task_id(), options_.trace};
  const trace::Context* outer = trace::set_context(&t.trace_context);
  t.trace_id.store(t.trace_context.task, std::memory_order_relaxed);
  memory_.charge_this_thread();
  set_stack_overflow_hook([](void* self) { auto& me = *static_cast<Task*>(self); me.rt.stack_overflow(me); }, &t);
  trace::emit(trace::Kind::ThreadSpawn, 0, 0, 0, trace::preview_of(std::string_view(t.name)));
  Step step;
  for (;;) {
    step = stopping() ? Step::Stopped : interpret(t);
    if (step == Step::Yield) continue;
    if (step != Step::Blocked) break;
    if (!block_in_place(t)) {
      step = Step::Stopped;
      break;
    }
  }
  if (step == Step::Panicked) t.panicked = true;
  finish_task(t);
  if (&t == main_task_) {
    // main ended: so does the process (other threads are not waited for, as in Rust).
    if (step == Step::Panicked) {
      end_process(RunResult::Outcome::Panicked, 101);
    } else if (step == Step::Done && t.result.is(vm::ObjKind::Enum) &&
               vm::as_record(t.result).type == vm::builtin::Result && vm::as_record(t.result).variant == 1) {
      // `fn main() -> Result<..>` that returned Err: Rust prints the error's Debug and exits 1.
      write(&t, 2, "Error: " + vm::debug(module(), vm::as_record(t.result).fields[0], {}) + "\n");
      end_process(RunResult::Outcome::Finished, 1);
    } else if (step == Step::Done) {
      end_process(RunResult::Outcome::Finished, 0);
    }
  }
  // This thread goes on after the task (a pool's next job, or the caller of execute()).
  memory::charge_nobody();
  set_stack_overflow_hook(nullptr, nullptr);
  trace::set_context(outer);
}

bool Runtime::block_in_place(Task& t) {
  blocked(t);
  wait_for(t);
  if (stopping()) {
    abandon_wait(t);
    return false;
  }
  trace::emit(trace::Kind::Wake, t.wait.channel);
  t.resuming = true;
  return true;
}

void Runtime::finish_task(Task& t) {
  // Unwind: drop every frame's values, innermost first (this is what disconnects the senders
  // a finished or panicked thread owned).
  while (!t.stack.empty()) t.stack.pop_back();
  t.frames.clear();
  t.recv_slot.reset();
  t.send_slot = Value::empty();
  t.wait = {};
  trace::emit(trace::Kind::ThreadExit, 0, t.panicked ? 1 : 0);
  std::vector<Task*> joiners;
  {
    std::lock_guard lock(t.done_mutex);
    t.finished = true;
    joiners.swap(t.joiners);
  }
  for (Task* j : joiners) j->waiter.try_wake(chan::WaitState::Notified);
  live_threads_.fetch_sub(1, std::memory_order_acq_rel);
  // main ending ends the process (run_task), whatever the others do.
  if (runnable_.fetch_sub(1, std::memory_order_acq_rel) == 1 && !stopping() && &t != main_task_) report_deadlock();
}

void Runtime::report_deadlock() {
  if (stopping()) return;
  std::string text =
      "error: deadlock: every thread is blocked waiting for another, and none of them can ever continue\n";
  bool any_recv = false;
  {
    std::lock_guard lock(mutex_);
    for (const auto& tp : tasks_) {
      Task& t = *tp;
      {
        std::lock_guard done(t.done_mutex);
        if (t.finished) continue;
      }
      const Wait& w = t.wait;
      std::string who = t.name == "main" ? "thread 'main'" : "thread #" + std::to_string(t.trace_id.load(std::memory_order_relaxed));
      std::string at = module_->file + ":" + std::to_string(w.span.line) + ":" + std::to_string(w.span.column);
      std::string what;
      switch (w.kind) {
        case Wait::Kind::Recv:
          any_recv = true;
          what = "waits to receive on channel #" + std::to_string(channel_number(w.channel)) +
                 ", which is empty while a sender of it is still alive";
          break;
        case Wait::Kind::Send:
          if (w.capacity && *w.capacity == 0) {
            what = "waits at the pass of channel #" + std::to_string(channel_number(w.channel)) +
                   " (sync_channel(0)) for a receiver to take its message";
          } else {
            what = "waits to send on channel #" + std::to_string(channel_number(w.channel)) + ", which is full (" +
                   std::to_string(w.capacity.value_or(0)) + " of " + std::to_string(w.capacity.value_or(0)) +
                   " slots) and nobody receives";
          }
          break;
        case Wait::Kind::Join:
          what = "waits in join() for thread #" + std::to_string(w.joined) + " to finish";
          break;
        case Wait::Kind::Lock:
          what = "waits in lock() for a Mutex that a blocked thread holds";
          break;
        default:
          what = "is blocked";
          break;
      }
      text += "  " + who + " " + what + " (at " + at + ")\n";
    }
  }
  if (any_recv) {
    text +=
        "help: a receiver waits until every Sender is dropped; a Sender kept alive (often the original `tx` in "
        "main, or one not moved into a thread) keeps it waiting forever — drop(tx) when done sending\n";
  }
  stop(RunResult::Outcome::Deadlock, 1, text);
}

// Called with mutex_ held (the count is under it).
bool Runtime::start_thread(std::function<void()> job) {
  auto counted = [this, job = std::move(job)]() mutable {
    job();
    job = nullptr;  // the task it held dies before shut_down() can go on
    std::lock_guard lock(mutex_);
    if (--threads_running_ == 0) threads_done_.notify_all();
  };
  ++threads_running_;
  if (ThreadPool::shared().run(std::move(counted))) return true;
  --threads_running_;
  return false;
}

void Runtime::shut_down() {
  // Stopping: every task returns at its next safepoint, or at once when it has not started.
  std::unique_lock lock(mutex_);
  threads_done_.wait(lock, [this] { return threads_running_ == 0; });
  // Tasks hold JoinHandles of each other (and values referencing channels): release them
  // while the module is still alive.
  for (auto& t : tasks_) {
    t->result = Value::empty();
    t->stack.clear();
  }
  tasks_.clear();
}

RunResult Runtime::execute() {
  auto main = std::make_shared<Task>(*this, *this);
  main->name = "main";
  const Function& f = module_->functions[module_->main];
  main->stack.reserve(1024);
  main->stack.resize(f.locals, Value::empty());
  main->frames.push_back(Frame{module_->main, 0, 0});
  main_task_ = main.get();
  live_threads_.store(1);
  runnable_.store(1);
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(main);
  }
  // The time limit is watched from a thread of the pool, whatever state the program is in
  // (shut_down() waits for it: stop() below wakes it).
  if (options_.limits.max_seconds > 0) {
    std::lock_guard held(mutex_);  // start_thread's count is under mutex_
    start_thread([this] {
      std::unique_lock lock(mutex_);
      auto deadline = start_ + std::chrono::duration_cast<chan::Clock::duration>(
                                   std::chrono::duration<double>(options_.limits.max_seconds));
      if (!done_cv_.wait_until(lock, deadline, [this] { return outcome_set_; })) {
        lock.unlock();
        limit_reached("limit reached: the program ran longer than " +
                      std::to_string(static_cast<int>(options_.limits.max_seconds)) + " s (the time limit)");
      }
    });
  }
  run_task(main);
  // main has ended (its outcome is set) or was stopped: every other task stops now.
  stop(RunResult::Outcome::Stopped, 1, "");
  shut_down();
  done_.store(true, std::memory_order_release);
  std::lock_guard lock(mutex_);
  return result_;
}

void Runtime::start() {
  std::lock_guard lock(mutex_);
  main_started_ = ThreadPool::shared().run([this] {
    execute();
    std::lock_guard done(mutex_);
    main_returned_ = true;
    threads_done_.notify_all();
  });
  if (!main_started_) {  // no thread to run main on: the run ends before it began
    outcome_set_ = true;
    result_ = RunResult{RunResult::Outcome::LimitReached, 1,
                        "error: limit reached: the system refused to start another thread\n"};
    done_.store(true, std::memory_order_release);
  }
}

RunResult Runtime::result() const {
  std::lock_guard lock(mutex_);
  return result_;
}

}  // namespace vm

// ---------------------------------------------------------------- Run

void prestart_threads(unsigned threads) {
  vm::ThreadPool::shared().reserve(threads);
}

Run::Run(std::shared_ptr<const vm::Module> module, RunOptions options)
    : rt_(std::make_unique<vm::Runtime>(std::move(module), std::move(options))) {}

Run::~Run() {
  stop();
}

RunResult Run::execute() {
  return rt_->execute();
}
void Run::start() {
  rt_->start();
}
bool Run::finished() const noexcept {
  return rt_->finished();
}
RunResult Run::result() const {
  return rt_->result();
}
void Run::stop() noexcept {
  rt_->stop(RunResult::Outcome::Stopped, 1, "error: stopped\n");
}
void Run::set_paused(bool paused) noexcept {
  rt_->set_paused(paused);
}
void Run::set_speed(double speed) noexcept {
  rt_->set_speed(speed);
}
bool Run::paused() const noexcept {
  return rt_->paused();
}
std::int64_t Run::program_time_ns() const noexcept {
  return rt_->now_ns();
}

}  // namespace brigade::lang
