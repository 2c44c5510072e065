// explore.hpp — every possible outcome of a program: its schedules under virtual time, walked
// depth first.
//
// Each run is the program under virtual time (runtime.hpp) with every choice made by the
// walk: the first run takes the first candidate at every choice point; each next one changes
// the last choice that has an untried candidate left and takes first candidates after it. A
// candidate whose next step commutes with every step taken since it was passed over (they
// touch nothing in common: ChoicePoint::touched) is asleep there and not taken — its orders
// make the same runs (sleep sets) — so every schedule that can differ is run once, until all
// have been (complete) or the budget is spent. Runs that
// print the same stdout and end the same way are one outcome, with how many schedules lead to
// it and the first of them, which replays it (RunOptions::schedule, `brigade run --schedule`).
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "brigade/lang/runtime.hpp"

namespace brigade::lang {

struct ExploreOptions {
  std::size_t max_schedules = 10000;  // the budget: runs at most (those a sleep set cuts short count)
  RunLimits limits;                   // of each run; max_choices 0 here means 20,000
};

struct ExploredOutcome {
  RunResult::Outcome outcome = RunResult::Outcome::Finished;
  int exit_code = 0;
  std::string stdout_text, stderr_text;  // stderr: the first schedule's
  std::size_t schedules = 0;             // how many lead here
  std::string schedule;                  // the first of them
  // When some of its schedules end with threads left waiting (RunResult::left_waiting): the
  // first such note, and that schedule. Not part of what tells outcomes apart: the outcome is
  // what the program does (its exit and its output), as a test of it would see.
  std::string left_waiting, left_waiting_schedule;
};

struct Exploration {
  bool complete = false;  // every schedule was run
  std::size_t schedules = 0;
  std::vector<ExploredOutcome> outcomes;  // in the order they were first reached
};

Exploration explore(const std::shared_ptr<const vm::Module>& module, const ExploreOptions& options = {});

// The same walk in pieces, for a caller that must never wait (a page without threads, each
// frame): advance() runs it for about `budget` of real time (each run in it advanced in
// pieces too, Run::advance) and says whether it is over; result() holds what it found so far.
class Explorer {
 public:
  Explorer(std::shared_ptr<const vm::Module> module, ExploreOptions options = {});
  ~Explorer();
  Explorer(const Explorer&) = delete;
  Explorer& operator=(const Explorer&) = delete;
  bool advance(std::chrono::nanoseconds budget);
  [[nodiscard]] const Exploration& result() const noexcept;

 private:
  struct Walk;
  std::unique_ptr<Walk> walk_;
};

// "finished", "panicked", "deadlock" or "limit".
const char* outcome_word(RunResult::Outcome outcome) noexcept;
// {"complete": …, "schedules": N, "outcomes": [{"outcome", "exit_code", "stdout", "stderr",
// "schedules", "schedule"}, …]}
std::string exploration_json(const Exploration& e);
// "2 possible outcomes (every schedule run: 6): …", one paragraph per outcome.
std::string exploration_text(const Exploration& e);

}  // namespace brigade::lang
