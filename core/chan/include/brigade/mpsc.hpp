// brigade/mpsc.hpp — Rust's std::sync::mpsc in C++20.
//
//   auto [tx, rx] = brigade::mpsc::channel<int>();        // unbounded: send never blocks
//   auto [tx, rx] = brigade::mpsc::sync_channel<int>(4);  // bounded: send blocks while full
//   auto [tx, rx] = brigade::mpsc::sync_channel<int>(0);  // rendezvous: send waits for recv
//   tx.send(1).unwrap();  int v = rx.recv().unwrap();  for (int v : rx) { ... }
//
// Semantics, as in Rust:
//   - copying a Sender/SyncSender clones it (one more sender); destroying the last sender
//     disconnects the channel for the receiver, which still drains what is buffered, then gets
//     Err from recv();
//   - the Receiver is move-only; destroying it disconnects the channel for the senders (their
//     send returns Err with the message, a blocked sender wakes with Err) and destroys every
//     buffered message at once;
//   - every message's destructor runs exactly once: when received, or when dropped with the
//     channel.
// Beyond Rust, for the visualizer: len(), capacity(), blocked_senders(), blocked_receivers(),
// sent(), received(), id() on every handle, and start_*/cancel_* for tasks that wait through a
// callback Waiter instead of a parked thread (see brigade/chan/flavor.hpp).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "brigade/chan/array.hpp"
#include "brigade/chan/counter.hpp"
#include "brigade/chan/list.hpp"
#include "brigade/chan/zero.hpp"
#include "brigade/result.hpp"

namespace brigade::mpsc {

using chan::Status;
using chan::Waiter;
using chan::WaitState;

// ---------------------------------------------------------------- errors

// The Display and Debug texts of std::sync::mpsc's errors, as rustc 1.95 prints them. The error
// types below print these, and so does the program runtime (core/lang) for its error values:
// one copy of every text.
namespace text {
inline constexpr const char* kSendError = "sending on a closed channel";  // SendError, TrySendError::Disconnected
inline constexpr const char* kSendErrorDebug = "SendError { .. }";
inline constexpr const char* kFull = "sending on a full channel";
inline constexpr const char* kFullDebug = "TrySendError::Full(..)";  // Debug hides the message
inline constexpr const char* kDisconnectedSendDebug = "TrySendError::Disconnected(..)";
inline constexpr const char* kRecvError = "receiving on a closed channel";  // RecvError, TryRecvError::Disconnected
inline constexpr const char* kRecvErrorDebug = "RecvError";
inline constexpr const char* kEmpty = "receiving on an empty channel";
inline constexpr const char* kTimeout = "timed out waiting on channel";
inline constexpr const char* kTimeoutDisconnected = "channel is empty and sending half is closed";
}  // namespace text

// send() failed: the receiver is gone. Gives the message back.
template <class T>
class SendError {
 public:
  explicit SendError(T value) : value_(std::move(value)) {}
  T into_inner() && { return std::move(value_); }
  T into_inner() & { return std::move(value_); }
  const T& value() const noexcept { return value_; }
  std::string to_string() const { return text::kSendError; }
  std::string debug_string() const { return text::kSendErrorDebug; }

 private:
  T value_;
};

// try_send() failed: full, or the receiver is gone. Gives the message back.
template <class T>
class TrySendError {
 public:
  enum class Kind { Full, Disconnected };
  TrySendError(Kind kind, T value) : kind_(kind), value_(std::move(value)) {}
  static TrySendError Full(T value) { return {Kind::Full, std::move(value)}; }
  static TrySendError Disconnected(T value) { return {Kind::Disconnected, std::move(value)}; }
  [[nodiscard]] bool is_full() const noexcept { return kind_ == Kind::Full; }
  [[nodiscard]] bool is_disconnected() const noexcept { return kind_ == Kind::Disconnected; }
  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  T into_inner() && { return std::move(value_); }
  T into_inner() & { return std::move(value_); }
  const T& value() const noexcept { return value_; }
  std::string to_string() const { return is_full() ? text::kFull : text::kSendError; }
  std::string debug_string() const { return is_full() ? text::kFullDebug : text::kDisconnectedSendDebug; }

 private:
  Kind kind_;
  T value_;
};

// recv() failed: every sender is gone and nothing is buffered.
struct RecvError {
  std::string to_string() const { return text::kRecvError; }
  std::string debug_string() const { return text::kRecvErrorDebug; }
  friend bool operator==(const RecvError&, const RecvError&) = default;
};

enum class TryRecvError { Empty, Disconnected };
enum class RecvTimeoutError { Timeout, Disconnected };

template <class T>
std::string to_string(const SendError<T>& e) {
  return e.to_string();
}
template <class T>
std::string debug_string(const SendError<T>& e) {
  return e.debug_string();
}
template <class T>
std::string to_string(const TrySendError<T>& e) {
  return e.to_string();
}
template <class T>
std::string debug_string(const TrySendError<T>& e) {
  return e.debug_string();
}
inline std::string to_string(const RecvError& e) {
  return e.to_string();
}
inline std::string debug_string(const RecvError& e) {
  return e.debug_string();
}
inline std::string to_string(TryRecvError e) {
  return e == TryRecvError::Empty ? text::kEmpty : text::kRecvError;
}
inline std::string debug_string(TryRecvError e) {
  return e == TryRecvError::Empty ? "Empty" : "Disconnected";
}
inline std::string to_string(RecvTimeoutError e) {
  return e == RecvTimeoutError::Timeout ? text::kTimeout : text::kTimeoutDisconnected;
}
inline std::string debug_string(RecvTimeoutError e) {
  return e == RecvTimeoutError::Timeout ? "Timeout" : "Disconnected";
}

using brigade::Err;
using brigade::Result;

template <class T>
class Receiver;
template <class T>
class Sender;
template <class T>
class SyncSender;
template <class T>
std::pair<Sender<T>, Receiver<T>> channel();
template <class T>
std::pair<SyncSender<T>, Receiver<T>> sync_channel(std::size_t bound);

namespace detail {
enum class Flavor : std::uint8_t { List, Array, Zero };

template <class T>
using ListCounter = chan::detail::Counter<chan::ListChannel<T>>;
template <class T>
using ArrayCounter = chan::detail::Counter<chan::ArrayChannel<T>>;
template <class T>
using ZeroCounter = chan::detail::Counter<chan::ZeroChannel<T>>;

// A handle's pointer to one of the three flavors; `visit` dispatches to it.
template <class T>
struct AnyCounter {
  Flavor flavor = Flavor::List;
  void* counter = nullptr;

  template <class F>
  decltype(auto) visit(F&& f) const {
    switch (flavor) {
      case Flavor::Array:
        return f(*static_cast<ArrayCounter<T>*>(counter));
      case Flavor::Zero:
        return f(*static_cast<ZeroCounter<T>*>(counter));
      case Flavor::List:
        break;
    }
    return f(*static_cast<ListCounter<T>*>(counter));
  }
  void require() const {
    if (counter == nullptr) brigade::detail::panic("use of a moved-from channel handle");
  }
};

// What every handle has: its channel, and the introspection the visualizer reads (cheap
// snapshots: atomics, no lock except the rendezvous flavor's counters).
template <class T>
class Handle {
 public:
  [[nodiscard]] std::size_t len() const {
    return query([](auto& ch) { return ch.len(); });
  }
  [[nodiscard]] bool is_empty() const { return len() == 0; }
  [[nodiscard]] std::optional<std::size_t> capacity() const {
    return query([](auto& ch) { return ch.capacity(); });
  }
  // Whether the other side is gone (for tokio's Sender::is_closed: the receiver dropped).
  [[nodiscard]] bool is_disconnected() const {
    return query([](auto& ch) { return ch.is_disconnected(); });
  }
  [[nodiscard]] std::size_t blocked_senders() const {
    return query([](auto& ch) { return ch.blocked_senders(); });
  }
  [[nodiscard]] std::size_t blocked_receivers() const {
    return query([](auto& ch) { return ch.blocked_receivers(); });
  }
  [[nodiscard]] std::uint64_t sent() const {
    return query([](auto& ch) { return ch.sent(); });
  }
  [[nodiscard]] std::uint64_t received() const {
    return query([](auto& ch) { return ch.received(); });
  }
  [[nodiscard]] std::uint32_t id() const {
    return query([](auto& ch) { return ch.id(); });
  }
  // False for a moved-from handle (every other member panics on it).
  [[nodiscard]] explicit operator bool() const noexcept { return c_.counter != nullptr; }

 protected:
  Handle() = default;
  explicit Handle(AnyCounter<T> c) : c_(c) {}
  template <class F>
  auto query(F&& f) const {
    c_.require();
    return c_.visit([&](auto& c) { return f(c.chan); });
  }
  AnyCounter<T> c_;
};

inline chan::Deadline no_deadline() {
  return std::nullopt;
}
}  // namespace detail

// ---------------------------------------------------------------- Receiver

template <class T>
class Receiver : public detail::Handle<T> {
 public:
  Receiver() = default;  // an empty (moved-from) handle
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  Receiver(Receiver&& other) noexcept : detail::Handle<T>(std::exchange(other.c_, {})) {}
  Receiver& operator=(Receiver&& other) noexcept {
    if (this != &other) {
      release();
      this->c_ = std::exchange(other.c_, {});
    }
    return *this;
  }
  ~Receiver() { release(); }

  // Blocks until a message arrives; Err once every sender is gone and nothing is buffered.
  Result<T, RecvError> recv() {
    std::optional<T> out;
    if (blocking_recv(out, detail::no_deadline()) == chan::Blocking::Ok) return std::move(*out);
    return Err{RecvError{}};
  }
  Result<T, TryRecvError> try_recv() {
    this->c_.require();
    std::optional<T> out;
    Status s = this->c_.visit([&](auto& c) { return c.chan.try_recv(out); });
    if (s == Status::Ok) return std::move(*out);
    return Err{s == Status::WouldBlock ? TryRecvError::Empty : TryRecvError::Disconnected};
  }
  template <class Rep, class Period>
  Result<T, RecvTimeoutError> recv_timeout(std::chrono::duration<Rep, Period> timeout) {
    return recv_deadline(chan::detail::deadline_after(timeout));
  }
  Result<T, RecvTimeoutError> recv_deadline(const chan::Deadline& deadline) {
    std::optional<T> out;
    switch (blocking_recv(out, deadline)) {
      case chan::Blocking::Ok:
        return std::move(*out);
      case chan::Blocking::Timeout:
        return Err{RecvTimeoutError::Timeout};
      case chan::Blocking::Disconnected:
        break;
    }
    return Err{RecvTimeoutError::Disconnected};
  }

  // `for (auto v : rx)`: blocks for each message, ends when every sender is gone.
  class Iter {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = T*;
    using reference = T&;
    Iter() = default;
    Iter(Receiver* rx, bool blocking) : rx_(rx), blocking_(blocking) { advance(); }
    T& operator*() { return *current_; }
    T* operator->() { return &*current_; }
    Iter& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    friend bool operator==(const Iter& a, const Iter& b) { return a.rx_ == b.rx_; }

   private:
    void advance() {
      current_.reset();
      if (blocking_) {
        auto r = rx_->recv();
        if (r.is_ok()) current_.emplace(std::move(r).unwrap());
      } else {
        auto r = rx_->try_recv();
        if (r.is_ok()) current_.emplace(std::move(r).unwrap());
      }
      if (!current_) rx_ = nullptr;
    }
    Receiver* rx_ = nullptr;
    bool blocking_ = true;
    std::optional<T> current_;
  };
  struct Range {
    Receiver* rx;
    bool blocking;
    Iter begin() { return Iter(rx, blocking); }
    Iter end() { return Iter(); }
  };
  Iter begin() { return Iter(this, true); }
  Iter end() { return Iter(); }
  Range iter() { return Range{this, true}; }       // blocks for each message
  Range try_iter() { return Range{this, false}; }  // what is buffered now, without blocking

  // Callback form (see chan/flavor.hpp): WouldBlock means pending on `w`.
  Status start_recv(std::optional<T>& out, Waiter& w) {
    this->c_.require();
    Status s = this->c_.visit([&](auto& c) { return c.chan.start_recv(out, w); });
    if (s == Status::WouldBlock) trace::emit(trace::Kind::RecvBlocked, this->id());
    return s;
  }
  void cancel_recv(Waiter& w) {
    this->c_.require();
    this->c_.visit([&](auto& c) { c.chan.cancel_recv(w); });
  }
  // tokio's Receiver::close: every send fails from now on; what is buffered is still received.
  void close() {
    this->c_.require();
    this->c_.visit([&](auto& c) { c.chan.close(); });
  }

 private:
  friend std::pair<Sender<T>, Receiver<T>> channel<T>();
  friend std::pair<SyncSender<T>, Receiver<T>> sync_channel<T>(std::size_t);
  explicit Receiver(detail::AnyCounter<T> c) : detail::Handle<T>(c) {}

  chan::Blocking blocking_recv(std::optional<T>& out, const chan::Deadline& deadline) {
    this->c_.require();
    return this->c_.visit([&](auto& c) {
      auto& ch = c.chan;
      auto r = chan::detail::block_on(
          ch.kSpinBeforeWaiting, [&] { return ch.try_recv(out); }, [&](Waiter& w) { return ch.start_recv(out, w); },
          [&](Waiter& w) { ch.cancel_recv(w); }, deadline, trace::Kind::RecvBlocked, ch.id());
      if (r == chan::Blocking::Disconnected) trace::emit(trace::Kind::RecvFailed, ch.id());
      return r;
    });
  }
  void release() {
    if (this->c_.counter == nullptr) return;
    this->c_.visit([](auto& c) { c.release_receiver(); });
    this->c_ = {};
  }
};

// ---------------------------------------------------------------- the two sender kinds

namespace detail {
// What Sender and SyncSender share: cloning, dropping, introspection.
template <class T>
class SenderBase : public Handle<T> {
 public:
  SenderBase() = default;
  SenderBase(const SenderBase& other) : Handle<T>(other.c_) { acquire(); }
  SenderBase& operator=(const SenderBase& other) {
    if (this != &other) {
      release();
      this->c_ = other.c_;
      acquire();
    }
    return *this;
  }
  SenderBase(SenderBase&& other) noexcept : Handle<T>(std::exchange(other.c_, {})) {}
  SenderBase& operator=(SenderBase&& other) noexcept {
    if (this != &other) {
      release();
      this->c_ = std::exchange(other.c_, {});
    }
    return *this;
  }
  ~SenderBase() { release(); }

  // tokio's Sender::closed (callback form): Ok once the receiver is gone or closed; WouldBlock
  // means pending on `w`, which is woken then (call again).
  Status start_closed(Waiter& w) {
    this->c_.require();
    return this->c_.visit([&](auto& c) { return c.chan.start_closed(w); });
  }
  void cancel_closed(Waiter& w) {
    this->c_.require();
    this->c_.visit([&](auto& c) { c.chan.cancel_closed(w); });
  }

 protected:
  explicit SenderBase(AnyCounter<T> c) : Handle<T>(c) {}
  void acquire() {
    if (this->c_.counter != nullptr) this->c_.visit([](auto& c) { c.acquire_sender(); });
  }
  void release() {
    if (this->c_.counter == nullptr) return;
    this->c_.visit([](auto& c) { c.release_sender(); });
    this->c_ = {};
  }
};
}  // namespace detail

// The sending half of channel(): send never blocks.
template <class T>
class Sender : public detail::SenderBase<T> {
 public:
  Sender() = default;
  Result<void, SendError<T>> send(T value) {
    this->c_.require();
    auto& ch = static_cast<detail::ListCounter<T>*>(this->c_.counter)->chan;
    if (ch.try_send(value) == Status::Ok) return {};
    trace::emit(trace::Kind::SendFailed, ch.id());
    return Err{SendError<T>(std::move(value))};
  }
  // Callback form: an unbounded send never waits, so this is send() by another name.
  Status start_send(T& value, Waiter& w) {
    this->c_.require();
    return static_cast<detail::ListCounter<T>*>(this->c_.counter)->chan.start_send(value, w);
  }

 private:
  friend std::pair<Sender<T>, Receiver<T>> channel<T>();
  using detail::SenderBase<T>::SenderBase;
};

// The sending half of sync_channel(n): send blocks while the channel is full (for n == 0,
// until a receiver takes the message).
template <class T>
class SyncSender : public detail::SenderBase<T> {
 public:
  SyncSender() = default;
  Result<void, SendError<T>> send(T value) {
    this->c_.require();
    chan::Blocking r = this->c_.visit([&](auto& c) {
      auto& ch = c.chan;
      return chan::detail::block_on(
          ch.kSpinBeforeWaiting, [&] { return ch.try_send(value); }, [&](Waiter& w) { return ch.start_send(value, w); },
          [&](Waiter& w) { ch.cancel_send(w); }, detail::no_deadline(), trace::Kind::SendBlocked, ch.id());
    });
    if (r == chan::Blocking::Ok) return {};
    trace::emit(trace::Kind::SendFailed, this->id());
    return Err{SendError<T>(std::move(value))};
  }
  Result<void, TrySendError<T>> try_send(T value) {
    this->c_.require();
    Status s = this->c_.visit([&](auto& c) { return c.chan.try_send(value); });
    if (s == Status::Ok) return {};
    if (s == Status::WouldBlock) return Err{TrySendError<T>::Full(std::move(value))};
    return Err{TrySendError<T>::Disconnected(std::move(value))};
  }
  // Callback form (see chan/flavor.hpp): WouldBlock means pending on `w`; `value` must stay
  // where it is until then (the rendezvous flavor moves it out from there).
  Status start_send(T& value, Waiter& w) {
    this->c_.require();
    Status s = this->c_.visit([&](auto& c) { return c.chan.start_send(value, w); });
    if (s == Status::WouldBlock) trace::emit(trace::Kind::SendBlocked, this->id());
    return s;
  }
  void cancel_send(Waiter& w) {
    this->c_.require();
    this->c_.visit([&](auto& c) { c.chan.cancel_send(w); });
  }

  // Reservations (tokio's reserve and Permit::send; chan/array.hpp): a slot promised to the
  // caller, which then sends into it without waiting. Only a buffered channel has slots to
  // promise. A pending start_reserve or start_send_reserved is withdrawn with cancel_send.
  Status try_reserve() { return ring().try_reserve(); }
  Status start_reserve(Waiter& w) {
    Status s = ring().start_reserve(w);
    if (s == Status::WouldBlock) trace::emit(trace::Kind::SendBlocked, this->id());
    return s;
  }
  void release_reservation() { ring().release_reservation(); }
  Status try_send_reserved(T& value) { return ring().try_send_reserved(value); }
  Status start_send_reserved(T& value, Waiter& w) { return ring().start_send_reserved(value, w); }
  [[nodiscard]] std::size_t reserved() const { return ring().reserved(); }

 private:
  friend std::pair<SyncSender<T>, Receiver<T>> sync_channel<T>(std::size_t);
  chan::ArrayChannel<T>& ring() const {
    this->c_.require();
    if (this->c_.flavor != detail::Flavor::Array) brigade::detail::panic("a rendezvous channel has no slot to reserve");
    return static_cast<detail::ArrayCounter<T>*>(this->c_.counter)->chan;
  }
  using detail::SenderBase<T>::SenderBase;
};

// ---------------------------------------------------------------- constructors

template <class T>
std::pair<Sender<T>, Receiver<T>> channel() {
  detail::AnyCounter<T> c{detail::Flavor::List, new detail::ListCounter<T>()};
  return {Sender<T>(c), Receiver<T>(c)};
}

template <class T>
std::pair<SyncSender<T>, Receiver<T>> sync_channel(std::size_t bound) {
  detail::AnyCounter<T> c = bound == 0
                                ? detail::AnyCounter<T>{detail::Flavor::Zero, new detail::ZeroCounter<T>()}
                                : detail::AnyCounter<T>{detail::Flavor::Array, new detail::ArrayCounter<T>(bound)};
  return {SyncSender<T>(c), Receiver<T>(c)};
}

}  // namespace brigade::mpsc
