// schedule.hpp — who goes next at a choice point of the virtual executor, and the schedule
// string that records (and replays) every choice of a run (internal header).
//
// A choice point is where more than one task could go on: one gives way before touching what
// tasks share (Executor::preempt), blocks, ends, or several wake at one virtual instant. The
// candidates are the runnable tasks in the order of their thread numbers (main is 1, then in
// spawn order), so a choice is a small index; a run's schedule is the sequence of them.
//
// The string: each choice is a letter, a–z then A–Z for the candidates 0–51 (a run has at most
// 32 threads), and a decimal count after a letter repeats it: "ab3a" is 0, 1, 1, 1, 0. A run
// with one thread, or one that never had to choose, has the empty schedule.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brigade/lang/runtime.hpp"

namespace brigade::lang::vm {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // One of the point's candidates (at least 2): an index into point.threads.
  virtual std::size_t choose(const ChoicePoint& point) = 0;
  // False when a schedule given to replay offered choices the program has not.
  [[nodiscard]] virtual bool fits() const noexcept { return true; }
};

// Uniform choices from a seeded generator (splitmix64): one seed is one run, always.
std::unique_ptr<Scheduler> random_scheduler(std::uint64_t seed);
// Whatever `choose` says (RunOptions::choose), kept within the candidates; it sees what
// `proposer` would choose (ChoicePoint::proposed) — the replay's choice or the seed's.
std::unique_ptr<Scheduler> callback_scheduler(std::function<std::size_t(const ChoicePoint&)> choose,
                                              std::unique_ptr<Scheduler> proposer);
// The choices of `schedule` (from schedule_text), then `then`'s once they run out. A choice
// the program does not offer (the schedule is another program's) falls back to the last
// candidate; replay_fits() tells whether every choice fitted.
class ReplayScheduler final : public Scheduler {
 public:
  ReplayScheduler(std::vector<std::uint8_t> choices, std::unique_ptr<Scheduler> then)
      : choices_(std::move(choices)), then_(std::move(then)) {}
  std::size_t choose(const ChoicePoint& point) override;
  [[nodiscard]] bool fits() const noexcept override { return fits_; }

 private:
  std::vector<std::uint8_t> choices_;
  std::size_t next_ = 0;
  std::unique_ptr<Scheduler> then_;
  bool fits_ = true;
};

// Records choices as the schedule string above.
class ScheduleWriter {
 public:
  void add(std::size_t choice);
  [[nodiscard]] std::string text() const;
  [[nodiscard]] std::size_t size() const noexcept { return count_; }

 private:
  std::string text_;
  char last_ = 0;
  std::size_t run_ = 0, count_ = 0;
};

// The choices of a schedule string; nullopt when it is not one.
std::optional<std::vector<std::uint8_t>> parse_schedule(std::string_view text);

}  // namespace brigade::lang::vm
