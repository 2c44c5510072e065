// std/condvar.cpp — std::sync's waits for other threads: Condvar (wait, wait_while,
// wait_timeout, wait_timeout_while, notify_one, notify_all) and Barrier (wait).
//
// Both are blocking points of vm.hpp's protocol: the task registers its waiter in the object's
// list under the object's lock, then returns Blocked; a notify (or the barrier's last arrival)
// takes it off the list and wakes it. A timed wait's deadline takes it off itself (withdraw).
#include <algorithm>
#include <string>

#include "lib.hpp"

namespace brigade::lang::vm {

namespace {

// The progress of a Condvar wait, in the frame's state (the instruction runs again after each
// wake and each call of the condition):
//   values[0] the Mutex, values[1] the guard while this thread holds it;
//   step 0: holding the guard — check the condition (wait_while), or go to wait;
//   step 1: woken off the Condvar; step 2: taking the lock back.
//   i: the last wait timed out; j: waited once; k: the lock came back poisoned;
//   index: the deadline (program ns) of a timed wait.
enum Step : std::uint64_t { kHolding = 0, kWoken = 1, kRelocking = 2 };

NS condvar_wait(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Task& t = cx.t;
  auto& cv = as<CondvarObj>(a[0]);
  bool timed = m == Method::wait_timeout || m == Method::wait_timeout_while;
  bool with_condition = m == Method::wait_while || m == Method::wait_timeout_while;
  unsigned want = 1 + (timed ? 1 : 0) + (with_condition ? 1 : 0);
  if (argc != want) return no_method(cx, name, argc, a[0]);
  const Value* condition = with_condition ? &a[argc] : nullptr;
  StateObj& st = frame_state(cx);
  if (st.values.empty()) {
    if (give_way(cx)) return NS::Yield;
    if (!a[1].is(ObjKind::Guard) || as<MutexObj>(as<GuardObj>(a[1]).mutex).rwlock) {
      return cx.fail(std::string("Condvar::") + (timed ? "wait_timeout" : "wait") + " takes a MutexGuard, not " +
                     type_name(a[1]));
    }
    if (timed && a[2].tag != Tag::Duration) return cx.fail("Condvar::wait_timeout takes a Duration");
    st.values.resize(2);
    st.values[0] = as<GuardObj>(a[1]).mutex;
    st.values[1] = std::move(a[1]);
    if (timed) st.index = static_cast<std::uint64_t>(time_after(t, a[2].i));
  }
  for (;;) {
    switch (st.step) {
      case kHolding: {
        bool done = false;
        if (condition != nullptr) {
          Value r;
          NS c = invoke(cx, st.awaiting, *condition, st.values[1], r);
          if (c != NS::Ok) return c;
          done = !truthy(r);
          if (done) st.i = 0;
        } else {
          done = st.j != 0;
        }
        if (!done && timed && st.j != 0 && t.ex.now_ns() >= static_cast<std::int64_t>(st.index)) {
          st.i = 1;
          done = true;
        }
        if (done) {
          Value guard = std::move(st.values[1]);
          if (timed) {
            guard = make_list(ObjKind::Tuple, {std::move(guard), record(builtin::WaitTimeoutResult, 0, {Value::boolean(st.i != 0)})});
          }
          out = st.k != 0 ? make_err(record(builtin::PoisonError, 0, {std::move(guard)})) : make_ok(std::move(guard));
          return NS::Ok;
        }
        // Queued before the lock goes: a notify after the unlock finds this thread waiting.
        touch(object_identity(&cv));
        {
          std::lock_guard lock(cv.state);
          wait_on(t, cx, Wait::Kind::Condvar, a[0],
                  timed ? std::optional<std::int64_t>(static_cast<std::int64_t>(st.index)) : std::nullopt,
                  withdraw_from<CondvarObj>);
          cv.waiters.push_back(&t);
        }
        trace::emit(trace::Kind::CondvarWait, 0);
        st.values[1] = Value::empty();  // the guard goes: the Mutex unlocks
        st.step = kWoken;
        return NS::Blocked;
      }
      case kWoken:
        st.i = t.wake == chan::WaitState::Aborted ? 1 : 0;
        st.j = 1;
        t.wait = {};
        st.step = kRelocking;
        [[fallthrough]];
      case kRelocking: {
        Value got;
        NS s = lock_step(cx, st.values[0], got);
        if (s != NS::Ok) return s;
        auto& r = as_record(got);
        st.k = r.variant == 1 ? 1 : 0;
        st.values[1] = r.variant == 1 ? as_record(r.fields[0]).fields[0] : r.fields[0];
        st.step = kHolding;
        break;
      }
      default:
        return cx.fail("Condvar: lost its place");
    }
  }
}

NS notify(Ctx& cx, CondvarObj& cv, bool all) {
  if (give_way(cx)) return NS::Yield;
  touch(object_identity(&cv));
  std::vector<Task*> wake;
  {
    std::lock_guard lock(cv.state);
    if (all) {
      wake.swap(cv.waiters);
    } else if (!cv.waiters.empty()) {
      wake.push_back(cv.waiters.front());
      cv.waiters.erase(cv.waiters.begin());
    }
  }
  for (Task* w : wake) w->waiter.try_wake(chan::WaitState::Notified);
  return NS::Ok;
}

}  // namespace

NS condvar_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  switch (m) {
    case Method::wait:
    case Method::wait_while:
    case Method::wait_timeout:
    case Method::wait_timeout_while:
      return condvar_wait(cx, m, name, a, argc, out);
    case Method::notify_one:
    case Method::notify_all:
      if (argc != 0) break;
      out = Value::unit();
      return notify(cx, as<CondvarObj>(a[0]), m == Method::notify_all);
    default:
      break;
  }
  return no_method(cx, name, argc, a[0]);
}

// Barrier::wait: the n-th arrival of a generation is its leader and lets everyone go.
NS barrier_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  if (m != Method::wait || argc != 0) return no_method(cx, name, argc, a[0]);
  Task& t = cx.t;
  auto& b = as<BarrierObj>(a[0]);
  StateObj& st = frame_state(cx);
  if (st.step == 1) {  // let go by the leader
    t.resuming = false;
    t.wait = {};
    out = record(builtin::BarrierWaitResult, 0, {Value::boolean(false)});
    return NS::Ok;
  }
  if (give_way(cx)) return NS::Yield;
  touch(object_identity(&b));
  std::vector<Task*> wake;
  {
    std::lock_guard lock(b.state);
    if (++b.arrived < b.n) {
      wait_on(t, cx, Wait::Kind::Barrier, a[0], std::nullopt, withdraw_from<BarrierObj>);
      b.waiters.push_back(&t);
      st.step = 1;
      trace::emit(trace::Kind::BarrierWait, 0, b.arrived);
      return NS::Blocked;
    }
    b.arrived = 0;  // the next generation starts
    wake.swap(b.waiters);
  }
  for (Task* w : wake) w->waiter.try_wake(chan::WaitState::Notified);
  out = record(builtin::BarrierWaitResult, 0, {Value::boolean(true)});
  return NS::Ok;
}

// ---- natives: Condvar::new, Barrier::new (natives.cpp gathers every module's table)

namespace {

NS condvar_new(Ctx&, Native, Value*, Value& out) {
  out = Value::object(new CondvarObj());
  return NS::Ok;
}

NS barrier_new(Ctx& cx, Native, Value* args, Value& out) {
  std::uint64_t n = 0;
  if (!count_of(args[0], n)) return cx.fail(std::string("Barrier::new takes a usize, not ") + type_name(args[0]));
  out = Value::object(new BarrierObj(static_cast<std::size_t>(n)));
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> condvar_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::CondvarNew, condvar_new},
      {Native::BarrierNew, barrier_new},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
