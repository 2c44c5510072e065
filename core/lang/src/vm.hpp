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
// The live executor (runtime.cpp) parks an OS thread per blocked task; a virtual-time
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

namespace brigade::lang::vm {

class Runtime;

// A one-permit parking spot for the thread of a blocked task (spins briefly, then sleeps).
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
  // While this frame's instruction is a native waiting for the closures it calls (or blocked):
  // the native's progress (a StateObj). Cleared when the instruction completes.
  Value state;
};

// What a blocked task waits for (shown in deadlock reports and the UI).
struct Wait {
  enum class Kind : std::uint8_t { None, Send, Recv, Join, Sleep, Lock } kind = Kind::None;
  bool counted = false;            // untimed: counts towards deadlock detection
  std::optional<std::int64_t> until;  // program time (ns) when a timed wait ends
  chan::Deadline deadline;         // `until` in the executor's time (it computes this; natives never do)
  std::uint32_t channel = 0;       // trace id of the channel
  std::uint32_t joined = 0;        // Join: the joined task's trace id
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
  Parker parker;
  Wait wait;
  std::atomic<bool> counted_wait{false};  // wait.counted, for the waker's callback
  bool resuming = false;
  chan::WaitState wake = chan::WaitState::Waiting;
  std::optional<Value> recv_slot;
  Value send_slot;

  // Completion, for join().
  std::mutex done_mutex;
  bool finished = false;
  bool panicked = false;
  Value result;
  std::vector<Task*> joiners;

  static void on_wake(void* self, chan::WaitState state);
};

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

// The state every task of a run shares, and (for now in the same object) the live executor.
class Runtime final : public Executor {
 public:
  std::uint64_t next_thread_number() noexcept { return next_thread_number_.fetch_add(1) + 1; }
  // A `static`'s value once some thread computed it (Op::InitStatic), else nullptr. Readers
  // take no lock: a slot is written once, before its flag.
  const Value* static_value(std::uint32_t index) const noexcept {
    return statics_ready_[index].load(std::memory_order_acquire) ? &statics_[index] : nullptr;
  }
  // Sets the static unless another thread did first; gives the value that won.
  const Value& init_static(std::uint32_t index, Value v);

  Runtime(std::shared_ptr<const Module> module, RunOptions options);
  ~Runtime();

  const Module& module() const noexcept { return *module_; }
  const RunOptions& options() const noexcept { return options_; }

  // ---- the Executor (executor.hpp): a thread per task, the scaled real clock
  bool spawn(const std::shared_ptr<Task>& task) override;
  // Program time: real time scaled by the speed, frozen while paused.
  [[nodiscard]] std::int64_t now_ns() const noexcept override;
  void wake(Task& task) override;

  // ---- used by the interpreter
  [[nodiscard]] bool stopping() const noexcept { return (control_.load(std::memory_order_relaxed) & kStopping) != 0; }
  void write(const Task* task, int stream, std::string_view text);
  void set_speed(double speed) noexcept;
  void set_paused(bool paused) noexcept;
  [[nodiscard]] bool paused() const noexcept { return (control_.load(std::memory_order_relaxed) & kPaused) != 0; }
  // A limit was reached: report it and stop the run.
  void limit_reached(const std::string& message);
  // Whether the program may allocate `bytes` more (a native about to make a big block): if not,
  // the memory limit is reported and the run stops.
  [[nodiscard]] bool memory_fits(std::uint64_t bytes);
  // Whether the memory limit was passed (checked by natives that allocate in a loop).
  [[nodiscard]] bool over_memory() const noexcept { return (control_.load(std::memory_order_relaxed) & kMemory) != 0; }
  // The process ends: std::process::exit(code), or a panic in main.
  void end_process(RunResult::Outcome outcome, int code);
  // The task recursed too deeply (interpreted calls past max_frames, or the C++ stack of a
  // closure called by a native): rustc's message, abort, exit 134.
  void stack_overflow(const Task& task);
  bool first_panic() noexcept { return !panicked_once_.exchange(true); }
  // Channels are numbered per run, in creation order (#1, #2, ...), in reports and the UI alike.
  void note_channel(std::uint32_t trace_id);
  std::uint32_t channel_number(std::uint32_t trace_id) const;  // under mutex_

  // ---- used by the executor
  void run_task(const std::shared_ptr<Task>& task);  // on the task's thread
  void blocked(Task& task);                          // after interpret() returned Blocked
  // Parks the task's thread until its wait ends (run_task's loop). False when the run is
  // stopping.
  bool block_in_place(Task& task);
  RunResult execute();
  void start();
  bool finished() const noexcept { return done_.load(std::memory_order_acquire); }
  RunResult result() const;
  void stop(RunResult::Outcome outcome, int code, const std::string& message) noexcept;

 private:
  // When program time reaches `program_ns`, in real time; nullopt while paused (never, until
  // the clock runs again: pausing and resuming wake every waiting task to recompute).
  chan::Deadline real_deadline(std::int64_t program_ns) const noexcept;
  void wait_for(Task& task);
  bool held_at_safepoint() noexcept override;
  void unpark_all() noexcept;
  chan::WaitState abandon_wait(Task& task);
  void finish_task(Task& task);
  void report_deadlock();
  void shut_down();
  // Runs `job` on a thread of the pool (thread_pool.hpp); shut_down() waits for every such job.
  bool start_thread(std::function<void()> job);

  std::shared_ptr<const Module> module_;
  RunOptions options_;
  chan::Clock::time_point start_;
  // Declared early, so destroyed late: every Value of the run dies before its account.
  memory::Account memory_;
  void report_memory_limit();

  // The program clock: program time = base_program + (now - base_real) * speed, unless paused.
  mutable std::mutex clock_mutex_;
  std::condition_variable resumed_cv_;  // with clock_mutex_: paused tasks wait here
  chan::Clock::time_point base_real_;
  std::int64_t base_program_ = 0;
  double speed_ = 1;
  std::int64_t program_at(chan::Clock::time_point now) const noexcept;  // clock_mutex_ held
  std::atomic<bool> done_{false};
  std::atomic<bool> panicked_once_{false};
  std::atomic<std::int64_t> runnable_{0};
  std::atomic<std::uint32_t> live_threads_{0};

  std::atomic<std::uint64_t> next_thread_number_{1};  // main took 1
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
  bool main_returned_ = false;  // and it returned (mutex_; threads_done_ tells)
  unsigned threads_running_ = 0;          // jobs given to the pool, not yet returned (mutex_)
  std::condition_variable threads_done_;  // with mutex_: threads_running_ reached 0
  Task* main_task_ = nullptr;
  std::condition_variable done_cv_;
};

}  // namespace brigade::lang::vm
