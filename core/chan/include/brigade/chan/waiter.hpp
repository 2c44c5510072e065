// waiter.hpp — the one abstraction through which every channel operation waits.
//
// A Waiter stands for one blocked operation. It is either
//   - a parked thread (the default): the owner spins briefly, then sleeps on its state word (a
//     futex, futex.hpp) until the state leaves Waiting and Claimed; or
//   - a callback (Waiter(resume, ctx)): nobody sleeps; when the waiter is selected, resume(ctx)
//     is called from the selecting thread. This is how an interpreter task or a coroutine waits:
//     the task registers its waiter, returns Blocked to its scheduler, and is rescheduled by the
//     callback.
//
// State machine (one CAS decides who owns a wake-up):
//
//     Waiting --try_claim()--> Claimed --complete(s)--> Notified | Completed | Disconnected
//     Waiting --abort()------> Aborted          (the owner gave up: timeout or cancel)
//
// Invariants:
//   - Only the owner calls reset(), wait(), abort(); any thread may claim.
//   - After a successful claim, the claimer must call complete() exactly once; in between it
//     may hand data over through packet (the rendezvous flavor does).
//   - A thread-form owner does not return from wait() or abort() before the completer has let
//     go of the waiter (waking_ is false again), so a thread's waiter may be reused or destroyed
//     as soon as its operation returns.
//   - The completer makes the wake-up system call only when the owner sleeps (sleeping_), so a
//     hand-off to a spinning owner costs no system call; no hand-off takes a lock.
//   - A callback-form waiter must stay alive until its callback has run or the owner's abort()
//     succeeded. Its owner reads the outcome with settled(), which returns only after the
//     callback has returned.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "brigade/clock.hpp"

namespace brigade::chan {

enum class WaitState : std::uint32_t {
  Waiting,       // registered, nobody has picked it yet
  Claimed,       // a peer picked it and is handing data over
  Notified,      // the operation may now succeed: retry it
  Completed,     // a peer completed the operation (rendezvous hand-off)
  Disconnected,  // the other side of the channel is gone: retry to observe it
  Aborted,       // the owner gave up waiting (deadline passed, or cancelled)
};

using Clock = MonotonicClock;  // brigade/clock.hpp: one time line for every thread
using Deadline = std::optional<Clock::time_point>;  // nullopt: wait forever

class Waiter {
 public:
  using ResumeFn = void (*)(void* ctx, WaitState state);

  Waiter() = default;                                          // thread form
  Waiter(ResumeFn resume, void* ctx) : resume_(resume), ctx_(ctx) {}  // callback form
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  // Owner: arm for a new operation.
  void reset(void* packet = nullptr) noexcept {
    packet_ = packet;
    state_.store(word(WaitState::Waiting), std::memory_order_relaxed);
  }
  // Any thread: become the one that wakes this waiter. False if another thread already did, or
  // the owner aborted.
  bool try_claim() noexcept {
    auto expected = word(WaitState::Waiting);
    return state_.compare_exchange_strong(expected, word(WaitState::Claimed), std::memory_order_acq_rel,
                                          std::memory_order_acquire);
  }
  // The claimer: publish the outcome and wake the owner (or run its callback).
  void complete(WaitState outcome) noexcept;
  // Claim and complete in one step; false if the waiter was already taken.
  bool try_wake(WaitState outcome) noexcept {
    if (!try_claim()) return false;
    complete(outcome);
    return true;
  }
  // Owner: stop waiting. Returns Aborted if the abort won, else the outcome a peer published
  // (waiting out a claim in progress).
  WaitState abort() noexcept;
  // Owner, thread form: park until the state leaves Waiting/Claimed or the deadline passes
  // (then abort()). Returns the final state.
  WaitState wait(const Deadline& deadline) noexcept;

  [[nodiscard]] WaitState state() const noexcept { return WaitState(state_.load(std::memory_order_acquire)); }
  // Owner, after state() left Waiting: the outcome, once the completer (and, for a callback
  // waiter, its callback) has let go of this waiter.
  WaitState settled() noexcept { return settle(); }
  [[nodiscard]] void* packet() const noexcept { return packet_; }
  [[nodiscard]] bool is_callback() const noexcept { return resume_ != nullptr; }

  // The link of the rendezvous flavor's intrusive queue (zero.hpp), guarded by that channel's
  // mutex: a waiter is in at most one queue, and a queue costs no allocation and no cache line
  // beyond the channel's and the waiters'.
  Waiter* next_in_queue = nullptr;

  // The calling thread's own waiter (thread form), reused by every blocking call it makes.
  static Waiter& current() noexcept;

 private:
  WaitState settle() noexcept;  // wait out Claimed; return the final state
  static constexpr std::uint32_t word(WaitState s) noexcept { return static_cast<std::uint32_t>(s); }

  std::atomic<std::uint32_t> state_{word(WaitState::Waiting)};  // a WaitState; the futex word
  void* packet_ = nullptr;  // the rendezvous flavor's hand-off slot
  ResumeFn resume_ = nullptr;
  void* ctx_ = nullptr;
  std::atomic<bool> waking_{false};    // a completer is inside complete()
  std::atomic<bool> sleeping_{false};  // the owner sleeps (or is about to) on state_
};

}  // namespace brigade::chan
