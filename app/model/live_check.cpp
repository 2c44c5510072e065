// live_check.cpp — see live_check.hpp.
#include "live_check.hpp"

#include <brigade/lang/compiler.hpp>
#include <brigade/lang/diagnostics.hpp>
#include <utility>

namespace brigade::app {

std::vector<Problem> check_source(const std::string& text) {
  lang::Source source("src/main.rs", text);
  lang::Diagnostics diagnostics;
  (void)lang::compile_source(source, diagnostics);
  std::vector<Problem> out;
  for (const auto& d : diagnostics.errors()) {
    out.push_back(Problem{d.span.line, d.span.column, std::max<std::uint32_t>(d.span.length, 1), d.message,
                          lang::Diagnostics::render_one(source, d), d.code});
  }
  return out;
}

std::string_view explain(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kExplained[] = {
      {"E0382",
       "The ticket went to the kitchen: the waiter no longer holds it. Sending a value (or moving it into a "
       "thread's closure) hands it over for good; using it afterwards is using a ticket you gave away. Keep a "
       "copy before you hand it over (`.clone()`), or use it before the send."},
      {"E0373",
       "The waiter left the restaurant with a note that points at your table. A spawned thread may run after the "
       "function that started it has returned, so it may not borrow that function's locals. Give the closure "
       "its own things with `move ||` (clone what you still need first)."},
      {"E0384",
       "The order was written on the ticket in ink. A variable is immutable unless declared `let mut`; giving it "
       "a second value needs `mut`."},
      {"E0594",
       "A closure tried to rewrite a ticket it was only shown. Assigning to a captured variable needs the "
       "variable declared `let mut` (and the closure then changes it in place)."},
      {"E0596",
       "A cook asked to rewrite a ticket they may only read. `&mut`, a method like `push` or `recv` on tokio's "
       "receiver, and writing through a lock's guard (`*num += 1`) all need the binding declared `mut`."},
      {"E0277",
       "This can't travel to another station. `Rc` counts its owners without atomics, a `RefCell` checks its "
       "borrows without a lock, and a lock's guard belongs to the thread that locked: none of them may go to "
       "another thread. Use `Arc` for `Rc`, and `Mutex` or `RwLock` for `RefCell`."},
      {"E0597",
       "The ticket points at something that is cleared away before the kitchen reads it. A thread may outlive "
       "the local a reference points to; send the value itself (moved or cloned), not a reference to it."},
      {"E0599",
       "This end of the carousel does not do that: waiters (`Sender`, `SyncSender`) only put tickets on "
       "(`send`), chefs (`Receiver`) only take them off (`recv`, `try_recv`, `recv_timeout`, `iter`)."},
      {"E0308",
       "The ticket is not the kind this carousel carries. A channel carries one type, fixed by its declaration "
       "or by its first send; a value of another type needs converting first."},
      {"E0425",
       "Nobody by that name works here. The name is not declared in this scope: check its spelling, and that "
       "it is declared before (and in a block around) its use."},
      {"E0432", "That import names nothing in the kitchen's catalogue: check the path (`std::sync::mpsc`, `std::thread`)."},
      {"E0433", "The path does not lead anywhere: a module or type in it is not declared or not imported (`use`)."},
      {"E0061", "The function was called with the wrong number of arguments: count them against its declaration."},
      {"E0728",
       "`.await` waits for a task, which only an async kitchen can do: use it inside an `async fn` or an "
       "`async` block."},
  };
  for (const auto& [c, text] : kExplained) {
    if (c == code) return text;
  }
  return {};
}

bool LiveCheck::update(const std::string& text, Clock::time_point now) {
  if (text != seen_) {
    seen_ = text;
    changed_ = now;
    return false;
  }
  if ((checked_ && checked_text_ == text) || now - changed_ < kPause || text.size() > kMaxBytes) return false;
  std::vector<Problem> found = check_source(text);
  checked_text_ = text;
  checked_ = true;
  const bool changed = found.size() != problems_.size() ||
                       !std::equal(found.begin(), found.end(), problems_.begin(), [](const Problem& a, const Problem& b) {
                         return a.rendered == b.rendered;
                       });
  problems_ = std::move(found);
  return changed;
}

}  // namespace brigade::app
