// vm.hpp — stage 4: tasks, the interpreter, and the runtime they share (internal header).
//
// A Task is one interpreted thread: its frames and values live on the heap (stack, frames),
// never on the C++ stack, so a task can stop at any instruction and resume later on any OS
// thread. The interpreter (interpret()) runs a task until it finishes, panics, is stopped, or
// blocks. Blocking natives follow one protocol:
//
//   first call:  try the operation; if it cannot complete, register task.waiter with the
//                channel (or the joined task), fill task.wait, return Blocked — the pc stays on
//                the instruction and its operands stay on the stack;
//   resumed:     the executor sets task.resuming and task.wake, and runs the same instruction
//                again; the native reads the outcome (Completed: done; Notified/Disconnected:
//                try again; Aborted: the deadline passed).
//
// The live executor (live_executor.cpp) parks an OS thread per blocked task; a virtual-time
// executor can resume tasks from one thread with the same protocol.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "brigade/chan/waiter.hpp"
#include "brigade/lang/bytecode.hpp"
#include "brigade/lang/runtime.hpp"
#include "executor.hpp"
#include "memory.hpp"
#include "parker.hpp"

namespace brigade::lang::vm {

class Runtime;

struct Frame {
  Frame(std::uint32_t fn, std::uint32_t at, std::uint32_t locals) : function(fn), pc(at), base(locals) {}
  std::uint32_t function;
  std::uint32_t pc;
  std::uint32_t base;  // locals start here in Task::stack
  // Pushed for a native that called a closure (map's, sort_by's, a user Display): when it
  // returns, its value goes to Task::call_result and the native's instruction runs again.
  bool to_native = false;
  // Pushed by invoke() for a leaf closure it runs in place (run_leaf; for the instructions
  // run_leaf leaves alone, one level of interpret, which this frame's return ends with
  // Step::Returned).
  bool in_place = false;
  // Pushed to run a value's drop fn (`impl Drop`) between two instructions: its result (the
  // unit) is thrown away, and the interrupted frame goes on where it was.
  bool discard = false;
  // While this frame's instruction is a native waiting for the closures it calls (or blocked):
  // the native's progress (a StateObj). Cleared when the instruction completes.
  Value state;
};

// What a blocked task waits for (shown in deadlock reports and the UI).
struct Wait {
  enum class Kind : std::uint8_t { None, Send, Recv, Join, Sleep, Lock, Closed, Condvar, Barrier, Park } kind = Kind::None;
  bool counted = false;            // untimed: counts towards deadlock detection
  std::optional<std::int64_t> until;  // program time (ns) when a timed wait ends
  // An `.await` of a tokio task: the wait frees the task's worker for other tasks (a std
  // blocking call inside a task keeps it: the worker stands still with its task).
  bool yields = false;
  chan::Deadline deadline;         // `until` in the executor's time (it computes this; natives never do)
  std::uint32_t channel = 0;       // trace id of the channel
  std::uint32_t joined = 0;        // Join: the joined task's thread number (ThreadId)
  std::optional<std::size_t> capacity;  // Send: the channel's capacity
  Span span;
  Value endpoint;  // the Receiver / SyncSender to cancel on, the JoinHandle, or the Mutex
  // Gives the wait up (its deadline passed, or the run stops): takes the registration back from
  // the endpoint unless a peer completed the wait first. Returns Aborted, or the peer's outcome.
  // Set by the native that registered the wait (nullptr: nothing to take back, as for a sleep).
  chan::WaitState (*withdraw)(Task& task) = nullptr;
};

// Yield: the time slice ran out; call interpret again. A WebAssembly engine (V8) compiles a hot
// function with its optimising tier in the background but keeps running the baseline code of a
// call already in progress, so an interpreter loop that never returned would never get faster;
// returning every few thousand loop turns and calls lets the next entry use the optimised code.
// Returned: a leaf closure run in place by a native returned (its value in Task::call_result).
enum class Step { Done, Blocked, Panicked, Stopped, Yield, Returned };

struct Task {
  Task(Runtime& runtime, Executor& executor) : rt(runtime), ex(executor) {}
  Runtime& rt;  // the run: its module, limits, output, statics
  Executor& ex; // what runs the task: spawn, program time, the safepoint
  std::string name = "<unnamed>";
  std::uint64_t thread_number = 1;  // what ThreadId(n) shows: main is 1, then in spawn order
  std::atomic<std::uint32_t> trace_id{0};  // set on its own thread when it starts
  trace::Context trace_context;             // its id and its run's sink, while it runs
  std::vector<Value> stack;
  std::vector<Frame> frames;
  // What the last closure called for a native returned (Frame::to_native), until the native,
  // running again, takes it.
  std::optional<Value> call_result;
  // Items a native has pulled from iterators since it last looked at the safepoint: a
  // collect() or count() of a huge range must stay stoppable and within the memory limit.
  std::uint32_t native_steps = 0;

  // Waiting (see the protocol above).
  chan::Waiter waiter{&Task::on_wake, this};
  Parker parker;  // the live executor parks the task's OS thread here
  Wait wait;
  std::atomic<bool> counted_wait{false};  // wait.counted, for the waker's callback
  bool resuming = false;
  // The executor stopped the task at a choice point before its current instruction, and chose
  // it again there (Executor::preempt): the instruction goes ahead this time.
  bool given_way = false;
  std::uint32_t slot = 0;  // its place in its executor's own table (the virtual executor's)
  chan::WaitState wake = chan::WaitState::Waiting;
  std::optional<Value> recv_slot;
  Value send_slot;
  // Values of types with `impl Drop` whose last owner went, oldest first: each one's drop fn
  // runs before the task's next instruction (t_drop_queue, value.hpp).
  std::vector<Obj*> pending_drops;

  // A tokio task (tokio::spawn, a join!/select! branch, main under a current_thread runtime):
  // it runs only while it holds one of its pool's workers (executor.hpp, WorkerPool).
  std::shared_ptr<WorkerPool> pool;
  std::atomic<bool> holds_worker{false};
  std::int64_t ready_ns = 0;  // live runs: the program time it lined up for a worker as of
  std::uint64_t tokio_id = 0;                  // tokio's task Id
  std::atomic<bool> cancel_requested{false};   // JoinHandle::abort: ends at its next .await
  bool cancelled = false;                      // it ended so (its JoinError is Cancelled)
  int shown_seat = -1;                         // the worker lane the trace last put it on
  std::uint64_t select_rolls = 0;              // select!'s random picks so far

  // A thread spawned in a thread::scope: its scope, and which of its capture slots borrow a
  // local of the scope's owner (own slot, the owner's slot) — ScopeObj in value.hpp.
  ScopeObj* scope = nullptr;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> borrows;

  // thread::park's token (unpark() before park() makes the park return at once), under
  // done_mutex; `parked` while it waits for one.
  bool park_token = false;
  bool parked = false;

  // Completion, for join().
  std::mutex done_mutex;
  bool finished = false;
  bool panicked = false;
  bool joined = false;  // a join() took its outcome (a scope then does not panic for its panic)
  Value result;
  std::vector<Task*> joiners;

  static void on_wake(void* self, chan::WaitState state);
};

// The task's first event: ThreadSpawn for a thread (its name), TaskSpawn for a tokio task
// ("task 3", its Id) or a join!/select! branch (its parent's name and "branch").
void emit_spawn(const Task& task);
// The task runs on a worker of the runtime's (WorkerRun, the worker's number from 1), or gave it
// back (WorkerFree): the timeline's worker lanes. Nothing for a combinator's own turn.
void emit_worker_run(Task& task);
void emit_worker_free(Task& task);

// Set while a panicked thread's values are dropped (finish_task): a MutexGuard or RwLock write
// guard dropped then poisons its lock (std/sync.cpp).
extern thread_local bool t_unwinding;

// A scoped thread's closure returns: the variables it borrowed go back to its scope (thread.cpp).
void return_borrows(Task& task);

// Gives up the task's wait through the hook of the native that registered it (Wait::withdraw):
// Aborted, or the outcome a peer delivered first.
inline chan::WaitState withdraw_wait(Task& task) {
  return task.wait.withdraw == nullptr ? chan::WaitState::Aborted : task.wait.withdraw(task);
}

// Runs `task` until it finishes, blocks, panics, is stopped or yields its time slice. Never
// re-entered from inside itself: a closure that a native calls runs on the task's own frames.
Step interpret(Task& task);
// Renders a panic of `task` at `span` like rustc's runtime does, and records it.
void raise_panic(Task& task, const std::string& message, Span span);
// The same at a place in std's own source, which rustc names when the panic is not the caller's
// (`/rustc/<commit>/library/core/src/iter/traits/accum.rs:204:1` for an overflowing sum).
void raise_panic_at(Task& task, const std::string& message, const std::string& location, std::uint32_t line);

// Formatting of values (value.cpp).
// A user `impl fmt::Debug` inside a value (a Vec<Money>, a field) runs through this: the VM sets
// it for the length of one format on its thread. render() false: the impl failed (a panic), and
// the VM reports that once the format is done.
struct UserDebug {
  virtual bool render(const Value& v, std::string& out) = 0;

 protected:
  ~UserDebug() = default;
};
extern thread_local UserDebug* t_user_debug;
std::string display(const Module& m, const Value& v, const fmt::Spec& spec);
std::string debug(const Module& m, const Value& v, const fmt::Spec& spec, int indent = 0);
bool values_equal(const Value& a, const Value& b);
int compare_values(const Value& a, const Value& b);  // <0, 0, >0
Value deep_clone(const Value& v);

// The state every task of a run shares: its module, options, output, statics, outcome and
// tasks; it owns the executor that runs them (executor.hpp) and knows nothing of threads.
class Runtime {
 public:
  Runtime(std::shared_ptr<const Module> module, RunOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const Module& module() const noexcept { return *module_; }
  const RunOptions& options() const noexcept { return options_; }
  Executor& executor() noexcept { return *executor_; }
  const Executor& executor() const noexcept { return *executor_; }

  // ---- used by the interpreter and the natives
  std::uint64_t next_thread_number() noexcept { return next_thread_number_.fetch_add(1) + 1; }
  // A `static`'s value once some thread computed it (Op::InitStatic), else nullptr. Readers
  // take no lock: a slot is written once, before its flag.
  const Value* static_value(std::uint32_t index) const noexcept {
    return statics_ready_[index].load(std::memory_order_acquire) ? &statics_[index] : nullptr;
  }
  // Sets the static unless another thread did first; gives the value that won.
  const Value& init_static(std::uint32_t index, Value v);
  void write(const Task* task, int stream, std::string_view text);
  // A limit was reached: report it and stop the run. The two an executor watches have their
  // own words: more threads at once than the limit, and more real time than the limit.
  void limit_reached(const std::string& message);
  void thread_limit_reached();
  void task_limit_reached();
  void time_limit_reached();
  // Whether the program may allocate `bytes` more (a native about to make a big block): if not,
  // the memory limit is reported and the run stops.
  [[nodiscard]] bool memory_fits(std::uint64_t bytes);
  // The process ends: std::process::exit(code), or a panic in main.
  void end_process(RunResult::Outcome outcome, int code);
  // The task recursed too deeply (interpreted calls past max_frames, or the C++ stack of a
  // closure called by a native): rustc's message, abort, exit 134.
  void stack_overflow(const Task& task);
  bool first_panic() noexcept { return !panicked_once_.exchange(true); }
  // The tokio runtime `#[tokio::main]` starts (std/tokio.cpp): its workers (0: none started),
  // its flavor, and the Ids it gives tasks (after the workers', as tokio 1.24 counts them).
  void start_tokio(Task& main, unsigned workers, bool current_thread);
  [[nodiscard]] const std::shared_ptr<WorkerPool>& tokio_pool() const noexcept { return tokio_pool_; }
  [[nodiscard]] unsigned tokio_workers() const noexcept { return tokio_workers_.load(std::memory_order_acquire); }
  [[nodiscard]] bool tokio_current_thread() const noexcept { return tokio_current_thread_; }
  std::uint64_t next_tokio_id() noexcept { return next_tokio_id_.fetch_add(1) + 1; }
  // Channels are numbered per run, in creation order (#1, #2, ...), in reports and the UI alike.
  void note_channel(std::uint32_t trace_id);
  std::uint32_t channel_number_of(std::uint32_t trace_id) const;  // #1, #2, ... of this run

  // ---- used by the executor
  // A task joins the run (false, and it must not start, when the run is ending) or, when its
  // executor could not start it after all, leaves it.
  bool add_task(const std::shared_ptr<Task>& task);
  void forget_task(const Task& task);
  // Calls `f` on every task of the run, under the run's lock (f must not take it).
  template <class F>
  void for_each_task(F&& f) {
    std::lock_guard lock(mutex_);
    for (auto& t : tasks_) f(*t);
  }
  [[nodiscard]] bool is_main(const Task& task) const noexcept { return &task == main_task_; }
  // The task's allocations go to the run's account from now on (each OS thread that runs tasks).
  void charge_this_thread() noexcept { memory_.charge_this_thread(); }
  // The task ended (done, panicked or stopped): its values are dropped (disconnecting what it
  // owned) and its joiners woken.
  void finish_task(Task& task);
  // main ended with `step`: the process ends as Rust's does.
  void main_ended(Task& main, Step step);
  void note_waiting_tasks();
  // Every task waits and none can ever wake another: the report, from the wait records.
  void report_deadlock();
  // What a blocked task waits for, as the deadlock report says it: "thread 'x' waits to
  // receive on channel #1, which ... (at src/main.rs:5:9)". all_blocked: every task is (a
  // deadlock), so whoever holds what it waits for is blocked too.
  std::string describe_wait(const Task& t, bool all_blocked) const;
  void report_memory_limit();

  // ---- used by Run
  RunResult execute();
  void start();
  bool advance(MonotonicClock::time_point deadline);  // Run::advance
  bool finished() const noexcept { return done_.load(std::memory_order_acquire); }
  RunResult result() const;
  void stop(RunResult::Outcome outcome, int code, const std::string& message) noexcept;

 private:
  std::uint32_t channel_number(std::uint32_t trace_id) const;  // under mutex_
  void release_tasks();
  std::shared_ptr<Task> make_main();  // added to the run
  RunResult finish();                 // once main's loop is over: the rest stop, the result

  std::shared_ptr<const Module> module_;
  RunOptions options_;
  std::unique_ptr<Executor> executor_;
  // Declared after the executor (its control word holds the alarm) and before every Value of
  // the run, so destroyed after them all.
  memory::Account memory_;

  std::atomic<bool> done_{false};
  std::atomic<bool> panicked_once_{false};
  std::atomic<std::uint64_t> next_thread_number_{1};  // main took 1
  std::atomic<unsigned> tokio_workers_{0};
  std::shared_ptr<WorkerPool> tokio_pool_;  // set before tokio_workers_
  bool tokio_current_thread_ = false;  // written before tokio_workers_
  std::atomic<std::uint64_t> next_tokio_id_{0};
  std::vector<Value> statics_;  // Module::statics of them
  std::unique_ptr<std::atomic<bool>[]> statics_ready_;
  std::mutex statics_mutex_;  // writers of statics_
  mutable std::mutex mutex_;  // tasks_, outcome, output
  std::vector<std::shared_ptr<Task>> tasks_;
  std::vector<std::uint32_t> channels_;  // trace ids, in creation order
  RunResult result_;
  bool outcome_set_ = false;
  std::uint64_t output_bytes_ = 0;
  bool output_cut_ = false;
  bool main_started_ = false;   // start() gave execute() to the pool (mutex_)
  bool main_returned_ = false;  // and it returned (mutex_; main_done_ tells)
  std::condition_variable main_done_;
  Task* main_task_ = nullptr;
  std::shared_ptr<Task> advancing_;  // main, while advance() runs the program in pieces
};

}  // namespace brigade::lang::vm
