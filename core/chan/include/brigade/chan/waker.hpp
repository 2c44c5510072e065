// waker.hpp — the queue of operations blocked on one side of a channel.
//
// Invariants:
//   - entries_ is guarded by mutex_; empty_ == entries_.empty() whenever mutex_ is free, so
//     notify() on an uncontended channel costs one atomic load and no lock.
//   - An entry leaves the queue when a notifier claims its waiter (notify_one / disconnect_all)
//     or when its owner aborts and calls unregister(). An owner whose waiter was claimed never
//     needs to unregister.
//   - FIFO: notify_one() wakes the oldest waiter that can still be claimed.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

#include "brigade/chan/waiter.hpp"

namespace brigade::chan::detail {

class Waker {
 public:
  void register_waiter(Waiter* w) {
    std::lock_guard lock(mutex_);
    entries_.push_back(w);
    count_.store(entries_.size(), std::memory_order_relaxed);
    empty_.store(false, std::memory_order_seq_cst);
  }
  void unregister(Waiter* w) {
    std::lock_guard lock(mutex_);
    auto it = std::find(entries_.begin(), entries_.end(), w);
    if (it != entries_.end()) entries_.erase(it);
    count_.store(entries_.size(), std::memory_order_relaxed);
    empty_.store(entries_.empty(), std::memory_order_seq_cst);
  }
  // Wake one blocked operation so it retries.
  void notify_one() {
    if (empty_.load(std::memory_order_seq_cst)) return;
    Waiter* woken = nullptr;
    {
      std::lock_guard lock(mutex_);
      while (!entries_.empty()) {
        Waiter* w = entries_.front();
        entries_.erase(entries_.begin());
        if (w->try_claim()) {
          woken = w;
          break;
        }
      }
      count_.store(entries_.size(), std::memory_order_relaxed);
      empty_.store(entries_.empty(), std::memory_order_seq_cst);
    }
    if (woken != nullptr) woken->complete(WaitState::Notified);
  }
  // The other side is gone: wake everyone with Disconnected.
  void disconnect_all() {
    std::vector<Waiter*> woken;
    {
      std::lock_guard lock(mutex_);
      for (Waiter* w : entries_) {
        if (w->try_claim()) woken.push_back(w);
      }
      entries_.clear();
      count_.store(0, std::memory_order_relaxed);
      empty_.store(true, std::memory_order_seq_cst);
    }
    for (Waiter* w : woken) w->complete(WaitState::Disconnected);
  }
  // How many operations wait here (a snapshot, no lock).
  [[nodiscard]] std::size_t size() const noexcept { return count_.load(std::memory_order_relaxed); }

 private:
  mutable std::mutex mutex_;
  std::vector<Waiter*> entries_;
  std::atomic<bool> empty_{true};
  std::atomic<std::size_t> count_{0};
};

}  // namespace brigade::chan::detail
