// std/thread.cpp — std::thread: spawn, join, sleep, scope (scoped threads), park and unpark,
// and JoinHandle's methods.
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

// A join's withdrawal (vm.hpp, Wait::withdraw): off the joined task's list first, so that its
// end cannot wake a waiter that is going away.
chan::WaitState withdraw_join(Task& t) {
  auto& target = *as<JoinHandleObj>(t.wait.endpoint).task;
  {
    std::lock_guard lock(target.done_mutex);
    auto& j = target.joiners;
    j.erase(std::remove(j.begin(), j.end(), &t), j.end());
  }
  return t.waiter.abort();
}

}  // namespace

NS join_step(Ctx& cx, const Value& hv, Value& out) {
  NS s = await_finished(cx, hv);
  if (s != NS::Ok) return s;
  auto& target = *as<JoinHandleObj>(hv).task;
  std::lock_guard lock(target.done_mutex);
  target.joined = true;
  if (target.panicked) {
    out = make_err(record(builtin::PanicPayload, 0));
  } else {
    out = make_ok(std::move(target.result));
  }
  return NS::Ok;
}

NS await_finished(Ctx& cx, const Value& hv) {
  if (give_way(cx)) return NS::Yield;
  Task& t = cx.t;
  auto& target = *as<JoinHandleObj>(hv).task;
  t.resuming = false;
  touch(thread_identity(target.thread_number));
  std::unique_lock lock(target.done_mutex);
  t.wait = {};
  if (target.finished) return NS::Ok;
  wait_on(t, cx, Wait::Kind::Join, hv, std::nullopt, withdraw_join);
  t.wait.joined = static_cast<std::uint32_t>(target.thread_number);
  target.joiners.push_back(&t);
  trace::emit(trace::Kind::JoinBlocked, 0, target.trace_id.load(std::memory_order_relaxed));
  return NS::Blocked;
}

NS sleep_step(Ctx& cx, const Value& d) {
  Task& t = cx.t;
  if (t.resuming) {
    t.resuming = false;
    t.wait = {};
    return NS::Ok;
  }
  if (d.tag != Tag::Duration) return cx.fail("thread::sleep takes a Duration");
  t.wait = {};
  t.wait.kind = Wait::Kind::Sleep;
  t.wait.until = time_after(t, d.i);
  t.wait.span = cx.span;
  trace::emit(trace::Kind::Sleep, 0, static_cast<std::uint64_t>(d.i));
  return NS::Blocked;
}

// thread::spawn, Builder::spawn with a name, and Scope::spawn (`scope`): a task running `f` on
// its own thread.
NS spawn_thread(Ctx& cx, Value f, std::optional<std::string> name, Value& out, ScopeObj* scope) {
  auto task = std::make_shared<Task>(cx.t.rt, cx.t.ex);
  if (name) task->name = *name;
  task->thread_number = cx.t.rt.next_thread_number();
  std::uint32_t fn;
  if (f.tag == Tag::Fn) {
    fn = static_cast<std::uint32_t>(f.i);
  } else if (f.is(ObjKind::Closure)) {
    fn = as<ClosureObj>(f).function;
  } else {
    return cx.fail("thread::spawn takes a closure");
  }
  const Function& callee = cx.m.functions[fn];
  if (callee.arity != 0) return cx.fail("thread::spawn takes a closure with no parameters");
  task->stack.reserve(256);
  task->stack.resize(callee.locals, Value::empty());
  if (f.is(ObjKind::Closure)) {
    auto& c = as<ClosureObj>(f);
    bool unique = c.refs.load(std::memory_order_acquire) == 1;
    for (std::size_t i = 0; i < callee.capture_slots.size() && i < c.captures.size(); ++i) {
      Value v = unique ? std::move(c.captures[i]) : c.captures[i];
      std::uint32_t slot = callee.capture_slots[i];
      if (scope != nullptr && v.tag == Tag::Ref && static_cast<std::size_t>(v.i) < cx.t.stack.size()) {
        // A scoped thread's borrow of its spawner's local (ScopeObj): a copy, sharing its object.
        auto at = static_cast<std::uint32_t>(v.i);
        v = cx.t.stack[at];
        if (scope->owner == &cx.t) task->borrows.emplace_back(slot, at);
      }
      task->stack[slot] = std::move(v);
    }
  }
  task->scope = scope;
  task->frames.push_back(Frame{fn, 0, 0});
  f = Value();
  if (!cx.t.ex.spawn(task)) return NS::Stop;
  out = Value::object(new JoinHandleObj(task));
  return NS::Ok;
}

// Methods of JoinHandle.
NS handle_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  if (m == Method::join) return join_step(cx, self, out);
  if (m == Method::thread && argc == 0) {
    out = thread_value(*as<JoinHandleObj>(self).task);
    return NS::Ok;
  }
  if (m == Method::is_finished) {
    auto& target = *as<JoinHandleObj>(self).task;
    std::lock_guard lock(target.done_mutex);
    out = Value::boolean(target.finished);
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

// The borrowed variables as a scoped thread leaves them, for its scope's end (ScopeObj): when
// its closure returns, before its locals go.
void return_borrows(Task& t) {
  std::lock_guard lock(t.scope->state);
  for (auto [slot, at] : t.borrows) {
    if (slot < t.stack.size()) t.scope->returned.push_back(ScopeObj::Returned{at, std::move(t.stack[slot])});
  }
  t.borrows.clear();
}

// Scope::spawn: a thread that may borrow what the scope's caller owns.
NS scope_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  if (m != Method::spawn || argc != 1) return no_method(cx, name, argc, a[0]);
  if (give_way(cx)) return NS::Yield;
  auto& scope = as<ScopeObj>(a[0]);
  NS s = spawn_thread(cx, std::move(a[1]), std::nullopt, out, &scope);
  if (s != NS::Ok) return s;
  std::lock_guard lock(scope.state);
  scope.handles.push_back(out);
  return NS::Ok;
}

Value thread_value(const Task& t) {
  std::vector<Value> fields;
  fields.push_back(t.name == "<unnamed>" ? make_none() : make_some(make_str(t.name)));
  fields.push_back(record(builtin::ThreadId, 0, {Value::integer(static_cast<std::int64_t>(t.thread_number), IntKind::U64)}));
  return record(builtin::Thread, 0, std::move(fields));
}

namespace {

chan::WaitState withdraw_park(Task& t) {
  {
    std::lock_guard lock(t.done_mutex);
    t.parked = false;
  }
  return t.waiter.abort();
}

}  // namespace

// Thread::unpark: the thread's token, which its next park() (or the one it is in) takes.
NS unpark_thread(Ctx& cx, const Value& thread) {
  if (give_way(cx)) return NS::Yield;
  const Value& id = as_record(thread).fields[1];
  std::uint64_t number = static_cast<std::uint64_t>(as_record(id).fields[0].i);
  touch(thread_identity(number));
  Task* wake = nullptr;
  cx.t.rt.for_each_task([&](Task& t) {
    if (t.thread_number != number || t.tokio_id != 0) return;
    std::lock_guard lock(t.done_mutex);
    if (t.parked) {
      t.parked = false;
      wake = &t;
    } else {
      t.park_token = true;
    }
  });
  if (wake != nullptr) wake->waiter.try_wake(chan::WaitState::Notified);
  return NS::Ok;
}

// ---- natives: thread::spawn, scope, sleep, yield_now, park, park_timeout, Builder::new, current
// (natives.cpp gathers every module's table)

namespace {

NS spawn_native(Ctx& cx, Native, Value* args, Value& out) {
  if (give_way(cx)) return NS::Yield;
  return spawn_thread(cx, std::move(args[0]), std::nullopt, out);
}

NS builder_new(Ctx&, Native, Value*, Value& out) {
  out = record(builtin::ThreadBuilder, 0, {make_none()});
  return NS::Ok;
}

NS thread_current(Ctx& cx, Native, Value*, Value& out) {
  out = thread_value(cx.t);
  return NS::Ok;
}

// thread::scope(f): f(&scope), then every thread spawned in the scope joined; then the borrowed
// variables handed back (ScopeObj). A scoped thread's panic that no join() took panics here, as
// std's scope does ("a scoped thread panicked", at the caller of thread::scope).
// Frame state: values[0] the Scope, values[1] f's result; step 1: joining, `index` the next.
NS scope_native(Ctx& cx, Native, Value* args, Value& out) {
  StateObj& st = frame_state(cx);
  if (st.step == 0) {
    if (st.values.empty()) {
      st.values.resize(2);
      st.values[0] = Value::object(new ScopeObj(&cx.t));
    }
    Value r;
    NS c = invoke(cx, st.awaiting, args[0], st.values[0], r);
    if (c != NS::Ok) return c;
    st.values[1] = std::move(r);
    st.step = 1;
  }
  auto& scope = as<ScopeObj>(st.values[0]);
  for (;;) {  // a scoped thread may spawn more while these are joined
    Value h;
    {
      std::lock_guard lock(scope.state);
      if (st.index < scope.handles.size()) h = scope.handles[st.index];
    }
    if (!h.is(ObjKind::JoinHandle)) break;
    NS s = await_finished(cx, h);
    if (s != NS::Ok) return s;
    ++st.index;
  }
  bool unhandled_panic = false;
  std::vector<ScopeObj::Returned> returned;
  std::vector<Value> handles;
  {
    std::lock_guard lock(scope.state);
    returned.swap(scope.returned);
    handles.swap(scope.handles);
  }
  for (auto& r : returned) {
    if (r.slot < cx.t.stack.size()) cx.t.stack[r.slot] = std::move(r.value);
  }
  for (const Value& h : handles) {
    Task& done = *as<JoinHandleObj>(h).task;
    std::lock_guard lock(done.done_mutex);
    unhandled_panic = unhandled_panic || (done.panicked && !done.joined);
  }
  if (unhandled_panic) return cx.fail("a scoped thread panicked");
  out = std::move(st.values[1]);
  return NS::Ok;
}

// thread::park, park_timeout(d): the token if there is one, else wait for unpark() (or d).
NS park_native(Ctx& cx, Native n, Value* args, Value& out) {
  Task& t = cx.t;
  out = Value::unit();
  if (t.resuming) {
    t.resuming = false;
    t.wait = {};
    std::lock_guard lock(t.done_mutex);
    t.parked = false;
    return NS::Ok;
  }
  bool timed = n == Native::ParkTimeout;
  if (timed && args[0].tag != Tag::Duration) return cx.fail("thread::park_timeout takes a Duration");
  if (give_way(cx)) return NS::Yield;
  touch(thread_identity(t.thread_number));
  std::lock_guard lock(t.done_mutex);
  if (t.park_token) {
    t.park_token = false;
    return NS::Ok;
  }
  wait_on(t, cx, Wait::Kind::Park, Value(), timed ? std::optional(time_after(t, args[0].i)) : std::nullopt, withdraw_park);
  t.parked = true;
  trace::emit(trace::Kind::Park, 0);
  return NS::Blocked;
}

// available_parallelism: a fixed number, the same on every host (README), so that a program
// that sizes its pool by it prints the same everywhere. NonZeroUsize is a usize here (`get()`).
NS available_parallelism(Ctx&, Native, Value*, Value& out) {
  out = make_ok(usize(kAvailableParallelism));
  return NS::Ok;
}

NS sleep_native(Ctx& cx, Native, Value* args, Value&) {
  return sleep_step(cx, args[0]);
}

NS yield_now(Ctx& cx, Native, Value*, Value& out) {
  if (give_way(cx)) return NS::Yield;  // under virtual time, the other tasks may go first
  std::this_thread::yield();
  out = Value::unit();
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> thread_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::Spawn, spawn_native},
      {Native::BuilderNew, builder_new},
      {Native::ThreadCurrent, thread_current},
      {Native::ThreadScope, scope_native},
      {Native::Park, park_native},
      {Native::ParkTimeout, park_native},
      {Native::AvailableParallelism, available_parallelism},
      {Native::Sleep, sleep_native},
      {Native::YieldNow, yield_now},
      {Native::SpinLoop, yield_now},  // a spin-wait's hint: on one thread, the others may go
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
