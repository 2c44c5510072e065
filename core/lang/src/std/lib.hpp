// std/lib.hpp — what the natives and methods of the std subset share, and what the interpreter
// loop calls in them (internal header).
//
// The loop (interpret.cpp) knows opcodes; the files beside this one know Rust, one per module of
// the std subset: num (integers, floats, arithmetic with Rust's overflow panics, casts), string
// (String, &str, char), vec, iter (adapters and consumers), option (Option, Result, Ordering),
// collections (the maps and sets), mpsc, thread, sync (Mutex, Arc, atomics), time, fmt
// (formatting with user Display and Debug impls). natives.cpp maps paths (`mpsc::channel`) and
// methods.cpp a method call's receiver to them; lib.cpp holds the continuations through which
// any of them calls a closure.
//
// Every native has one shape: it reads its operands where they sit on the task's stack, writes
// `out`, and says what happened (NS). A native that must wait returns Blocked (vm.hpp's
// protocol), one that needs a closure's result returns Invoke (lib.cpp, "continuations"); in
// both cases its instruction runs again later from its start, so whatever it must not do twice
// it keeps in its frame's state.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "brigade/lang/ast.hpp"
#include "../vm.hpp"

namespace brigade::lang::vm {

// What a native or method did.
// Invoke: it needs a closure's result first (see invoke()): the loop runs the closure on the
// task's frames, then the native's instruction again.
// Panicked: a closure called from the native panicked (already reported: unwind).
// Yield: the task gives way at a choice point (Executor::preempt) before doing anything; the
// instruction runs again when the task is chosen.
enum class NS { Ok, Blocked, Panic, Stop, Call, Panicked, Invoke, Yield };

// A closure's arguments from a native: at most two (map's one; fold's, sort_by's and a fmt's
// two), kept in place: a native may call its closure millions of times.
struct CallArgs {
  CallArgs() = default;
  CallArgs(std::initializer_list<Value> list) {
    for (const auto& x : list) push(x);
  }
  void push(Value x) { v[n++] = std::move(x); }
  std::array<Value, 2> v;
  unsigned n = 0;
};

struct Ctx {
  Ctx(Task& task, const Module& module, Span at) : t(task), m(module), span(at) {}
  Task& t;
  const Module& m;
  Span span;
  std::string panic;  // NS::Panic: the message
  const char* panic_in_std = nullptr;  // NS::Panic: where in std's source, when rustc names that
  std::uint32_t call_fn = 0;  // NS::Call: run this function with the receiver and arguments
  std::size_t args_at = 0;    // Method: where the receiver sits on the stack
  // NS::Invoke: the closure (or fn) to run, and its arguments.
  Value invoke_fn;
  CallArgs invoke_args;
  NS fail(std::string message) {
    panic = std::move(message);
    return NS::Panic;
  }
};

// A choice point (Executor::preempt) at a native that touches what tasks share: true when the
// native must return NS::Yield before doing anything. Not when the task resumes from a wait:
// the wake-up was the choice.
inline bool give_way(Ctx& cx) noexcept {
  return !cx.t.resuming && cx.t.ex.preempt(cx.t);
}

const char* type_name(const Value& v);  // "an integer", "a String", ... for messages

// ---- continuations (lib.cpp)
// The calling frame's native state, made on first use.
StateObj& frame_state(Ctx& cx);
// f(args) for a native. The first time: NS::Invoke (the loop runs the closure) and `awaiting`
// set; the next time the native runs: Ok, the closure's result in `result`. A leaf closure may
// run at once instead (Ok the first time).
NS invoke(Ctx& cx, bool& awaiting, const Value& f, CallArgs&& args, Value& result);
NS invoke(Ctx& cx, bool& awaiting, const Value& f, Value arg, Value& result);
// The same, for a native that calls at most one closure and keeps nothing else: the flag
// lives in the frame's state.
NS invoke(Ctx& cx, const Value& f, CallArgs&& args, Value& result);
NS invoke(Ctx& cx, const Value& f, Value arg, Value& result);
// The loop's side (interpret.cpp): pushes the frame of `function`, whose arguments are on the
// stack from `base` on; runs a leaf's frame just pushed (Step::Returned: `result` is set).
void enter_function(Task& t, std::uint32_t function, const Value& closure, std::size_t base);
Step run_leaf(Task& t, Value& result);

// ---- values every module makes (lib.cpp)
Value usize(std::size_t n);
// An integer argument as a count (usize-like); false if it is not a non-negative integer.
bool count_of(const Value& v, std::uint64_t& out);
Value record(std::uint32_t type, std::uint32_t variant, std::vector<Value> fields = {});
// std::cmp::Ordering from a three-way comparison, and back (false: not an Ordering).
Value ordering(int sign);
bool ordering_sign(const Value& v, int& sign);
inline bool truthy(const Value& v) { return v.tag == Tag::Bool && v.b; }

// ---- num.cpp
const char* overflow_message(ast::BinaryOp op);
std::int64_t wrap_to(Int128 v, IntKind k);
bool is_comparison(ast::BinaryOp op);
NS int_binary(Ctx& cx, ast::BinaryOp op, const Value& a, const Value& b, Value& out);
NS binary(Ctx& cx, ast::BinaryOp op, Value& a, const Value& b, Value& out, bool compound);
NS cast(Ctx& cx, const Value& v, const TypeDesc& d, Value& out);
void coerce(const Module& m, Value& v, std::uint32_t desc);

// ---- iter.cpp
Value make_range_iter(Int128 first, Int128 last, IntKind kind, bool empty);
NS make_iter(Ctx& cx, Value v, Value& out);
// Advances an iterator: Ok with `item` set, Ok with `done`, or Blocked (receivers), or Invoke
// (an adapter's closure).
NS iter_next(Ctx& cx, IterObj& it, Value& item, bool& done);
NS consume_with(Ctx& cx, Method m, IterObj& it, const Value& func, const Value& init, Value& out);
// collect_mode (collect only): 1 into a Result, 2 into an Option — the first Err or None ends it.
NS consume(Ctx& cx, Method m, IterObj& it, Value& out, std::int64_t collect_mode = 0);
Value list_iter(std::vector<Value> items);
Value adapter(Value inner, IterObj::Adapt a, std::uint64_t limit = 0);

// ---- mpsc.cpp, thread.cpp, sync.cpp: the blocking natives
NS recv_step(Ctx& cx, const Value& rxv, const std::int64_t* until, Value& item, bool& disconnected, bool& timeout);
NS send_step(Ctx& cx, const Value& txv, Value* value, bool& disconnected);
chan::WaitState withdraw_send(Task& t);
NS lock_step(Ctx& cx, const Value& mutex, Value& out, bool shared = false, bool try_only = false);
Value lock_result(Value guard, bool poisoned, bool try_lock);
NS join_step(Ctx& cx, const Value& hv, Value& out);
// join()'s wait alone: Ok once the handle's thread has finished, else Blocked until it does.
NS await_finished(Ctx& cx, const Value& hv);
NS sleep_step(Ctx& cx, const Value& d);
Value try_send_result(SyncSenderObj& sender, Value v, std::uint32_t error);
NS spawn_thread(Ctx& cx, Value f, std::optional<std::string> name, Value& out, ScopeObj* scope = nullptr);
inline constexpr std::size_t kAvailableParallelism = 4;  // thread::available_parallelism()

// ---- lib.cpp: what the waits of a Mutex, Condvar, Barrier, OnceLock, park and join share
// Fills t.wait for a wait on `endpoint` (timed: until, in program ns) and resets the waiter;
// the caller then lists the task in the object's waiters, under its lock.
void wait_on(Task& t, Ctx& cx, Wait::Kind kind, const Value& endpoint, std::optional<std::int64_t> until,
             chan::WaitState (*withdraw)(Task&));
// The program time `ns` after now (a timed wait's end), INT64_MAX past the end of time.
inline std::int64_t time_after(Task& t, std::int64_t ns) {
  std::int64_t now = t.ex.now_ns();
  return ns > INT64_MAX - now ? INT64_MAX : now + ns;
}
// Wait::withdraw for such an object (one with `state` and `waiters`): off its list, then abort.
template <class Obj>
chan::WaitState withdraw_from(Task& t) {
  auto& o = as<Obj>(t.wait.endpoint);
  {
    std::lock_guard lock(o.state);
    o.waiters.erase(std::remove(o.waiters.begin(), o.waiters.end(), &t), o.waiters.end());
  }
  return t.waiter.abort();
}

// ---- string.cpp, option.cpp, collections.cpp
std::vector<char32_t> decode_utf8(const std::string& s);
NS unwrap_failed(Ctx& cx, const Value& v, const char* what, const std::string* expect_msg);
// Inserts or replaces; gives the old value (Some) or None.
Value map_insert(MapObj& map, const Value& key, Value value);
Value default_like(const MapObj& map);
// T::default() for a value of T as the subset knows it: 0, 0.0, false, "", [], {}, None.
Value default_like(const Value& x);

// ---- fmt.cpp
// The function of a user `impl fmt::Display` (debug: `impl fmt::Debug`) for v's type, or kNone.
std::uint32_t user_fmt_fn(const Module& m, const Value& v, bool debug);
NS run_user_fmt(Ctx& cx, bool& awaiting, Value& formatter, std::uint32_t function, const Value& v,
                std::string& text);
std::string format(const Module& m, const FormatTemplate& t, const Value* args,
                   const std::vector<std::optional<std::string>>* shown = nullptr);
void collect_user_debug(const Module& m, const Value& v, StateObj& work, std::unordered_set<const Obj*>& seen);
void format_work(const Module& m, const FormatTemplate& tpl, const Value* args, std::size_t n, StateObj& work);

// ---- natives.cpp, methods.cpp: the entry points of Op::Native and Op::Method
NS call_native(Ctx& cx, Native n, Value* args, Value& out);
// Each module registers its natives (Lua's luaL_Reg): which function runs which path of
// bytecode.hpp's BRIGADE_NATIVES. natives.cpp gathers the tables into one, by id.
using NativeFn = NS (*)(Ctx& cx, Native n, Value* args, Value& out);
struct NativeReg {
  Native id;
  NativeFn fn;
};
std::span<const NativeReg> mpsc_natives();
std::span<const NativeReg> thread_natives();
std::span<const NativeReg> sync_natives();
std::span<const NativeReg> condvar_natives();
std::span<const NativeReg> once_natives();
std::span<const NativeReg> time_natives();
std::span<const NativeReg> string_natives();
std::span<const NativeReg> vec_natives();
std::span<const NativeReg> collections_natives();
std::span<const NativeReg> prelude_natives();
std::span<const NativeReg> tokio_natives();  // natives.cpp: Box, mem::drop, process::exit, cmp
NS time_native(Ctx& cx, Native n, Value* args, Value& out);  // time.cpp
NS call_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
// The message for a method the receiver does not have (or not with this many arguments).
NS no_method(Ctx& cx, std::uint32_t name, unsigned argc, const Value& self);
// A method by its receiver's type: `a` holds the receiver, then argc arguments.
NS int_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS float_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS char_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS str_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS vec_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS iter_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS record_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS map_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS entry_method(Ctx& cx, Method m, Value* a, unsigned argc, Value& out);
NS atomic_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
// A Mutex's or RwLock's own methods (lock, read, write, try_*, is_poisoned, into_inner, get_mut).
NS lock_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS condvar_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS barrier_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS scope_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS once_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
// The Thread that thread::current() and JoinHandle::thread() give, and its unpark().
Value thread_value(const Task& t);
NS unpark_thread(Ctx& cx, const Value& thread);
NS sender_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS receiver_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS handle_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
// tokio (tokio.cpp): `.await` of a future that is not an async block, and the methods of
// tokio's channel ends and JoinHandle (the same objects as std's, marked `tokio`).
NS await_native(Ctx& cx, Value& future, Value& out);
NS tokio_sender_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS tokio_receiver_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS future_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS runtime_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS interval_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS tokio_handle_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS duration_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);
NS instant_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);

// ---- inline: the loop's fast paths and the templates several modules use

inline bool compare_op(ast::BinaryOp op, int c) {
  switch (op) {
    case ast::BinaryOp::Eq:
      return c == 0;
    case ast::BinaryOp::Ne:
      return c != 0;
    case ast::BinaryOp::Lt:
      return c < 0;
    case ast::BinaryOp::Le:
      return c <= 0;
    case ast::BinaryOp::Gt:
      return c > 0;
    default:
      return c >= 0;
  }
}

// The interpreter's integer fast path: a typed integer with one of its kind or an unsuffixed
// literal (which takes the other's kind), in 64-bit checked arithmetic. Done: `lhs` holds the
// result (the caller pops `rhs`). Slow: anything unusual (a zero divisor, a negative literal
// meeting an unsigned, 128 bits, shifts, bit operations) goes through binary().
enum class Fast : std::uint8_t { Done, Overflow, Slow };
inline Fast int_fast(ast::BinaryOp op, Value& lhs, const Value& rhs) {
  if (lhs.tag != Tag::Int || rhs.tag != Tag::Int) return Fast::Slow;
  IntKind k = lhs.kind == IntKind::Infer ? rhs.kind : lhs.kind;
  bool same = lhs.kind == rhs.kind || lhs.kind == IntKind::Infer || rhs.kind == IntKind::Infer;
  if (!same || k == IntKind::Infer || k == IntKind::I128 || k == IntKind::U128) return Fast::Slow;
  std::int64_t r = 0;
  bool ok = true;
  int order = 0;  // comparisons: <0, 0, >0
  bool compare = false;
  if (!is_signed(k)) {
    if ((lhs.kind == IntKind::Infer && lhs.i < 0) || (rhs.kind == IntKind::Infer && rhs.i < 0)) return Fast::Slow;
    auto x = static_cast<std::uint64_t>(lhs.i), y = static_cast<std::uint64_t>(rhs.i);
    std::uint64_t u = 0;
    switch (op) {
      case ast::BinaryOp::Add: ok = !__builtin_add_overflow(x, y, &u); break;
      case ast::BinaryOp::Sub: ok = !__builtin_sub_overflow(x, y, &u); break;
      case ast::BinaryOp::Mul: ok = !__builtin_mul_overflow(x, y, &u); break;
      case ast::BinaryOp::Div: if (y == 0) return Fast::Slow; u = x / y; break;
      case ast::BinaryOp::Rem: if (y == 0) return Fast::Slow; u = x % y; break;
      case ast::BinaryOp::Lt: case ast::BinaryOp::Le: case ast::BinaryOp::Gt:
      case ast::BinaryOp::Ge: case ast::BinaryOp::Eq: case ast::BinaryOp::Ne:
        compare = true;
        order = x < y ? -1 : x > y ? 1 : 0;
        break;
      default:
        return Fast::Slow;
    }
    r = static_cast<std::int64_t>(u);
    if (!compare && ok && k != IntKind::U64 && k != IntKind::Usize) ok = u <= (std::uint64_t{1} << int_bits(k)) - 1;
  } else {
    std::int64_t x = lhs.i, y = rhs.i;
    switch (op) {
      case ast::BinaryOp::Add: ok = !__builtin_add_overflow(x, y, &r); break;
      case ast::BinaryOp::Sub: ok = !__builtin_sub_overflow(x, y, &r); break;
      case ast::BinaryOp::Mul: ok = !__builtin_mul_overflow(x, y, &r); break;
      case ast::BinaryOp::Div:
      case ast::BinaryOp::Rem:
        if (y == 0 || (y == -1 && x == INT64_MIN)) return Fast::Slow;
        r = op == ast::BinaryOp::Div ? x / y : x % y;
        if (op == ast::BinaryOp::Rem && !int_fits(x / y, k)) ok = false;
        break;
      case ast::BinaryOp::Lt: case ast::BinaryOp::Le: case ast::BinaryOp::Gt:
      case ast::BinaryOp::Ge: case ast::BinaryOp::Eq: case ast::BinaryOp::Ne:
        compare = true;
        order = x < y ? -1 : x > y ? 1 : 0;
        break;
      default:
        return Fast::Slow;
    }
    if (!compare && ok && k != IntKind::I64 && k != IntKind::Isize) ok = int_fits(r, k);
  }
  if (compare) {
    lhs = Value::boolean(compare_op(op, order));
    return Fast::Done;
  }
  if (!ok) return Fast::Overflow;
  lhs = Value::integer(r, k);
  return Fast::Done;
}

// Drives `it` item by item, judging each with the closure `f` (a continuation): the shape of
// every consuming method that takes a closure. For each item x, `args_of(x)` gives f's
// arguments (nullopt: no call for this one, judge(x, ()) at once), and `judge(x, f's result)`
// decides, setting `finished` to stop early. The item under judgement waits in the frame's state
// (values[0]) while f runs; the callers keep their own progress in values[1..] and `index`. A
// receiver that blocks, or f itself, resumes the method where it was.
template <class ArgsOf, class Judge>
NS judge_each(Ctx& cx, IterObj& it, const Value& f, ArgsOf&& args_of, Judge&& judge, bool& finished) {
  StateObj& st = frame_state(cx);
  if (st.values.empty()) st.values.resize(1);
  finished = false;
  while (!finished) {
    Value r;
    if (!st.awaiting) {
      bool done = false;
      NS s = iter_next(cx, it, st.values[0], done);
      if (s != NS::Ok || done) return s;
      std::optional<CallArgs> args = args_of(st, st.values[0]);
      if (args) {
        NS c = invoke(cx, st.awaiting, f, std::move(*args), r);
        if (c != NS::Ok) return c;
      }
    } else {
      NS c = invoke(cx, st.awaiting, f, CallArgs{}, r);
      if (c != NS::Ok) return c;
    }
    Value x = std::move(st.values[0]);
    st.values[0] = Value::empty();
    NS j = judge(st, std::move(x), std::move(r));
    if (j != NS::Ok) return j;
  }
  return NS::Ok;
}

// The texts user Debug impls wrote for the records inside a format's `{:?}` arguments, which
// debug() asks for by object as it walks a value (see UserDebug).
class UserDebugTexts final : public UserDebug {
 public:
  // The format's work (see format_work): order[w] == kDebugWork marks a record's text.
  explicit UserDebugTexts(const StateObj& work) : outer_(t_user_debug) {
    for (std::size_t w = 0; w < work.order.size(); ++w) {
      if (work.order[w] == kDebugWork) texts_.emplace(work.values[1 + w].o, &work.texts[w]);
    }
    t_user_debug = this;
  }
  UserDebugTexts(const UserDebugTexts&) = delete;
  UserDebugTexts& operator=(const UserDebugTexts&) = delete;
  ~UserDebugTexts() { t_user_debug = outer_; }
  bool render(const Value& v, std::string& out) override {
    auto it = texts_.find(v.o);
    if (it == texts_.end()) return false;
    out = *it->second;
    return true;
  }
  static constexpr std::size_t kDebugWork = SIZE_MAX;

 private:
  std::unordered_map<const Obj*, const std::string*> texts_;
  UserDebug* outer_;
};

// Runs each(item) for every item of `it` until it ends or each() fails. For the consuming
// methods that keep no progress in the iterator: they cannot wait on a receiver (`what` names
// the method in the message that says so).
template <class Each>
NS drain(Ctx& cx, IterObj& it, const char* what, Each&& each) {
  for (;;) {
    Value x;
    bool done = false;
    NS s = iter_next(cx, it, x, done);
    if (s == NS::Blocked) return cx.fail(std::string(what) + " on a receiver is not supported");
    if (s != NS::Ok || done) return s;
    NS c = each(std::move(x));
    if (c != NS::Ok) return c;
  }
}

// Runs each(item) for every item of what `source` iterates over (a Vec, a range, ...).
template <class Each>
NS drain_iterable(Ctx& cx, const Value& source, const char* what, Each&& each) {
  Value it;
  if (make_iter(cx, source, it) != NS::Ok) return NS::Panic;
  return drain(cx, as<IterObj>(it), what, std::forward<Each>(each));
}

}  // namespace brigade::lang::vm
