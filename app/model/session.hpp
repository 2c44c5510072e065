// session.hpp — compiling and running the learner's program, off the UI thread.
//
// The UI thread (the browser's main thread on the web) must never block, so it only posts
// commands to a controller thread through a brigade channel (an unbounded send never waits)
// and polls what the controller and the program publish with try_lock. The controller
// compiles, starts the Run, relays pause/speed/stop, and destroys a finished Run (which joins
// the program's threads) — all the waiting happens there.
//
// Before each run starts, the controller emits a trace RunStart whose seq is the run's
// generation: the UI's model resets when it reads it, so events of an old run never mix with
// the new one's.
#pragma once
#include <atomic>
#include <condition_variable>
#include <brigade/lang/runtime.hpp>
#include <brigade/mpsc.hpp>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace brigade::app {

struct Problem {  // a compile error, for the editor's markers and the problems list
  std::uint32_t line = 0, column = 0, length = 1;
  std::string message;
  std::string rendered;  // as rustc prints it
};

struct OutputLine {
  std::uint32_t thread = 0;  // trace thread id of the writer; 0: the runtime's own report
  int stream = 1;            // 1 stdout, 2 stderr
  std::uint64_t time_ns = 0; // program time
  std::string text;          // without the newline
};

enum class Phase { Idle, Running, Ended, CompileFailed };
const char* phase_name(Phase p) noexcept;

// Real threads, or virtual time (runtime.hpp, RunOptions::virtual_time): one run exactly, by
// its seed or its schedule, paced so it can be watched.
struct RunMode {
  bool virtual_time = false;
  std::uint64_t seed = 0;
  std::string schedule;  // to replay; empty: the seed's choices
  // Under virtual time, the learner is the scheduler: the run stops at every choice point
  // until someone says who goes next (Session::step). Switchable while it runs.
  bool stepping = false;
};

// A choice point the run waits at while stepping: who could go next, and whom the run itself
// would pick (the schedule's next choice while one is replayed, else the seed's).
struct StepPoint {
  bool waiting = false;               // the run stands here until Session::step
  std::vector<std::uint64_t> threads; // the candidates' thread numbers (main 1, then spawn order)
  std::uint64_t proposed = 0;         // one of them
  std::uint64_t number = 0;           // choice points this run has waited at so far
};

struct SessionStatus {
  std::uint64_t generation = 0;  // runs started so far (0: none yet)
  Phase phase = Phase::Idle;
  bool paused = false;
  double speed = 1;
  RunMode mode;                 // of the current run
  std::int64_t program_ns = 0;  // program time of the current run, as last published
  // The current run's clock itself (nullptr until it starts): the UI reads program time from it
  // every frame, between the controller's publications, without a lock.
  std::shared_ptr<const trace::TimeSource> clock;
  lang::RunResult result;       // when Ended
  std::vector<Problem> problems;  // when CompileFailed
  std::uint64_t output_lines = 0;   // lines the program has printed in this run
  std::uint64_t output_dropped = 0; // lines the UI never saw (its buffer is bounded)
  StepPoint step;
};

class Session {
 public:
  // background_priority: the program's threads yield the CPU to the UI (see RunOptions).
  explicit Session(lang::RunLimits limits = {}, bool background_priority = false);
  ~Session();  // stops the program and joins the controller
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // UI thread; none of these blocks.
  void run(std::string source, double speed, RunMode mode = {});
  void stop();
  void set_paused(bool paused);
  void set_speed(double speed);
  // While stepping, at a choice point: `thread` goes next (a thread number among the point's
  // candidates; 0: the one the run proposes). A thread that is not a candidate is ignored.
  void step(std::uint64_t thread);
  // Stepping on (the run stops at the next choice point) or off (it goes on by itself).
  void set_stepping(bool stepping);
  // The status and the output lines that arrived since the last poll. False (nothing
  // changed) when a program thread holds the lock at this moment.
  bool poll(SessionStatus& status, std::vector<OutputLine>& new_lines);

 private:
  struct RunCommand {
    std::string source;
    double speed = 1;
    RunMode mode;
  };
  struct Stop {};
  struct Pause {
    bool paused = false;
  };
  struct Speed {
    double speed = 1;
  };
  struct Quit {};
  struct StepTo {
    std::uint64_t thread = 0;
  };
  struct Stepping {
    bool on = false;
  };
  using Command = std::variant<RunCommand, Stop, Pause, Speed, Quit, StepTo, Stepping>;

  void control();  // the controller thread
  void start_run(RunCommand& command, std::unique_ptr<lang::Run>& run);
  void on_output(const lang::OutputChunk& chunk);
  // The run's scheduler (on the program's thread): while stepping, publishes the point and
  // waits for step(); else, or once the run is being stopped, takes the run's own proposal.
  std::size_t await_step(const lang::ChoicePoint& point);
  void release_step();  // the run is being stopped or replaced: no more waiting
  template <class F>
  void publish(F&& change) {
    std::lock_guard lock(mutex_);
    change(status_);
    changed_ = true;
  }

  lang::RunLimits limits_;
  bool background_priority_;
  mpsc::Sender<Command> commands_;
  mpsc::Receiver<Command> inbox_;
  std::thread controller_;

  std::mutex mutex_;  // status_, lines_, partial_, changed_
  SessionStatus status_;
  std::vector<OutputLine> lines_;
  std::vector<std::pair<std::uint32_t, OutputLine>> partial_;  // per writer, a line in progress
  bool changed_ = false;

  // Between the controller (which relays step() and set_stepping()) and await_step.
  std::mutex step_mutex_;
  std::condition_variable step_cv_;
  bool stepping_ = false;
  bool step_released_ = false;           // the run is ending: never wait again
  std::optional<std::uint64_t> answer_;  // the thread chosen (0: the proposal)
};

}  // namespace brigade::app
