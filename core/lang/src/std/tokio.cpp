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
#include <thread>

#include "brigade/chan/backoff.hpp"
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
  task->pool = rt.tokio_pool();
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
  if (s == NS::Ok) as<JoinHandleObj>(out).tokio_id = cx.t.rt.next_tokio_id();  // (the thread itself is no task)
  return s;
}

NS yield_now_native(Ctx&, Native, Value*, Value& out) {
  out = Value::object(new FutureObj(FutureObj::Op::YieldNow));
  return NS::Ok;
}

// tokio's sleep(d) ends at now + d, counted from the call (not from the first await).
Value instant_after(Ctx& cx, std::int64_t d) {
  std::int64_t now = cx.t.ex.now_ns();
  return Value::scalar(Tag::Instant, d > INT64_MAX - now ? INT64_MAX : now + d);
}

NS sleep_native(Ctx& cx, Native n, Value* args, Value& out) {
  if (n == Native::TokioSleepUntil) {
    if (args[0].tag != Tag::Instant) return cx.fail("tokio::time::sleep_until takes an Instant");
    out = Value::object(new FutureObj(FutureObj::Op::Sleep, Value(), args[0]));
    return NS::Ok;
  }
  if (args[0].tag != Tag::Duration) return cx.fail("tokio::time::sleep takes a Duration");
  out = Value::object(new FutureObj(FutureObj::Op::Sleep, Value(), instant_after(cx, args[0].i)));
  return NS::Ok;
}

// timeout(d, f): f's output as Ok, or Err(Elapsed) once d has passed: a biased select of f and
// a sleep.
NS timeout_native(Ctx& cx, Native, Value* args, Value& out) {
  if (args[0].tag != Tag::Duration) return cx.fail("tokio::time::timeout takes a Duration");
  auto* f = new FutureObj(FutureObj::Op::Timeout);
  f->parts.push_back(std::move(args[1]));
  f->parts.push_back(Value::object(new FutureObj(FutureObj::Op::Sleep, Value(), instant_after(cx, args[0].i))));
  f->checks.resize(2);
  f->enabled.assign(2, 1);
  f->biased = true;
  out = Value::object(f);
  return NS::Ok;
}

NS interval_native(Ctx& cx, Native n, Value* args, Value& out) {
  const Value& period = n == Native::TokioInterval ? args[0] : args[1];
  if (period.tag != Tag::Duration) return cx.fail("tokio::time::interval takes a Duration");
  if (period.i <= 0) return cx.fail("`period` must be non-zero.");
  Value start = n == Native::TokioInterval ? Value::scalar(Tag::Instant, cx.t.ex.now_ns()) : args[0];
  if (start.tag != Tag::Instant) return cx.fail("tokio::time::interval_at takes an Instant");
  out = record(builtin::Interval, 0, {start, period});
  return NS::Ok;
}

NS oneshot_native(Ctx& cx, Native, Value*, Value& out) {
  auto [tx, rx] = mpsc::sync_channel<Value>(1);
  cx.t.rt.note_channel(rx.id());
  auto* s = new SyncSenderObj(std::move(tx));
  auto* r = new ReceiverObj(std::move(rx));
  s->tokio = r->tokio = true;
  s->oneshot = r->oneshot = true;
  out = tokio_pair(Value::object(s), Value::object(r));
  return NS::Ok;
}

// Runtime::new(), Builder::new_multi_thread(), Builder::new_current_thread(): a runtime written
// out by hand (what #[tokio::main] expands to), started by its first block_on.
NS runtime_native(Ctx&, Native n, Value*, Value& out) {
  Value workers = usize(0), current = Value::boolean(n == Native::BuilderCurrentThread);
  out = n == Native::RuntimeNew ? make_ok(record(builtin::TokioRuntime, 0, {workers, current}))
                                : record(builtin::RuntimeBuilder, 0, {workers, current});
  return NS::Ok;
}

// join!, try_join! and select!: the runtime's futures of the parts the macros wrote out.
NS combinator_native(Ctx&, Native n, Value* args, Value& out) {
  if (n == Native::TokioSelect) {
    auto* f = new FutureObj(FutureObj::Op::Select);
    f->biased = truthy(args[0]);
    f->has_else = truthy(args[1]);
    for (const auto& c : as_list(args[2]).items) f->enabled.push_back(truthy(c) ? 1 : 0);
    f->parts = std::move(as_list(args[3]).items);
    f->checks = std::move(as_list(args[4]).items);
    out = Value::object(f);
    return NS::Ok;
  }
  auto* f = new FutureObj(n == Native::TokioJoin ? FutureObj::Op::Join : FutureObj::Op::TryJoin);
  f->parts = std::move(as_list(args[0]).items);
  out = Value::object(f);
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
  trace::emit(trace::Kind::TokioChannel, rx.id());
  auto* s = new SyncSenderObj(std::move(tx));
  auto* r = new ReceiverObj(std::move(rx));
  s->tokio = r->tokio = true;
  out = tokio_pair(Value::object(s), Value::object(r));
  return NS::Ok;
}

NS unbounded_channel_native(Ctx& cx, Native, Value*, Value& out) {
  auto [tx, rx] = mpsc::channel<Value>();
  cx.t.rt.note_channel(rx.id());
  trace::emit(trace::Kind::TokioChannel, rx.id());
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

// A oneshot receive's Option as tokio gives it: Ok(value), or Err(RecvError) (the sender is gone).
Value oneshot_result(Value option) {
  if (option.is(ObjKind::Enum) && as_record(option).variant == 1) return make_ok(std::move(as_record(option).fields[0]));
  return make_err(record(builtin::OneshotRecvError, 0, {Value::unit()}));
}

NS recv_option(Ctx& cx, const Value& rx, Value& out) {
  Value item;
  bool disconnected = false, timeout = false;
  NS s = recv_step(cx, rx, nullptr, item, disconnected, timeout);
  if (s != NS::Ok) return s;
  out = disconnected ? make_none() : make_some(std::move(item));
  return NS::Ok;
}


// ---- reservations (Sender::reserve and its Permit) and Sender::closed

// A Permit for the slot just promised on `sender`: a handle of its own beside the sender it
// borrows, or (reserve_owned) the sender's handle itself, moved in.
Value make_permit(SyncSenderObj& sender, bool owned) {
  auto* p = owned ? new SyncSenderObj(std::move(sender.tx)) : new SyncSenderObj(sender.tx);
  p->tokio = true;
  p->permit = owned ? SyncSenderObj::Permit::Owned : SyncSenderObj::Permit::Borrowed;
  return Value::object(p);
}

Value closed_unit_error() {
  return make_err(record(builtin::TokioSendError, 0, {Value::unit()}));
}

// `reserve().await`: Ok(Permit) once a slot is promised, Err(SendError(())) once the receiver
// is gone. It waits as a send does (for a free slot), and is withdrawn the same way.
NS reserve_step(Ctx& cx, const Value& txv, bool owned, Value& out) {
  Task& t = cx.t;
  auto& sender = as<SyncSenderObj>(txv);
  if (!sender.tx) return cx.fail("borrow of moved value: the sender moved into an OwnedPermit");
  touch(channel_identity(sender.tx.id()));
  t.resuming = false;  // woken (a slot freed, or the receiver went): ask again
  t.wait = {};
  t.wait.kind = Wait::Kind::Send;
  t.wait.counted = true;
  t.counted_wait.store(true, std::memory_order_relaxed);
  t.wait.channel = sender.tx.id();
  t.wait.capacity = sender.tx.capacity();
  t.wait.span = cx.span;
  switch (sender.tx.start_reserve(t.waiter)) {
    case chan::Status::Ok:
      t.wait = {};
      out = make_ok(make_permit(sender, owned));
      return NS::Ok;
    case chan::Status::Disconnected:
      t.wait = {};
      out = closed_unit_error();
      return NS::Ok;
    case chan::Status::WouldBlock:
      break;
  }
  t.wait.endpoint = txv;
  t.wait.withdraw = withdraw_send;
  return NS::Blocked;
}

chan::WaitState withdraw_closed(Task& t) {
  chan::WaitState r = t.waiter.abort();
  if (r == chan::WaitState::Aborted) {
    const Value& e = t.wait.endpoint;
    if (e.is(ObjKind::SyncSender)) {
      as<SyncSenderObj>(e).tx.cancel_closed(t.waiter);
    } else {
      as<SenderObj>(e).tx.cancel_closed(t.waiter);
    }
  }
  return r;
}

chan::Status start_closed(const Value& txv, chan::Waiter& w) {
  return txv.is(ObjKind::SyncSender) ? as<SyncSenderObj>(txv).tx.start_closed(w) : as<SenderObj>(txv).tx.start_closed(w);
}

// `closed().await`: () once the receiver is gone or closed.
NS closed_step(Ctx& cx, const Value& txv, Value& out) {
  Task& t = cx.t;
  t.resuming = false;
  t.wait = {};
  t.wait.kind = Wait::Kind::Closed;
  t.wait.counted = true;
  t.counted_wait.store(true, std::memory_order_relaxed);
  t.wait.channel = txv.is(ObjKind::SyncSender) ? as<SyncSenderObj>(txv).tx.id() : as<SenderObj>(txv).tx.id();
  touch(channel_identity(t.wait.channel));
  t.wait.span = cx.span;
  if (start_closed(txv, t.waiter) != chan::Status::WouldBlock) {
    t.wait = {};
    out = Value::unit();
    return NS::Ok;
  }
  t.wait.endpoint = txv;
  t.wait.withdraw = withdraw_closed;
  return NS::Blocked;
}

// Permit::send (OwnedPermit::send gives the sender back). It never waits in tokio; here it can
// only in the race chan/array.hpp describes (a plain send took the promised slot as the permit
// was made), until the next receive frees one.
NS permit_send(Ctx& cx, Value& self, Value value, Value& out) {
  auto& p = as<SyncSenderObj>(self);
  if (p.permit_used || !p.tx) return cx.fail("use of moved value: this permit has sent already");
  touch(channel_identity(p.tx.id()));
  chan::detail::Backoff backoff;
  while (p.tx.try_send_reserved(value) == chan::Status::WouldBlock) {
    if (cx.t.ex.stopping()) return NS::Stop;
    if (backoff.is_completed()) {
      std::this_thread::yield();
    } else {
      backoff.snooze();
    }
  }
  p.permit_used = true;
  if (p.permit == SyncSenderObj::Permit::Owned) {
    auto* tx = new SyncSenderObj(std::move(p.tx));
    tx->tokio = true;
    out = Value::object(tx);
  } else {
    out = Value::unit();
  }
  return NS::Ok;
}


// ---- combinators: join!, try_join!, select!, timeout

// An Interval's tick is over: the Instant it was due, and the next one a period later (tokio's
// default MissedTickBehavior::Burst: late ticks come at once until it has caught up).
Value tick_done(FutureObj& f) {
  auto& fields = as_record(f.target).fields;
  Value due = fields[0];
  fields[0] = Value::scalar(Tag::Instant, due.i + fields[1].i);
  return due;
}

bool is_block(const Value& v) {
  return v.is(ObjKind::Future) && as<FutureObj>(v).op == FutureObj::Op::Block;
}

// A task of the run's own (no tokio Id) that runs `future` for a combinator: an async block's
// body, or `f.await` (Module::await_fn) for anything else. The branches take turns on the
// combinator's one worker (`group`), as tokio polls them one after another in one task; in
// panics they go by their parent's name.
std::shared_ptr<Task> start_child(Ctx& cx, const Value& future, const std::shared_ptr<WorkerPool>& group) {
  Runtime& rt = cx.t.rt;
  auto task = std::make_shared<Task>(rt, cx.t.ex);
  task->name = cx.t.name;
  task->thread_number = rt.next_thread_number();
  task->pool = group;
  if (is_block(future)) {
    const Value& closure = as<FutureObj>(future).target;
    const std::uint32_t fn = as<ClosureObj>(closure).function;
    const Function& callee = cx.m.functions[fn];
    task->stack.resize(callee.locals, Value::empty());
    auto& c = as<ClosureObj>(closure);
    for (std::size_t i = 0; i < callee.capture_slots.size() && i < c.captures.size(); ++i) {
      task->stack[callee.capture_slots[i]] = c.captures[i];
    }
    task->frames.push_back(Frame{fn, 0, 0});
  } else {
    const Function& callee = cx.m.functions[cx.m.await_fn];
    task->stack.resize(callee.locals, Value::empty());
    task->stack[0] = future;
    task->frames.push_back(Frame{cx.m.await_fn, 0, 0});
  }
  if (!cx.t.ex.spawn(task)) return nullptr;
  return task;
}

void cancel_child(Task& parent, const std::shared_ptr<Task>& child) {
  if (!child) return;
  {
    std::lock_guard lock(child->done_mutex);
    if (child->finished) return;
  }
  if (!child->cancel_requested.exchange(true)) parent.ex.cancel(*child);
}

// Part i's output, if it has one now (a try of its operation; nothing waits). `panicked`: a
// child that ran it panicked (its message is out already).
bool poll_part(Ctx& cx, FutureObj& s, std::size_t i, Value& out, bool& panicked) {
  Task& t = cx.t;
  if (s.children[i]) {
    Task& child = *s.children[i];
    std::lock_guard lock(child.done_mutex);
    if (!child.finished) return false;
    panicked = child.panicked;
    out = child.result;
    return true;
  }
  Value& p = s.parts[i];
  if (p.is(ObjKind::JoinHandle) && as<JoinHandleObj>(p).tokio_id != 0) {
    Task& target = *as<JoinHandleObj>(p).task;
    touch(thread_identity(target.thread_number));
    std::lock_guard lock(target.done_mutex);
    if (!target.finished) return false;
    out = target.cancelled || target.panicked ? join_error(target, as<JoinHandleObj>(p).tokio_id) : make_ok(target.result);
    return true;
  }
  const bool oneshot_rx = p.is(ObjKind::Receiver) && as<ReceiverObj>(p).oneshot;
  if (oneshot_rx || (p.is(ObjKind::Future) && as<FutureObj>(p).op == FutureObj::Op::Recv)) {
    const Value& rxv = oneshot_rx ? p : as<FutureObj>(p).target;
    auto& rx = as<ReceiverObj>(rxv);
    touch(channel_identity(rx.rx.id()));
    std::optional<Value> got = std::move(s.slots[i]);
    s.slots[i].reset();
    bool closed = false;
    if (!got) {
      auto r = rx.rx.try_recv();
      if (r.is_ok()) {
        got = std::move(r).unwrap();
      } else if (r.error() == mpsc::TryRecvError::Disconnected) {
        closed = true;
      } else {
        return false;
      }
    }
    if (rx.oneshot) {
      out = closed ? make_err(record(builtin::OneshotRecvError, 0, {Value::unit()})) : make_ok(std::move(*got));
    } else {
      out = closed ? make_none() : make_some(std::move(*got));
    }
    return true;
  }
  if (!p.is(ObjKind::Future)) {
    out = Value();
    return false;
  }
  auto& f = as<FutureObj>(p);
  switch (f.op) {
    case FutureObj::Op::Sleep:
    case FutureObj::Op::Tick: {
      const Value& deadline = f.op == FutureObj::Op::Tick ? as_record(f.target).fields[0] : f.arg;
      if (t.ex.now_ns() < deadline.i) return false;
      out = f.op == FutureObj::Op::Tick ? tick_done(f) : Value::unit();
      return true;
    }
    case FutureObj::Op::YieldNow:
      out = Value::unit();
      return true;
    case FutureObj::Op::Send: {
      auto& tx = as<SyncSenderObj>(f.target).tx;
      touch(channel_identity(tx.id()));
      if (s.slots[i]) {  // sent while it waited
        s.slots[i].reset();
        out = ok_unit();
        return true;
      }
      auto r = tx.try_send(std::move(f.arg));
      if (r.is_ok()) {
        out = ok_unit();
        return true;
      }
      auto& e = r.error();
      const bool full = e.is_full();
      f.arg = std::move(e).into_inner();
      if (full) return false;
      std::vector<Value> fields;
      fields.push_back(std::move(f.arg));
      out = make_err(record(builtin::TokioSendError, 0, std::move(fields)));
      return true;
    }
    case FutureObj::Op::Reserve: {
      auto& sender = as<SyncSenderObj>(f.target);
      if (!sender.tx) return false;
      touch(channel_identity(sender.tx.id()));
      chan::Status st = sender.tx.try_reserve();
      if (st == chan::Status::WouldBlock) return false;
      out = st == chan::Status::Ok ? make_ok(make_permit(sender, truthy(f.arg))) : closed_unit_error();
      return true;
    }
    case FutureObj::Op::Closed: {
      const bool sync = f.target.is(ObjKind::SyncSender);
      touch(channel_identity(sync ? as<SyncSenderObj>(f.target).tx.id() : as<SenderObj>(f.target).tx.id()));
      if (!(sync ? as<SyncSenderObj>(f.target).tx.is_disconnected() : as<SenderObj>(f.target).tx.is_disconnected())) return false;
      out = Value::unit();
      return true;
    }
    default:
      return false;
  }
}

// Registers the task's one waiter where part i will make progress. True: it has an output
// already (poll it again).
bool register_part(Task& t, FutureObj& s, std::size_t i, std::optional<std::int64_t>& until) {
  auto join_on = [&](Task& target) {
    std::lock_guard lock(target.done_mutex);
    if (target.finished) return true;
    target.joiners.push_back(&t);
    return false;
  };
  if (s.children[i]) return join_on(*s.children[i]);
  Value& p = s.parts[i];
  if (p.is(ObjKind::JoinHandle)) return join_on(*as<JoinHandleObj>(p).task);
  const bool oneshot_rx = p.is(ObjKind::Receiver) && as<ReceiverObj>(p).oneshot;
  if (oneshot_rx || (p.is(ObjKind::Future) && as<FutureObj>(p).op == FutureObj::Op::Recv)) {
    auto& rx = as<ReceiverObj>(oneshot_rx ? p : as<FutureObj>(p).target).rx;
    return rx.start_recv(s.slots[i], t.waiter) != chan::Status::WouldBlock;
  }
  auto& f = as<FutureObj>(p);
  switch (f.op) {
    case FutureObj::Op::Sleep:
    case FutureObj::Op::Tick: {
      const Value& deadline = f.op == FutureObj::Op::Tick ? as_record(f.target).fields[0] : f.arg;
      until = std::min(until.value_or(INT64_MAX), deadline.i);
      return false;
    }
    case FutureObj::Op::Send: {
      chan::Status st = as<SyncSenderObj>(f.target).tx.start_send(f.arg, t.waiter);
      if (st == chan::Status::Ok) s.slots[i] = Value::unit();
      return st != chan::Status::WouldBlock;
    }
    case FutureObj::Op::Reserve: {
      // A slot promised while registering goes back: the poll that follows asks again.
      auto& tx = as<SyncSenderObj>(f.target).tx;
      if (!tx) return true;
      chan::Status st = tx.start_reserve(t.waiter);
      if (st == chan::Status::Ok) tx.release_reservation();
      return st != chan::Status::WouldBlock;
    }
    case FutureObj::Op::Closed:
      return start_closed(f.target, t.waiter) != chan::Status::WouldBlock;
    default:
      return true;
  }
}

// Takes back every registration of the select's waiter (after a wake-up, or to give it up).
void unregister_parts(Task& t, FutureObj& s) {
  auto off = [&](Task& target) {
    std::lock_guard lock(target.done_mutex);
    auto& j = target.joiners;
    j.erase(std::remove(j.begin(), j.end(), &t), j.end());
  };
  for (std::size_t i = 0; i < s.parts.size(); ++i) {
    if (s.children[i]) {
      off(*s.children[i]);
      continue;
    }
    Value& p = s.parts[i];
    if (p.is(ObjKind::JoinHandle)) {
      off(*as<JoinHandleObj>(p).task);
    } else if (p.is(ObjKind::Receiver)) {
      as<ReceiverObj>(p).rx.cancel_recv(t.waiter);
    } else if (p.is(ObjKind::Future) && as<FutureObj>(p).op == FutureObj::Op::Recv) {
      as<ReceiverObj>(as<FutureObj>(p).target).rx.cancel_recv(t.waiter);
    } else if (p.is(ObjKind::Future) && (as<FutureObj>(p).op == FutureObj::Op::Send || as<FutureObj>(p).op == FutureObj::Op::Reserve)) {
      auto& tx = as<SyncSenderObj>(as<FutureObj>(p).target).tx;
      if (tx) tx.cancel_send(t.waiter);
    } else if (p.is(ObjKind::Future) && as<FutureObj>(p).op == FutureObj::Op::Closed) {
      const Value& txv = as<FutureObj>(p).target;
      if (txv.is(ObjKind::SyncSender)) {
        as<SyncSenderObj>(txv).tx.cancel_closed(t.waiter);
      } else {
        as<SenderObj>(txv).tx.cancel_closed(t.waiter);
      }
    }
  }
}

chan::WaitState withdraw_select(Task& t) {
  chan::WaitState r = t.waiter.abort();
  unregister_parts(t, as<FutureObj>(t.wait.endpoint));
  return r;
}

// A combinator's first poll: the turn its branch tasks share, a place per part.
void begin_parts(FutureObj& s) {
  s.started = true;
  s.group = std::make_shared<WorkerPool>(1);
  s.children.resize(s.parts.size());
  s.slots.resize(s.parts.size());
  s.enabled.resize(s.parts.size(), 1);
}

// A select's random pick among ready branches (tokio: a random start), made from the task's
// own count so that a virtual run repeats it.
std::size_t select_start(Task& t, std::size_t n) {
  std::uint64_t x = (t.thread_number << 32) ^ t.select_rolls++;
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return n == 0 ? 0 : static_cast<std::size_t>(x % n);
}

// The first ready branch whose output matches its pattern: (i, output) — for a timeout, Ok(output)
// or Err(Elapsed). Waits on every enabled branch at once while none is ready.
NS select_step(Ctx& cx, Value& fv, Value& out) {
  Task& t = cx.t;
  auto& s = as<FutureObj>(fv);
  const std::size_t n = s.parts.size();
  if (!s.started) {
    begin_parts(s);
    for (auto& p : s.parts) {  // `&mut sleep`: the future itself (shared: its state is the one polled)
      if (p.tag == Tag::Ref && static_cast<std::size_t>(p.i) < t.stack.size()) p = t.stack[static_cast<std::size_t>(p.i)];
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (s.enabled[i] && is_block(s.parts[i])) {
        s.children[i] = start_child(cx, s.parts[i], s.group);
        if (!s.children[i]) return NS::Stop;
      }
    }
  }
  if (t.resuming) {
    t.resuming = false;
    if (t.wake != chan::WaitState::Aborted) unregister_parts(t, s);  // (a deadline's withdraw did already)
    t.wait = {};
  }
  auto finish = [&](std::size_t i, Value v) {
    for (std::size_t k = 0; k < n; ++k) {
      if (k != i) cancel_child(t, s.children[k]);
    }
    if (s.op == FutureObj::Op::Timeout) {
      out = i == 0 ? make_ok(std::move(v)) : make_err(record(builtin::Elapsed, 0, {Value::unit()}));
    } else {
      std::vector<Value> pair;
      pair.push_back(usize(i));
      pair.push_back(std::move(v));
      out = make_list(ObjKind::Tuple, std::move(pair));
    }
    return NS::Ok;
  };
  for (;;) {
    if (s.checking) {  // the pattern check of branch s.next, called (and now returned)
      Value r;
      NS c = invoke(cx, s.awaiting, s.checks[s.next], s.candidate, r);
      if (c != NS::Ok) return c;
      s.checking = false;
      if (truthy(r)) return finish(s.next, std::move(s.candidate));
      s.enabled[s.next] = 0;  // its output did not match: the branch is disabled
      s.candidate = Value();
      continue;
    }
    if (give_way(cx)) return NS::Yield;
    const std::size_t first = s.biased ? 0 : select_start(t, n);
    bool any = false;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (first + k) % n;
      if (!s.enabled[i]) continue;
      any = true;
      Value v;
      bool panicked = false;
      if (!poll_part(cx, s, i, v, panicked)) continue;
      if (panicked) return NS::Panicked;
      if (!s.checks[i].is(ObjKind::Closure) && s.checks[i].tag != Tag::Fn) return finish(i, std::move(v));
      s.checking = true;
      s.next = i;
      s.candidate = std::move(v);
      break;
    }
    if (s.checking) continue;
    if (!any) {
      if (!s.has_else) return cx.fail("all branches are disabled and there is no else branch");
      std::vector<Value> pair;
      pair.push_back(usize(SIZE_MAX));
      pair.push_back(Value::unit());
      out = make_list(ObjKind::Tuple, std::move(pair));
      return NS::Ok;
    }
    // Nothing is ready: wait on every enabled branch at once.
    t.wait = {};
    t.waiter.reset();
    std::optional<std::int64_t> until;
    bool ready = false;
    for (std::size_t i = 0; i < n && !ready; ++i) {
      if (s.enabled[i]) ready = register_part(t, s, i, until);
    }
    if (ready) {  // one had its output while the others were registering: take them all back
      (void)t.waiter.abort();
      unregister_parts(t, s);
      continue;
    }
    // What it waits for, as reports show it: a channel's receive or send, a task's end, or only
    // a time (a wait of any other kind wakes on its waiter too, and at `until`).
    t.wait.kind = Wait::Kind::Sleep;
    for (std::size_t i = 0; i < n; ++i) {
      if (!s.enabled[i]) continue;
      const Value& p = s.parts[i];
      if (s.children[i] || p.is(ObjKind::JoinHandle)) {
        t.wait.kind = Wait::Kind::Join;
      } else if (p.is(ObjKind::Receiver) || (p.is(ObjKind::Future) && as<FutureObj>(p).op == FutureObj::Op::Recv)) {
        t.wait.kind = Wait::Kind::Recv;
        t.wait.channel = as<ReceiverObj>(p.is(ObjKind::Receiver) ? p : as<FutureObj>(p).target).rx.id();
        break;
      } else if (p.is(ObjKind::Future) && (as<FutureObj>(p).op == FutureObj::Op::Send || as<FutureObj>(p).op == FutureObj::Op::Reserve)) {
        t.wait.kind = Wait::Kind::Send;
        auto& tx = as<SyncSenderObj>(as<FutureObj>(p).target).tx;
        if (tx) t.wait.channel = tx.id();
        break;
      }
    }
    t.wait.until = until;
    t.wait.counted = !until;
    t.counted_wait.store(t.wait.counted, std::memory_order_relaxed);
    t.wait.span = cx.span;
    t.wait.endpoint = fv;
    t.wait.withdraw = withdraw_select;
    return NS::Blocked;
  }
}

// join! and try_join!: every part as a task of its own, their outputs in order (try_join!: the
// first Err instead, the others cancelled).
NS join_all_step(Ctx& cx, Value& fv, Value& out) {
  Task& t = cx.t;
  auto& s = as<FutureObj>(fv);
  const std::size_t n = s.parts.size();
  if (!s.started) {
    begin_parts(s);
    for (std::size_t i = 0; i < n; ++i) {
      s.children[i] = start_child(cx, s.parts[i], s.group);
      if (!s.children[i]) return NS::Stop;
    }
  }
  if (t.resuming) {
    t.resuming = false;
    t.wait = {};
  }
  while (s.next < n) {
    Task& child = *s.children[s.next];
    std::unique_lock lock(child.done_mutex);
    if (!child.finished) {
      t.wait = {};
      t.wait.kind = Wait::Kind::Join;
      t.wait.counted = true;
      t.counted_wait.store(true, std::memory_order_relaxed);
      t.wait.joined = static_cast<std::uint32_t>(child.thread_number);
      t.wait.span = cx.span;
      t.wait.endpoint = fv;
      t.wait.withdraw = withdraw_select;
      t.waiter.reset();
      child.joiners.push_back(&t);
      return NS::Blocked;
    }
    lock.unlock();
    if (child.panicked) return NS::Panicked;
    Value v = child.result;
    if (s.op == FutureObj::Op::TryJoin) {
      if (v.is(ObjKind::Enum) && as_record(v).type == builtin::Result && as_record(v).variant == 1) {
        for (std::size_t k = s.next + 1; k < n; ++k) cancel_child(t, s.children[k]);
        out = std::move(v);
        return NS::Ok;
      }
      if (v.is(ObjKind::Enum) && !as_record(v).fields.empty()) v = as_record(v).fields[0];
    }
    s.outputs.push_back(std::move(v));
    ++s.next;
  }
  Value tuple = make_list(ObjKind::Tuple, std::move(s.outputs));
  out = s.op == FutureObj::Op::TryJoin ? make_ok(std::move(tuple)) : std::move(tuple);
  return NS::Ok;
}

}  // namespace

// `.await` of anything but an async block (whose closure the interpreter calls itself).
NS await_native(Ctx& cx, Value& fv, Value& out) {
  Task& t = cx.t;
  if (fv.is(ObjKind::JoinHandle) && as<JoinHandleObj>(fv).tokio_id != 0) return await_join(cx, fv, out);
  if (fv.is(ObjKind::Receiver) && as<ReceiverObj>(fv).oneshot) {  // a oneshot Receiver is a future
    if (give_way(cx)) return NS::Yield;
    NS s = recv_option(cx, fv, out);
    if (s == NS::Blocked) t.wait.yields = true;
    if (s == NS::Ok) out = oneshot_result(std::move(out));
    return s;
  }
  if (!fv.is(ObjKind::Future)) return cx.fail(std::string("`.await` of ") + type_name(fv) + ", which is not a future");
  auto& f = as<FutureObj>(fv);
  NS s = NS::Ok;
  switch (f.op) {
    case FutureObj::Op::Block:
      return cx.fail("internal: an async block reached await_native");
    case FutureObj::Op::Sleep:
    case FutureObj::Op::Tick: {
      Value deadline = f.op == FutureObj::Op::Tick ? as_record(f.target).fields[0] : f.arg;
      s = sleep_step(cx, Value::scalar(Tag::Duration, std::max<std::int64_t>(0, deadline.i - t.ex.now_ns())));
      if (s == NS::Ok) out = f.op == FutureObj::Op::Tick ? tick_done(f) : Value::unit();
      break;
    }
    case FutureObj::Op::Join:
    case FutureObj::Op::TryJoin:
      s = join_all_step(cx, fv, out);
      break;
    case FutureObj::Op::Select:
    case FutureObj::Op::Timeout:
      s = select_step(cx, fv, out);
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
    case FutureObj::Op::Reserve:
      if (give_way(cx)) return NS::Yield;
      s = reserve_step(cx, f.target, truthy(f.arg), out);
      break;
    case FutureObj::Op::Closed:
      if (give_way(cx)) return NS::Yield;
      s = closed_step(cx, f.target, out);
      break;
  }
  if (s == NS::Blocked) t.wait.yields = true;
  return s;
}

// Methods of tokio's Sender (bounded: a SyncSenderObj) and UnboundedSender (a SenderObj).
NS tokio_sender_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  const bool bounded = self.is(ObjKind::SyncSender);
  if (bounded) {
    auto& sender = as<SyncSenderObj>(self);
    if (!sender.tx) return cx.fail("borrow of moved value: the sender moved into an OwnedPermit");
    if (sender.permit != SyncSenderObj::Permit::None) {  // a Permit: it only sends
      if (m == Method::send && argc == 1) {
        if (give_way(cx)) return NS::Yield;
        return permit_send(cx, self, std::move(a[1]), out);
      }
      return no_method(cx, name, argc, self);
    }
    if ((m == Method::reserve || m == Method::reserve_owned) && argc == 0) {  // a future
      out = Value::object(new FutureObj(FutureObj::Op::Reserve, self, Value::boolean(m == Method::reserve_owned)));
      return NS::Ok;
    }
    if ((m == Method::try_reserve || m == Method::try_reserve_owned) && argc == 0) {
      if (give_way(cx)) return NS::Yield;
      touch(channel_identity(sender.tx.id()));
      chan::Status st = sender.tx.try_reserve();
      const bool owned = m == Method::try_reserve_owned;
      if (st == chan::Status::Ok) {
        out = make_ok(make_permit(sender, owned));
      } else {  // Full or Closed, of () — or of the sender itself, for try_reserve_owned
        out = make_err(record(builtin::TokioTrySendError, st == chan::Status::WouldBlock ? 0 : 1, {owned ? self : Value::unit()}));
      }
      return NS::Ok;
    }
  }
  if (m == Method::closed && argc == 0) {
    out = Value::object(new FutureObj(FutureObj::Op::Closed, self));
    return NS::Ok;
  }
  if (bounded && as<SyncSenderObj>(self).oneshot && m == Method::send && argc == 1) {
    // oneshot's send is not async: Ok(()), or Err(value) when the receiver is gone.
    if (give_way(cx)) return NS::Yield;
    auto& tx = as<SyncSenderObj>(self).tx;
    touch(channel_identity(tx.id()));
    auto r = tx.try_send(std::move(a[1]));
    out = r.is_ok() ? ok_unit() : make_err(std::move(r.error()).into_inner());
    a[0] = Value();  // send takes the sender: the receiver sees it gone
    return NS::Ok;
  }
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
    out = try_send_result(as<SyncSenderObj>(self), std::move(a[1]), builtin::TokioTrySendError);
    return NS::Ok;
  }
  if (bounded && (m == Method::capacity || m == Method::max_capacity) && argc == 0) {
    auto& tx = as<SyncSenderObj>(self).tx;
    touch(channel_identity(tx.id()));
    std::size_t cap = tx.capacity().value_or(0);
    std::size_t len = tx.len() + tx.reserved();  // a promised slot is not free
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
  if (m == Method::close && argc == 0) {
    touch(channel_identity(rx.id()));
    rx.close();
    out = Value::unit();
    return NS::Ok;
  }
  if (m == Method::blocking_recv && argc == 0) {
    if (give_way(cx)) return NS::Yield;
    NS s = recv_option(cx, self, out);
    if (s == NS::Ok && as<ReceiverObj>(self).oneshot) out = oneshot_result(std::move(out));
    return s;
  }
  if (m == Method::try_recv && argc == 0) {
    if (give_way(cx)) return NS::Yield;
    touch(channel_identity(rx.id()));
    auto r = rx.try_recv();
    const std::uint32_t error = as<ReceiverObj>(self).oneshot ? builtin::OneshotTryRecvError : builtin::TokioTryRecvError;
    if (r.is_ok()) {
      out = make_ok(std::move(r).unwrap());
    } else {
      out = make_err(record(error, r.error() == mpsc::TryRecvError::Empty ? 0 : 1));
    }
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

// Methods of a future: Pin's as_mut (a future here never moves: itself), and a Sleep's.
NS future_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& f = as<FutureObj>(self);
  if (m == Method::as_mut && argc == 0) {
    out = self;
    return NS::Ok;
  }
  if (f.op == FutureObj::Op::Sleep) {
    if (m == Method::reset && argc == 1 && a[1].tag == Tag::Instant) {
      f.arg = a[1];
      out = Value::unit();
      return NS::Ok;
    }
    if (m == Method::deadline && argc == 0) {
      out = f.arg;
      return NS::Ok;
    }
    if (m == Method::is_elapsed && argc == 0) {
      out = Value::boolean(cx.t.ex.now_ns() >= f.arg.i);
      return NS::Ok;
    }
  }
  return no_method(cx, name, argc, self);
}

// Methods of tokio::runtime::Builder and Runtime.
NS runtime_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& r = as_record(self);
  if (r.type == builtin::RuntimeBuilder) {
    if ((m == Method::enable_all || m == Method::enable_time || m == Method::enable_io) && argc == 0) {
      out = self;
      return NS::Ok;
    }
    if (m == Method::worker_threads && argc == 1) {
      std::uint64_t n = 0;
      if (!count_of(a[1], n) || n == 0) return cx.fail("Worker threads cannot be set to 0");
      r.fields[0] = usize(std::min<std::uint64_t>(n, 64));
      out = self;
      return NS::Ok;
    }
    if (m == Method::build && argc == 0) {
      out = make_ok(record(builtin::TokioRuntime, 0, {r.fields[0], r.fields[1]}));
      return NS::Ok;
    }
    return no_method(cx, name, argc, self);
  }
  auto start = [&] {
    if (cx.t.rt.tokio_workers() != 0) return;
    std::uint64_t workers = 0;
    (void)count_of(r.fields[0], workers);
    cx.t.rt.start_tokio(cx.t, static_cast<unsigned>(workers), truthy(r.fields[1]));
  };
  if (m == Method::block_on && argc == 1) {
    // The future runs on this thread, as #[tokio::main]'s does: an async block's closure called.
    StateObj& st = frame_state(cx);
    if (!st.awaiting) {
      start();
      if (!is_block(a[1])) return cx.fail("block_on of this future is not supported in Brigade: give it an `async { .. }` block");
    }
    return invoke(cx, st.awaiting, as<FutureObj>(a[1]).target, CallArgs{}, out);
  }
  if (m == Method::spawn && argc == 1) {
    start();
    if (give_way(cx)) return NS::Yield;
    return spawn_task(cx, std::move(a[1]), out);
  }
  return no_method(cx, name, argc, self);
}

// Methods of tokio::time::Interval (a record: the next tick's Instant, the period).
NS interval_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& fields = as_record(self).fields;
  if (m == Method::tick && argc == 0) {  // a future: the tick is taken when it completes
    out = Value::object(new FutureObj(FutureObj::Op::Tick, self));
    return NS::Ok;
  }
  if (m == Method::reset && argc == 0) {
    fields[0] = instant_after(cx, fields[1].i);
    out = Value::unit();
    return NS::Ok;
  }
  if (m == Method::period && argc == 0) {
    out = fields[1];
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
    if (!finished && target.pool && !target.cancel_requested.exchange(true)) cx.t.ex.cancel(target);
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
      {Native::TokioSleepUntil, sleep_native},
      {Native::TokioTimeout, timeout_native},
      {Native::TokioInterval, interval_native},
      {Native::TokioIntervalAt, interval_native},
      {Native::OneshotChannel, oneshot_native},
      {Native::TokioJoin, combinator_native},
      {Native::TokioTryJoin, combinator_native},
      {Native::TokioSelect, combinator_native},
      {Native::RuntimeNew, runtime_native},
      {Native::BuilderMultiThread, runtime_native},
      {Native::BuilderCurrentThread, runtime_native},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
