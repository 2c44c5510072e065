// runtime.hpp — running a compiled program: limits, output, outcomes, pause and speed.
//
// The live executor runs each task (main, and every thread::spawn) on its own OS thread.
// A native that would block (send on a full channel, recv on an empty one, join, sleep, lock)
// registers the task's waiter and returns Blocked; the executor then parks the thread until
// the waiter fires, the deadline passes, or the run is stopped, and resumes the task at the
// same instruction (see vm.hpp). Sleeps last d / speed of real time. When every task waits
// and none can ever wake another, the run stops and reports each one (a deadlock).
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "brigade/lang/bytecode.hpp"
#include "brigade/trace.hpp"

namespace brigade::lang {

struct RunLimits {
  std::uint32_t max_threads = 32;        // program threads alive at once, main included
  std::uint32_t max_tasks = 512;         // tokio tasks (and join!/select! branches) alive at once
  std::uint64_t max_output = 640 * 1024;  // bytes of stdout + stderr
  std::uint64_t max_queued = 100000;     // messages waiting in one channel
  double max_seconds = 0;                // real time; 0: no limit
  std::uint32_t max_frames = 100000;     // call depth of one thread
  // Bytes the program's threads may hold allocated at once (what the Rust Playground allows);
  // 0: no limit.
  std::uint64_t max_memory = 512ull << 20;
  // Under virtual time: choice points one run may pass (0: no limit). An exploration sets it:
  // a thread that spins while others could go makes a schedule without end.
  std::uint64_t max_choices = 0;
};

struct OutputChunk {
  int stream = 1;           // 1 stdout, 2 stderr
  std::uint32_t thread = 0;  // trace thread id of the writer (0: the runtime itself)
  std::uint64_t time_ns = 0;
  std::string_view text;
};

// What a scheduler sees at a choice point under virtual time (RunOptions::choose).
struct ChoicePoint {
  std::vector<std::uint64_t> threads;  // the candidates' thread numbers (main 1, then in spawn order), ascending
  // What the step since the previous choice point touched (the channels, mutexes, atomics,
  // threads and output it used), each object numbered in the order the run first touched it;
  // everything: it ended the process, or did what cannot be told apart from anything.
  std::vector<std::uint32_t> touched;
  bool touched_everything = false;
  // What the run would choose by itself (an index into `threads`): the schedule's next choice
  // while one is replayed, then the seed's. Someone stepping through a run can take it.
  std::size_t proposed = 0;
};

struct RunOptions {
  double speed = 1.0;  // 1: real time; 10: sleeps ten times shorter
  RunLimits limits;
  // The program's threads yield the CPU to the rest of the process (a UI that must keep its
  // frame rate while 32 threads spin): on Linux, each runs at the lowest priority (nice 19),
  // and everywhere a blocked thread spins only briefly before it sleeps.
  bool background_priority = false;
  // Receives every piece of output, in order, from any thread (serialised by the runtime).
  std::function<void(const OutputChunk&)> on_output;
  // The run's own trace sink (nullptr: the process-wide one, trace::install). Its events never
  // mix with another run's.
  trace::Ring* trace = nullptr;
  // Virtual time: every thread of the program on the one thread that runs it, in an order
  // chosen at each choice point (before a channel operation, a lock, an atomic, a spawn, a
  // join, a print; when several wake at once), on a clock that jumps to the next deadline when
  // nothing can run (sleeps take no real time). The choices come from `schedule` (a
  // RunResult::schedule of an earlier run), then from a random generator seeded with `seed`:
  // the same program with the same seed and schedule makes the same run, event for event.
  bool virtual_time = false;
  std::uint64_t seed = 0;
  std::string schedule;
  // Under virtual time, to be watched: before the clock jumps to the next deadline, real time
  // passes as it would on real threads (the jump / speed), so a playground can draw the run as
  // it goes; pause and speed work as they do live. The interleaving and every time the program
  // sees stay the same. (The CLI and an exploration do not pace: a sleep takes no time.)
  bool paced = false;
  // Under virtual time, when given: makes every choice instead (an index into the point's
  // threads, at least 2 of them) — how an exploration walks every schedule, and how someone
  // can be the scheduler (it may wait for them: the run, and its clock, stand still meanwhile;
  // stop() does not interrupt it). Called on the thread that runs the program; the schedule
  // and the seed only propose (ChoicePoint::proposed). In a run driven by Run::advance(),
  // which must never wait, it may answer kChooseLater instead: advance() returns, and the
  // next call asks again at the same point (with the same proposal).
  std::function<std::size_t(const ChoicePoint& point)> choose;
};

// RunOptions::choose's answer "not yet": someone is still choosing (Run::advance only).
inline constexpr std::size_t kChooseLater = static_cast<std::size_t>(-1);

struct RunResult {
  enum class Outcome { Finished, Panicked, Exited, Deadlock, LimitReached, Stopped, StackOverflow };
  Outcome outcome = Outcome::Finished;
  int exit_code = 0;     // what rustc's binary would give (101 for a panic in main)
  std::string message;   // deadlock / limit / stop report (already written to stderr)
  // Under virtual time: the choices the run was made of, to replay it (RunOptions::schedule).
  std::string schedule;
  bool schedule_fits = true;  // false: RunOptions::schedule offered choices this program has not
  // Under virtual time, when main ended while other threads waited for what nothing would
  // ever do (a receive, a send, a lock, a join): a line for each, as a deadlock report says it.
  // Not printed — the process ends them quietly, as Rust's does — but worth a look: it is a
  // partial deadlock, or a thread that never got to finish its work.
  std::string left_waiting;
};

namespace vm {
class Runtime;
}

// Starts `threads` OS threads for program tasks ahead of time (runs keep them, idle, between
// spawns). A page does this at start-up: in WebAssembly a thread started later waits for the
// page's main thread to hand it a worker, which takes seconds while a busy program runs.
void prestart_threads(unsigned threads);

// One run of a program. Not reusable; destroy it to release the program's threads.
class Run {
 public:
  Run(std::shared_ptr<const vm::Module> module, RunOptions options);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // Runs main on the calling thread; returns when the program ends (main returns, a limit,
  // a deadlock, or stop()).
  RunResult execute();
  // Runs main on a thread of its own; poll finished(), then result().
  void start();
  // Under virtual time, where no thread can be started (a page without shared memory): runs
  // the program on the calling thread for about `budget` of real time, then returns, never
  // waiting — sooner where the run would wait for real time to pass (a paced clock, a pause)
  // or for its chooser (kChooseLater). Call it again (each frame) until it says true: the run
  // has ended, as execute() would have returned; then result(). The run, its clock and its
  // interleaving are the same as execute()'s, whatever the budgets.
  bool advance(std::chrono::nanoseconds budget);
  [[nodiscard]] bool finished() const noexcept;
  RunResult result() const;
  // Stops the program from any thread, within 100 ms in every state.
  void stop() noexcept;
  // From any thread. Pausing freezes program time and holds every running thread at its next
  // safepoint (a sleeping or blocked one stays so); the speed scales sleeps from now on.
  void set_paused(bool paused) noexcept;
  void set_speed(double speed) noexcept;
  [[nodiscard]] bool paused() const noexcept;
  // Program time since the run started (real time scaled by the speed, without the pauses).
  [[nodiscard]] std::int64_t program_time_ns() const noexcept;
  // The same clock to hold and read from any thread, lock-free, even after the run is gone:
  // the run's trace events are stamped with it, and a UI animates between events by it.
  [[nodiscard]] std::shared_ptr<const trace::TimeSource> clock() const noexcept;

 private:
  std::unique_ptr<vm::Runtime> rt_;
};

}  // namespace brigade::lang
