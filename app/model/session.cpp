// session.cpp — the controller thread: compile, run, relay, clean up.
#include "session.hpp"

#include <brigade/lang/compiler.hpp>
#include <brigade/trace.hpp>
#include <algorithm>
#include <chrono>

namespace brigade::app {

namespace {
constexpr std::size_t kMaxPendingLines = 4000;  // between two polls; older ones are dropped
constexpr std::size_t kMaxLineBytes = 2000;     // a line without a newline is cut here
}  // namespace

const char* phase_name(Phase p) noexcept {
  switch (p) {
    case Phase::Idle:
      return "idle";
    case Phase::Running:
      return "running";
    case Phase::Ended:
      return "ended";
    case Phase::CompileFailed:
      return "compile-failed";
  }
  return "?";
}

Session::Session(lang::RunLimits limits, bool background_priority, Threading threading)
    : limits_(limits), background_priority_(background_priority), threading_(threading) {
  auto [tx, rx] = mpsc::channel<Command>();
  commands_ = std::move(tx);
  inbox_ = std::move(rx);
  if (threading_ == Threading::Threads) controller_ = std::thread([this] { control(); });
}

Session::~Session() {
  send(Quit{});
  if (controller_.joinable()) controller_.join();
}

void Session::send(Command command) {
  if (threading_ == Threading::Threads) {
    (void)commands_.send(std::move(command));
  } else {
    handle(command);
  }
}

void Session::run(std::string source, double speed, RunMode mode) {
  send(RunCommand{std::move(source), speed, std::move(mode)});
}
void Session::stop() {
  send(Stop{});
}
void Session::set_paused(bool paused) {
  send(Pause{paused});
}
void Session::set_speed(double speed) {
  send(Speed{speed});
}

void Session::step(std::uint64_t thread) {
  send(StepTo{thread});
}
void Session::set_stepping(bool stepping) {
  send(Stepping{stepping});
}

void Session::advance(std::chrono::nanoseconds budget) {
  if (threading_ != Threading::None || !run_ || ended_) return;
  {
    trace::MutedScope restore;  // the caller (the UI) is muted; the program's slices are not
    trace::set_thread_muted(false);
    run_->advance(budget);
  }
  observe_run();
}

std::size_t Session::await_step(const lang::ChoicePoint& point) {
  std::unique_lock lock(step_mutex_);
  if (!stepping_ || step_released_) return point.proposed;
  answer_.reset();  // a late answer to an earlier point is not one to this point
  std::uint64_t number = 0;
  publish([&](SessionStatus& s) {
    number = ++s.step.number;
    s.step.waiting = true;
    s.step.threads = point.threads;
    s.step.proposed = point.threads[point.proposed];
  });
  std::size_t chosen = point.proposed;
  for (;;) {
    step_cv_.wait(lock, [&] { return answer_ || !stepping_ || step_released_; });
    if (!answer_) break;  // stepping was switched off, or the run ends: its own choice
    std::uint64_t thread = *answer_;
    answer_.reset();
    if (thread == 0) break;
    auto it = std::find(point.threads.begin(), point.threads.end(), thread);
    if (it != point.threads.end()) {
      chosen = static_cast<std::size_t>(it - point.threads.begin());
      break;
    }
  }
  publish([&](SessionStatus& s) {
    if (s.step.number == number) s.step.waiting = false;
  });
  return chosen;
}

std::size_t Session::ask_step(const lang::ChoicePoint& point) {
  std::lock_guard lock(step_mutex_);
  auto done = [&](std::size_t chosen) {
    if (asking_ != 0) {
      publish([&](SessionStatus& s) {
        if (s.step.number == asking_) s.step.waiting = false;
      });
      asking_ = 0;
    }
    return chosen;
  };
  if (!stepping_ || step_released_) return done(point.proposed);
  if (asking_ == 0) {  // a new point: on show until step() answers
    answer_.reset();
    publish([&](SessionStatus& s) {
      asking_ = ++s.step.number;
      s.step.waiting = true;
      s.step.threads = point.threads;
      s.step.proposed = point.threads[point.proposed];
    });
  }
  if (!answer_) return lang::kChooseLater;
  std::uint64_t thread = *answer_;
  answer_.reset();
  if (thread == 0) return done(point.proposed);
  auto it = std::find(point.threads.begin(), point.threads.end(), thread);
  if (it == point.threads.end()) return lang::kChooseLater;  // not a candidate: ignored
  return done(static_cast<std::size_t>(it - point.threads.begin()));
}

void Session::release_step() {
  std::lock_guard lock(step_mutex_);
  step_released_ = true;
  step_cv_.notify_all();
}

bool Session::poll(SessionStatus& status, std::vector<OutputLine>& new_lines) {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || !changed_) return false;
  status = status_;
  new_lines.insert(new_lines.end(), std::make_move_iterator(lines_.begin()), std::make_move_iterator(lines_.end()));
  lines_.clear();
  changed_ = false;
  return true;
}

void Session::on_output(const lang::OutputChunk& chunk) {
  std::lock_guard lock(mutex_);
  // One line in progress per (writer, stream): print!("a"); print!("b\n") is one line.
  std::uint32_t key = chunk.thread * 4 + static_cast<std::uint32_t>(chunk.stream);
  OutputLine* line = nullptr;
  for (auto& [k, l] : partial_) {
    if (k == key) line = &l;
  }
  if (line == nullptr) {
    partial_.emplace_back(key, OutputLine{chunk.thread, chunk.stream, chunk.time_ns, {}});
    line = &partial_.back().second;
  }
  for (char c : chunk.text) {
    if (c != '\n' && line->text.size() < kMaxLineBytes) {
      if (line->text.empty()) line->time_ns = chunk.time_ns;
      line->text += c;
      continue;
    }
    if (c != '\n') continue;
    lines_.push_back(std::move(*line));
    *line = OutputLine{chunk.thread, chunk.stream, chunk.time_ns, {}};
    ++status_.output_lines;
    if (lines_.size() > kMaxPendingLines) {
      std::size_t excess = lines_.size() - kMaxPendingLines;
      lines_.erase(lines_.begin(), lines_.begin() + static_cast<std::ptrdiff_t>(excess));
      status_.output_dropped += excess;
    }
  }
  changed_ = true;
}

void Session::start_run(RunCommand& command) {
  if (run_) {
    run_->stop();
    release_step();  // a run waiting for a step would never end
  }
  run_.reset();  // the previous program's threads are joined here, on the controller
  ended_ = true;
  if (threading_ == Threading::None) command.mode.virtual_time = true;  // nothing else can run here
  {
    std::lock_guard lock(step_mutex_);
    stepping_ = command.mode.virtual_time && command.mode.stepping;
    step_released_ = false;
    answer_.reset();
    asking_ = 0;
  }
  lang::Source source("src/main.rs", std::move(command.source));
  lang::Diagnostics diagnostics;
  auto module = lang::compile_source(source, diagnostics);
  std::uint64_t generation = 0;
  publish([&](SessionStatus& s) {
    generation = ++s.generation;
    s.problems.clear();
    s.result = {};
    s.program_ns = 0;
    s.clock = nullptr;
    s.paused = false;
    s.speed = command.speed;
    s.mode = command.mode;
    s.output_lines = s.output_dropped = 0;
    s.step = {};
    for (const auto& d : diagnostics.errors()) {
      s.problems.push_back(Problem{d.span.line, d.span.column, std::max<std::uint32_t>(d.span.length, 1), d.message,
                                   lang::Diagnostics::render_one(source, d), d.code});
    }
    s.phase = module ? Phase::Running : Phase::CompileFailed;
    lines_.clear();
    partial_.clear();
  });
  if (!module) return;
  {
    // The marker the UI's model resets on: everything before it belongs to older runs. The
    // run's events carry its program time, which starts at 0 when the Run is made just below:
    // the marker is at 0.
    struct StartOfRun final : trace::TimeSource {
      std::uint64_t time_ns() const noexcept override { return 0; }
    };
    static const StartOfRun start_of_run;
    trace::Context marker{0, nullptr, &start_of_run};
    trace::MutedScope restore;
    trace::set_thread_muted(false);
    const trace::Context* outer = trace::set_context(&marker);
    trace::emit(trace::Kind::RunStart, 0, generation);
    trace::set_context(outer);
  }
  lang::RunOptions options;
  options.speed = command.speed;
  options.limits = limits_;
  options.background_priority = background_priority_;
  options.on_output = [this](const lang::OutputChunk& c) { on_output(c); };
  options.virtual_time = command.mode.virtual_time;
  options.seed = command.mode.seed;
  options.schedule = command.mode.schedule;
  options.paced = true;  // to be watched
  // Always through the chooser, so stepping can be switched on while the run goes.
  if (command.mode.virtual_time && threading_ == Threading::None) {
    options.choose = [this](const lang::ChoicePoint& p) { return ask_step(p); };
  } else if (command.mode.virtual_time) {
    options.choose = [this](const lang::ChoicePoint& p) { return await_step(p); };
  }
  run_ = std::make_unique<lang::Run>(module, std::move(options));
  ended_ = false;
  publish([&](SessionStatus& s) { s.clock = run_->clock(); });
  if (threading_ == Threading::Threads) run_->start();  // else advance() runs it, frame by frame
}

void Session::shut_down() {
  if (run_) run_->stop();
  release_step();
  run_.reset();
}

bool Session::handle(Command& command) {
  if (std::holds_alternative<Quit>(command)) {
    shut_down();
    return false;
  }
  if (auto* c = std::get_if<RunCommand>(&command)) {
    start_run(*c);
  } else if (run_ && std::holds_alternative<Stop>(command)) {
    run_->stop();  // first: a run let go of its step must find itself stopping
    release_step();
  } else if (auto* st = std::get_if<StepTo>(&command)) {
    std::lock_guard lock(step_mutex_);
    answer_ = st->thread;
    step_cv_.notify_all();
  } else if (auto* sg = std::get_if<Stepping>(&command)) {
    {
      std::lock_guard lock(step_mutex_);
      stepping_ = sg->on;
      step_cv_.notify_all();
    }
    publish([&](SessionStatus& s) { s.mode.stepping = sg->on; });
  } else if (auto* p = std::get_if<Pause>(&command); p && run_) {
    run_->set_paused(p->paused);
    publish([&](SessionStatus& s) { s.paused = p->paused; });
  } else if (auto* sp = std::get_if<Speed>(&command)) {
    if (run_) run_->set_speed(sp->speed);
    publish([&](SessionStatus& s) { s.speed = sp->speed; });
  }
  observe_run();
  return true;
}

void Session::observe_run() {
  if (!run_ || ended_) return;
  bool finished = run_->finished();
  std::int64_t now = run_->program_time_ns();
  lang::RunResult result;
  if (finished) result = run_->result();
  publish([&](SessionStatus& s) {
    s.program_ns = now;
    if (finished) {
      s.phase = Phase::Ended;
      s.paused = false;
      s.result = result;
      // A last line without its newline is still output.
      for (auto& [key, line] : partial_) {
        if (!line.text.empty()) lines_.push_back(std::move(line));
      }
      partial_.clear();
    }
  });
  ended_ = finished;
}

void Session::control() {
  trace::set_thread_muted(true);  // the controller is plumbing, not one of the program's threads
  for (;;) {
    std::optional<Command> command;
    if (run_ && !ended_) {
      // While a program runs, wake up often enough to publish its clock and notice its end.
      auto r = inbox_.recv_timeout(std::chrono::milliseconds(15));
      if (r.is_ok()) command = std::move(r).value();
    } else {
      auto r = inbox_.recv();
      if (r.is_err()) break;
      command = std::move(r).value();
    }
    if (!command) {
      observe_run();
    } else if (!handle(*command)) {
      return;  // Quit: shut down already
    }
  }
  shut_down();  // every sender is gone
}

}  // namespace brigade::app
