// live_check.hpp — the program checked as it is typed, before any Run: the compiler's front
// end and the checks (check/: moves, mutability, captures) on the editor's text once typing
// pauses, giving the problems list and the editor's underlines what a Run's compile would.
// And, for each of rustc's error codes Brigade reports, a short explanation in the tutorial's
// terms: the waiter, the ticket, the carousel, the kitchen.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brigade::app {

struct Problem {  // a compile error, for the editor's markers and the problems list
  std::uint32_t line = 0, column = 0, length = 1;
  std::string message;
  std::string rendered;  // as rustc prints it
  std::string code;      // rustc's error code ("E0382"), or empty
};

// Every error compiling `source` (as src/main.rs) gives, in rustc's order; empty: it compiles.
std::vector<Problem> check_source(const std::string& source);

// What an error code means, in the restaurant's terms, with what to do about it; empty for a
// code without one.
std::string_view explain(std::string_view code);

// When to check: after a pause in typing (so a half-typed word is not reported at every key),
// and only for a text not checked yet. Platform-free: the caller says what time it is.
class LiveCheck {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kPause{250};
  // Texts longer than DESIGN.md's source limit are checked at Run only: checking is on the UI
  // thread (a 64 KiB program compiles and checks in under 20 ms natively).
  static constexpr std::size_t kMaxBytes = 64 * 1024;

  // The editor's text as of `now`; true when `problems()` changed.
  bool update(const std::string& text, Clock::time_point now);
  [[nodiscard]] const std::vector<Problem>& problems() const { return problems_; }
  // Whether problems() is about `text` (it is not while typing goes on).
  [[nodiscard]] bool current(const std::string& text) const { return checked_ && text == checked_text_; }

 private:
  std::string seen_;  // the text at the last update
  Clock::time_point changed_{};
  std::string checked_text_;
  bool checked_ = false;
  std::vector<Problem> problems_;
};

}  // namespace brigade::app
