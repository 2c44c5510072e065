// std/lib.cpp — continuations (how a native calls a closure) and the values every module makes.
//
// A native that needs a closure's result (map's, sort_by's, a user Display) never runs the
// closure itself. It asks the loop to (invoke() returns NS::Invoke), and the loop pushes the
// closure's frame on the task's own frames (Frame::to_native) and runs it like any other code:
// it may block, be stopped, recurse, panic. When it returns, its value waits in
// Task::call_result and the native's instruction runs again from its start, with the same
// operands on the stack. Whatever the native must not do twice it records in its state: an
// iterator adapter in its IterObj, anything else in a StateObj kept by the calling frame
// (frame_state). So no native is ever suspended on the C++ stack (Lua's lua_callk and Wren's
// primitives that push a frame are the models).
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

// The calling frame's native state, made on first use.
StateObj& frame_state(Ctx& cx) {
  Value& slot = cx.t.frames.back().state;
  if (!slot.is(ObjKind::State)) slot = Value::object(new StateObj());
  return as<StateObj>(slot);
}

// A leaf closure (Function::leaf: straight-line code, nothing in it can block, be stopped or
// call anything) runs at once, on the task's frames (run_leaf, and interpret for what run_leaf
// leaves alone, until its return): one level deep, never suspended, so no continuation is
// needed. `|x| x % 2 == 0` costs a frame, not a trip out of the native and back. invoke() runs
// one in place only when the stack has room for it without growing, since the native's own
// operands stay on the stack meanwhile.
NS run_in_place(Ctx& cx, std::uint32_t function, const Value& f, CallArgs& args, Value& result) {
  Task& t = cx.t;
  if (t.frames.size() >= t.rt.options().limits.max_frames) {
    t.rt.stack_overflow(t);
    return NS::Stop;
  }
  std::size_t at = t.stack.size();
  for (unsigned i = 0; i < args.n; ++i) t.stack.push_back(std::move(args.v[i]));
  enter_function(t, function, f, at);
  t.frames.back().in_place = true;
  switch (run_leaf(t, result)) {
    case Step::Returned:
      return NS::Ok;
    case Step::Panicked:
      return NS::Panicked;
    default:
      return NS::Stop;
  }
}

// f(args) for a native. The first time: NS::Invoke (the loop runs the closure) and `awaiting`
// set; the next time the native runs: Ok, the closure's result in `result`.
NS invoke(Ctx& cx, bool& awaiting, const Value& f, CallArgs&& args, Value& result) {
  if (awaiting) {
    awaiting = false;
    if (!cx.t.call_result) return cx.fail("internal error: a closure's result was lost");
    result = std::move(*cx.t.call_result);
    cx.t.call_result.reset();
    return NS::Ok;
  }
  std::uint32_t function = 0;
  if (f.tag == Tag::Fn) {
    function = static_cast<std::uint32_t>(f.i);
  } else if (f.is(ObjKind::Closure)) {
    function = as<ClosureObj>(f).function;
  } else {
    return cx.fail(std::string("expected a closure, found ") + type_name(f));
  }
  const Function& target = cx.m.functions[function];
  if (args.n != target.arity) {
    return cx.fail("this closure takes " + std::to_string(target.arity) + " argument(s) but " +
                   std::to_string(args.n) + " were supplied");
  }
  // In place only with room on the stack as it is: the native's operands (`a`) live there.
  std::vector<Value>& st = cx.t.stack;
  if (target.leaf && st.capacity() - st.size() >= std::size_t{target.locals} + target.stack_bound) {
    return run_in_place(cx, function, f, args, result);
  }
  awaiting = true;
  cx.invoke_fn = f;
  cx.invoke_args = std::move(args);
  return NS::Invoke;
}

NS invoke(Ctx& cx, bool& awaiting, const Value& f, Value arg, Value& result) {
  CallArgs args;
  args.push(std::move(arg));
  return invoke(cx, awaiting, f, std::move(args), result);
}

// The same, for a native that calls at most one closure and keeps nothing else: the flag
// lives in the frame's state.
NS invoke(Ctx& cx, const Value& f, CallArgs&& args, Value& result) {
  return invoke(cx, frame_state(cx).awaiting, f, std::move(args), result);
}

NS invoke(Ctx& cx, const Value& f, Value arg, Value& result) {
  return invoke(cx, frame_state(cx).awaiting, f, std::move(arg), result);
}

const char* type_name(const Value& v) {
  switch (v.tag) {
    case Tag::Empty:
      return "a moved value";
    case Tag::Unit:
      return "()";
    case Tag::Bool:
      return "bool";
    case Tag::Int:
      return int_kind_name(v.kind);
    case Tag::Float:
      return "f64";
    case Tag::Char:
      return "char";
    case Tag::Duration:
      return "Duration";
    case Tag::Instant:
      return "Instant";
    case Tag::Fn:
      return "fn item";
    case Tag::Ref:
      return "a reference";
    case Tag::Obj:
      break;
  }
  switch (v.o->kind) {
    case ObjKind::Str:
      return "String";
    case ObjKind::Vec:
      return "Vec";
    case ObjKind::Tuple:
      return "tuple";
    case ObjKind::Struct:
    case ObjKind::Enum:
      return "struct or enum";
    case ObjKind::Sender:
      return "Sender";
    case ObjKind::SyncSender:
      switch (as<SyncSenderObj>(v).permit) {
        case SyncSenderObj::Permit::Borrowed:
          return "Permit";
        case SyncSenderObj::Permit::Owned:
          return "OwnedPermit";
        case SyncSenderObj::Permit::None:
          break;
      }
      return as<SyncSenderObj>(v).tokio ? "Sender" : "SyncSender";
    case ObjKind::Receiver:
      return "Receiver";
    case ObjKind::JoinHandle:
      return "JoinHandle";
    case ObjKind::Closure:
      return "closure";
    case ObjKind::Range:
      return "Range";
    case ObjKind::Iter:
      return "iterator";
    case ObjKind::Arc:
      return as<ArcObj>(v).rc ? "Rc" : "Arc";
    case ObjKind::Mutex: {
      const auto& mx = as<MutexObj>(v);
      if (mx.cell != MutexObj::Cell::None) return mx.cell == MutexObj::Cell::RefCell ? "RefCell" : "Cell";
      return mx.rwlock ? "RwLock" : "Mutex";
    }
    case ObjKind::Guard: {
      const auto& mx = as<MutexObj>(as<GuardObj>(v).mutex);
      if (mx.cell != MutexObj::Cell::None) return as<GuardObj>(v).shared ? "Ref" : "RefMut";
      if (!mx.rwlock) return "MutexGuard";
      return as<GuardObj>(v).shared ? "RwLockReadGuard" : "RwLockWriteGuard";
    }
    case ObjKind::Atomic:
      return "an atomic";
    case ObjKind::Map:
      return "HashMap";
    case ObjKind::SlotRef:
      return "a reference into a map";
    case ObjKind::State:
      return "a native's state";
    case ObjKind::Future:
      return "a future";
    case ObjKind::Scope:
      return "Scope";
    case ObjKind::Condvar:
      return "Condvar";
    case ObjKind::Barrier:
      return "Barrier";
    case ObjKind::Once:
      return as<OnceObj>(v).unit ? "Once" : "OnceLock";
  }
  return "value";
}

void wait_on(Task& t, Ctx& cx, Wait::Kind kind, const Value& endpoint, std::optional<std::int64_t> until,
             chan::WaitState (*withdraw)(Task&)) {
  t.wait = {};
  t.wait.kind = kind;
  t.wait.counted = !until;
  t.counted_wait.store(!until, std::memory_order_relaxed);
  t.wait.until = until;
  t.wait.span = cx.span;
  t.wait.endpoint = endpoint;
  t.wait.withdraw = withdraw;
  t.waiter.reset();
}

Value usize(std::size_t n) {
  return Value::integer(static_cast<std::int64_t>(n), IntKind::Usize);
}

// An integer argument as a count (usize-like); false if it is not a non-negative integer.
bool count_of(const Value& v, std::uint64_t& out) {
  if (v.tag != Tag::Int) return false;
  Int128 w = v.wide();
  if (w < 0) return false;
  out = static_cast<std::uint64_t>(w);
  return true;
}

Value record(std::uint32_t type, std::uint32_t variant, std::vector<Value> fields) {
  return make_record(type < builtin::Count && type != builtin::RecvError && type != builtin::SendError &&
                             type != builtin::PanicPayload && type != builtin::ParseIntError &&
                             type != builtin::TokioSendError && type != builtin::OneshotRecvError &&
                             type != builtin::Elapsed && type != builtin::Interval && type != builtin::TokioRuntime &&
                             type != builtin::RuntimeBuilder && type != builtin::WaitTimeoutResult &&
                             type != builtin::BarrierWaitResult && type != builtin::PoisonError
                         ? ObjKind::Enum
                         : ObjKind::Struct,
                     type, variant, std::move(fields));
}

// std::cmp::Ordering from a three-way comparison, and back (false: not an Ordering).
Value ordering(int sign) {
  return record(builtin::Ordering, sign < 0 ? 0 : sign == 0 ? 1 : 2);
}

bool ordering_sign(const Value& v, int& sign) {
  if (!v.is(ObjKind::Enum) || as_record(v).type != builtin::Ordering) return false;
  sign = static_cast<int>(as_record(v).variant) - 1;
  return true;
}

}  // namespace brigade::lang::vm
