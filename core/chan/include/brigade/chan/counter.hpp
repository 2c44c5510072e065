// counter.hpp — how many Senders and Receivers a channel has, and who frees it.
//
// Invariants:
//   - senders counts every live Sender/SyncSender handle; receivers is 1 until the Receiver
//     goes (mpsc: one receiver);
//   - the last sender out calls disconnect_senders(); the receiver calls disconnect_receivers();
//   - whichever side releases second deletes the channel (the `destroy` flag decides, once).
#pragma once
#include <atomic>
#include <cstddef>
#include <utility>

namespace brigade::chan::detail {

template <class Chan>
class Counter {
 public:
  template <class... Args>
  explicit Counter(Args&&... args) : chan(std::forward<Args>(args)...) {}

  void acquire_sender() noexcept { senders_.fetch_add(1, std::memory_order_relaxed); }
  void release_sender() {
    if (senders_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      chan.disconnect_senders();
      if (destroy_.exchange(true, std::memory_order_acq_rel)) delete this;
    }
  }
  void release_receiver() {
    chan.disconnect_receivers();
    if (destroy_.exchange(true, std::memory_order_acq_rel)) delete this;
  }
  [[nodiscard]] std::size_t senders() const noexcept { return senders_.load(std::memory_order_relaxed); }

  Chan chan;

 private:
  std::atomic<std::size_t> senders_{1};
  std::atomic<bool> destroy_{false};
};

}  // namespace brigade::chan::detail
