// schedule.cpp — the schedulers and the schedule string (schedule.hpp).
#include "schedule.hpp"

#include <algorithm>
#include <cctype>

namespace brigade::lang::vm {

namespace {

constexpr std::size_t kLetters = 52;

char letter(std::size_t choice) {
  return choice < 26 ? static_cast<char>('a' + choice) : static_cast<char>('A' + (choice - 26));
}

class RandomScheduler final : public Scheduler {
 public:
  explicit RandomScheduler(std::uint64_t seed) : state_(seed) {}
  std::size_t choose(const ChoicePoint& point) override { return static_cast<std::size_t>(next() % point.threads.size()); }

 private:
  std::uint64_t next() {  // splitmix64 (Steele, Lea, Flood 2014)
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

class CallbackScheduler final : public Scheduler {
 public:
  CallbackScheduler(std::function<std::size_t(const ChoicePoint&)> choose, std::unique_ptr<Scheduler> proposer)
      : choose_(std::move(choose)), proposer_(std::move(proposer)) {}
  std::size_t choose(const ChoicePoint& point) override {
    if (!waiting_) {  // asked again after "later": the same point, the same proposal
      offered_ = point;
      offered_.proposed = proposer_->choose(point);
    }
    std::size_t c = choose_(offered_);
    waiting_ = c == kChooseLater;
    return waiting_ ? kChooseLater : std::min(c, point.threads.size() - 1);
  }
  [[nodiscard]] bool fits() const noexcept override { return proposer_->fits(); }

 private:
  std::function<std::size_t(const ChoicePoint&)> choose_;
  std::unique_ptr<Scheduler> proposer_;
  ChoicePoint offered_;  // kept: its vectors' storage is reused from point to point
  bool waiting_ = false;  // the last answer was kChooseLater
};

}  // namespace

std::unique_ptr<Scheduler> random_scheduler(std::uint64_t seed) {
  return std::make_unique<RandomScheduler>(seed);
}

std::unique_ptr<Scheduler> callback_scheduler(std::function<std::size_t(const ChoicePoint&)> choose,
                                              std::unique_ptr<Scheduler> proposer) {
  return std::make_unique<CallbackScheduler>(std::move(choose), std::move(proposer));
}

std::size_t ReplayScheduler::choose(const ChoicePoint& point) {
  const std::size_t n = point.threads.size();
  if (next_ >= choices_.size()) return then_->choose(point);
  std::size_t c = choices_[next_++];
  if (c < n) return c;
  fits_ = false;
  return n - 1;
}

void ScheduleWriter::add(std::size_t choice) {
  char c = letter(choice < kLetters ? choice : kLetters - 1);
  ++count_;
  if (c == last_) {
    ++run_;
    return;
  }
  if (run_ > 1) text_ += std::to_string(run_);
  text_ += c;
  last_ = c;
  run_ = 1;
}

std::string ScheduleWriter::text() const {
  return run_ > 1 ? text_ + std::to_string(run_) : text_;
}

std::optional<std::vector<std::uint8_t>> parse_schedule(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i++];
    std::uint8_t choice;
    if (c >= 'a' && c <= 'z') {
      choice = static_cast<std::uint8_t>(c - 'a');
    } else if (c >= 'A' && c <= 'Z') {
      choice = static_cast<std::uint8_t>(26 + (c - 'A'));
    } else {
      return std::nullopt;
    }
    std::size_t count = 0;
    bool counted = false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      count = count * 10 + static_cast<std::size_t>(text[i++] - '0');
      counted = true;
      if (count > 100000000) return std::nullopt;  // not a schedule: a run that long would not replay anyway
    }
    if (!counted) count = 1;
    if (count == 0) return std::nullopt;
    out.insert(out.end(), count, choice);
  }
  return out;
}

}  // namespace brigade::lang::vm
