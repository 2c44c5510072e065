// runtime.cpp — a run: its tasks, output, limits, outcome, and the deadlock report; the
// executor that runs the tasks is behind executor.hpp (live_executor.cpp today).
#include "brigade/lang/runtime.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "live_executor.hpp"
#include "schedule.hpp"
#include "virtual_executor.hpp"
#include "thread_pool.hpp"
#include "vm.hpp"

namespace brigade::lang {

namespace vm {

void Task::on_wake(void* self, chan::WaitState /*state*/) {
  auto* task = static_cast<Task*>(self);
  task->ex.wake(*task);
}

// ---------------------------------------------------------------- Runtime

namespace {
std::unique_ptr<Executor> make_executor(Runtime& run) {
  const RunOptions& o = run.options();
  if (!o.virtual_time) return std::make_unique<LiveExecutor>(run);
  std::unique_ptr<Scheduler> scheduler = random_scheduler(o.seed);
  if (!o.schedule.empty()) {
    auto choices = parse_schedule(o.schedule);
    scheduler = std::make_unique<ReplayScheduler>(choices.value_or(std::vector<std::uint8_t>{}), std::move(scheduler));
  }
  if (o.choose) scheduler = callback_scheduler(o.choose, std::move(scheduler));
  return std::make_unique<VirtualExecutor>(run, std::move(scheduler));
}
}  // namespace

Runtime::Runtime(std::shared_ptr<const Module> module, RunOptions options)
    : module_(std::move(module)),
      options_(std::move(options)),
      executor_(make_executor(*this)),
      memory_(options_.limits.max_memory, executor_->control_word(), Executor::kMemory) {
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
    main_done_.wait(lock, [this] { return !main_started_ || main_returned_; });
  }
  executor_->join_all();
  release_tasks();
}

void Runtime::write(const Task* task, int stream, std::string_view text) {
  touch(kOutputIdentity);
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
        chunk.time_ns = static_cast<std::uint64_t>(executor_->now_ns());
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

void emit_spawn(const Task& t) {
  if (t.tokio_id != 0 || (t.pool && !t.pool->shown)) {
    std::string name = t.tokio_id != 0 ? "task " + std::to_string(t.tokio_id) : t.name + " branch";
    trace::emit(trace::Kind::TaskSpawn, 0, t.thread_number, 0, trace::preview_of(std::string_view(name)));
  } else {
    trace::emit(trace::Kind::ThreadSpawn, 0, t.thread_number, 0, trace::preview_of(std::string_view(t.name)));
  }
}

void emit_worker_run(Task& t) {
  if (!t.pool || !t.pool->shown) return;
  int seat;
  {
    std::lock_guard lock(t.pool->mutex);
    seat = t.pool->seat_of(t);
  }
  if (seat < 0 || seat == t.shown_seat) return;
  t.shown_seat = seat;
  trace::emit(trace::Kind::WorkerRun, 0, static_cast<std::uint64_t>(seat) + 1);
}

void emit_worker_free(Task& t) {
  if (t.shown_seat < 0) return;
  trace::emit(trace::Kind::WorkerFree, 0, static_cast<std::uint64_t>(t.shown_seat) + 1);
  t.shown_seat = -1;
}

void Runtime::start_tokio(Task& main, unsigned workers, bool current_thread) {
  if (workers == 0) {  // tokio's default: a worker per core
    workers = current_thread ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  }
  tokio_current_thread_ = current_thread;
  // tokio 1.24 starts each worker of a multi-thread runtime as a task of its own: the first
  // spawned task's Id comes after theirs.
  next_tokio_id_.store(current_thread ? 0 : workers);
  tokio_pool_ = std::make_shared<WorkerPool>(workers, true);
  if (current_thread) {  // main's future is the one worker's first task
    main.pool = tokio_pool_;
    main.holds_worker.store(true, std::memory_order_release);
    (void)tokio_pool_->take_or_line_up(main);
  }
  tokio_workers_.store(workers, std::memory_order_release);
  // The staff on shift, for the scene and the timeline: seq = how many, occupancy = 1 for the
  // current-thread flavor (its one worker is main's thread).
  trace::emit(trace::Kind::RuntimeStart, 0, workers, current_thread ? 1 : 0);
  if (current_thread) emit_worker_run(main);
}

void Runtime::note_channel(std::uint32_t trace_id) {
  std::lock_guard lock(mutex_);
  channels_.push_back(trace_id);
}

std::uint32_t Runtime::channel_number_of(std::uint32_t trace_id) const {
  std::lock_guard lock(mutex_);
  return channel_number(trace_id);
}

std::uint32_t Runtime::channel_number(std::uint32_t trace_id) const {
  auto it = std::find(channels_.begin(), channels_.end(), trace_id);
  return it == channels_.end() ? trace_id : static_cast<std::uint32_t>(it - channels_.begin() + 1);
}

void Runtime::limit_reached(const std::string& message) {
  stop(RunResult::Outcome::LimitReached, 1, "error: " + message + "\n");
}

void Runtime::thread_limit_reached() {
  limit_reached("limit reached: the program tried to run more than " + std::to_string(options_.limits.max_threads) +
                " threads at once (the limit on program threads)");
}

void Runtime::task_limit_reached() {
  limit_reached("limit reached: the program tried to run more than " + std::to_string(options_.limits.max_tasks) +
                " tokio tasks at once (the limit on tasks)");
}

void Runtime::time_limit_reached() {
  limit_reached("limit reached: the program ran longer than " +
                std::to_string(static_cast<int>(options_.limits.max_seconds)) + " s (the time limit)");
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
      chunk.time_ns = static_cast<std::uint64_t>(executor_->now_ns());
      chunk.text = message;
      options_.on_output(chunk);
    }
    // The end, for a trace reader: what follows is the teardown (from whichever thread stops).
    trace::MutedScope restore;
    trace::set_thread_muted(false);
    auto clock = executor_->clock();
    trace::Context run{0, options_.trace, clock.get()};  // whichever thread stops the run: into its sink
    const trace::Context* outer = trace::set_context(&run);
    trace::emit(trace::Kind::RunEnd, 0, static_cast<std::uint64_t>(static_cast<std::uint32_t>(code)));
    trace::set_context(outer);
  }
  // Outside the lock: the executor reaches every task through for_each_task(). A task that
  // joins after this sees outcome_set_ in add_task() and never starts.
  executor_->stop_all();
}

bool Runtime::add_task(const std::shared_ptr<Task>& task) {
  std::lock_guard lock(mutex_);
  if (outcome_set_) return false;
  tasks_.push_back(task);
  return true;
}

void Runtime::forget_task(const Task& task) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(tasks_.begin(), tasks_.end(), [&](const auto& t) { return t.get() == &task; });
  if (it != tasks_.end()) tasks_.erase(it);
}

void Runtime::finish_task(Task& t) {
  // Unwind: drop every frame's values, innermost first (this is what disconnects the senders
  // a finished or panicked thread owned).
  vm::t_unwinding = t.panicked;  // a guard dropped now poisons its lock
  while (!t.stack.empty()) t.stack.pop_back();
  vm::t_unwinding = false;
  // No code runs for this task any more: what waited for its drop fn goes without one.
  for (vm::Obj* o : t.pending_drops) {
    o->drops = false;
    vm::destroy(o);  // the queue held its last reference
  }
  t.pending_drops.clear();
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
}

void Runtime::main_ended(Task& t, Step step) {
  // Under #[tokio::main] (multi-thread), main's return drops the runtime first.
  if (step != Step::Stopped && tokio_pool_ && !tokio_current_thread_ && !executor_->drain_runtime(*tokio_pool_, step)) return;
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
  note_waiting_tasks();
}

// A partial deadlock, or a thread that waited for what never came: the process ends them, as
// Rust's does, quietly; the run's result still says who was left waiting, and on what.
void Runtime::note_waiting_tasks() {
  std::string text;
  for (const Task* t : executor_->waiting_tasks()) text += describe_wait(*t, false) + "\n";
  if (text.empty()) return;
  std::lock_guard lock(mutex_);
  result_.left_waiting = std::move(text);
}

// Tasks hold JoinHandles of each other (and values referencing channels): release them while
// the module is still alive, once no task runs.
void Runtime::release_tasks() {
  std::lock_guard lock(mutex_);
  for (auto& t : tasks_) {
    t->result = Value::empty();
    t->stack.clear();
  }
  tasks_.clear();
}

std::string Runtime::describe_wait(const Task& t, bool all_blocked) const {
  const Wait& w = t.wait;
  // As the playground names it: by its name, or by its number (main is 1, then in spawn
  // order: what ThreadId shows).
  std::string who = t.name != "<unnamed>" ? "thread '" + t.name + "'" : "thread #" + std::to_string(t.thread_number);
  if (t.tokio_id != 0) who = "task " + std::to_string(t.tokio_id) + " (tokio)";  // a task, not its worker thread
  std::string at = module_->file + ":" + std::to_string(w.span.line) + ":" + std::to_string(w.span.column);
  std::string what;
  switch (w.kind) {
    case Wait::Kind::Recv:
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
      if (w.endpoint.is(vm::ObjKind::JoinHandle) && vm::as<vm::JoinHandleObj>(w.endpoint).tokio_id != 0) {
        what = "awaits the JoinHandle of task " + std::to_string(vm::as<vm::JoinHandleObj>(w.endpoint).tokio_id);
      } else if (w.endpoint.is(vm::ObjKind::Future)) {
        what = "awaits the branches of a join! or select!";
      } else {
        what = "waits in join() for thread #" + std::to_string(w.joined) + " to finish";
      }
      break;
    case Wait::Kind::Closed:
      what = "awaits closed() on channel #" + std::to_string(channel_number(w.channel)) +
             ", whose receiver is still alive and not closed";
      break;
    case Wait::Kind::Lock:
      if (w.endpoint.is(vm::ObjKind::Once)) {
        what = all_blocked ? "waits for a OnceLock whose initialiser is blocked"
                           : "waits for another thread to initialise a OnceLock";
        break;
      }
      if (w.endpoint.is(vm::ObjKind::Mutex) && vm::as<vm::MutexObj>(w.endpoint).rwlock) {
        what = all_blocked ? "waits for a RwLock that a blocked thread holds"
                           : "waits for a RwLock another thread holds";
        break;
      }
      what = all_blocked ? "waits in lock() for a Mutex that a blocked thread holds"
                         : "waits in lock() for a Mutex another thread holds";
      break;
    case Wait::Kind::Condvar:
      what = all_blocked ? "waits on a Condvar that no thread is left to notify"
                         : "waits on a Condvar for a notify_one() or notify_all()";
      break;
    case Wait::Kind::Barrier: {
      std::size_t n = 0, arrived = 0;
      if (w.endpoint.is(vm::ObjKind::Barrier)) {
        auto& b = vm::as<vm::BarrierObj>(w.endpoint);
        std::lock_guard lock(b.state);
        n = b.n;
        arrived = b.arrived;
      }
      what = "waits at a Barrier for " + std::to_string(n) + " threads (" + std::to_string(arrived) + " of " +
             std::to_string(n) + " arrived)";
      break;
    }
    case Wait::Kind::Park:
      what = all_blocked ? "is parked (thread::park) and no thread is left to unpark it"
                         : "is parked (thread::park) until another thread unparks it";
      break;
    default:
      what = "is blocked";
      break;
  }
  return who + " " + what + " (at " + at + ")";
}

void Runtime::report_deadlock() {
  if (executor_->stopping()) return;
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
      any_recv = any_recv || t.wait.kind == Wait::Kind::Recv;
      text += "  " + describe_wait(t, true) + "\n";
    }
  }
  if (any_recv) {
    text +=
        "help: a receiver waits until every Sender is dropped; a Sender kept alive (often the original `tx` in "
        "main, or one not moved into a thread) keeps it waiting forever — drop(tx) when done sending\n";
  }
  stop(RunResult::Outcome::Deadlock, 1, text);
}

std::shared_ptr<Task> Runtime::make_main() {
  auto main = std::make_shared<Task>(*this, *executor_);
  main->name = "main";
  const Function& f = module_->functions[module_->main];
  main->stack.reserve(1024);
  main->stack.resize(f.locals, Value::empty());
  main->frames.push_back(Frame{module_->main, 0, 0});
  main_task_ = main.get();
  add_task(main);
  return main;
}

RunResult Runtime::finish() {
  // main has ended (its outcome is set) or was stopped: every other task stops now.
  stop(RunResult::Outcome::Stopped, 1, "");
  executor_->join_all();
  release_tasks();
  std::lock_guard lock(mutex_);
  result_.schedule = executor_->schedule();
  result_.schedule_fits = executor_->schedule_fits();
  done_.store(true, std::memory_order_release);
  return result_;
}

RunResult Runtime::execute() {
  executor_->run_main(make_main());
  return finish();
}

bool Runtime::advance(MonotonicClock::time_point deadline) {
  if (finished()) return true;
  if (!advancing_) advancing_ = make_main();
  if (!executor_->advance_main(advancing_, deadline)) return false;
  advancing_.reset();
  finish();
  return true;
}

void Runtime::start() {
  std::lock_guard lock(mutex_);
  main_started_ = ThreadPool::shared().run([this] {
    execute();
    std::lock_guard done(mutex_);
    main_returned_ = true;
    main_done_.notify_all();
  });
  if (!main_started_) {  // no thread to run main on: the run ends before it began
    outcome_set_ = true;
    result_ = RunResult{};
    result_.outcome = RunResult::Outcome::LimitReached;
    result_.exit_code = 1;
    result_.message = "error: limit reached: the system refused to start another thread\n";
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
bool Run::advance(std::chrono::nanoseconds budget) {
  return rt_->advance(MonotonicClock::now() + budget);
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
  rt_->executor().set_paused(paused);
}
void Run::set_speed(double speed) noexcept {
  rt_->executor().set_speed(speed);
}
bool Run::paused() const noexcept {
  return rt_->executor().paused();
}
std::int64_t Run::program_time_ns() const noexcept {
  return rt_->executor().now_ns();
}
std::shared_ptr<const trace::TimeSource> Run::clock() const noexcept {
  return rt_->executor().clock();
}

}  // namespace brigade::lang
