// std/mpsc.cpp — std::sync::mpsc: send and receive through the channel core (the blocking
// protocol of vm.hpp), and the methods of Sender, SyncSender and Receiver.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "brigade/chan/backoff.hpp"
#include "../stack.hpp"
#include "lib.hpp"

namespace brigade::lang::vm {

namespace {

// A wait's withdrawal (vm.hpp, Wait::withdraw): unless a peer completed it first, the channel
// forgets the waiter.
chan::WaitState withdraw_recv(Task& t) {
  chan::WaitState r = t.waiter.abort();
  if (r == chan::WaitState::Aborted) as<ReceiverObj>(t.wait.endpoint).rx.cancel_recv(t.waiter);
  return r;
}
}  // namespace

// A send's or a reservation's (tokio) wait, withdrawn.
chan::WaitState withdraw_send(Task& t) {
  chan::WaitState r = t.waiter.abort();
  if (r == chan::WaitState::Aborted) as<SyncSenderObj>(t.wait.endpoint).tx.cancel_send(t.waiter);
  return r;
}

// Receives on `rxv`. Ok: `item` set, or `disconnected`/`timeout`. Blocked: the task waits.
NS recv_step(Ctx& cx, const Value& rxv, const std::int64_t* until, Value& item, bool& disconnected, bool& timeout) {
  Task& t = cx.t;
  auto& rx = as<ReceiverObj>(rxv).rx;
  touch(channel_identity(rx.id()));
  if (t.resuming) {
    t.resuming = false;
    if (t.wake == chan::WaitState::Completed) {
      item = std::move(*t.recv_slot);
      t.recv_slot.reset();
      t.wait = {};
      return NS::Ok;
    }
    if (t.wake == chan::WaitState::Aborted) {
      timeout = true;
      t.wait = {};
      return NS::Ok;
    }
  } else if (until) {
    t.wait.until = *until;
  } else {
    t.wait.until.reset();
  }
  if (t.wait.until && t.ex.now_ns() >= *t.wait.until) {
    auto r = rx.try_recv();
    if (r.is_ok()) {
      item = std::move(r).unwrap();
    } else if (r.error() == mpsc::TryRecvError::Disconnected) {
      disconnected = true;
    } else {
      timeout = true;
    }
    t.wait = {};
    return NS::Ok;
  }
  t.recv_slot.reset();
  t.wait.kind = Wait::Kind::Recv;
  t.wait.counted = !t.wait.until.has_value();
  t.counted_wait.store(t.wait.counted, std::memory_order_relaxed);
  t.wait.channel = rx.id();
  t.wait.span = cx.span;
  switch (rx.start_recv(t.recv_slot, t.waiter)) {
    case chan::Status::Ok:
      item = std::move(*t.recv_slot);
      t.recv_slot.reset();
      t.wait = {};
      return NS::Ok;
    case chan::Status::Disconnected:
      disconnected = true;
      t.wait = {};
      return NS::Ok;
    case chan::Status::WouldBlock:
      t.wait.endpoint = rxv;
      t.wait.withdraw = withdraw_recv;
      return NS::Blocked;
  }
  return NS::Ok;
}

// Sends `value` (taken from the stack on the first call) on a Sender or SyncSender.
NS send_step(Ctx& cx, const Value& txv, Value* value, bool& disconnected) {
  Task& t = cx.t;
  bool sync = txv.is(ObjKind::SyncSender);
  touch(channel_identity(sync ? as<SyncSenderObj>(txv).tx.id() : as<SenderObj>(txv).tx.id()));
  if (t.resuming) {
    t.resuming = false;
    if (t.wake == chan::WaitState::Completed) {
      t.wait = {};
      return NS::Ok;
    }
  } else {
    t.send_slot = std::move(*value);
  }
  chan::Status s;
  std::uint32_t id;
  std::size_t queued = 0;
  if (sync) {
    auto& tx = as<SyncSenderObj>(txv).tx;
    t.wait.kind = Wait::Kind::Send;
    t.wait.counted = true;
    t.counted_wait.store(true, std::memory_order_relaxed);
    t.wait.channel = id = tx.id();
    t.wait.capacity = tx.capacity();
    t.wait.span = cx.span;
    s = tx.start_send(t.send_slot, t.waiter);
  } else {
    auto& tx = as<SenderObj>(txv).tx;
    id = tx.id();
    s = tx.start_send(t.send_slot, t.waiter);
    if (s == chan::Status::Ok) queued = tx.len();
  }
  switch (s) {
    case chan::Status::Ok:
      t.wait = {};
      t.send_slot = Value::empty();
      if (queued > t.rt.options().limits.max_queued) {
        t.rt.limit_reached("limit reached: channel #" + std::to_string(t.rt.channel_number_of(id)) + " holds " + std::to_string(queued) +
                           " messages that nobody has received (the limit is " +
                           std::to_string(t.rt.options().limits.max_queued) +
                           " queued messages per channel): an unbounded carousel keeps growing when the chef "
                           "is slower than the waiters");
        return NS::Stop;
      }
      return NS::Ok;
    case chan::Status::Disconnected:
      t.wait = {};
      disconnected = true;
      return NS::Ok;
    case chan::Status::WouldBlock:
      t.wait.endpoint = txv;
      t.wait.withdraw = withdraw_send;  // only a SyncSender waits
      return NS::Blocked;
  }
  return NS::Ok;
}

// try_send on a bounded channel: Ok(()), or Err(Full(v) / the second variant(v)) of `error`
// (std's TrySendError, or tokio's with Closed).
Value try_send_result(SyncSenderObj& sender, Value v, std::uint32_t error) {
  touch(channel_identity(sender.tx.id()));
  auto r = sender.tx.try_send(std::move(v));
  if (r.is_ok()) return ok_unit();
  auto& e = r.error();
  std::vector<Value> f;
  f.push_back(std::move(e).into_inner());
  return make_err(record(error, e.is_full() ? 0 : 1, std::move(f)));
}

// Methods of Sender and SyncSender.
NS sender_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  bool sync = self.o->kind == ObjKind::SyncSender;
  if ((m == Method::send || m == Method::try_send) && give_way(cx)) return NS::Yield;
  if (m == Method::send) {
    if (!(argc == 1)) return no_method(cx, name, argc, self);
    bool disconnected = false;
    NS s = send_step(cx, self, &a[1], disconnected);
    if (s != NS::Ok) return s;
    out = disconnected ? make_err(record(builtin::SendError, 0, [&] {
      std::vector<Value> f;
      f.push_back(std::move(cx.t.send_slot));
      return f;
    }()))
                       : ok_unit();
    cx.t.send_slot = Value::empty();
    return NS::Ok;
  }
  if (m == Method::try_send && sync) {
    out = try_send_result(as<SyncSenderObj>(self), std::move(a[1]), builtin::TrySendError);
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

// Methods of Receiver.
NS receiver_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& rx = as<ReceiverObj>(self).rx;
  if ((m == Method::recv || m == Method::recv_timeout || m == Method::try_recv) && give_way(cx)) return NS::Yield;
  if (m == Method::try_recv) touch(channel_identity(rx.id()));
  switch (m) {
    case Method::recv:
    case Method::recv_timeout: {
      std::int64_t until = 0;
      if (m == Method::recv_timeout) {
        if (a[1].tag != Tag::Duration) return no_method(cx, name, argc, self);
        std::int64_t now = cx.t.ex.now_ns();
        until = a[1].i > INT64_MAX - now ? INT64_MAX : now + a[1].i;
      }
      Value item;
      bool disconnected = false, timeout = false;
      NS s = recv_step(cx, self, m == Method::recv_timeout ? &until : nullptr, item, disconnected, timeout);
      if (s != NS::Ok) return s;
      if (m == Method::recv) {
        out = disconnected ? make_err(record(builtin::RecvError, 0)) : make_ok(std::move(item));
      } else if (disconnected || timeout) {
        out = make_err(record(builtin::RecvTimeoutError, timeout ? 0 : 1));
      } else {
        out = make_ok(std::move(item));
      }
      return NS::Ok;
    }
    case Method::try_recv: {
      auto r = rx.try_recv();
      if (r.is_ok()) {
        out = make_ok(std::move(r).unwrap());
      } else {
        out = make_err(record(builtin::TryRecvError, r.error() == mpsc::TryRecvError::Empty ? 0 : 1));
      }
      return NS::Ok;
    }
    case Method::iter:
    case Method::into_iter:
    case Method::try_iter: {
      NS s = make_iter(cx, self, out);
      if (s == NS::Ok) as<IterObj>(out).blocking = m != Method::try_iter;
      return s;
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

// ---- natives: mpsc::channel, mpsc::sync_channel
// (natives.cpp gathers every module's table)

namespace {

NS channel_new(Ctx& cx, Native, Value*, Value& out) {
  auto [tx, rx] = mpsc::channel<Value>();
  cx.t.rt.note_channel(rx.id());
  std::vector<Value> pair;
  pair.push_back(Value::object(new SenderObj(std::move(tx))));
  pair.push_back(Value::object(new ReceiverObj(std::move(rx))));
  out = make_list(ObjKind::Tuple, std::move(pair));
  return NS::Ok;
}

NS sync_channel_new(Ctx& cx, Native, Value* args, Value& out) {
  std::uint64_t bound = 0;
  if (!count_of(args[0], bound)) return cx.fail("sync_channel takes a usize capacity");
  if (bound > (std::uint64_t{1} << 58)) return cx.fail("capacity overflow");
  // The ring of `bound` slots is made now, as Rust's is (a Value and a stamp each).
  if (!cx.t.rt.memory_fits(bound * (sizeof(Value) + 8))) return NS::Stop;
  auto [tx, rx] = mpsc::sync_channel<Value>(static_cast<std::size_t>(bound));
  cx.t.rt.note_channel(rx.id());
  std::vector<Value> pair;
  pair.push_back(Value::object(new SyncSenderObj(std::move(tx))));
  pair.push_back(Value::object(new ReceiverObj(std::move(rx))));
  out = make_list(ObjKind::Tuple, std::move(pair));
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> mpsc_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::Channel, channel_new},
      {Native::SyncChannel, sync_channel_new},
  };
  return kNatives;
}

SenderObj::~SenderObj() {
  touch(channel_identity(tx.id()));
}
SyncSenderObj::~SyncSenderObj() {
  if (!tx) return;  // its handle moved into an OwnedPermit (or back out of one)
  if (permit != Permit::None && !permit_used) tx.release_reservation();
  touch(channel_identity(tx.id()));
}
ReceiverObj::~ReceiverObj() {
  touch(channel_identity(rx.id()));
}

}  // namespace brigade::lang::vm
