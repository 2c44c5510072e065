// waiter.cpp — parking and waking a thread-form Waiter, and running a callback-form one.
#include "brigade/chan/waiter.hpp"

#include "brigade/chan/backoff.hpp"

namespace brigade::chan {

void Waiter::complete(WaitState outcome) noexcept {
  if (resume_ != nullptr) {
    state_.store(outcome, std::memory_order_release);
    resume_(ctx_, outcome);
    return;
  }
  // Publish under the mutex: the owner either sees the new state before it sleeps, or is
  // already asleep and gets the notification. The owner takes the mutex before returning, so
  // this waiter outlives our use of it.
  std::lock_guard lock(mutex_);
  state_.store(outcome, std::memory_order_release);
  cv_.notify_one();
}

WaitState Waiter::settle() noexcept {
  detail::Backoff backoff;
  WaitState s;
  while ((s = state_.load(std::memory_order_acquire)) == WaitState::Claimed) backoff.snooze();
  if (resume_ == nullptr) {
    std::lock_guard lock(mutex_);  // the completer may still be inside complete()
  }
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
  // A short spin first: a peer running on another core often answers within microseconds.
  detail::Backoff backoff;
  while (!backoff.is_completed()) {
    auto s = state_.load(std::memory_order_acquire);
    if (s != WaitState::Waiting && s != WaitState::Claimed) return settle();
    backoff.snooze();
  }
  std::unique_lock lock(mutex_);
  for (;;) {
    auto s = state_.load(std::memory_order_acquire);
    if (s != WaitState::Waiting && s != WaitState::Claimed) return s;  // lock held: settled
    if (!deadline) {
      cv_.wait(lock);
    } else if (cv_.wait_until(lock, *deadline) == std::cv_status::timeout) {
      lock.unlock();
      return abort();
    }
  }
}

Waiter& Waiter::current() noexcept {
  thread_local Waiter waiter;
  return waiter;
}

}  // namespace brigade::chan
