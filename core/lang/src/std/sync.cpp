// std/sync.cpp — std::sync: Mutex and RwLock (lock, read, write, and the guard that unlocks;
// poisoning), Arc, atomics. (Condvar and Barrier: condvar.cpp.)
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

// Takes the lock if it is free (under mx.state): shared, one more reader (a RwLock's read, a
// RefCell's borrow); else alone (a Mutex, a write, a borrow_mut).
bool take_lock(MutexObj& mx, bool shared) {
  if (mx.locked || (!shared && mx.readers > 0)) return false;
  if (shared) {
    ++mx.readers;
  } else {
    mx.locked = true;
  }
  return true;
}

}  // namespace

// What a lock that was got gives: Ok(guard), or Err(PoisonError { guard }) when a thread
// panicked while holding it (std's poisoning: the lock is still taken, the error carries it).
Value lock_result(Value guard, bool poisoned, bool try_lock) {
  if (!poisoned) return make_ok(std::move(guard));
  Value error = record(builtin::PoisonError, 0, {std::move(guard)});
  return make_err(try_lock ? record(builtin::TryLockError, 0, {std::move(error)}) : std::move(error));
}

// Mutex::lock, RwLock::write (exclusive) and RwLock::read (shared): the guard now, or Blocked
// with the task queued on the lock until a guard dies. `try_only`: Err(WouldBlock) instead of
// waiting (try_lock, try_read, try_write).
NS lock_step(Ctx& cx, const Value& mutex, Value& out, bool shared, bool try_only) {
  if (give_way(cx)) return NS::Yield;
  Task& t = cx.t;
  t.resuming = false;
  auto& mx = as<MutexObj>(mutex);
  touch(object_identity(&mx));
  std::lock_guard lock(mx.state);
  t.wait = {};
  if (take_lock(mx, shared)) {
    out = lock_result(Value::object(new GuardObj(mutex, shared)), mx.poisoned, try_only);
    return NS::Ok;
  }
  if (try_only) {
    out = make_err(record(builtin::TryLockError, 1));
    return NS::Ok;
  }
  wait_on(t, cx, Wait::Kind::Lock, mutex, std::nullopt, withdraw_from<MutexObj>);
  mx.waiters.push_back(&t);
  trace::emit(trace::Kind::LockBlocked, 0);
  return NS::Blocked;
}

namespace {

// RefCell's borrow()/borrow_mut() (and try_*: Ok/Err instead of the panic), Cell's get, set,
// replace, take; both's into_inner and get_mut. One thread only: nothing waits.
NS cell_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  auto& mx = as<MutexObj>(a[0]);
  bool refcell = mx.cell == MutexObj::Cell::RefCell;
  std::lock_guard lock(mx.state);
  if (refcell && argc == 0 &&
      (m == Method::borrow || m == Method::borrow_mut || m == Method::try_borrow || m == Method::try_borrow_mut)) {
    bool shared = m == Method::borrow || m == Method::try_borrow;
    bool trying = m == Method::try_borrow || m == Method::try_borrow_mut;
    if (!take_lock(mx, shared)) {
      if (!trying) return cx.fail(shared ? "RefCell already mutably borrowed" : "RefCell already borrowed");
      out = make_err(Value::unit());
      return NS::Ok;
    }
    Value guard = Value::object(new GuardObj(a[0], shared));
    out = trying ? make_ok(std::move(guard)) : std::move(guard);
    return NS::Ok;
  }
  switch (m) {
    case Method::get:  // Cell<T: Copy>
      if (refcell || argc != 0) break;
      out = mx.inner;
      return NS::Ok;
    case Method::set:
      if (refcell || argc != 1) break;
      mx.inner = std::move(a[1]);
      out = Value::unit();
      return NS::Ok;
    case Method::replace:
      if (argc != 1 || mx.locked || mx.readers > 0) break;
      out = std::move(mx.inner);
      mx.inner = std::move(a[1]);
      return NS::Ok;
    case Method::take:
      if (argc != 0 || mx.locked || mx.readers > 0) break;
      out = std::move(mx.inner);
      mx.inner = default_like(out);
      return NS::Ok;
    case Method::into_inner:
      if (argc != 0) break;
      out = mx.inner;
      return NS::Ok;
    case Method::get_mut:
      if (argc != 0) break;
      out = Value::object(new GuardObj(a[0], false, false));
      return NS::Ok;
    default:
      break;
  }
  return no_method(cx, name, argc, a[0]);
}

}  // namespace

// The methods of Mutex and RwLock themselves (their guards' are the inner value's).
NS lock_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  auto& mx = as<MutexObj>(a[0]);
  if (mx.cell != MutexObj::Cell::None) return cell_method(cx, m, name, a, argc, out);
  if (argc != 0) return no_method(cx, name, argc, a[0]);
  switch (m) {
    case Method::lock:
      if (mx.rwlock) break;
      return lock_step(cx, a[0], out, false, false);
    case Method::try_lock:
      if (mx.rwlock) break;
      return lock_step(cx, a[0], out, false, true);
    case Method::read:
    case Method::try_read:
    case Method::write:
    case Method::try_write:
      if (!mx.rwlock) break;
      return lock_step(cx, a[0], out, m == Method::read || m == Method::try_read,
                       m == Method::try_read || m == Method::try_write);
    case Method::is_poisoned: {
      touch(object_identity(&mx));
      std::lock_guard lock(mx.state);
      out = Value::boolean(mx.poisoned);
      return NS::Ok;
    }
    case Method::into_inner:  // by value: nobody else holds it (LockResult<T>)
    case Method::get_mut: {   // &mut self: nobody holds a guard (LockResult<&mut T>)
      bool poisoned = false;
      {
        std::lock_guard lock(mx.state);
        poisoned = mx.poisoned;
      }
      Value v = m == Method::into_inner ? mx.inner : Value::object(new GuardObj(a[0], false, false));
      out = poisoned ? make_err(record(builtin::PoisonError, 0, {std::move(v)})) : make_ok(std::move(v));
      return NS::Ok;
    }
    default:
      break;
  }
  return no_method(cx, name, argc, a[0]);
}

// The methods of AtomicUsize and kin (the Ordering arguments are accepted and not needed: every
// operation is sequentially consistent). Arithmetic wraps, as Rust's atomics do.
NS atomic_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  if (give_way(cx)) return NS::Yield;
  auto& at = as<AtomicObj>(a[0]);
  touch(object_identity(&at));
  auto value_of = [&](std::int64_t bits) { return at.boolean ? Value::boolean(bits != 0) : Value::integer(bits, at.kind); };
  auto bits_of = [&](const Value& v, std::int64_t& bits) {
    if (at.boolean ? v.tag != Tag::Bool : v.tag != Tag::Int) return false;
    bits = at.boolean ? (v.b ? 1 : 0) : wrap_to(v.wide(), at.kind);
    return true;
  };
  auto wrong = [&]() {
    return cx.fail("no method `" + cx.m.names[name] + "` with " + std::to_string(argc) +
                   " argument(s) for an atomic (a type error Brigade does not check before running)");
  };
  std::int64_t x = 0, y = 0;
  switch (m) {
    case Method::load:
      out = value_of(at.bits.load());
      return NS::Ok;
    case Method::into_inner:
      out = value_of(at.bits.load());
      return NS::Ok;
    case Method::store:
      if (argc != 2 || !bits_of(a[1], x)) return wrong();
      at.bits.store(x);
      out = Value::unit();
      return NS::Ok;
    case Method::swap:
      if (argc != 2 || !bits_of(a[1], x)) return wrong();
      out = value_of(at.bits.exchange(x));
      return NS::Ok;
    case Method::compare_exchange: {  // Ok(previous) if it was `current`, else Err(actual)
      if (argc != 4 || !bits_of(a[1], x) || !bits_of(a[2], y)) return wrong();
      std::int64_t seen = x;
      bool swapped = at.bits.compare_exchange_strong(seen, y);
      out = swapped ? make_ok(value_of(seen)) : make_err(value_of(seen));
      return NS::Ok;
    }
    case Method::fetch_add:
    case Method::fetch_sub:
    case Method::fetch_max:
    case Method::fetch_min:
    case Method::fetch_or:
    case Method::fetch_and: {  // the previous value
      if (argc != 2 || !bits_of(a[1], x)) return wrong();
      std::int64_t old = at.bits.load();
      for (;;) {
        Int128 o = at.boolean ? old : Value::integer(old, at.kind).wide();
        Int128 d = at.boolean ? x : Value::integer(x, at.kind).wide();
        Int128 r = m == Method::fetch_add   ? o + d
                   : m == Method::fetch_sub ? o - d
                   : m == Method::fetch_max ? std::max(o, d)
                   : m == Method::fetch_min ? std::min(o, d)
                   : m == Method::fetch_or  ? (o | d)
                                            : (o & d);
        std::int64_t next = at.boolean ? static_cast<std::int64_t>(r != 0) : wrap_to(r, at.kind);
        if (at.bits.compare_exchange_weak(old, next)) break;
      }
      out = value_of(old);
      return NS::Ok;
    }
    default:
      return wrong();
  }
}

thread_local bool t_unwinding = false;

GuardObj::~GuardObj() {
  if (!holds) return;  // get_mut's: a borrow of a lock nobody holds
  // Unlock, and wake the oldest task blocked in lock() — every one waiting on a RwLock, readers
  // and writers alike. They retry: a thread that locks first meanwhile may take the lock, as std
  // allows.
  auto& mx = *static_cast<MutexObj*>(mutex.o);
  touch(object_identity(&mx));
  std::vector<Task*> wake;
  {
    std::lock_guard lock(mx.state);
    if (t_unwinding && !shared) mx.poisoned = true;  // std's read guards never poison
    if (shared) {
      --mx.readers;
    } else {
      mx.locked = false;
    }
    if (mx.rwlock) {
      if (mx.readers == 0) wake.swap(mx.waiters);
    } else if (!mx.waiters.empty()) {
      wake.push_back(mx.waiters.front());
      mx.waiters.erase(mx.waiters.begin());
    }
  }
  for (Task* next : wake) next->waiter.try_wake(chan::WaitState::Notified);
}

// ---- natives: Arc::new, Arc::clone, Arc::strong_count, Mutex::new, Atomic*::new
// (natives.cpp gathers every module's table)

namespace {

NS arc_new(Ctx&, Native n, Value* args, Value& out) {
  out = Value::object(new ArcObj(std::move(args[0]), n == Native::RcNew));
  return NS::Ok;
}

// Rc::ptr_eq / Arc::ptr_eq: the same allocation (clones share theirs).
NS ptr_eq(Ctx&, Native, Value* args, Value& out) {
  out = Value::boolean(args[0].is_obj() && args[1].is_obj() && args[0].o == args[1].o);
  return NS::Ok;
}

NS cell_new(Ctx&, Native n, Value* args, Value& out) {
  auto* cell = new MutexObj(std::move(args[0]), n == Native::RefCellNew);
  cell->cell = n == Native::RefCellNew ? MutexObj::Cell::RefCell : MutexObj::Cell::Cell;
  out = Value::object(cell);
  return NS::Ok;
}

NS arc_clone(Ctx& cx, Native n, Value* args, Value& out) {
  if (!args[0].is(ObjKind::Arc)) return cx.fail(std::string(n == Native::RcClone ? "Rc" : "Arc") + "::clone of " + type_name(args[0]));
  out = args[0];
  return NS::Ok;
}

NS arc_strong_count(Ctx& cx, Native, Value* args, Value& out) {
  touch_everything();  // every clone and drop anywhere changes it
  // Owners: every Value of the Arc but the borrows this statement made (copies on the
  // operand stack above the calling frame's locals, the argument among them).
  if (!args[0].is(ObjKind::Arc)) return cx.fail(std::string("Arc::strong_count of ") + type_name(args[0]));
  const Frame& caller = cx.t.frames.back();
  std::size_t temps_from = caller.base + cx.m.functions[caller.function].locals;
  std::size_t borrows = 0;
  for (std::size_t i = temps_from; i < cx.t.stack.size(); ++i) {
    if (cx.t.stack[i].tag == Tag::Obj && cx.t.stack[i].o == args[0].o) ++borrows;
  }
  std::size_t refs = args[0].o->refs.load(std::memory_order_acquire);
  out = usize(refs > borrows ? refs - borrows : 1);
  return NS::Ok;
}

NS mutex_new(Ctx&, Native n, Value* args, Value& out) {
  out = Value::object(new MutexObj(std::move(args[0]), n == Native::RwLockNew));
  return NS::Ok;
}

NS atomic_new(Ctx& cx, Native n, Value* args, Value& out) {
  static constexpr IntKind kKinds[] = {IntKind::Usize, IntKind::Isize, IntKind::U64, IntKind::I64,
                                       IntKind::U32,   IntKind::I32};
  bool boolean = n == Native::AtomicBoolNew;
  const Value& v = args[0];
  if (boolean ? v.tag != Tag::Bool : v.tag != Tag::Int) return cx.fail(std::string("an atomic of ") + type_name(v));
  IntKind k = boolean ? IntKind::U8 : kKinds[static_cast<int>(n) - static_cast<int>(Native::AtomicUsizeNew)];
  out = Value::object(new AtomicObj(boolean ? (v.b ? 1 : 0) : wrap_to(v.wide(), k), k, boolean));
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> sync_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::ArcNew, arc_new},
      {Native::ArcClone, arc_clone},
      {Native::ArcStrongCount, arc_strong_count},
      {Native::RcNew, arc_new},
      {Native::RcPtrEq, ptr_eq},
      {Native::ArcPtrEq, ptr_eq},
      {Native::RcClone, arc_clone},
      {Native::RcStrongCount, arc_strong_count},
      {Native::RefCellNew, cell_new},
      {Native::CellNew, cell_new},
      {Native::MutexNew, mutex_new},
      {Native::RwLockNew, mutex_new},
      {Native::AtomicUsizeNew, atomic_new},
      {Native::AtomicIsizeNew, atomic_new},
      {Native::AtomicU64New, atomic_new},
      {Native::AtomicI64New, atomic_new},
      {Native::AtomicU32New, atomic_new},
      {Native::AtomicI32New, atomic_new},
      {Native::AtomicBoolNew, atomic_new},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
