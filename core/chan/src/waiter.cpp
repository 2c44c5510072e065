// waiter.cpp — parking and waking a thread-form Waiter, and running a callback-form one.
#include "brigade/chan/waiter.hpp"

#include "brigade/chan/backoff.hpp"

namespace brigade::chan {

void Waiter::complete(WaitState outcome) noexcept {
  if (resume_ != nullptr) {
    // The owner may see the outcome before the callback has run; waking_ lets it wait until
    // the callback is done (settled()), so nothing the callback does can come after the owner
    // has moved on (an interpreter's runnable count depends on that).
    waking_.store(true, std::memory_order_relaxed);
    state_.store(outcome, std::memory_order_release);
    resume_(ctx_, outcome);
    waking_.store(false, std::memory_order_release);
    return;
  }
  // `waking_` tells the owner we still touch this waiter; it does not return before we are done.
  waking_.store(true, std::memory_order_relaxed);
  state_.store(outcome, std::memory_order_seq_cst);
  // Dekker with wait(): either the owner sees the new state before it sleeps, or we see that it
  // sleeps and wake it under the mutex. A spinning owner costs us no lock and no syscall.
  if (sleeping_.load(std::memory_order_seq_cst)) {
    std::lock_guard lock(mutex_);
    cv_.notify_one();
  }
  waking_.store(false, std::memory_order_release);
}

WaitState Waiter::settle() noexcept {
  detail::Backoff backoff;
  WaitState s;
  while ((s = state_.load(std::memory_order_acquire)) == WaitState::Claimed) backoff.snooze();
  // The completer may still be inside complete(): wait until it has let go of this waiter.
  while (waking_.load(std::memory_order_acquire)) backoff.snooze();
  return s;
}

WaitState Waiter::abort() noexcept {
  auto expected = WaitState::Waiting;
  if (state_.compare_exchange_strong(expected, WaitState::Aborted, std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
    return WaitState::Aborted;
  }
  return settle();
}

WaitState Waiter::wait(const Deadline& deadline) noexcept {
  auto done = [this] {
    auto s = state_.load(std::memory_order_seq_cst);
    return s != WaitState::Waiting && s != WaitState::Claimed;
  };
  // A short spin first: a peer running on another core often answers within microseconds.
  detail::Backoff backoff;
  while (!backoff.is_completed()) {
    if (done()) return settle();
    backoff.snooze();
  }
  std::unique_lock lock(mutex_);
  sleeping_.store(true, std::memory_order_seq_cst);
  while (!done()) {
    if (!deadline) {
      cv_.wait(lock);
    } else if (cv_.wait_until(lock, *deadline) == std::cv_status::timeout && !done()) {
      sleeping_.store(false, std::memory_order_relaxed);
      lock.unlock();
      return abort();
    }
  }
  sleeping_.store(false, std::memory_order_relaxed);
  lock.unlock();
  return settle();
}

Waiter& Waiter::current() noexcept {
  thread_local Waiter waiter;
  return waiter;
}

}  // namespace brigade::chan
