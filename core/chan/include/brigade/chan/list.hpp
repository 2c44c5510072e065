// list.hpp — the unbounded flavor: channel(). A linked list of blocks of kBlockCap slots.
//
// Senders claim a position with one CAS on the tail index and never wait for room; the single
// receiver walks the blocks and frees each one once it has read its last slot (the block-list
// design of crossbeam-channel's list flavor, written here from its description and simplified
// for one receiver).
//
// Invariants:
//   - an index word is (position << kShift) | mark; position % kLap == kBlockCap is a sentinel
//     that no message uses: the sender that takes the last slot of a block installs the next
//     block and moves the tail past the sentinel;
//   - head and tail positions never decrease; len = real(tail) - real(head), where
//     real(p) = p - p / kLap counts the slots below p;
//   - a slot holds a message once its written flag is set (release); the receiver waits for the
//     flag when a sender claimed a slot but has not written yet;
//   - the tail's mark bit means disconnected (either side); no position is claimed after it;
//   - only the receiver thread reads slots and frees blocks (single consumer); head.block is
//     written only by the receiver, except for the very first block, installed by a sender;
//   - head.seen_tail is a tail the receiver read earlier: every position below it was claimed
//     by a sender, so the receiver reads the tail itself (a line every send writes) only once
//     it has caught up with seen_tail.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <utility>

#include "brigade/chan/flavor.hpp"

namespace brigade::chan {

template <class T>
class ListChannel {
 public:
  ListChannel() { trace::emit(trace::Kind::ChannelCreate, id_, trace::kUnbounded, 0); }
  ListChannel(const ListChannel&) = delete;
  ListChannel& operator=(const ListChannel&) = delete;
  ~ListChannel() {
    // Both sides are gone: destroy what is buffered and free the blocks.
    std::uint64_t head = head_.index.load(std::memory_order_relaxed) & ~kMark;
    std::uint64_t tail = tail_.index.load(std::memory_order_relaxed) & ~kMark;
    Block* block = head_.block.load(std::memory_order_relaxed);
    while (head != tail) {
      std::uint64_t offset = (head >> kShift) % kLap;
      if (offset < kBlockCap) {
        block->destroy(offset);
      } else {
        Block* next = block->next.load(std::memory_order_relaxed);
        delete block;
        block = next;
      }
      head += 1 << kShift;
    }
    delete block;
  }

  static constexpr bool kSpinBeforeWaiting = true;

  Status try_send(T& msg) {
    Block* block = nullptr;
    std::uint64_t offset = 0;
    std::uint64_t word = 0;
    if (!claim_send(block, offset, word)) return Status::Disconnected;
    new (block->storage(offset)) T(std::move(msg));
    if (trace::enabled()) {
      trace::emit(trace::Kind::SendDone, id_, real(word >> kShift), len32(), trace::preview_of(*block->get(offset)));
    }
    block->written(offset).store(1, std::memory_order_release);
    receivers_.notify_one();
    return Status::Ok;
  }

  Status try_recv(std::optional<T>& out) {
    std::uint64_t head = head_.index.load(std::memory_order_relaxed);
    std::uint64_t offset = (head >> kShift) % kLap;
    // Below the tail seen last, a position is known to be claimed: no need to read the tail.
    if ((head >> kShift) >= (head_.seen_tail.load(std::memory_order_relaxed) >> kShift)) {
      // No fence: senders never wait here, and a receiver about to wait re-checks after it
      // registered (start_waiting), which is where the ordering matters.
      std::uint64_t tail = tail_.index.load(std::memory_order_acquire);
      if ((head >> kShift) == (tail >> kShift)) {
        return (tail & kMark) != 0 ? Status::Disconnected : Status::WouldBlock;
      }
      head_.seen_tail.store(tail, std::memory_order_relaxed);
    }
    // A sender has claimed this position. The first block may still be on its way.
    detail::Backoff backoff;
    Block* block;
    while ((block = head_.block.load(std::memory_order_acquire)) == nullptr) backoff.snooze();
    while (block->written(offset).load(std::memory_order_acquire) == 0) backoff.snooze();
    out.emplace(std::move(*block->get(offset)));
    block->destroy(offset);
    std::uint64_t next = head + (1 << kShift);
    if (offset + 1 == kBlockCap) {  // last slot of the block: move to the next one, free this
      Block* next_block = wait_next(block);
      head_.block.store(next_block, std::memory_order_relaxed);
      next += 1 << kShift;  // skip the sentinel position
      head_.index.store(next, std::memory_order_release);
      delete block;
    } else {
      head_.index.store(next, std::memory_order_release);
    }
    if (trace::enabled()) trace::emit(trace::Kind::RecvDone, id_, real(head >> kShift), len32(), trace::preview_of(*out));
    return Status::Ok;
  }

  Status start_send(T& msg, Waiter&) { return try_send(msg); }  // never blocks

  Status start_recv(std::optional<T>& out, Waiter& w) {
    return detail::start_waiting(receivers_, w, [&] { return try_recv(out); },
                                 [&] { return is_empty() && !is_disconnected(); });
  }

  void cancel_send(Waiter&) {}
  void cancel_recv(Waiter& w) { receivers_.unregister(&w); }
  // tokio's Sender::closed: WouldBlock (pending on `w`) while the receiver is there; `w` is
  // woken once it is gone or closed. cancel_closed takes a pending registration back.
  Status start_closed(Waiter& w) {
    return detail::start_waiting(closed_, w, [&] { return is_disconnected() ? Status::Ok : Status::WouldBlock; },
                                 [&] { return !is_disconnected(); });
  }
  void cancel_closed(Waiter& w) { closed_.unregister(&w); }

  [[nodiscard]] std::size_t len() const noexcept {
    for (;;) {
      std::uint64_t tail = tail_.index.load(std::memory_order_seq_cst);
      std::uint64_t head = head_.index.load(std::memory_order_seq_cst);
      if (tail_.index.load(std::memory_order_seq_cst) != tail) continue;
      std::uint64_t t = real(tail >> kShift);
      std::uint64_t h = real(head >> kShift);
      return t > h ? static_cast<std::size_t>(t - h) : 0;
    }
  }
  [[nodiscard]] std::optional<std::size_t> capacity() const noexcept { return std::nullopt; }
  [[nodiscard]] std::size_t blocked_senders() const noexcept { return 0; }
  [[nodiscard]] std::size_t blocked_receivers() const noexcept { return receivers_.size(); }
  [[nodiscard]] std::uint64_t sent() const noexcept { return real(tail_.index.load(std::memory_order_acquire) >> kShift); }
  [[nodiscard]] std::uint64_t received() const noexcept { return real(head_.index.load(std::memory_order_acquire) >> kShift); }
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  [[nodiscard]] bool is_disconnected() const noexcept {
    return (tail_.index.load(std::memory_order_seq_cst) & kMark) != 0;
  }

  // Each side disconnects once; the mark is shared, so the event is emitted either way.
  bool disconnect_senders() {
    trace::emit(trace::Kind::DisconnectSenders, id_, 0, len32());
    std::uint64_t tail = tail_.index.fetch_or(kMark, std::memory_order_seq_cst);
    if ((tail & kMark) != 0) return false;
    receivers_.disconnect_all();
    return true;
  }
  // tokio's Receiver::close: senders fail from now on, the receiver still drains the buffer.
  void close() {
    trace::emit(trace::Kind::DisconnectReceiver, id_, 0, len32());
    tail_.index.fetch_or(kMark, std::memory_order_seq_cst);
    receivers_.disconnect_all();
    closed_.disconnect_all();
  }
  bool disconnect_receivers() {
    trace::emit(trace::Kind::DisconnectReceiver, id_, 0, len32());
    std::uint64_t tail = tail_.index.fetch_or(kMark, std::memory_order_seq_cst);
    bool first = (tail & kMark) == 0;
    closed_.disconnect_all();
    discard_all();  // Rust drops buffered messages with the Receiver
    return first;
  }

 private:
  static constexpr std::uint64_t kShift = 1;
  static constexpr std::uint64_t kMark = 1;
  static constexpr std::uint64_t kLap = 64;
  static constexpr std::uint64_t kBlockCap = kLap - 1;

  // Slots come in groups: a group's written flags sit in front of its messages, and a group of
  // small messages fills one cache line (7 u64s and their 7 flags in 64 bytes). So a u64 message
  // takes 9 bytes, not the 16 of a flag-and-message slot (half the pages a long backlog touches,
  // and every fresh page costs a fault), and the receiver still finds a slot's flag on the line
  // it reads the message from.
  static constexpr std::size_t group_size() noexcept {
    if (sizeof(T) >= 28) return 1;  // a big message fills a line (nearly) on its own
    if (sizeof(T) >= 7) return 56 / sizeof(T);
    return 8;
  }
  static constexpr std::size_t kGroup = group_size();
  static constexpr std::size_t kGroups = (kBlockCap + kGroup - 1) / kGroup;
  struct Group {
    std::atomic<std::uint8_t> written[kGroup] = {};  // 1 once the slot's message is in (release)
    alignas(T) unsigned char messages[kGroup * sizeof(T)];
  };
  struct Block {
    Group groups[kGroups];
    std::atomic<Block*> next{nullptr};
    std::atomic<std::uint8_t>& written(std::uint64_t offset) noexcept { return groups[offset / kGroup].written[offset % kGroup]; }
    void* storage(std::uint64_t offset) noexcept { return groups[offset / kGroup].messages + (offset % kGroup) * sizeof(T); }
    T* get(std::uint64_t offset) noexcept { return std::launder(reinterpret_cast<T*>(storage(offset))); }
    void destroy(std::uint64_t offset) noexcept { get(offset)->~T(); }
  };
  struct Position {
    std::atomic<std::uint64_t> index{0};
    std::atomic<Block*> block{nullptr};
    std::atomic<std::uint64_t> seen_tail{0};  // head only: the receiver's last look at the tail
  };

  static constexpr std::uint64_t real(std::uint64_t position) noexcept { return position - position / kLap; }
  std::uint32_t len32() const noexcept { return static_cast<std::uint32_t>(len()); }
  [[nodiscard]] bool is_empty() const noexcept {
    std::uint64_t head = head_.index.load(std::memory_order_seq_cst);
    std::uint64_t tail = tail_.index.load(std::memory_order_seq_cst);
    return (head >> kShift) == (tail >> kShift);
  }
  static Block* wait_next(Block* block) noexcept {
    detail::Backoff backoff;
    Block* next;
    while ((next = block->next.load(std::memory_order_acquire)) == nullptr) backoff.snooze();
    return next;
  }

  // Claim a position to write. False: disconnected.
  bool claim_send(Block*& out_block, std::uint64_t& out_offset, std::uint64_t& out_word) {
    detail::Backoff backoff;
    std::uint64_t tail = tail_.index.load(std::memory_order_acquire);
    Block* block = tail_.block.load(std::memory_order_acquire);
    Block* spare = nullptr;  // allocated ahead of the CAS that needs it
    for (;;) {
      if ((tail & kMark) != 0) {
        delete spare;
        return false;
      }
      std::uint64_t offset = (tail >> kShift) % kLap;
      if (offset == kBlockCap) {  // another sender is installing the next block
        backoff.snooze();
        tail = tail_.index.load(std::memory_order_acquire);
        block = tail_.block.load(std::memory_order_acquire);
        continue;
      }
      if (offset + 1 == kBlockCap && spare == nullptr) spare = new Block;
      if (block == nullptr) {  // the very first message: install the first block
        Block* first = spare != nullptr ? spare : new Block;
        spare = nullptr;
        Block* expected = nullptr;
        if (tail_.block.compare_exchange_strong(expected, first, std::memory_order_release)) {
          head_.block.store(first, std::memory_order_release);
          block = first;
        } else {
          spare = first;
          tail = tail_.index.load(std::memory_order_acquire);
          block = tail_.block.load(std::memory_order_acquire);
          continue;
        }
      }
      std::uint64_t next = tail + (1 << kShift);
      if (tail_.index.compare_exchange_weak(tail, next, std::memory_order_seq_cst, std::memory_order_acquire)) {
        if (offset + 1 == kBlockCap) {  // we took the last slot: link the next block
          Block* next_block = spare;
          spare = nullptr;
          tail_.block.store(next_block, std::memory_order_release);
          tail_.index.fetch_add(1 << kShift, std::memory_order_release);  // past the sentinel
          block->next.store(next_block, std::memory_order_release);
        }
        delete spare;
        out_block = block;
        out_offset = offset;
        out_word = tail;
        return true;
      }
      block = tail_.block.load(std::memory_order_acquire);
      backoff.spin();
    }
  }

  // The receiver is dropping: destroy every buffered message now.
  void discard_all() {
    std::uint64_t tail = tail_.index.load(std::memory_order_acquire) & ~kMark;
    std::uint64_t head = head_.index.load(std::memory_order_relaxed);
    if ((head >> kShift) == (tail >> kShift)) return;
    detail::Backoff backoff;
    Block* block;
    while ((block = head_.block.load(std::memory_order_acquire)) == nullptr) backoff.snooze();
    std::uint32_t dropped = 0;
    while ((head >> kShift) != (tail >> kShift)) {
      std::uint64_t offset = (head >> kShift) % kLap;
      if (offset < kBlockCap) {
        while (block->written(offset).load(std::memory_order_acquire) == 0) backoff.snooze();
        block->destroy(offset);
        ++dropped;
      } else {
        Block* next = wait_next(block);
        delete block;
        block = next;
      }
      head += 1 << kShift;
    }
    head_.block.store(block, std::memory_order_relaxed);
    head_.index.store(head, std::memory_order_release);
    if (dropped != 0) trace::emit(trace::Kind::MessagesDropped, id_, 0, dropped);
  }

  const std::uint32_t id_ = trace::next_channel_id();
  alignas(64) Position head_;
  alignas(64) Position tail_;
  alignas(64) detail::Waker receivers_;
  detail::Waker closed_;  // Sender::closed's waiters (tokio)
};

}  // namespace brigade::chan
