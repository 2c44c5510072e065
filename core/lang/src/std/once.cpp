// std/once.cpp — std::sync's one-time initialisation: OnceLock (get, set, get_or_init, take,
// into_inner), Once (call_once, is_completed), and LazyLock.
//
// The first get_or_init (or call_once) runs its closure while the lock says Running; any other
// thread asking meanwhile waits (a blocking point like a Mutex's) until the value is there.
//
// LazyLock::new(f) gives f's value at once: a `static` is computed on its first use anyway
// (Op::InitStatic), which is when a LazyLock in a static would run f. (A LazyLock in a local
// runs f where it is made, not where it is first used — README's limits.)
#include <string>

#include "lib.hpp"

namespace brigade::lang::vm {

namespace {

// get_or_init(f) / call_once(f). Frame state: step 1 while f runs (this thread set Running).
NS initialise(Ctx& cx, OnceObj& once, const Value& self, const Value& f, Value& out) {
  Task& t = cx.t;
  StateObj& st = frame_state(cx);
  if (st.step == 0) {
    if (give_way(cx)) return NS::Yield;
    t.resuming = false;
    t.wait = {};
    touch(object_identity(&once));
    std::lock_guard lock(once.state);
    switch (once.status) {
      case OnceObj::Status::Done:
        out = once.unit ? Value::unit() : once.value;
        return NS::Ok;
      case OnceObj::Status::Running:  // another thread's closure runs: wait for its value
        wait_on(t, cx, Wait::Kind::Lock, self, std::nullopt, withdraw_from<OnceObj>);
        once.waiters.push_back(&t);
        trace::emit(trace::Kind::LockBlocked, 0);
        return NS::Blocked;
      case OnceObj::Status::Empty:
        once.status = OnceObj::Status::Running;
        st.step = 1;
        break;
    }
  }
  Value r;
  NS c = invoke(cx, st.awaiting, f, CallArgs{}, r);
  if (c != NS::Ok) return c;
  std::vector<Task*> wake;
  {
    std::lock_guard lock(once.state);
    once.value = std::move(r);
    once.status = OnceObj::Status::Done;
    wake.swap(once.waiters);
    out = once.unit ? Value::unit() : once.value;
  }
  for (Task* w : wake) w->waiter.try_wake(chan::WaitState::Notified);
  return NS::Ok;
}

}  // namespace

NS once_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  auto& once = as<OnceObj>(a[0]);
  if ((m == Method::get_or_init && !once.unit) || (m == Method::call_once && once.unit)) {
    if (argc != 1) return no_method(cx, name, argc, a[0]);
    return initialise(cx, once, a[0], a[1], out);
  }
  if (once.unit) {
    if (m != Method::is_completed || argc != 0) return no_method(cx, name, argc, a[0]);
    std::lock_guard lock(once.state);
    out = Value::boolean(once.status == OnceObj::Status::Done);
    return NS::Ok;
  }
  touch(object_identity(&once));
  std::lock_guard lock(once.state);
  bool done = once.status == OnceObj::Status::Done;
  switch (m) {
    case Method::get:  // Option<&T>
      if (argc != 0) break;
      out = done ? make_some(once.value) : make_none();
      return NS::Ok;
    case Method::set:  // Ok(()), or Err(value) when it is set (or being set) already
      if (argc != 1) break;
      if (once.status != OnceObj::Status::Empty) {
        out = make_err(std::move(a[1]));
        return NS::Ok;
      }
      once.value = std::move(a[1]);
      once.status = OnceObj::Status::Done;
      out = ok_unit();
      return NS::Ok;
    case Method::take:
    case Method::into_inner:
      if (argc != 0) break;
      out = done ? make_some(std::move(once.value)) : make_none();
      if (done) once.status = OnceObj::Status::Empty;
      return NS::Ok;
    default:
      break;
  }
  return no_method(cx, name, argc, a[0]);
}

// ---- natives: OnceLock::new, Once::new, LazyLock::new, LazyLock::force
// (natives.cpp gathers every module's table)

namespace {

NS once_new(Ctx&, Native n, Value*, Value& out) {
  out = Value::object(new OnceObj(n == Native::OnceNew));
  return NS::Ok;
}

NS lazy_new(Ctx& cx, Native, Value* args, Value& out) {
  return invoke(cx, args[0], CallArgs{}, out);
}

NS lazy_force(Ctx&, Native, Value* args, Value& out) {
  out = args[0];
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> once_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::OnceLockNew, once_new},
      {Native::OnceNew, once_new},
      {Native::LazyLockNew, lazy_new},
      {Native::LazyLockForce, lazy_force},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
