// flavor.hpp — what every channel flavor (array.hpp, list.hpp, zero.hpp) provides, and the
// blocking loop they share.
//
// The member set, identical in each flavor (T is the message type):
//   Status     try_send(T& msg)                     never blocks; moves from msg only on Ok
//   Status     try_recv(std::optional<T>& out)      never blocks
//   Status     start_send(T& msg, Waiter& w)        try; if it would block, register w and return
//   Status     start_recv(std::optional<T>& out, Waiter& w)   WouldBlock: pending on w.
//              When w completes: Completed = done (rendezvous hand-off: msg taken / out filled),
//              Notified or Disconnected = call start_* again.
//   void       cancel_send(Waiter& w), cancel_recv(Waiter& w)   after w.abort() won: unregister
//   std::size_t len(), blocked_senders(), blocked_receivers()
//   std::optional<std::size_t> capacity()
//   std::uint64_t sent(), received()                 messages that went in / came out so far
//   bool       disconnect_senders(), disconnect_receivers()   true for the first call
//   bool       is_disconnected()
//   void       close()                              senders fail, the receiver drains (tokio)
//   Status     start_closed(Waiter& w), cancel_closed(Waiter& w)   wait for the receiver to go (tokio)
//   std::uint32_t id()                               the channel's trace id
//   static constexpr bool kSpinBeforeWaiting         retry with backoff before registering:
//              worth it where the peer frees room without looking for waiters (a ring slot);
//              not for a rendezvous, which can only complete once one side is registered
#pragma once
#include <cstdint>
#include <optional>

#include "brigade/chan/backoff.hpp"
#include "brigade/chan/waiter.hpp"
#include "brigade/chan/waker.hpp"
#include "brigade/trace.hpp"

namespace brigade::chan {

// The outcome of one attempt. WouldBlock: full (send) or empty (receive).
enum class Status { Ok, WouldBlock, Disconnected };
// The outcome of a blocking operation.
enum class Blocking { Ok, Timeout, Disconnected };

namespace detail {

// The shape of every blocking operation: try (while backing off, if `spin_first`), then
// register the calling thread's waiter, wait (spinning first, then parked), and retry when
// woken. `attempt()` is the flavor's try_* call, `start(waiter)` its start_* call,
// `cancel(waiter)` its cancel_* call.
template <class Try, class Start, class Cancel>
Blocking block_on(bool spin_first, Try&& attempt, Start&& start, Cancel&& cancel, const Deadline& deadline,
                  trace::Kind blocked_kind, std::uint32_t channel) {
  Backoff backoff;
  while (spin_first) {
    Status r = attempt();
    if (r != Status::WouldBlock) return r == Status::Ok ? Blocking::Ok : Blocking::Disconnected;
    if (backoff.is_completed()) break;
    backoff.snooze();
  }
  Waiter& waiter = Waiter::current();
  for (;;) {
    // A timed operation always makes an attempt, even with its deadline already past (Rust's
    // recv_timeout(0) takes what a blocked rendezvous sender offers): only then does it time out.
    if (deadline && Clock::now() >= *deadline) {
      Status r = attempt();
      if (r == Status::WouldBlock) return Blocking::Timeout;
      return r == Status::Ok ? Blocking::Ok : Blocking::Disconnected;
    }
    // Said before registering, so that whoever can see this thread waiting (blocked_senders(),
    // a peer) finds the event already in the trace. Every outcome of start() emits the event
    // that ends the wait (done, hand-off, failed), so a wait that did not happen is a 0-length span.
    trace::emit(blocked_kind, channel);
    Status r = start(waiter);
    if (r != Status::WouldBlock) return r == Status::Ok ? Blocking::Ok : Blocking::Disconnected;
    switch (waiter.wait(deadline)) {
      case WaitState::Completed:  // a rendezvous peer completed the operation for us
        trace::emit(trace::Kind::Wake, channel);
        return Blocking::Ok;
      case WaitState::Aborted:
        cancel(waiter);
        return Blocking::Timeout;
      default:  // Notified or Disconnected: retry and see
        trace::emit(trace::Kind::Wake, channel);
        break;
    }
  }
}

// start_send/start_recv of the buffered flavors: try; if it would block, register `w` in
// `waker` and re-check, because the peer may have made progress before it could see us. If it
// did, take the registration back (unless a wake-up is already on its way, which then delivers
// the retry) and try again.
template <class Attempt, class StillBlocked>
Status start_waiting(Waker& waker, Waiter& w, Attempt&& attempt, StillBlocked&& still_blocked) {
  for (;;) {
    Status r = attempt();
    if (r != Status::WouldBlock) return r;
    w.reset();
    waker.register_waiter(&w);
    if (still_blocked()) return Status::WouldBlock;
    if (w.abort() != WaitState::Aborted) return Status::WouldBlock;
    waker.unregister(&w);
  }
}

// Deadline for a timeout measured from now, saturating: hours or duration::max() never overflow.
template <class Rep, class Period>
Deadline deadline_after(std::chrono::duration<Rep, Period> timeout) {
  using namespace std::chrono;
  auto now = Clock::now();
  if (timeout <= duration<Rep, Period>::zero()) return now;
  auto headroom = duration_cast<duration<double>>(Clock::time_point::max() - now).count();
  if (duration_cast<duration<double>>(timeout).count() >= headroom * 0.5) return std::nullopt;
  return now + ceil<Clock::duration>(timeout);
}

}  // namespace detail
}  // namespace brigade::chan
