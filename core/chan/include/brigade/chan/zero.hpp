// zero.hpp — the rendezvous flavor: sync_channel(0). No buffer: a send completes only when a
// receiver takes the message, hand to hand.
//
// One mutex guards everything (as Go's chan.go does); the hand-off is direct: the side that
// arrives second finds the other's waiter in its queue, claims it, moves the message straight
// into (or out of) the waiter's packet, and completes it.
//
// Invariants (under mutex_):
//   - at most one of senders_ and receivers_ holds waiters that can still be claimed;
//   - a sender's packet points at its message (T*), a receiver's at its std::optional<T>;
//     a packet is touched only by the thread that claimed its waiter;
//   - once disconnected_, both queues are empty and stay empty;
//   - len() is always 0: a message is never at rest in the channel.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "brigade/chan/flavor.hpp"

namespace brigade::chan {

template <class T>
class ZeroChannel {
 public:
  ZeroChannel() { trace::emit(trace::Kind::ChannelCreate, id_, 0, 0); }
  ZeroChannel(const ZeroChannel&) = delete;
  ZeroChannel& operator=(const ZeroChannel&) = delete;

  static constexpr bool kSpinBeforeWaiting = false;

  Status try_send(T& msg) { return send_or_wait(msg, nullptr); }
  Status try_recv(std::optional<T>& out) { return recv_or_wait(out, nullptr); }
  // Registering happens under the same lock as the check, so there is no window to re-check.
  Status start_send(T& msg, Waiter& w) { return send_or_wait(msg, &w); }
  Status start_recv(std::optional<T>& out, Waiter& w) { return recv_or_wait(out, &w); }

  void cancel_send(Waiter& w) { remove(senders_, blocked_senders_, &w); }
  void cancel_recv(Waiter& w) { remove(receivers_, blocked_receivers_, &w); }
  // tokio's Sender::closed: WouldBlock (pending on `w`) while the receiver is there; `w` is
  // woken once it is gone or closed. cancel_closed takes a pending registration back.
  Status start_closed(Waiter& w) {
    return detail::start_waiting(closed_, w, [&] { return is_disconnected() ? Status::Ok : Status::WouldBlock; },
                                 [&] { return !is_disconnected(); });
  }
  void cancel_closed(Waiter& w) { closed_.unregister(&w); }

  [[nodiscard]] std::size_t len() const noexcept { return 0; }
  [[nodiscard]] std::optional<std::size_t> capacity() const noexcept { return 0; }
  [[nodiscard]] std::size_t blocked_senders() const noexcept { return blocked_senders_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::size_t blocked_receivers() const noexcept { return blocked_receivers_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t sent() const noexcept { return received(); }
  [[nodiscard]] std::uint64_t received() const noexcept {
    std::lock_guard lock(mutex_);
    return transferred_;
  }
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  [[nodiscard]] bool is_disconnected() const noexcept {
    std::lock_guard lock(mutex_);
    return disconnected_;
  }

  bool disconnect_senders() { return disconnect(trace::Kind::DisconnectSenders); }
  bool disconnect_receivers() { return disconnect(trace::Kind::DisconnectReceiver); }
  void close() { disconnect(trace::Kind::DisconnectReceiver); }  // nothing is ever buffered

 private:
  // Waiters in arrival order, linked through Waiter::next_in_queue (under mutex_).
  struct Queue {
    Waiter* head = nullptr;
    Waiter* tail = nullptr;
    std::size_t size = 0;
    void push_back(Waiter* w) noexcept {
      w->next_in_queue = nullptr;
      (tail ? tail->next_in_queue : head) = w;
      tail = w;
      ++size;
    }
    Waiter* pop_front() noexcept {
      Waiter* w = head;
      head = w->next_in_queue;
      if (head == nullptr) tail = nullptr;
      --size;
      return w;
    }
    void remove(Waiter* w) noexcept {
      Waiter* prev = nullptr;
      for (Waiter* at = head; at != nullptr; prev = at, at = at->next_in_queue) {
        if (at != w) continue;
        (prev ? prev->next_in_queue : head) = at->next_in_queue;
        if (tail == at) tail = prev;
        --size;
        return;
      }
    }
  };

  // Hand `msg` to a waiting receiver; with no receiver, queue `w` (if given) as a waiting sender.
  Status send_or_wait(T& msg, Waiter* w) {
    std::unique_lock lock(mutex_);
    if (disconnected_) return Status::Disconnected;
    if (Waiter* receiver = claim_first(receivers_, blocked_receivers_)) {
      auto* slot = static_cast<std::optional<T>*>(receiver->packet());
      slot->emplace(std::move(msg));
      finish_handoff(lock, receiver, **slot);
      return Status::Ok;
    }
    if (w != nullptr) enqueue(senders_, blocked_senders_, *w, &msg);
    return Status::WouldBlock;
  }
  // Take a waiting sender's message; with no sender, queue `w` (if given) as a waiting receiver.
  Status recv_or_wait(std::optional<T>& out, Waiter* w) {
    std::unique_lock lock(mutex_);
    if (disconnected_) return Status::Disconnected;
    if (Waiter* sender = claim_first(senders_, blocked_senders_)) {
      out.emplace(std::move(*static_cast<T*>(sender->packet())));
      finish_handoff(lock, sender, *out);
      return Status::Ok;
    }
    if (w != nullptr) enqueue(receivers_, blocked_receivers_, *w, &out);
    return Status::WouldBlock;
  }
  void finish_handoff(std::unique_lock<std::mutex>& lock, Waiter* peer, const T& message) {
    std::uint64_t seq = transferred_++;
    lock.unlock();
    if (trace::enabled()) trace::emit(trace::Kind::Handoff, id_, seq, 0, trace::preview_of(message));
    peer->complete(WaitState::Completed);
  }
  static void enqueue(Queue& queue, std::atomic<std::size_t>& count, Waiter& w, void* packet) {
    w.reset(packet);
    queue.push_back(&w);
    count.store(queue.size, std::memory_order_relaxed);
  }

  // Pop the oldest waiter that can still be claimed (an aborting owner cannot be).
  static Waiter* claim_first(Queue& queue, std::atomic<std::size_t>& count) {
    Waiter* found = nullptr;
    while (queue.head != nullptr) {
      Waiter* w = queue.pop_front();
      if (w->try_claim()) {
        found = w;
        break;
      }
    }
    count.store(queue.size, std::memory_order_relaxed);
    return found;
  }
  void remove(Queue& queue, std::atomic<std::size_t>& count, Waiter* w) {
    std::lock_guard lock(mutex_);
    queue.remove(w);
    count.store(queue.size, std::memory_order_relaxed);
  }
  bool disconnect(trace::Kind kind) {
    trace::emit(kind, id_);  // each side disconnects once; say so even if the other came first
    Queue woken;
    {
      std::lock_guard lock(mutex_);
      if (disconnected_) return false;
      disconnected_ = true;
      for (Queue* q : {&senders_, &receivers_}) {
        while (q->head != nullptr) {
          Waiter* w = q->pop_front();
          if (w->try_claim()) woken.push_back(w);
        }
      }
      blocked_senders_.store(0, std::memory_order_relaxed);
      blocked_receivers_.store(0, std::memory_order_relaxed);
    }
    // Unlink each before completing it: its owner may reuse it the moment it is complete.
    while (woken.head != nullptr) woken.pop_front()->complete(WaitState::Disconnected);
    closed_.disconnect_all();
    return true;
  }

  const std::uint32_t id_ = trace::next_channel_id();
  // What a hand-off touches, on one cache line.
  alignas(64) mutable std::mutex mutex_;
  Queue senders_;
  Queue receivers_;
  bool disconnected_ = false;
  std::uint64_t transferred_ = 0;
  std::atomic<std::size_t> blocked_senders_{0};
  std::atomic<std::size_t> blocked_receivers_{0};
  detail::Waker closed_;  // Sender::closed's waiters (tokio)
};

}  // namespace brigade::chan
