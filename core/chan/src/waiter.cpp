// waiter.cpp — parking and waking a thread-form Waiter, and running a callback-form one.
#include "brigade/chan/waiter.hpp"

#include "brigade/chan/backoff.hpp"
#include "brigade/chan/futex.hpp"

namespace brigade::chan {

void Waiter::complete(WaitState outcome) noexcept {
  if (resume_ != nullptr) {
    // The owner may see the outcome before the callback has run; waking_ lets it wait until
    // the callback is done (settled()), so nothing the callback does can come after the owner
    // has moved on (an interpreter's runnable count depends on that).
    waking_.store(true, std::memory_order_relaxed);
    state_.store(word(outcome), std::memory_order_release);
    resume_(ctx_, outcome);
    waking_.store(false, std::memory_order_release);
    return;
  }
  // `waking_` tells the owner we still touch this waiter; it does not return before we are done.
  waking_.store(true, std::memory_order_relaxed);
  state_.store(word(outcome), std::memory_order_seq_cst);
  // Dekker with wait(): either the owner sees the new state before it sleeps (and the futex
  // refuses to sleep on a word that changed), or we see that it sleeps and wake it. A spinning
  // owner costs us no system call.
  if (sleeping_.load(std::memory_order_seq_cst)) detail::futex_wake_one(state_);
  waking_.store(false, std::memory_order_release);
}

WaitState Waiter::settle() noexcept {
  detail::Backoff backoff;
  std::uint32_t s;
  while ((s = state_.load(std::memory_order_acquire)) == word(WaitState::Claimed)) backoff.snooze();
  // The completer may still be inside complete(): wait until it has let go of this waiter.
  while (waking_.load(std::memory_order_acquire)) backoff.snooze();
  return WaitState(s);
}

WaitState Waiter::abort() noexcept {
  auto expected = word(WaitState::Waiting);
  if (state_.compare_exchange_strong(expected, word(WaitState::Aborted), std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
    return WaitState::Aborted;
  }
  return settle();
}

WaitState Waiter::wait(const Deadline& deadline) noexcept {
  auto pending = [](std::uint32_t s) { return s == word(WaitState::Waiting) || s == word(WaitState::Claimed); };
  // A short spin first: a peer running on another core often answers within microseconds.
  detail::Backoff backoff;
  while (!backoff.is_completed()) {
    if (!pending(state_.load(std::memory_order_seq_cst))) return settle();
    backoff.snooze();
  }
  sleeping_.store(true, std::memory_order_seq_cst);
  for (;;) {
    std::uint32_t s = state_.load(std::memory_order_seq_cst);
    if (!pending(s)) break;
    if (deadline && Clock::now() >= *deadline) {
      sleeping_.store(false, std::memory_order_relaxed);
      return abort();
    }
    detail::futex_wait(state_, s, deadline);
  }
  sleeping_.store(false, std::memory_order_relaxed);
  return settle();
}

Waiter& Waiter::current() noexcept {
  thread_local Waiter waiter;
  return waiter;
}

}  // namespace brigade::chan
