// std/tokio.cpp — tokio: the runtime `#[tokio::main]` starts, tasks (spawn, JoinHandle,
// yield_now, spawn_blocking), tokio::sync::mpsc and tokio::time::sleep, and `.await` of the
// futures they make.
//
// A task of tokio's is a Task like a thread's (its frames on the heap, resumable anywhere) that
// runs only while it holds one of the runtime's workers (Executor::start_runtime). An `.await`
// that must wait fills the wait record as a blocking call does, with Wait::yields: the executor
// gives the worker to the next task in line meanwhile. The same call made the std way (a
// `std::thread::sleep`, a std Receiver's `recv()`) keeps the worker, as it does in tokio. The
// channels are the std ones' core (a bounded tokio channel is a sync_channel(n), n > 0; an
// unbounded one a channel()) with tokio's methods and texts.
#include <string>

#include "lib.hpp"

namespace brigade::lang::vm {

namespace {

Value join_error(const Task& target, std::uint64_t id) {
  return make_err(record(builtin::JoinError, target.cancelled ? 0 : 1,
                         {Value::integer(static_cast<std::int64_t>(id), IntKind::U64)}));
}

// `.await` of a JoinHandle: Ok(output), or Err(JoinError) for a task that panicked or was aborted.
NS await_join(Ctx& cx, const Value& hv, Value& out) {
  auto& handle = as<JoinHandleObj>(hv);
  NS s = join_step(cx, hv, out);
  if (s == NS::Blocked) cx.t.wait.yields = true;
  if (s != NS::Ok) return s;
  const Task& target = *handle.task;
  if (target.cancelled || target.panicked) out = join_error(target, handle.tokio_id);
  return NS::Ok;
}

NS not_in_runtime(Ctx& cx) {
  return cx.fail("there is no reactor running, must be called from the context of a Tokio 1.x runtime");
}

// A tokio task of the future `fv` (an async block or an async fn's call).
NS spawn_task(Ctx& cx, Value fv, Value& out) {
  Runtime& rt = cx.t.rt;
  if (rt.tokio_workers() == 0) return not_in_runtime(cx);
  if (!fv.is(ObjKind::Future) || as<FutureObj>(fv).op != FutureObj::Op::Block) {
    return cx.fail("tokio::spawn of this future is not supported in Brigade: spawn an `async move { .. }` block");
  }
  const Value closure = as<FutureObj>(fv).target;
  const std::uint32_t fn = as<ClosureObj>(closure).function;
  fv = Value();
  auto task = std::make_shared<Task>(rt, cx.t.ex);
  task->name = rt.tokio_current_thread() ? "main" : "tokio-runtime-worker";  // the thread it runs on, in panics
  task->thread_number = rt.next_thread_number();
  task->on_runtime = true;
  task->tokio_id = rt.next_tokio_id();
  const Function& callee = cx.m.functions[fn];
  task->stack.reserve(256);
  task->stack.resize(callee.locals, Value::empty());
  auto& c = as<ClosureObj>(closure);
  for (std::size_t i = 0; i < callee.capture_slots.size() && i < c.captures.size(); ++i) {
    task->stack[callee.capture_slots[i]] = c.captures[i];
  }
  task->frames.push_back(Frame{fn, 0, 0});
  if (!cx.t.ex.spawn(task)) return NS::Stop;
  auto* handle = new JoinHandleObj(task);
  handle->tokio_id = task->tokio_id;
  out = Value::object(handle);
  return NS::Ok;
}

Value tokio_pair(Value tx, Value rx) {
  std::vector<Value> pair;
  pair.push_back(std::move(tx));
  pair.push_back(std::move(rx));
  return make_list(ObjKind::Tuple, std::move(pair));
}

// ---- natives

NS enter_native(Ctx& cx, Native, Value* args, Value& out) {
  std::uint64_t workers = 0, current = 0;
  (void)count_of(args[0], workers);
  (void)count_of(args[1], current);
  cx.t.rt.start_tokio(cx.t, static_cast<unsigned>(workers), current != 0);
  out = Value::unit();
  return NS::Ok;
}

NS spawn_native(Ctx& cx, Native, Value* args, Value& out) {
  if (give_way(cx)) return NS::Yield;
  return spawn_task(cx, std::move(args[0]), out);
}

NS spawn_blocking_native(Ctx& cx, Native, Value* args, Value& out) {
  if (cx.t.rt.tokio_workers() == 0) return not_in_runtime(cx);
  if (give_way(cx)) return NS::Yield;
  // A thread of tokio's blocking pool: a thread like std's, named as tokio names its threads.
  NS s = spawn_thread(cx, std::move(args[0]), std::string("tokio-runtime-worker"), out);
  if (s == NS::Ok) {
    auto& handle = as<JoinHandleObj>(out);
    handle.task->tokio_id = handle.tokio_id = cx.t.rt.next_tokio_id();
  }
  return s;
}

NS yield_now_native(Ctx&, Native, Value*, Value& out) {
  out = Value::object(new FutureObj(FutureObj::Op::YieldNow));
  return NS::Ok;
}

NS sleep_native(Ctx& cx, Native, Value* args, Value& out) {
  if (args[0].tag != Tag::Duration) return cx.fail("tokio::time::sleep takes a Duration");
  out = Value::object(new FutureObj(FutureObj::Op::Sleep, Value(), args[0]));
  return NS::Ok;
}

NS channel_native(Ctx& cx, Native, Value* args, Value& out) {
  std::uint64_t bound = 0;
  if (!count_of(args[0], bound)) return cx.fail("mpsc::channel takes a usize capacity");
  if (bound == 0) return cx.fail("mpsc bounded channel requires buffer > 0");
  if (bound > (std::uint64_t{1} << 58)) return cx.fail("capacity overflow");
  if (!cx.t.rt.memory_fits(bound * (sizeof(Value) + 8))) return NS::Stop;
  auto [tx, rx] = mpsc::sync_channel<Value>(static_cast<std::size_t>(bound));
  cx.t.rt.note_channel(rx.id());
  auto* s = new SyncSenderObj(std::move(tx));
  auto* r = new ReceiverObj(std::move(rx));
  s->tokio = r->tokio = true;
  out = tokio_pair(Value::object(s), Value::object(r));
  return NS::Ok;
}

NS unbounded_channel_native(Ctx& cx, Native, Value*, Value& out) {
  auto [tx, rx] = mpsc::channel<Value>();
  cx.t.rt.note_channel(rx.id());
  auto* s = new SenderObj(std::move(tx));
  auto* r = new ReceiverObj(std::move(rx));
  s->tokio = r->tokio = true;
  out = tokio_pair(Value::object(s), Value::object(r));
  return NS::Ok;
}

// A send on either kind of Sender, to its Result: Ok(()) or Err(SendError(value)).
NS send_result(Ctx& cx, const Value& tx, Value* value, Value& out) {
  bool disconnected = false;
  NS s = send_step(cx, tx, value, disconnected);
  if (s != NS::Ok) return s;
  if (disconnected) {
    std::vector<Value> f;
    f.push_back(std::move(cx.t.send_slot));
    out = make_err(record(builtin::TokioSendError, 0, std::move(f)));
  } else {
    out = ok_unit();
  }
  cx.t.send_slot = Value::empty();
  return NS::Ok;
}

NS recv_option(Ctx& cx, const Value& rx, Value& out) {
  Value item;
  bool disconnected = false, timeout = false;
  NS s = recv_step(cx, rx, nullptr, item, disconnected, timeout);
  if (s != NS::Ok) return s;
  out = disconnected ? make_none() : make_some(std::move(item));
  return NS::Ok;
}

}  // namespace

// `.await` of anything but an async block (whose closure the interpreter calls itself).
NS await_native(Ctx& cx, Value& fv, Value& out) {
  Task& t = cx.t;
  if (fv.is(ObjKind::JoinHandle) && as<JoinHandleObj>(fv).tokio_id != 0) return await_join(cx, fv, out);
  if (!fv.is(ObjKind::Future)) return cx.fail(std::string("`.await` of ") + type_name(fv) + ", which is not a future");
  auto& f = as<FutureObj>(fv);
  NS s = NS::Ok;
  switch (f.op) {
    case FutureObj::Op::Block:
      return cx.fail("internal: an async block reached await_native");
    case FutureObj::Op::Sleep:
      s = sleep_step(cx, f.arg);
      if (s == NS::Ok) out = Value::unit();
      break;
    case FutureObj::Op::YieldNow:
      // A wait that is over at once: the task goes to the back of the line for a worker.
      if (t.resuming) {
        t.resuming = false;
        t.wait = {};
        out = Value::unit();
        return NS::Ok;
      }
      if (give_way(cx)) return NS::Yield;
      t.wait = {};
      t.wait.kind = Wait::Kind::Sleep;
      t.wait.until = t.ex.now_ns();
      t.wait.span = cx.span;
      s = NS::Blocked;
      break;
    case FutureObj::Op::Send:
      if (give_way(cx)) return NS::Yield;
      s = send_result(cx, f.target, &f.arg, out);
      break;
    case FutureObj::Op::Recv:
      if (give_way(cx)) return NS::Yield;
      s = recv_option(cx, f.target, out);
      break;
  }
  if (s == NS::Blocked) t.wait.yields = true;
  return s;
}

// Methods of tokio's Sender (bounded: a SyncSenderObj) and UnboundedSender (a SenderObj).
NS tokio_sender_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  const bool bounded = self.is(ObjKind::SyncSender);
  if (m == Method::send && argc == 1) {
    if (bounded) {  // a future: nothing is sent until it is awaited
      out = Value::object(new FutureObj(FutureObj::Op::Send, self, std::move(a[1])));
      return NS::Ok;
    }
    if (give_way(cx)) return NS::Yield;
    return send_result(cx, self, &a[1], out);
  }
  if (bounded && m == Method::blocking_send && argc == 1) {
    if (give_way(cx)) return NS::Yield;
    return send_result(cx, self, &a[1], out);
  }
  if (bounded && m == Method::try_send && argc == 1) {
    if (give_way(cx)) return NS::Yield;
    auto& tx = as<SyncSenderObj>(self).tx;
    touch(channel_identity(tx.id()));
    auto r = tx.try_send(std::move(a[1]));
    if (r.is_ok()) {
      out = ok_unit();
    } else {
      auto& e = r.error();
      std::vector<Value> f;
      f.push_back(std::move(e).into_inner());
      out = make_err(record(builtin::TokioTrySendError, e.is_full() ? 0 : 1, std::move(f)));
    }
    return NS::Ok;
  }
  if (bounded && (m == Method::capacity || m == Method::max_capacity) && argc == 0) {
    auto& tx = as<SyncSenderObj>(self).tx;
    touch(channel_identity(tx.id()));
    std::size_t cap = tx.capacity().value_or(0);
    std::size_t len = tx.len();
    out = usize(m == Method::max_capacity ? cap : cap > len ? cap - len : 0);
    return NS::Ok;
  }
  if (m == Method::is_closed && argc == 0) {
    touch(channel_identity(bounded ? as<SyncSenderObj>(self).tx.id() : as<SenderObj>(self).tx.id()));
    out = Value::boolean(bounded ? as<SyncSenderObj>(self).tx.is_disconnected() : as<SenderObj>(self).tx.is_disconnected());
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

// Methods of tokio's Receiver and UnboundedReceiver.
NS tokio_receiver_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& rx = as<ReceiverObj>(self).rx;
  if (m == Method::recv && argc == 0) {
    out = Value::object(new FutureObj(FutureObj::Op::Recv, self));
    return NS::Ok;
  }
  if (m == Method::blocking_recv && argc == 0) {
    if (give_way(cx)) return NS::Yield;
    return recv_option(cx, self, out);
  }
  if (m == Method::try_recv && argc == 0) {
    if (give_way(cx)) return NS::Yield;
    touch(channel_identity(rx.id()));
    auto r = rx.try_recv();
    if (r.is_ok()) {
      out = make_ok(std::move(r).unwrap());
    } else {
      out = make_err(record(builtin::TokioTryRecvError, r.error() == mpsc::TryRecvError::Empty ? 0 : 1));
    }
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

// Methods of tokio's JoinHandle.
NS tokio_handle_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  Task& target = *as<JoinHandleObj>(self).task;
  if (m == Method::abort && argc == 0) {
    if (give_way(cx)) return NS::Yield;
    touch(thread_identity(target.thread_number));
    bool finished;
    {
      std::lock_guard lock(target.done_mutex);
      finished = target.finished;
    }
    if (!finished && target.on_runtime && !target.cancel_requested.exchange(true)) cx.t.ex.cancel(target);
    out = Value::unit();
    return NS::Ok;
  }
  if (m == Method::is_finished && argc == 0) {
    touch(thread_identity(target.thread_number));
    std::lock_guard lock(target.done_mutex);
    out = Value::boolean(target.finished);
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

std::span<const NativeReg> tokio_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::TokioEnter, enter_native},
      {Native::TokioSpawn, spawn_native},
      {Native::TokioTaskSpawn, spawn_native},
      {Native::SpawnBlocking, spawn_blocking_native},
      {Native::TokioYieldNow, yield_now_native},
      {Native::TokioChannel, channel_native},
      {Native::TokioUnboundedChannel, unbounded_channel_native},
      {Native::TokioSleep, sleep_native},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
