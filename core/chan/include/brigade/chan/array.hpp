// array.hpp — the bounded flavor: sync_channel(n) for n >= 1. A ring of n slots.
//
// Lock-free in the fast path: each slot carries a stamp, and head/tail are (lap | index) words
// so a stamp tells which lap a slot belongs to (the design of crossbeam-channel's array flavor,
// written here from its description).
//
// Invariants:
//   - a word is lap | mark | index: index = word & (mark_bit - 1) is in [0, cap); mark_bit is
//     the next power of two above cap, set in tail once disconnected; lap = word & ~(one_lap - 1)
//     with one_lap = 2 * mark_bit.
//   - slot i is free for the sender at tail word t when stamp == t, and holds a message for
//     the receiver at head word h when stamp == h + 1. After a receive the stamp becomes
//     h + one_lap (free for the next lap).
//   - full  <=> head + one_lap == tail (without the mark); empty <=> head == tail (without it).
//   - Only this file touches the slots. The receiver is single (mpsc), but nothing here relies
//     on it except discard_all(), which runs on the receiver's own thread as it drops.
//   - A sender blocked on a full ring is registered in senders_ and woken by the receive that
//     frees a slot; a blocked receiver in receivers_, woken by the send that fills one.
//   - reserved_ slots are promised to Permits (tokio's Sender::reserve): a plain send sees the
//     ring full once len + reserved_ reaches cap; a Permit's send_reserved uses its slot and
//     gives the promise back. The check reads reserved_ only, a line nobody writes in the fast
//     path; a plain send racing a reservation for the last slot can still take it, and the
//     Permit's send then waits for the next free slot like any send (start_send_reserved).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <utility>

#include "brigade/chan/flavor.hpp"
#include "brigade/chan/memory.hpp"

namespace brigade::chan {

template <class T>
class ArrayChannel {
 public:
  explicit ArrayChannel(std::size_t cap)
      : cap_(cap), mark_bit_(next_pow2(cap + 1)), one_lap_(mark_bit_ * 2),
        slots_(static_cast<Slot*>(detail::allocate_slots(cap * sizeof(Slot), alignof(Slot)))) {
    for (std::size_t i = 0; i < cap; ++i) new (&slots_[i]) Slot{{i}, {}};
    trace::emit(trace::Kind::ChannelCreate, id_, cap_, 0);
  }
  ArrayChannel(const ArrayChannel&) = delete;
  ArrayChannel& operator=(const ArrayChannel&) = delete;
  ~ArrayChannel() {
    // Both sides are gone; whatever is still buffered dies with the channel.
    std::size_t head = head_.load(std::memory_order_relaxed);
    for (std::size_t n = len(); n > 0; --n) {
      std::size_t index = head & (mark_bit_ - 1);
      slots_[index].destroy();
      head = index + 1 < cap_ ? head + 1 : (head & ~(one_lap_ - 1)) + one_lap_;
    }
    detail::release_slots(slots_, cap_ * sizeof(Slot), alignof(Slot));  // Slot is trivially destructible
  }

  static constexpr bool kSpinBeforeWaiting = true;

  Status try_send(T& msg) {
    if (reserved_.load(std::memory_order_relaxed) != 0 && is_full_for_plain_sends()) {
      return is_disconnected() ? Status::Disconnected : Status::WouldBlock;
    }
    return push(msg);
  }

  // ---- reservations (tokio's reserve / Permit::send; see the invariants)
  Status try_reserve() {
    if (is_disconnected()) return Status::Disconnected;
    std::size_t r = reserved_.load(std::memory_order_seq_cst);
    for (;;) {
      if (len() + r >= cap_) return Status::WouldBlock;
      if (reserved_.compare_exchange_weak(r, r + 1, std::memory_order_seq_cst, std::memory_order_relaxed)) return Status::Ok;
    }
  }
  Status start_reserve(Waiter& w) {
    return detail::start_waiting(senders_, w, [&] { return try_reserve(); },
                                 [&] { return is_full_for_plain_sends() && !is_disconnected(); });
  }
  // A Permit dropped unused: its slot is free again for whoever waits.
  void release_reservation() {
    reserved_.fetch_sub(1, std::memory_order_seq_cst);
    senders_.notify_one();
  }
  // The Permit's send. Ok or Disconnected end the reservation; WouldBlock (the race in the
  // invariants) keeps it.
  Status try_send_reserved(T& msg) {
    Status s = push(msg);
    if (s != Status::WouldBlock) reserved_.fetch_sub(1, std::memory_order_seq_cst);
    return s;
  }
  Status start_send_reserved(T& msg, Waiter& w) {
    return detail::start_waiting(senders_, w, [&] { return try_send_reserved(msg); },
                                 [&] { return is_full() && !is_disconnected(); });
  }
  [[nodiscard]] std::size_t reserved() const noexcept { return reserved_.load(std::memory_order_relaxed); }

  // tokio's Receiver::close: senders fail from now on, the receiver still drains the buffer.
  void close() {
    trace::emit(trace::Kind::DisconnectReceiver, id_, 0, len32());
    tail_.fetch_or(mark_bit_, std::memory_order_seq_cst);
    senders_.disconnect_all();
    receivers_.disconnect_all();
    closed_.disconnect_all();
  }

 private:
  Status push(T& msg) {
    Token token;
    if (!claim_send(token)) return Status::WouldBlock;
    if (token.slot == nullptr) return Status::Disconnected;
    new (token.slot->storage) T(std::move(msg));
    if (trace::enabled()) {
      trace::emit(trace::Kind::SendDone, id_, position(token.word), len32(),
                  trace::preview_of(*token.slot->get()));
    }
    token.slot->stamp.store(token.word + 1, std::memory_order_release);
    receivers_.notify_one();
    return Status::Ok;
  }

 public:
  Status try_recv(std::optional<T>& out) {
    Token token;
    if (!claim_recv(token)) return Status::WouldBlock;
    if (token.slot == nullptr) return Status::Disconnected;
    out.emplace(std::move(*token.slot->get()));
    token.slot->destroy();
    token.slot->stamp.store(token.word + one_lap_, std::memory_order_release);
    if (trace::enabled()) trace::emit(trace::Kind::RecvDone, id_, position(token.word), len32(), trace::preview_of(*out));
    senders_.notify_one();
    return Status::Ok;
  }

  Status start_send(T& msg, Waiter& w) {
    return detail::start_waiting(senders_, w, [&] { return try_send(msg); },
                                 [&] { return is_full_for_plain_sends() && !is_disconnected(); });
  }
  Status start_recv(std::optional<T>& out, Waiter& w) {
    return detail::start_waiting(receivers_, w, [&] { return try_recv(out); },
                                 [&] { return is_empty() && !is_disconnected(); });
  }

  void cancel_send(Waiter& w) { senders_.unregister(&w); }
  // tokio's Sender::closed: WouldBlock (pending on `w`) while the receiver is there; `w` is
  // woken once it is gone or closed. cancel_closed takes a pending registration back.
  Status start_closed(Waiter& w) {
    return detail::start_waiting(closed_, w, [&] { return is_disconnected() ? Status::Ok : Status::WouldBlock; },
                                 [&] { return !is_disconnected(); });
  }
  void cancel_closed(Waiter& w) { closed_.unregister(&w); }
  void cancel_recv(Waiter& w) { receivers_.unregister(&w); }

  [[nodiscard]] std::size_t len() const noexcept {
    for (;;) {
      std::size_t tail = tail_.load(std::memory_order_seq_cst);
      std::size_t head = head_.load(std::memory_order_seq_cst);
      if (tail_.load(std::memory_order_seq_cst) != tail) continue;
      std::size_t hix = head & (mark_bit_ - 1);
      std::size_t tix = tail & (mark_bit_ - 1);
      if (hix < tix) return tix - hix;
      if (hix > tix) return cap_ - hix + tix;
      return (tail & ~mark_bit_) == head ? 0 : cap_;
    }
  }
  [[nodiscard]] std::optional<std::size_t> capacity() const noexcept { return cap_; }
  [[nodiscard]] std::size_t blocked_senders() const noexcept { return senders_.size(); }
  [[nodiscard]] std::size_t blocked_receivers() const noexcept { return receivers_.size(); }
  [[nodiscard]] std::uint64_t sent() const noexcept { return position(tail_.load(std::memory_order_acquire) & ~mark_bit_); }
  [[nodiscard]] std::uint64_t received() const noexcept { return position(head_.load(std::memory_order_acquire)); }
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  [[nodiscard]] bool is_disconnected() const noexcept {
    return (tail_.load(std::memory_order_seq_cst) & mark_bit_) != 0;
  }

  // Each side disconnects once (the last sender, the receiver); the mark is shared, so the
  // trace event is emitted whichever side came first.
  bool disconnect_senders() {
    trace::emit(trace::Kind::DisconnectSenders, id_, 0, len32());
    std::size_t tail = tail_.fetch_or(mark_bit_, std::memory_order_seq_cst);
    if ((tail & mark_bit_) != 0) return false;
    receivers_.disconnect_all();
    return true;
  }
  bool disconnect_receivers() {
    trace::emit(trace::Kind::DisconnectReceiver, id_, 0, len32());
    std::size_t tail = tail_.fetch_or(mark_bit_, std::memory_order_seq_cst);
    bool first = (tail & mark_bit_) == 0;
    if (first) senders_.disconnect_all();
    closed_.disconnect_all();
    discard_all(tail & ~mark_bit_);  // Rust drops buffered messages with the Receiver
    return first;
  }

 private:
  struct Slot {
    std::atomic<std::size_t> stamp;
    alignas(T) unsigned char storage[sizeof(T)];
    T* get() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }
    void destroy() noexcept { get()->~T(); }
  };
  struct Token {
    Slot* slot = nullptr;  // nullptr: disconnected
    std::size_t word = 0;  // the head/tail word this operation claimed
  };

  static std::size_t next_pow2(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
  }
  // The message's position in the FIFO since the channel was created.
  [[nodiscard]] std::uint64_t position(std::size_t word) const noexcept {
    return static_cast<std::uint64_t>(word / one_lap_) * cap_ + (word & (mark_bit_ - 1));
  }
  std::uint32_t len32() const noexcept { return static_cast<std::uint32_t>(len()); }
  [[nodiscard]] bool is_full() const noexcept {
    std::size_t tail = tail_.load(std::memory_order_seq_cst);
    std::size_t head = head_.load(std::memory_order_seq_cst);
    return head + one_lap_ == (tail & ~mark_bit_);
  }
  [[nodiscard]] bool is_full_for_plain_sends() const noexcept {
    std::size_t r = reserved_.load(std::memory_order_seq_cst);
    return r == 0 ? is_full() : len() + r >= cap_;
  }
  [[nodiscard]] bool is_empty() const noexcept {
    std::size_t head = head_.load(std::memory_order_seq_cst);
    std::size_t tail = tail_.load(std::memory_order_seq_cst);
    return (tail & ~mark_bit_) == head;
  }

  // Claim a slot to write. False: full. True with slot == nullptr: disconnected.
  bool claim_send(Token& token) {
    detail::Backoff backoff;
    std::size_t tail = tail_.load(std::memory_order_relaxed);
    for (;;) {
      if ((tail & mark_bit_) != 0) {
        token.slot = nullptr;
        return true;
      }
      std::size_t index = tail & (mark_bit_ - 1);
      std::size_t lap = tail & ~(one_lap_ - 1);
      Slot& slot = slots_[index];
      std::size_t stamp = slot.stamp.load(std::memory_order_acquire);
      if (tail == stamp) {  // the slot is free for this lap
        std::size_t next = index + 1 < cap_ ? tail + 1 : lap + one_lap_;
        if (tail_.compare_exchange_weak(tail, next, std::memory_order_seq_cst, std::memory_order_relaxed)) {
          token.slot = &slot;
          token.word = tail;
          return true;
        }
        backoff.spin();
      } else if (stamp + one_lap_ == tail + 1) {  // the slot still holds last lap's message
        std::atomic_thread_fence(std::memory_order_seq_cst);
        std::size_t head = head_.load(std::memory_order_relaxed);
        if (head + one_lap_ == tail) return false;  // full
        backoff.spin();
        tail = tail_.load(std::memory_order_relaxed);
      } else {  // another sender is mid-write: wait for it
        backoff.snooze();
        tail = tail_.load(std::memory_order_relaxed);
      }
    }
  }

  // Claim a slot to read. False: empty. True with slot == nullptr: disconnected and drained.
  bool claim_recv(Token& token) {
    detail::Backoff backoff;
    std::size_t head = head_.load(std::memory_order_relaxed);
    for (;;) {
      std::size_t index = head & (mark_bit_ - 1);
      std::size_t lap = head & ~(one_lap_ - 1);
      Slot& slot = slots_[index];
      std::size_t stamp = slot.stamp.load(std::memory_order_acquire);
      if (head + 1 == stamp) {  // a message is here
        std::size_t next = index + 1 < cap_ ? head + 1 : lap + one_lap_;
        if (head_.compare_exchange_weak(head, next, std::memory_order_seq_cst, std::memory_order_relaxed)) {
          token.slot = &slot;
          token.word = head;
          return true;
        }
        backoff.spin();
      } else if (stamp == head) {  // the slot is empty
        std::atomic_thread_fence(std::memory_order_seq_cst);
        std::size_t tail = tail_.load(std::memory_order_relaxed);
        if ((tail & ~mark_bit_) == head) {
          if ((tail & mark_bit_) != 0) {
            token.slot = nullptr;
            return true;
          }
          return false;  // empty
        }
        backoff.spin();  // a sender claimed the slot and is writing
        head = head_.load(std::memory_order_relaxed);
      } else {
        backoff.snooze();
        head = head_.load(std::memory_order_relaxed);
      }
    }
  }

  // The receiver is dropping: destroy every buffered message now, waiting out senders that
  // claimed a slot before the disconnect and are still writing.
  void discard_all(std::size_t tail) {
    detail::Backoff backoff;
    std::size_t head = head_.load(std::memory_order_relaxed);
    std::uint32_t dropped = 0;
    while (head != tail) {
      std::size_t index = head & (mark_bit_ - 1);
      std::size_t lap = head & ~(one_lap_ - 1);
      Slot& slot = slots_[index];
      if (slot.stamp.load(std::memory_order_acquire) == head + 1) {
        slot.destroy();
        slot.stamp.store(head + one_lap_, std::memory_order_release);
        head = index + 1 < cap_ ? head + 1 : lap + one_lap_;
        ++dropped;
      } else {
        backoff.snooze();
      }
    }
    head_.store(head, std::memory_order_release);
    if (dropped != 0) trace::emit(trace::Kind::MessagesDropped, id_, 0, dropped);
  }

  const std::size_t cap_;
  const std::size_t mark_bit_;
  const std::size_t one_lap_;
  const std::uint32_t id_ = trace::next_channel_id();
  Slot* const slots_;  // cap_ of them, from allocate_slots (huge pages for big rings)
  std::atomic<std::size_t> reserved_{0};  // beside the constants: written only by reservations
  alignas(64) std::atomic<std::size_t> head_{0};
  alignas(64) std::atomic<std::size_t> tail_{0};
  alignas(64) detail::Waker senders_;
  detail::Waker receivers_;
  detail::Waker closed_;  // Sender::closed's waiters (tokio)
};

}  // namespace brigade::chan
