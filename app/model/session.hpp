// session.hpp — compiling and running the learner's program, off the UI thread.
//
// The UI thread (the browser's main thread on the web) must never block, so it only posts
// commands to a controller thread through a brigade channel (an unbounded send never waits)
// and polls what the controller and the program publish with try_lock. The controller
// compiles, starts the Run, relays pause/speed/stop, and destroys a finished Run (which joins
// the program's threads) — all the waiting happens there.
//
// Where no thread can be started at all (a page without shared memory: Threading::None), the
// session does the controller's work on the UI thread itself, which never waits either: every
// run is under virtual time, and advance() runs the program for a few milliseconds each frame
// (lang::Run::advance) — the same runs, event for event, as a controller's.
//
// Before each run starts, the controller emits a trace RunStart whose seq is the run's
// generation: the UI's model resets when it reads it, so events of an old run never mix with
// the new one's.
#pragma once
#include <atomic>
#include <chrono>
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

#include "live_check.hpp"

namespace brigade::app {

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

// Whether the session may start threads: a controller and the program's own (Threads), or none
// (None: every run under virtual time, advanced on the UI thread).
enum class Threading { Threads, None };

class Session {
 public:
  // background_priority: the program's threads yield the CPU to the UI (see RunOptions).
  explicit Session(lang::RunLimits limits = {}, bool background_priority = false, Threading threading = Threading::Threads);
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
  // Threading::None: runs the program for about `budget` of real time (each frame); nothing
  // otherwise (the controller's threads run it).
  void advance(std::chrono::nanoseconds budget);
  [[nodiscard]] Threading threading() const noexcept { return threading_; }

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
  // What the controller does with a command (on the controller, or with Threading::None on the
  // caller). False: Quit.
  bool handle(Command& command);
  void send(Command command);  // to the controller, or handled at once
  void start_run(RunCommand& command);
  void observe_run();  // publishes the run's clock, and its end once it ended
  void shut_down();    // the run stopped and destroyed (its threads joined)
  void on_output(const lang::OutputChunk& chunk);
  // The run's scheduler (on the program's thread): while stepping, publishes the point and
  // waits for step(); else, or once the run is being stopped, takes the run's own proposal.
  std::size_t await_step(const lang::ChoicePoint& point);
  // The same without waiting (Threading::None): kChooseLater until step() answers.
  std::size_t ask_step(const lang::ChoicePoint& point);
  void release_step();  // the run is being stopped or replaced: no more waiting
  template <class F>
  void publish(F&& change) {
    std::lock_guard lock(mutex_);
    change(status_);
    changed_ = true;
  }

  lang::RunLimits limits_;
  bool background_priority_;
  Threading threading_;
  // The run, and whether its end was published: the controller's (or the caller's, None).
  std::unique_ptr<lang::Run> run_;
  bool ended_ = true;
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
  std::uint64_t asking_ = 0;             // ask_step: the point on show (its number), 0: none
};

}  // namespace brigade::app
