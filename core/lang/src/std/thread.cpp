// std/thread.cpp — std::thread: spawn, join, sleep, and JoinHandle's methods.
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
  if (give_way(cx)) return NS::Yield;
  Task& t = cx.t;
  auto& target = *as<JoinHandleObj>(hv).task;
  t.resuming = false;
  touch(thread_identity(target.thread_number));
  std::unique_lock lock(target.done_mutex);
  if (target.finished) {
    t.wait = {};
    if (target.panicked) {
      out = make_err(record(builtin::PanicPayload, 0));
    } else {
      out = make_ok(std::move(target.result));
    }
    return NS::Ok;
  }
  t.wait = {};
  t.wait.kind = Wait::Kind::Join;
  t.wait.counted = true;
  t.counted_wait.store(true, std::memory_order_relaxed);
  t.wait.joined = static_cast<std::uint32_t>(target.thread_number);
  t.wait.span = cx.span;
  t.wait.endpoint = hv;
  t.wait.withdraw = withdraw_join;
  t.waiter.reset();
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
  std::int64_t now = t.ex.now_ns();
  t.wait.until = d.i > INT64_MAX - now ? INT64_MAX : now + d.i;
  t.wait.span = cx.span;
  trace::emit(trace::Kind::Sleep, 0, static_cast<std::uint64_t>(d.i));
  return NS::Blocked;
}

// thread::spawn, and Builder::spawn with a name: a task running `f` on its own thread.
NS spawn_thread(Ctx& cx, Value f, std::optional<std::string> name, Value& out) {
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
      task->stack[callee.capture_slots[i]] = unique ? std::move(c.captures[i]) : c.captures[i];
    }
  }
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
  if (m == Method::is_finished) {
    auto& target = *as<JoinHandleObj>(self).task;
    std::lock_guard lock(target.done_mutex);
    out = Value::boolean(target.finished);
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

// ---- natives: thread::spawn, sleep, yield_now, Builder::new, current
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
  std::vector<Value> fields;
  fields.push_back(cx.t.name == "<unnamed>" ? make_none() : make_some(make_str(cx.t.name)));
  fields.push_back(record(builtin::ThreadId, 0, {Value::integer(static_cast<std::int64_t>(cx.t.thread_number), IntKind::U64)}));
  out = record(builtin::Thread, 0, std::move(fields));
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
      {Native::Sleep, sleep_native},
      {Native::YieldNow, yield_now},
      {Native::SpinLoop, yield_now},  // a spin-wait's hint: on one thread, the others may go
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
