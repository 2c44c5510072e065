// vm.cpp — the interpreter loop, arithmetic with Rust's overflow panics, and the natives
// and methods of the subset (channels, threads, time, strings, Vec, Option, Result).
//
// Index
//   [SECTION] Panics
//   [SECTION] Arithmetic, casts, coercion
//   [SECTION] Iterators
//   [SECTION] Channels, join, sleep (the blocking natives)
//   [SECTION] Natives (paths)
//   [SECTION] Methods
//   [SECTION] Format
//   [SECTION] The loop
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "brigade/chan/backoff.hpp"
#include "brigade/lang/ast.hpp"
#include "stack.hpp"
#include "vm.hpp"

namespace brigade::lang::vm {

namespace {

// What a native or method did.
// Invoke: it needs a closure's result first (see invoke()): the loop runs the closure on the
// task's frames, then the native's instruction again.
// Panicked: a closure called from the native panicked (already reported: unwind).
enum class NS { Ok, Blocked, Panic, Stop, Call, Panicked, Invoke };

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

const char* type_name(const Value& v);

// ---------------------------------------------------------------- continuations
//
// A native that needs a closure's result (map's, sort_by's, a user Display) never runs the
// closure itself. It asks the loop to (invoke() returns NS::Invoke), and the loop pushes the
// closure's frame on the task's own frames (Frame::to_native) and runs it like any other code:
// it may block, be stopped, recurse, panic. When it returns, its value waits in
// Task::call_result and the native's instruction runs again from its start, with the same
// operands on the stack. Whatever the native must not do twice it records in its state: an
// iterator adapter in its IterObj, anything else in a StateObj kept by the calling frame
// (frame_state). So no native is ever suspended on the C++ stack (Lua's lua_callk and Wren's
// primitives that push a frame are the models; DESIGN.md, "Execution").

// The calling frame's native state, made on first use.
StateObj& frame_state(Ctx& cx) {
  Value& slot = cx.t.frames.back().state;
  if (!slot.is(ObjKind::State)) slot = Value::object(new StateObj());
  return as<StateObj>(slot);
}

void enter_function(Task& t, std::uint32_t function, const Value& closure, std::size_t base);
Step run_leaf(Task& t, Value& result);

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
      return "SyncSender";
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
      return "Arc";
    case ObjKind::Mutex:
      return "Mutex";
    case ObjKind::Guard:
      return "MutexGuard";
    case ObjKind::Atomic:
      return "an atomic";
    case ObjKind::Map:
      return "HashMap";
    case ObjKind::SlotRef:
      return "a reference into a map";
    case ObjKind::State:
      return "a native's state";
  }
  return "value";
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

Value record(std::uint32_t type, std::uint32_t variant, std::vector<Value> fields = {}) {
  return make_record(type < builtin::Count && type != builtin::RecvError && type != builtin::SendError &&
                             type != builtin::PanicPayload
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

// One run of a stable merge sort of `st.order` (bottom-up: width, lo, i, j, k say where it is)
// by `less(x, y, result)`, a comparison that may need a closure (NS::Invoke: the sort goes on
// from the same place when it runs again) or fail. Nothing here trusts the comparison to be a
// consistent order, so a closure that is not one cannot make the sort misbehave (std::sort's
// precondition), only give some permutation.
template <class Less>
NS merge_sort_step(Ctx& cx, StateObj& st, Less&& less) {
  (void)cx;
  const std::size_t n = st.order.size();
  if (st.buffer.size() != n) {
    st.buffer.resize(n);
    st.width = 1;
    st.lo = st.i = st.k = 0;
    st.j = std::min<std::size_t>(1, n);
  }
  for (; st.width < n; st.width *= 2) {
    for (; st.lo < n; st.lo += 2 * st.width) {
      std::size_t mid = std::min(st.lo + st.width, n), hi = std::min(st.lo + 2 * st.width, n);
      while (st.i < mid && st.j < hi) {
        bool right_first = false;  // only a strictly smaller right element goes first: stable
        NS s = less(st.order[st.j], st.order[st.i], right_first);
        if (s != NS::Ok) return s;
        st.buffer[st.k++] = right_first ? st.order[st.j++] : st.order[st.i++];
      }
      while (st.i < mid) st.buffer[st.k++] = st.order[st.i++];
      while (st.j < hi) st.buffer[st.k++] = st.order[st.j++];
      // The next pair of runs.
      st.i = st.k = st.lo + 2 * st.width;
      st.j = std::min(st.i + st.width, n);
    }
    st.order.swap(st.buffer);
    st.lo = st.i = st.k = 0;
    st.j = std::min(2 * st.width, n);
  }
  return NS::Ok;
}

}  // namespace

// ---------------------------------------------------------------- [SECTION] Panics

// rustc 1.95 starts every panic message with a newline (stderr then reads "\nthread 'main' (ID)
// panicked at"); Brigade leaves out the OS thread id, which no two runs share.
void raise_panic(Task& t, const std::string& message, Span span) {
  raise_panic_at(t, message, t.rt.module().file + ":" + std::to_string(span.line) + ":" + std::to_string(span.column),
                 span.line);
}

void raise_panic_at(Task& t, const std::string& message, const std::string& location, std::uint32_t line) {
  std::string text = "\nthread '" + t.name + "' panicked at " + location + ":\n" + message + "\n";
  if (t.rt.first_panic()) text += "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
  trace::emit(trace::Kind::Panic, 0, line, 0, trace::preview_of(std::string_view(message)));
  t.rt.write(&t, 2, text);
}

namespace {

// ---------------------------------------------------------------- [SECTION] Arithmetic

const char* overflow_message(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::Add:
      return "attempt to add with overflow";
    case ast::BinaryOp::Sub:
      return "attempt to subtract with overflow";
    case ast::BinaryOp::Mul:
      return "attempt to multiply with overflow";
    case ast::BinaryOp::Div:
      return "attempt to divide with overflow";
    case ast::BinaryOp::Rem:
      return "attempt to calculate the remainder with overflow";
    case ast::BinaryOp::Shl:
      return "attempt to shift left with overflow";
    case ast::BinaryOp::Shr:
      return "attempt to shift right with overflow";
    default:
      return "arithmetic overflow";
  }
}

// Wraps a 128-bit value into kind k (two's complement), as `as` does.
std::int64_t wrap_to(Int128 v, IntKind k) {
  unsigned bits = int_bits(k);
  auto u = static_cast<UInt128>(v);
  if (bits < 64) {
    u &= (static_cast<UInt128>(1) << bits) - 1;
    if (is_signed(k) && (u >> (bits - 1)) & 1) u |= ~((static_cast<UInt128>(1) << bits) - 1);
  }
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(u));
}

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

bool is_comparison(ast::BinaryOp op) {
  return op == ast::BinaryOp::Eq || op == ast::BinaryOp::Ne || op == ast::BinaryOp::Lt || op == ast::BinaryOp::Le ||
         op == ast::BinaryOp::Gt || op == ast::BinaryOp::Ge;
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

// A leaf's frame (just pushed) run as far as its code is simple — loads, constants, integer
// arithmetic and comparisons, forward jumps, the return — in a loop that keeps its pc, code and
// locals in registers; from the first instruction it leaves alone (a panic among them), the
// interpreter goes on with the same frame. Step::Returned: `result` holds what it returned.
Step run_leaf(Task& t, Value& result) {
  Frame& fr = t.frames.back();
  const Module& m = t.rt.module();
  const Instr* code = m.functions[fr.function].code.data();
  const Value* constants = m.constants.data();
  std::vector<Value>& st = t.stack;
  const std::size_t base = fr.base;
  std::uint32_t pc = fr.pc;
  for (;; ++pc) {
    const Instr& in = code[pc];
    switch (in.op) {
      case Op::Const:
        st.push_back(constants[in.a]);
        continue;
      case Op::Load: {
        const Value& slot = st[base + in.a];
        if (slot.tag == Tag::Ref) goto general;
        st.push_back(slot);
        continue;
      }
      case Op::Move: {
        const Value& slot = st[base + in.a];
        if (slot.tag == Tag::Ref || slot.tag == Tag::Obj) goto general;
        st.push_back(slot);  // a scalar: moving copies it
        continue;
      }
      case Op::Drop:
        st[base + in.a] = Value::empty();
        continue;
      case Op::Pop:
        st.pop_back();
        continue;
      case Op::Deref:
        if (st.back().tag == Tag::Obj) goto general;  // a scalar's `*x` is itself
        continue;
      case Op::Not:
        if (st.back().tag != Tag::Bool) goto general;
        st.back() = Value::boolean(!st.back().b);
        continue;
      case Op::Binary:
        if (int_fast(static_cast<ast::BinaryOp>(in.c), st[st.size() - 2], st.back()) != Fast::Done) goto general;
        st.pop_back();
        continue;
      case Op::Jump:
        pc = in.a - 1;
        continue;
      case Op::JumpIfFalse: {
        if (st.back().tag != Tag::Bool) goto general;
        bool go_on = st.back().b;
        st.pop_back();
        if (!go_on) pc = in.a - 1;
        continue;
      }
      case Op::Return:
        result = std::move(st.back());
        st.pop_back();
        while (st.size() > base) st.pop_back();  // locals dropped last-declared first
        t.frames.pop_back();
        return Step::Returned;
      default:
        goto general;
    }
  }
general:
  fr.pc = pc;
  Step step = interpret(t);
  if (step == Step::Returned) {
    result = std::move(*t.call_result);
    t.call_result.reset();
  }
  return step;
}

NS int_binary(Ctx& cx, ast::BinaryOp op, const Value& a, const Value& b, Value& out) {
  IntKind k = a.kind == IntKind::Infer ? b.kind : a.kind;
  IntKind check = k;
  if (k == IntKind::Infer) {
    check = int_fits(a.wide(), IntKind::I32) && int_fits(b.wide(), IntKind::I32) ? IntKind::I32 : IntKind::I64;
  }
  // Shifts take the left operand's kind; the right one only counts.
  if (op == ast::BinaryOp::Shl || op == ast::BinaryOp::Shr) {
    k = a.kind;
    // An unsuffixed literal shifted far (`let mask: u64 = 1 << 40`) takes its type from the
    // context in Rust, which the VM does not know: allow 64 bits; the `let` coerces.
    check = k == IntKind::Infer ? IntKind::I64 : k;
    Int128 n = b.wide();
    unsigned bits = int_bits(check);
    if (n < 0 || n >= bits) return cx.fail(overflow_message(op));
    Int128 x = a.wide();
    Int128 r = op == ast::BinaryOp::Shl ? static_cast<Int128>(static_cast<UInt128>(x) << static_cast<int>(n))
                                          : (x >> static_cast<int>(n));
    out = Value::integer(wrap_to(r, check), k);
    return NS::Ok;
  }
  Int128 x = a.wide(), y = b.wide(), r = 0;
  switch (op) {
    case ast::BinaryOp::Add:
      r = x + y;
      break;
    case ast::BinaryOp::Sub:
      r = x - y;
      break;
    case ast::BinaryOp::Mul:
      r = x * y;
      break;
    case ast::BinaryOp::Div:
      if (y == 0) return cx.fail("attempt to divide by zero");
      r = x / y;
      break;
    case ast::BinaryOp::Rem:
      if (y == 0) return cx.fail("attempt to calculate the remainder with a divisor of zero");
      r = x % y;
      if (!int_fits(x / y, check)) return cx.fail(overflow_message(op));
      break;
    case ast::BinaryOp::BitAnd:
      out = Value::integer(wrap_to(x & y, check), k);
      return NS::Ok;
    case ast::BinaryOp::BitOr:
      out = Value::integer(wrap_to(x | y, check), k);
      return NS::Ok;
    case ast::BinaryOp::BitXor:
      out = Value::integer(wrap_to(x ^ y, check), k);
      return NS::Ok;
    default:
      out = Value::boolean(compare_op(op, x < y ? -1 : x > y ? 1 : 0));
      return NS::Ok;
  }
  if (!int_fits(r, check)) return cx.fail(overflow_message(op));
  out = Value::integer(static_cast<std::int64_t>(r), k);
  return NS::Ok;
}

NS binary(Ctx& cx, ast::BinaryOp op, Value& a, const Value& b, Value& out, bool compound) {
  if (a.tag == Tag::Int && b.tag == Tag::Int) return int_binary(cx, op, a, b, out);
  if (is_comparison(op)) {
    if (op == ast::BinaryOp::Eq || op == ast::BinaryOp::Ne) {
      bool eq = values_equal(a, b);
      out = Value::boolean(op == ast::BinaryOp::Eq ? eq : !eq);
    } else {
      if (a.tag == Tag::Float && b.tag == Tag::Float && (std::isnan(a.f) || std::isnan(b.f))) {
        out = Value::boolean(false);
      } else {
        out = Value::boolean(compare_op(op, compare_values(a, b)));
      }
    }
    return NS::Ok;
  }
  if (a.tag == Tag::Float && b.tag == Tag::Float) {
    double x = a.f, y = b.f;
    switch (op) {
      case ast::BinaryOp::Add:
        out = Value::floating(x + y);
        return NS::Ok;
      case ast::BinaryOp::Sub:
        out = Value::floating(x - y);
        return NS::Ok;
      case ast::BinaryOp::Mul:
        out = Value::floating(x * y);
        return NS::Ok;
      case ast::BinaryOp::Div:
        out = Value::floating(x / y);
        return NS::Ok;
      case ast::BinaryOp::Rem:
        out = Value::floating(std::fmod(x, y));
        return NS::Ok;
      default:
        break;
    }
  }
  if (a.tag == Tag::Bool && b.tag == Tag::Bool) {
    switch (op) {
      case ast::BinaryOp::BitAnd:
        out = Value::boolean(a.b && b.b);
        return NS::Ok;
      case ast::BinaryOp::BitOr:
        out = Value::boolean(a.b || b.b);
        return NS::Ok;
      case ast::BinaryOp::BitXor:
        out = Value::boolean(a.b != b.b);
        return NS::Ok;
      default:
        break;
    }
  }
  // String + &str; s += &str appends in place when only the place and this operand hold it.
  if (op == ast::BinaryOp::Add && a.is(ObjKind::Str) && (b.is(ObjKind::Str) || b.tag == Tag::Char)) {
    std::string tail = b.tag == Tag::Char ? display(cx.m, b, {}) : as_str(b).s;
    if (compound && !a.o->frozen && a.o->refs.load(std::memory_order_relaxed) <= 2) {
      as_str(a).s += tail;
      out = a;
    } else {
      out = make_str(as_str(a).s + tail);
    }
    return NS::Ok;
  }
  // Durations and instants.
  if (a.tag == Tag::Duration && b.tag == Tag::Duration) {
    if (op == ast::BinaryOp::Add) {
      out = Value::scalar(Tag::Duration, a.i + b.i);
      return NS::Ok;
    }
    if (op == ast::BinaryOp::Sub) {
      if (b.i > a.i) return cx.fail("overflow when subtracting durations");
      out = Value::scalar(Tag::Duration, a.i - b.i);
      return NS::Ok;
    }
  }
  if (a.tag == Tag::Duration && b.tag == Tag::Int) {
    if (op == ast::BinaryOp::Mul) {
      out = Value::scalar(Tag::Duration, static_cast<std::int64_t>(a.i * b.wide()));
      return NS::Ok;
    }
    if (op == ast::BinaryOp::Div) {
      if (b.wide() == 0) return cx.fail("divide by zero error when dividing duration by scalar");
      out = Value::scalar(Tag::Duration, static_cast<std::int64_t>(a.i / b.wide()));
      return NS::Ok;
    }
  }
  if (a.tag == Tag::Int && b.tag == Tag::Duration && op == ast::BinaryOp::Mul) {
    out = Value::scalar(Tag::Duration, static_cast<std::int64_t>(b.i * a.wide()));
    return NS::Ok;
  }
  if (a.tag == Tag::Instant && b.tag == Tag::Instant && op == ast::BinaryOp::Sub) {
    out = Value::scalar(Tag::Duration, std::max<std::int64_t>(0, a.i - b.i));
    return NS::Ok;
  }
  if (a.tag == Tag::Instant && b.tag == Tag::Duration && (op == ast::BinaryOp::Add || op == ast::BinaryOp::Sub)) {
    out = Value::scalar(Tag::Instant, op == ast::BinaryOp::Add ? a.i + b.i : a.i - b.i);
    return NS::Ok;
  }
  return cx.fail(std::string("cannot apply `") + ast::binary_op_text(op) + "` to " + type_name(a) + " and " +
                 type_name(b) + " (a type error Brigade does not check before running)");
}

NS cast(Ctx& cx, const Value& v, const TypeDesc& d, Value& out) {
  switch (d.kind) {
    case TypeDesc::Kind::Int: {
      if (v.tag == Tag::Int) {
        out = Value::integer(wrap_to(v.wide(), d.int_kind), d.int_kind);
      } else if (v.tag == Tag::Float) {
        // Saturating, NaN to 0.
        double x = std::trunc(v.f);
        Int128 r;
        unsigned bits = int_bits(d.int_kind);
        Int128 lo = is_signed(d.int_kind) ? -(static_cast<Int128>(1) << (bits - 1)) : 0;
        Int128 hi = is_signed(d.int_kind) ? (static_cast<Int128>(1) << (bits - 1)) - 1
                                            : (static_cast<Int128>(1) << bits) - 1;
        if (std::isnan(x)) {
          r = 0;
        } else if (x <= static_cast<double>(lo)) {
          r = lo;
        } else if (x >= static_cast<double>(hi)) {
          r = hi;
        } else {
          r = static_cast<Int128>(x);
        }
        out = Value::integer(static_cast<std::int64_t>(r), d.int_kind);
      } else if (v.tag == Tag::Char) {
        out = Value::integer(wrap_to(static_cast<Int128>(v.c), d.int_kind), d.int_kind);
      } else if (v.tag == Tag::Bool) {
        out = Value::integer(v.b ? 1 : 0, d.int_kind);
      } else if (v.is(ObjKind::Enum) && as_record(v).fields.empty()) {  // a fieldless variant: its discriminant
        const auto& r = as_record(v);
        std::int64_t x = cx.m.types[r.type].variants[r.variant].discriminant;
        out = Value::integer(wrap_to(static_cast<Int128>(x), d.int_kind), d.int_kind);
      } else {
        return cx.fail(std::string("cannot cast ") + type_name(v) + " as an integer");
      }
      return NS::Ok;
    }
    case TypeDesc::Kind::Float:
      if (v.tag == Tag::Int) {
        out = Value::floating(static_cast<double>(v.wide()));
      } else if (v.tag == Tag::Float) {
        out = v;
      } else {
        return cx.fail(std::string("cannot cast ") + type_name(v) + " as f64");
      }
      return NS::Ok;
    case TypeDesc::Kind::Char:
      if (v.tag == Tag::Int) {
        out = Value::character(static_cast<char32_t>(v.wide() & 0xFF));
      } else if (v.tag == Tag::Char) {
        out = v;
      } else {
        return cx.fail(std::string("cannot cast ") + type_name(v) + " as char");
      }
      return NS::Ok;
    case TypeDesc::Kind::Bool:
      out = v;
      return NS::Ok;
    default:
      out = v;
      return NS::Ok;
  }
}

// Gives Infer integers inside v the kinds the declared type names.
void coerce(const Module& m, Value& v, std::uint32_t desc) {
  if (desc == 0 || desc >= m.type_descs.size()) return;
  const TypeDesc& d = m.type_descs[desc];
  switch (d.kind) {
    case TypeDesc::Kind::Int:
      if (v.tag == Tag::Int && v.kind == IntKind::Infer) {
        v.i = wrap_to(v.wide(), d.int_kind);
        v.kind = d.int_kind;
      }
      return;
    case TypeDesc::Kind::Float:
      if (v.tag == Tag::Int && v.kind == IntKind::Infer) v = Value::floating(static_cast<double>(v.i));
      return;
    case TypeDesc::Kind::Option:
    case TypeDesc::Kind::Result:
      if ((v.is(ObjKind::Enum)) && !as_record(v).fields.empty()) {
        auto& r = as_record(v);
        std::size_t which = d.kind == TypeDesc::Kind::Option ? 0 : r.variant;
        if (which < d.elems.size()) coerce(m, r.fields[0], d.elems[which]);
      }
      return;
    case TypeDesc::Kind::Vec:
      if (v.is(ObjKind::Vec) && !d.elems.empty()) {
        auto& items = as_list(v).items;
        // Only values that came from literals need it; a typed first element means all are.
        if (!items.empty() && items[0].tag == Tag::Int && items[0].kind != IntKind::Infer) return;
        for (auto& x : items) coerce(m, x, d.elems[0]);
      }
      return;
    case TypeDesc::Kind::Map:
      // `let m: HashMap<_, _> = pairs.collect()`: what collect() built as a Vec of pairs.
      if (v.is(ObjKind::Vec) && d.elems.size() == 1) {  // a set
        auto* set = new MapObj(d.int_kind == IntKind::U8, true);
        Value made = Value::object(set);
        for (auto& x : as_list(v).items) {
          Value k = x;
          coerce(m, k, d.elems[0]);
          bool existed = false;
          set->slot(k, existed);
        }
        v = std::move(made);
        return;
      }
      if (v.is(ObjKind::Vec)) {
        auto* map = new MapObj(d.int_kind == IntKind::U8);
        Value made = Value::object(map);
        for (auto& pair : as_list(v).items) {
          if (!pair.is(ObjKind::Tuple) || as_list(pair).items.size() != 2) return;
          Value k = as_list(pair).items[0], x = as_list(pair).items[1];
          if (d.elems.size() == 2) {
            coerce(m, k, d.elems[0]);
            coerce(m, x, d.elems[1]);
          }
          bool existed = false;
          map->slot(k, existed) = std::move(x);  // a later pair wins, as in Rust
        }
        v = std::move(made);
      }
      return;
    case TypeDesc::Kind::Str:
      // `let s: String = chars.collect()`: what collect() built as a Vec is joined into a String.
      if (v.is(ObjKind::Vec)) {
        std::string text;
        for (const auto& x : as_list(v).items) text += display(m, x, {});
        v = make_str(std::move(text));
      }
      return;
    case TypeDesc::Kind::Tuple:
      if (v.is(ObjKind::Tuple)) {
        auto& items = as_list(v).items;
        for (std::size_t i = 0; i < items.size() && i < d.elems.size(); ++i) coerce(m, items[i], d.elems[i]);
      }
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------- [SECTION] Iterators

Value make_range_iter(Int128 first, Int128 last, IntKind kind, bool empty) {
  auto* it = new IterObj();
  it->source = IterObj::Source::Range;
  it->next = first;
  it->last = last;
  it->kind = kind;
  it->exhausted = empty;
  return Value::object(it);
}

NS make_iter(Ctx& cx, Value v, Value& out) {
  if (v.is(ObjKind::Iter)) {
    out = std::move(v);
    return NS::Ok;
  }
  if (v.is(ObjKind::Range)) {
    auto& r = as<RangeObj>(v);
    if (r.start.tag == Tag::Char && r.end.tag == Tag::Char) {
      Int128 last = static_cast<Int128>(r.end.c) - (r.inclusive ? 0 : 1);
      out = make_range_iter(r.start.c, last, IntKind::U32, last < static_cast<Int128>(r.start.c));
      as<IterObj>(out).char_range = true;
      return NS::Ok;
    }
    if (r.start.tag != Tag::Int) return cx.fail("cannot iterate over a range without a start");
    IntKind k = r.start.kind == IntKind::Infer && r.end.tag == Tag::Int ? r.end.kind : r.start.kind;
    Int128 first = r.start.wide();
    Int128 last = r.end.tag == Tag::Int ? r.end.wide() - (r.inclusive ? 0 : 1) : static_cast<Int128>(INT64_MAX);
    out = make_range_iter(first, last, k, last < first);
    return NS::Ok;
  }
  if (v.is(ObjKind::Vec)) {
    auto* it = new IterObj();
    it->source = IterObj::Source::List;
    it->end = as_list(v).items.size();
    it->list = std::move(v);
    out = Value::object(it);
    return NS::Ok;
  }
  if (v.is(ObjKind::Map)) {  // `for (k, v) in &map`: the pairs as they are now, in key order
    std::vector<Value> pairs;
    bool set = as<MapObj>(v).set;
    for (const auto& [k, x] : as<MapObj>(v).entries) {
      if (set) {  // a set's elements
        pairs.push_back(k);
        continue;
      }
      std::vector<Value> pair;
      pair.push_back(k);
      pair.push_back(x);
      pairs.push_back(make_list(ObjKind::Tuple, std::move(pair)));
    }
    return make_iter(cx, make_list(ObjKind::Vec, std::move(pairs)), out);
  }
  if (v.is(ObjKind::Receiver)) {
    auto* it = new IterObj();
    it->source = IterObj::Source::Receiver;
    it->receiver = std::move(v);
    it->blocking = true;
    out = Value::object(it);
    return NS::Ok;
  }
  return cx.fail(std::string("`") + type_name(v) + "` is not an iterator");
}

NS recv_step(Ctx& cx, const Value& rxv, const std::int64_t* until, Value& item, bool& disconnected, bool& timeout);

// Pushes the frame of `function`, whose arguments are on the stack from `base` on: room for its
// locals, and a closure's captures in their slots.
void enter_function(Task& t, std::uint32_t function, const Value& closure, std::size_t base) {
  const Function& target = t.rt.module().functions[function];
  t.stack.resize(base + target.locals, Value::empty());
  if (closure.is(ObjKind::Closure)) {
    const auto& caps = as<ClosureObj>(closure).captures;
    for (std::size_t i = 0; i < target.capture_slots.size() && i < caps.size(); ++i) {
      t.stack[base + target.capture_slots[i]] = caps[i];
    }
  }
  t.frames.push_back(Frame{function, 0, static_cast<std::uint32_t>(base)});
}

bool truthy(const Value& v) {
  return v.tag == Tag::Bool && v.b;
}

// Advances an iterator: Ok with `item` set, Ok with `done`, or Blocked (receivers).
NS iter_next(Ctx& cx, IterObj& it, Value& item, bool& done) {
  done = false;
  // A native's loop over a huge iterator has no back-edge of its own: look at the safepoint
  // (stop, pause, the memory limit) every few thousand items.
  if ((++cx.t.native_steps & 4095) == 0 && !cx.t.rt.safepoint()) return NS::Stop;
  switch (it.source) {
    case IterObj::Source::Range: {
      if (it.exhausted) {
        done = true;
        return NS::Ok;
      }
      Int128 v;
      if (!it.reversed) {
        v = it.next;
        if (v > it.last) {
          it.exhausted = true;
          done = true;
          return NS::Ok;
        }
        if (it.last - v < it.step) {
          it.exhausted = true;
        } else {
          it.next += it.step;
        }
      } else {
        v = it.last;
        if (v < it.next) {
          it.exhausted = true;
          done = true;
          return NS::Ok;
        }
        if (v - it.next < it.step) {
          it.exhausted = true;
        } else {
          it.last -= it.step;
        }
      }
      item = it.char_range ? Value::character(static_cast<char32_t>(v)) : Value::integer(static_cast<std::int64_t>(v), it.kind);
      return NS::Ok;
    }
    case IterObj::Source::List: {
      const auto& items = as_list(it.list).items;
      std::size_t end = std::min(it.end, items.size());
      if (it.index >= end) {
        done = true;
        return NS::Ok;
      }
      if (it.reversed) {
        item = items[end - 1];
        it.end = end - 1;
      } else {
        item = items[it.index++];
      }
      return NS::Ok;
    }
    case IterObj::Source::Receiver: {
      if (!it.blocking) {
        auto r = as<ReceiverObj>(it.receiver).rx.try_recv();
        if (r.is_ok()) {
          item = std::move(r).unwrap();
        } else {
          done = true;
        }
        return NS::Ok;
      }
      bool disconnected = false, timeout = false;
      NS s = recv_step(cx, it.receiver, nullptr, item, disconnected, timeout);
      if (s == NS::Ok && disconnected) done = true;
      return s;
    }
    case IterObj::Source::Adapter: {
      auto& inner = as<IterObj>(it.inner);
      switch (it.adapt) {
        case IterObj::Adapt::Enumerate: {
          Value x;
          NS s = iter_next(cx, inner, x, done);
          if (s != NS::Ok || done) return s;
          std::vector<Value> pair;
          pair.push_back(usize(it.count++));
          pair.push_back(std::move(x));
          item = make_list(ObjKind::Tuple, std::move(pair));
          return NS::Ok;
        }
        case IterObj::Adapt::Skip:
          while (it.count < it.limit) {
            Value x;
            NS s = iter_next(cx, inner, x, done);
            if (s != NS::Ok || done) return s;
            ++it.count;
          }
          return iter_next(cx, inner, item, done);
        case IterObj::Adapt::Take:
          if (it.count >= it.limit) {
            done = true;
            return NS::Ok;
          }
          {
            NS s = iter_next(cx, inner, item, done);
            if (s == NS::Ok && !done) ++it.count;
            return s;
          }
        case IterObj::Adapt::StepBy: {  // as Rust's: the first item, then skip n - 1 before each next
          if (it.count > 0) {
            for (; it.index + 1 < it.limit; ++it.index) {  // index: skipped so far (it may be resumed)
              Value skip;
              NS s = iter_next(cx, inner, skip, done);
              if (s != NS::Ok || done) return s;
            }
          }
          NS s = iter_next(cx, inner, item, done);
          if (s != NS::Ok || done) return s;
          it.index = 0;
          ++it.count;
          return NS::Ok;
        }
        case IterObj::Adapt::Map: {
          Value x;
          if (!it.awaiting) {
            NS s = iter_next(cx, inner, x, done);
            if (s != NS::Ok || done) return s;
          }
          return invoke(cx, it.awaiting, it.func, std::move(x), item);
        }
        case IterObj::Adapt::Cloned: {
          NS s = iter_next(cx, inner, item, done);
          if (s == NS::Ok && !done) item = deep_clone(item);
          return s;
        }
        case IterObj::Adapt::FilterMap:  // f(x) is Some(y): y; None: the next one
        case IterObj::Adapt::SkipWhile:  // count 0: still skipping
        case IterObj::Adapt::Filter:     // f(&x): x, or the next one
        case IterObj::Adapt::TakeWhile:  // count 1: a false already ended it
          for (;;) {
            if (it.adapt == IterObj::Adapt::TakeWhile && it.count != 0) {
              done = true;
              return NS::Ok;
            }
            if (!it.awaiting) {  // `held`: the item while the closure judges it
              NS s = iter_next(cx, inner, it.held, done);
              if (s != NS::Ok || done) return s;
              if (it.adapt == IterObj::Adapt::SkipWhile && it.count != 0) {
                item = std::move(it.held);
                return NS::Ok;
              }
            }
            Value r;
            NS c = invoke(cx, it.awaiting, it.func, it.held, r);  // the closure sees the item (`&x`)
            if (c != NS::Ok) return c;
            Value x = std::move(it.held);
            it.held = Value::empty();
            switch (it.adapt) {
              case IterObj::Adapt::SkipWhile:
                if (truthy(r)) continue;
                it.count = 1;
                item = std::move(x);
                return NS::Ok;
              case IterObj::Adapt::Filter:
                if (!truthy(r)) continue;
                item = std::move(x);
                return NS::Ok;
              case IterObj::Adapt::TakeWhile:
                if (!truthy(r)) {
                  it.count = 1;
                  done = true;
                  return NS::Ok;
                }
                item = std::move(x);
                return NS::Ok;
              default:  // FilterMap
                if (r.is(ObjKind::Enum) && as_record(r).type == builtin::Option && as_record(r).variant == 1) {
                  item = as_record(r).fields[0];
                  return NS::Ok;
                }
                continue;
            }
          }
        case IterObj::Adapt::Zip: {  // (a, b) until either side ends; `held` keeps a while b waits
          if (!it.holding) {
            NS s = iter_next(cx, inner, it.held, done);
            if (s != NS::Ok || done) return s;
            it.holding = true;
          }
          Value y;
          NS s = iter_next(cx, as<IterObj>(it.other), y, done);
          if (s != NS::Ok) return s;
          it.holding = false;
          Value x = std::move(it.held);
          it.held = Value::empty();
          if (done) return NS::Ok;
          std::vector<Value> pair;
          pair.push_back(std::move(x));
          pair.push_back(std::move(y));
          item = make_list(ObjKind::Tuple, std::move(pair));
          return NS::Ok;
        }
        case IterObj::Adapt::FlatMap:  // each f(x) (flatten: each x) drained in turn
          for (;;) {
            Value produced;
            if (!it.awaiting) {
              if (it.other.is(ObjKind::Iter)) {
                NS s = iter_next(cx, as<IterObj>(it.other), item, done);
                if (s != NS::Ok || !done) return s;
                it.other = Value::empty();
                done = false;
              }
              NS s = iter_next(cx, inner, produced, done);
              if (s != NS::Ok || done) return s;
            }
            if (it.func.tag == Tag::Fn || it.func.is(ObjKind::Closure)) {
              Value x = std::move(produced);
              NS c = invoke(cx, it.awaiting, it.func, std::move(x), produced);
              if (c != NS::Ok) return c;
            }
            if (produced.is(ObjKind::Enum) && as_record(produced).type == builtin::Option) {  // 0 or 1 items
              if (as_record(produced).variant == 0) continue;
              item = as_record(produced).fields[0];
              return NS::Ok;
            }
            Value sub;
            if (make_iter(cx, std::move(produced), sub) != NS::Ok) return NS::Panic;
            it.other = std::move(sub);
          }
        case IterObj::Adapt::Chain: {  // count 1: the first one is done
          if (it.count == 0) {
            NS s = iter_next(cx, inner, item, done);
            if (s != NS::Ok || !done) return s;
            it.count = 1;
            done = false;
          }
          return iter_next(cx, as<IterObj>(it.other), item, done);
        }
        default:
          return iter_next(cx, inner, item, done);
      }
    }
  }
  done = true;
  return NS::Ok;
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

// for_each, any, all, find, position, fold (its accumulator: values[1]).
NS consume_with(Ctx& cx, Method m, IterObj& it, const Value& func, const Value& init, Value& out) {
  StateObj& st = frame_state(cx);
  if (st.values.size() < 2) st.values = {Value::empty(), init};
  bool finished = false;
  auto args_of = [&](StateObj& state, const Value& x) -> std::optional<CallArgs> {
    CallArgs args;
    if (m == Method::fold) args.push(std::move(state.values[1]));
    args.push(x);
    return args;
  };
  auto judge = [&](StateObj& state, Value x, Value r) {
    std::uint64_t index = state.index++;
    switch (m) {
      case Method::fold:
        state.values[1] = std::move(r);
        break;
      case Method::any:
      case Method::all:
        finished = truthy(r) == (m == Method::any);
        if (finished) out = Value::boolean(m == Method::any);
        break;
      case Method::find:
      case Method::position:
        finished = truthy(r);
        if (finished) out = make_some(m == Method::find ? std::move(x) : usize(index));
        break;
      default:  // for_each
        break;
    }
    return NS::Ok;
  };
  NS s = judge_each(cx, it, func, args_of, judge, finished);
  if (s != NS::Ok || finished) return s;
  switch (m) {
    case Method::any:
      out = Value::boolean(false);
      break;
    case Method::all:
      out = Value::boolean(true);
      break;
    case Method::find:
    case Method::position:
      out = make_none();
      break;
    case Method::fold:
      out = std::move(st.values[1]);
      break;
    default:
      out = Value::unit();
      break;
  }
  return NS::Ok;
}

// ---------------------------------------------------------------- [SECTION] Channels, join, sleep

// Receives on `rxv`. Ok: `item` set, or `disconnected`/`timeout`. Blocked: the task waits.
NS recv_step(Ctx& cx, const Value& rxv, const std::int64_t* until, Value& item, bool& disconnected, bool& timeout) {
  Task& t = cx.t;
  auto& rx = as<ReceiverObj>(rxv).rx;
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
    t.wait.deadline = t.rt.real_deadline(*until);
  } else {
    t.wait.until.reset();
    t.wait.deadline.reset();
  }
  if (t.wait.until && t.rt.program_now_ns() >= *t.wait.until) {
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
      return NS::Blocked;
  }
  return NS::Ok;
}

// Sends `value` (taken from the stack on the first call) on a Sender or SyncSender.
NS send_step(Ctx& cx, const Value& txv, Value* value, bool& disconnected) {
  Task& t = cx.t;
  bool sync = txv.is(ObjKind::SyncSender);
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
        t.rt.limit_reached("limit reached: channel #" + std::to_string(id) + " holds " + std::to_string(queued) +
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
      return NS::Blocked;
  }
  return NS::Ok;
}

// Mutex::lock: Ok(guard) now, or Blocked with the task queued on the mutex until a guard dies.
// (No poisoning: a panic while locked unlocks it as any drop does.)
NS lock_step(Ctx& cx, const Value& mutex, Value& out) {
  Task& t = cx.t;
  t.resuming = false;
  auto& mx = as<MutexObj>(mutex);
  std::lock_guard lock(mx.state);
  if (!mx.locked) {
    mx.locked = true;
    t.wait = {};
    out = make_ok(Value::object(new GuardObj(mutex)));
    return NS::Ok;
  }
  t.wait = {};
  t.wait.kind = Wait::Kind::Lock;
  t.wait.counted = true;
  t.counted_wait.store(true, std::memory_order_relaxed);
  t.wait.span = cx.span;
  t.wait.endpoint = mutex;
  t.waiter.reset();
  mx.waiters.push_back(&t);
  trace::emit(trace::Kind::LockBlocked, 0);
  return NS::Blocked;
}

NS join_step(Ctx& cx, const Value& hv, Value& out) {
  Task& t = cx.t;
  auto& target = *as<JoinHandleObj>(hv).task;
  t.resuming = false;
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
  t.wait.joined = target.trace_id.load(std::memory_order_relaxed);
  t.wait.span = cx.span;
  t.wait.endpoint = hv;
  t.waiter.reset();
  target.joiners.push_back(&t);
  trace::emit(trace::Kind::JoinBlocked, 0, t.wait.joined);
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
  std::int64_t now = t.rt.program_now_ns();
  t.wait.until = d.i > INT64_MAX - now ? INT64_MAX : now + d.i;
  t.wait.deadline = t.rt.real_deadline(*t.wait.until);
  t.wait.span = cx.span;
  trace::emit(trace::Kind::Sleep, 0, static_cast<std::uint64_t>(d.i));
  return NS::Blocked;
}

// ---------------------------------------------------------------- [SECTION] Natives

// thread::spawn, and Builder::spawn with a name: a task running `f` on its own thread.
NS spawn_thread(Ctx& cx, Value f, std::optional<std::string> name, Value& out) {
  auto task = std::make_shared<Task>(cx.t.rt);
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
  if (!cx.t.rt.spawn(task)) return NS::Stop;
  out = Value::object(new JoinHandleObj(task));
  return NS::Ok;
}

NS call_native(Ctx& cx, Native n, Value* args, Value& out) {
  auto duration_arg = [&](double scale) -> NS {
    std::uint64_t count = 0;
    if (!count_of(args[0], count)) return cx.fail("a Duration needs a non-negative integer");
    out = Value::scalar(Tag::Duration, static_cast<std::int64_t>(static_cast<double>(count) * scale));
    if (scale >= 1 && count > static_cast<std::uint64_t>(INT64_MAX / static_cast<std::int64_t>(scale))) {
      out = Value::scalar(Tag::Duration, INT64_MAX);
    }
    return NS::Ok;
  };
  switch (n) {
    case Native::Channel: {
      auto [tx, rx] = mpsc::channel<Value>();
      cx.t.rt.note_channel(rx.id());
      std::vector<Value> pair;
      pair.push_back(Value::object(new SenderObj(std::move(tx))));
      pair.push_back(Value::object(new ReceiverObj(std::move(rx))));
      out = make_list(ObjKind::Tuple, std::move(pair));
      return NS::Ok;
    }
    case Native::SyncChannel: {
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
    case Native::Spawn:
      return spawn_thread(cx, std::move(args[0]), std::nullopt, out);
    case Native::HashMapNew:
    case Native::BTreeMapNew:
      out = Value::object(new MapObj(n == Native::BTreeMapNew));
      return NS::Ok;
    case Native::HashSetNew:
    case Native::BTreeSetNew:
      out = Value::object(new MapObj(n == Native::BTreeSetNew, true));
      return NS::Ok;
    case Native::VecDequeNew:  // a VecDeque is a Vec here (push_front and pop_front move the rest)
      out = make_list(ObjKind::Vec, {});
      return NS::Ok;
    case Native::BuilderNew:
      out = record(builtin::ThreadBuilder, 0, {make_none()});
      return NS::Ok;
    case Native::ThreadCurrent: {
      std::vector<Value> fields;
      fields.push_back(cx.t.name == "<unnamed>" ? make_none() : make_some(make_str(cx.t.name)));
      fields.push_back(record(builtin::ThreadId, 0, {Value::integer(static_cast<std::int64_t>(cx.t.thread_number), IntKind::U64)}));
      out = record(builtin::Thread, 0, std::move(fields));
      return NS::Ok;
    }
    case Native::Sleep:
      return sleep_step(cx, args[0]);
    case Native::YieldNow:
      std::this_thread::yield();
      out = Value::unit();
      return NS::Ok;
    case Native::DurationFromSecs:
      return duration_arg(1e9);
    case Native::DurationFromMillis:
      return duration_arg(1e6);
    case Native::DurationFromMicros:
      return duration_arg(1e3);
    case Native::DurationFromNanos:
      return duration_arg(1);
    case Native::DurationFromSecsF64: {
      double s = args[0].tag == Tag::Float ? args[0].f : static_cast<double>(args[0].wide());
      if (!(s >= 0) || std::isinf(s)) {
        return cx.fail("cannot convert float seconds to Duration: value is " +
                       std::string(s < 0 ? "negative" : "either too big or NaN"));
      }
      out = Value::scalar(Tag::Duration, static_cast<std::int64_t>(std::llround(s * 1e9)));
      return NS::Ok;
    }
    case Native::DurationNew: {
      std::uint64_t s = 0, ns = 0;
      count_of(args[0], s);
      count_of(args[1], ns);
      out = Value::scalar(Tag::Duration, static_cast<std::int64_t>(s * 1000000000ULL + ns));
      return NS::Ok;
    }
    case Native::InstantNow:
      out = Value::scalar(Tag::Instant, cx.t.rt.program_now_ns());
      return NS::Ok;
    case Native::StringFrom:
      if (args[0].is(ObjKind::Str)) {
        out = make_str(as_str(args[0]).s);
      } else {
        out = make_str(display(cx.m, args[0], {}));
      }
      return NS::Ok;
    case Native::StringNew:
    case Native::StringWithCapacity:
      out = make_str("");
      return NS::Ok;
    case Native::VecNew:
    case Native::VecWithCapacity:
      out = make_list(ObjKind::Vec, {});
      return NS::Ok;
    case Native::ArcNew:
      out = Value::object(new ArcObj(std::move(args[0])));
      return NS::Ok;
    case Native::ArcClone:  // one more owner of the same value
      if (!args[0].is(ObjKind::Arc)) return cx.fail(std::string("Arc::clone of ") + type_name(args[0]));
      out = args[0];
      return NS::Ok;
    case Native::ArcStrongCount: {
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
    case Native::MutexNew:
      out = Value::object(new MutexObj(std::move(args[0])));
      return NS::Ok;
    case Native::AtomicUsizeNew:
    case Native::AtomicIsizeNew:
    case Native::AtomicU64New:
    case Native::AtomicI64New:
    case Native::AtomicU32New:
    case Native::AtomicI32New:
    case Native::AtomicBoolNew: {
      static constexpr IntKind kKinds[] = {IntKind::Usize, IntKind::Isize, IntKind::U64, IntKind::I64,
                                           IntKind::U32,   IntKind::I32};
      bool boolean = n == Native::AtomicBoolNew;
      const Value& v = args[0];
      if (boolean ? v.tag != Tag::Bool : v.tag != Tag::Int) return cx.fail(std::string("an atomic of ") + type_name(v));
      IntKind k = boolean ? IntKind::U8 : kKinds[static_cast<int>(n) - static_cast<int>(Native::AtomicUsizeNew)];
      out = Value::object(new AtomicObj(boolean ? (v.b ? 1 : 0) : wrap_to(v.wide(), k), k, boolean));
      return NS::Ok;
    }
    case Native::BoxNew:  // a Box is its value: every object lives on the heap already
      out = std::move(args[0]);
      return NS::Ok;
    case Native::Drop:
      args[0] = Value();
      out = Value::unit();
      return NS::Ok;
    case Native::Exit: {
      int code = args[0].tag == Tag::Int ? static_cast<int>(args[0].i) : 1;
      cx.t.rt.end_process(RunResult::Outcome::Exited, code);
      return NS::Stop;
    }
    case Native::Max:
    case Native::Min: {
      int c = compare_values(args[0], args[1]);
      bool first = n == Native::Max ? c > 0 : c <= 0;
      out = first ? args[0] : args[1];
      if (n == Native::Max && c == 0) out = args[1];
      return NS::Ok;
    }
    case Native::Count:
      break;
  }
  return cx.fail("unknown native");
}

// ---------------------------------------------------------------- [SECTION] Methods

std::vector<char32_t> decode_utf8(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t n;
    if (c < 0x80) {
      cp = c, n = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F, n = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, n = 3;
    } else {
      cp = c & 0x07, n = 4;
    }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

Value list_iter(std::vector<Value> items) {
  return make_list(ObjKind::Vec, std::move(items));
}

Value adapter(Value inner, IterObj::Adapt a, std::uint64_t limit = 0) {
  auto* it = new IterObj();
  it->source = IterObj::Source::Adapter;
  it->adapt = a;
  it->inner = std::move(inner);
  it->limit = limit;
  return Value::object(it);
}

NS unwrap_failed(Ctx& cx, const Value& v, const char* what, const std::string* expect_msg) {
  const auto& r = as_record(v);
  if (r.type == builtin::Option) {
    if (expect_msg) return cx.fail(*expect_msg);
    return cx.fail(std::string("called `Option::") + what + "()` on a `None` value");
  }
  std::string payload = debug(cx.m, r.fields[0], {});
  if (expect_msg) return cx.fail(*expect_msg + ": " + payload);
  return cx.fail(std::string("called `Result::") + what + "()` on an `" + (r.variant == 1 ? "Err" : "Ok") +
                 "` value: " + payload);
}

// Consuming methods over an iterator (sum, count, collect, min, max), resumable while a
// receiver blocks: the partial result lives in the iterator.
// sum, count, collect, min, max, as they go (only collect keeps the items): the accumulator is
// values[0] of the frame's state, count is `index`, so that a receiver that blocks, or a
// closure of an adapter, resumes the method where it was.
// rustc 1.95's `Sum for {integer}`: an overflowing sum panics there, not at the caller's `.sum()`.
constexpr const char* kSumOverflowAt =
    "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/iter/traits/accum.rs:204:1";

NS consume(Ctx& cx, Method m, IterObj& it, Value& out) {
  StateObj& st = frame_state(cx);
  if (st.values.empty()) st.values.push_back(Value::empty());  // sum's total, min's or max's best so far
  for (;;) {
    Value x;
    bool done = false;
    NS s = iter_next(cx, it, x, done);
    if (s != NS::Ok) return s;
    if (done) break;
    Value& acc = st.values[0];
    switch (m) {
      case Method::collect:
        st.values.push_back(std::move(x));
        break;
      case Method::count:
        ++st.index;
        break;
      case Method::sum: {
        if (acc.tag == Tag::Empty) acc = x.tag == Tag::Float ? Value::floating(0) : Value::integer(0, IntKind::Infer);
        if (int_fast(ast::BinaryOp::Add, acc, x) == Fast::Done) break;
        Value next;  // an overflow's panic, floats, mixed kinds
        NS r = binary(cx, ast::BinaryOp::Add, acc, x, next, false);
        if (r == NS::Panic && cx.panic.starts_with("attempt to")) cx.panic_in_std = kSumOverflowAt;
        if (r != NS::Ok) return r;
        acc = std::move(next);
        break;
      }
      default: {  // min: the first smallest; max: the last largest
        int c = acc.tag == Tag::Empty ? 0 : compare_values(x, acc);
        if (acc.tag == Tag::Empty || (m == Method::max ? c >= 0 : c < 0)) acc = std::move(x);
        break;
      }
    }
  }
  Value& acc = st.values[0];
  switch (m) {
    case Method::collect:
      out = make_list(ObjKind::Vec, std::vector<Value>(std::make_move_iterator(st.values.begin() + 1),
                                                       std::make_move_iterator(st.values.end())));
      return NS::Ok;
    case Method::count:
      out = usize(static_cast<std::size_t>(st.index));
      return NS::Ok;
    case Method::sum:
      out = acc.tag == Tag::Empty ? Value::integer(0, IntKind::Infer) : std::move(acc);
      return NS::Ok;
    case Method::min:
    case Method::max:
      out = acc.tag == Tag::Empty ? make_none() : make_some(std::move(acc));
      return NS::Ok;
    default:
      return cx.fail("unsupported iterator method");
  }
}

// The function of a user `impl fmt::Display` (debug: `impl fmt::Debug`) for v's type, or kNone.
std::uint32_t user_fmt_fn(const Module& m, const Value& v, bool debug) {
  if (!v.is(ObjKind::Struct) && !v.is(ObjKind::Enum)) return TypeInfo::kNone;
  std::uint32_t type = as_record(v).type;
  if (type < builtin::Count) return TypeInfo::kNone;
  return debug ? m.types[type].debug_fn : m.types[type].display_fn;
}

// A user fmt(&self, f) (Display or Debug) as a continuation: the formatter (a String here)
// waits in `formatter` while the impl runs, then `text` is what it wrote.
NS run_user_fmt(Ctx& cx, bool& awaiting, Value& formatter, std::uint32_t function, const Value& v,
                std::string& text) {
  if (!awaiting) formatter = make_str(std::string());
  Value result;
  NS s = invoke(cx, awaiting, Value::scalar(Tag::Fn, function), CallArgs{v, formatter}, result);
  if (s != NS::Ok) return s;
  if (result.is(ObjKind::Enum) && as_record(result).type == builtin::Result && as_record(result).variant == 1) {
    return cx.fail("a Display implementation returned an error unexpectedly: Error");
  }
  text = as_str(formatter).s;
  formatter = Value::empty();
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

NS lock_step(Ctx& cx, const Value& mutex, Value& out);
NS call_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out);

// Inserts or replaces; gives the old value (Some) or None.
Value map_insert(MapObj& map, const Value& key, Value value) {
  bool existed = false;
  Value old = std::exchange(map.slot(key, existed), std::move(value));
  return existed ? make_some(std::move(old)) : make_none();
}

// Runs each(item) for every item of what `source` iterates over (a Vec, a range, ...).
template <class Each>
NS drain_iterable(Ctx& cx, const Value& source, const char* what, Each&& each) {
  Value it;
  if (make_iter(cx, source, it) != NS::Ok) return NS::Panic;
  return drain(cx, as<IterObj>(it), what, std::forward<Each>(each));
}

// What entry().or_default() inserts: the map's value type is not known at run time, so the
// default of the values already there (a counter's 0 when there are none).
Value default_like(const MapObj& map) {
  if (map.entries.empty()) return Value::integer(0, IntKind::Infer);
  const Value& x = map.entries.front().second;
  switch (x.tag) {
    case Tag::Int:
      return Value::integer(0, x.kind);
    case Tag::Float:
      return Value::floating(0);
    case Tag::Bool:
      return Value::boolean(false);
    default:
      break;
  }
  if (x.is(ObjKind::Str)) return make_str("");
  if (x.is(ObjKind::Vec)) return make_list(ObjKind::Vec, {});
  if (x.is(ObjKind::Map)) return Value::object(new MapObj(as<MapObj>(x).btree));
  return Value::integer(0, IntKind::Infer);
}

// HashMap / BTreeMap methods.
NS map_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value self = a[0];
  auto& map = as<MapObj>(self);
  auto wrong = [&]() {
    return cx.fail("no method `" + cx.m.names[name] + "` with " + std::to_string(argc) +
                   " argument(s) for a map (a type error Brigade does not check before running)");
  };
  auto snapshot = [&](int what) {  // 0 keys, 1 values, 2 (key, value) pairs, 3 places of values
    std::vector<Value> items;
    for (const auto& [k, x] : map.entries) {
      if (what == 0) items.push_back(k);
      if (what == 1) items.push_back(x);
      if (what == 3) items.push_back(Value::object(new SlotRefObj(self, k)));
      if (what == 2) {
        std::vector<Value> pair;
        pair.push_back(k);
        pair.push_back(x);
        items.push_back(make_list(ObjKind::Tuple, std::move(pair)));
      }
    }
    return make_iter(cx, make_list(ObjKind::Vec, std::move(items)), out);
  };
  bool found = false;
  if (map.set) {  // HashSet / BTreeSet: insert and remove say whether anything changed
    switch (m) {
      case Method::insert:
        if (argc != 1) return wrong();
        map.slot(deref(a[1]), found);
        out = Value::boolean(!found);
        return NS::Ok;
      case Method::remove:
      case Method::contains: {
        if (argc != 1) return wrong();
        std::size_t at = map.find(deref(a[1]), found);
        if (m == Method::remove && found) map.entries.erase(map.entries.begin() + static_cast<std::ptrdiff_t>(at));
        out = Value::boolean(found);
        return NS::Ok;
      }
      case Method::iter:
      case Method::into_iter:
        return snapshot(0);
      case Method::extend: {
        if (argc != 1) return wrong();
        NS s = drain_iterable(cx, a[1], "extend", [&](Value x) {
          map.slot(x, found);
          return NS::Ok;
        });
        out = Value::unit();
        return s;
      }
      case Method::len:
      case Method::is_empty:
      case Method::clear:
        break;  // as a map's
      default: {  // the iterator methods, on the elements
        NS s = snapshot(0);
        if (s != NS::Ok) return s;
        std::vector<Value> args(a, a + argc + 1);
        args[0] = std::move(out);
        return call_method(cx, m, name, args.data(), argc, out);
      }
    }
  }
  switch (m) {
    case Method::insert:
      if (argc != 2) return wrong();
      out = map_insert(map, a[1], a[2]);
      return NS::Ok;
    case Method::get:
    case Method::get_mut:
    case Method::contains_key:
    case Method::remove: {
      if (argc != 1) return wrong();
      std::size_t at = map.find(deref(a[1]), found);
      if (m == Method::contains_key) {
        out = Value::boolean(found);
      } else if (!found) {
        out = make_none();
      } else if (m == Method::get) {
        out = make_some(map.entries[at].second);
      } else if (m == Method::get_mut) {
        out = make_some(Value::object(new SlotRefObj(self, map.entries[at].first)));
      } else {
        out = make_some(std::move(map.entries[at].second));
        map.entries.erase(map.entries.begin() + static_cast<std::ptrdiff_t>(at));
      }
      return NS::Ok;
    }
    case Method::len:
      out = usize(map.entries.size());
      return NS::Ok;
    case Method::is_empty:
      out = Value::boolean(map.entries.empty());
      return NS::Ok;
    case Method::clear:
      map.entries.clear();
      out = Value::unit();
      return NS::Ok;
    case Method::keys:
      return snapshot(0);
    case Method::values:
      return snapshot(1);
    case Method::iter:
    case Method::into_iter:
      return snapshot(2);
    case Method::values_mut:
      return snapshot(3);
    case Method::entry:
      if (argc != 1) return wrong();
      out = record(builtin::MapEntry, 0, {self, a[1]});
      return NS::Ok;
    case Method::extend: {  // pairs from any iterable
      if (argc != 1) return wrong();
      NS s = drain_iterable(cx, a[1], "extend", [&](Value pair) {
        if (!pair.is(ObjKind::Tuple) || as_list(pair).items.size() != 2) return wrong();
        map_insert(map, as_list(pair).items[0], as_list(pair).items[1]);
        return NS::Ok;
      });
      out = Value::unit();
      return s;
    }
    default: {  // the iterator methods, on the (key, value) pairs
      Value pairs;
      NS s = snapshot(2);
      if (s != NS::Ok) return s;
      pairs = std::move(out);
      std::vector<Value> args(a, a + argc + 1);
      args[0] = std::move(pairs);
      return call_method(cx, m, name, args.data(), argc, out);
    }
  }
}

// map.entry(key) and what follows it.
NS entry_method(Ctx& cx, Method m, Value* a, unsigned argc, Value& out) {
  Value map_value = as_record(a[0]).fields[0], key = as_record(a[0]).fields[1];
  auto& map = as<MapObj>(map_value);
  bool found = false;
  map.find(key, found);
  auto place = [&]() { return Value::object(new SlotRefObj(map_value, key)); };
  switch (m) {
    case Method::or_insert:
      if (argc != 1) break;
      if (!found) map_insert(map, key, a[1]);
      out = place();
      return NS::Ok;
    case Method::or_default:
      if (argc != 0) break;
      if (!found) map_insert(map, key, default_like(map));
      out = place();
      return NS::Ok;
    case Method::or_insert_with: {
      if (argc != 1) break;
      if (!found) {
        Value made;
        NS s = invoke(cx, a[1], CallArgs{}, made);
        if (s != NS::Ok) return s;
        map_insert(map, key, std::move(made));
      }
      out = place();
      return NS::Ok;
    }
    case Method::and_modify: {  // f(&mut value) if there is one; the entry again
      if (argc != 1) break;
      Value entry = a[0];
      if (found) {
        Value ignored;
        NS s = invoke(cx, a[1], place(), ignored);
        if (s != NS::Ok) return s;
      }
      out = std::move(entry);
      return NS::Ok;
    }
    case Method::key:
      out = key;
      return NS::Ok;
    default:
      break;
  }
  return cx.fail("no such method on a map's entry (a type error Brigade does not check before running)");
}

// The methods of AtomicUsize and kin (the Ordering arguments are accepted and not needed: every
// operation is sequentially consistent). Arithmetic wraps, as Rust's atomics do.
NS atomic_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  auto& at = as<AtomicObj>(a[0]);
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

NS call_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  if (a[0].is(ObjKind::Map) && m != Method::clone && m != Method::to_string) return map_method(cx, m, name, a, argc, out);
  if ((a[0].is(ObjKind::Struct) || a[0].is(ObjKind::Enum)) && as_record(a[0]).type == builtin::MapEntry) {
    return entry_method(cx, m, a, argc, out);
  }
  if (a[0].is(ObjKind::Arc) || a[0].is(ObjKind::Guard) || a[0].is(ObjKind::SlotRef)) {
    if (m == Method::clone && a[0].is(ObjKind::Arc)) {  // Arc's clone shares
      out = a[0];
      return NS::Ok;
    }
    // The method is the inner value's; the Arc or Guard stays where it is on the stack (a
    // MutexGuard stays locked while a recv() through it waits, as in Rust).
    std::vector<Value> args(a, a + argc + 1);
    args[0] = deref(a[0]);
    return call_method(cx, m, name, args.data(), argc, out);
  }
  if (m == Method::lock && a[0].is(ObjKind::Mutex)) return lock_step(cx, a[0], out);
  if (a[0].is(ObjKind::Atomic) && m != Method::clone) return atomic_method(cx, m, name, a, argc, out);
  Value& self = a[0];
  auto arg_count = [&](unsigned n) { return argc == n; };
  auto wrong = [&]() {
    return cx.fail("no method `" + cx.m.names[name] + "` with " + std::to_string(argc) + " argument(s) for " +
                   type_name(self) + " (a type error Brigade does not check before running)");
  };
  // User methods on structs and enums.
  if (self.is(ObjKind::Struct) || self.is(ObjKind::Enum)) {
    const auto& r = as_record(self);
    if (r.type >= builtin::Count) {
      const auto& methods = cx.m.types[r.type].methods;
      auto it = methods.find(cx.m.names[name]);
      if (it != methods.end()) {
        cx.call_fn = it->second;
        return NS::Call;
      }
    }
  }
  if (m == Method::into && argc == 0) {
    // `.into()` in the subset converts a &str into a String, or a number into a wider one: the
    // value stays; an integer takes the type of what it meets, as a literal would.
    out = self.is(ObjKind::Str) ? make_str(as_str(self).s) : self;
    if (out.tag == Tag::Int) out.kind = IntKind::Infer;
    return NS::Ok;
  }
  if ((m == Method::as_ref || m == Method::as_mut) && argc == 0) {  // a borrow is the value itself here
    out = self;
    return NS::Ok;
  }
  if (m == Method::to_vec && argc == 0 && self.is(ObjKind::Vec)) {
    out = deep_clone(self);
    return NS::Ok;
  }
  if (m == Method::clone || m == Method::to_owned) {
    out = deep_clone(self);
    if (out.is(ObjKind::Str) && out.o->frozen) out = make_str(as_str(out).s);
    return NS::Ok;
  }
  if (m == Method::to_string) {
    if (std::uint32_t f = user_fmt_fn(cx.m, self, false); f != TypeInfo::kNone) {
      StateObj& st = frame_state(cx);
      st.values.resize(1);
      std::string text;
      NS s = run_user_fmt(cx, st.awaiting, st.values[0], f, self, text);
      if (s != NS::Ok) return s;
      out = make_str(std::move(text));
      return NS::Ok;
    }
    out = make_str(display(cx.m, self, {}));
    return NS::Ok;
  }
  if (m == Method::clamp && argc == 2 && (self.tag == Tag::Int || self.tag == Tag::Float)) {
    if (self.tag == Tag::Float && !(a[1].f <= a[2].f)) {
      return cx.fail("min > max, or either was NaN. min = " + debug(cx.m, a[1], {}) + ", max = " + debug(cx.m, a[2], {}));
    }
    if (compare_values(a[1], a[2]) > 0) return cx.fail("assertion failed: min <= max");
    out = compare_values(self, a[1]) < 0 ? a[1] : compare_values(self, a[2]) > 0 ? a[2] : self;
    if (out.tag == Tag::Int && self.kind != IntKind::Infer) out.kind = self.kind;
    return NS::Ok;
  }
  if ((m == Method::cmp || m == Method::partial_cmp || m == Method::total_cmp) && argc == 1) {
    // Values of one type compare as Rust's derived orders do (a struct field by field, an enum
    // by variant first); a NaN on either side makes partial_cmp None; total_cmp orders floats by
    // IEEE 754's totalOrder (-NaN < -inf < -0.0 < 0.0 < inf < NaN), by their bits as Rust does.
    auto nan = [](const Value& v) { return v.tag == Tag::Float && std::isnan(v.f); };
    if (m == Method::partial_cmp && (nan(self) || nan(a[1]))) {
      out = make_none();
      return NS::Ok;
    }
    if (m == Method::total_cmp && self.tag == Tag::Float && a[1].tag == Tag::Float) {
      auto key = [](double f) {
        std::int64_t bits;
        std::memcpy(&bits, &f, sizeof bits);
        return bits ^ static_cast<std::int64_t>(static_cast<std::uint64_t>(bits >> 63) >> 1);
      };
      std::int64_t x = key(self.f), y = key(a[1].f);
      out = ordering(x < y ? -1 : x > y ? 1 : 0);
      return NS::Ok;
    }
    out = ordering(compare_values(self, a[1]));
    if (m == Method::partial_cmp) out = make_some(std::move(out));
    return NS::Ok;
  }
  switch (self.tag) {
    case Tag::Int: {
      IntKind k = self.kind;
      switch (m) {
        case Method::abs:
          if (self.wide() < 0 && !int_fits(-self.wide(), k == IntKind::Infer ? IntKind::I32 : k)) {
            return cx.fail("attempt to negate with overflow");
          }
          out = Value::integer(static_cast<std::int64_t>(self.wide() < 0 ? -self.wide() : self.wide()), k);
          return NS::Ok;
        case Method::pow: {
          std::uint64_t e = 0;
          if (!count_of(a[1], e)) return wrong();
          Value acc = Value::integer(1, k);
          for (std::uint64_t i = 0; i < e; ++i) {
            Value next;
            if (int_binary(cx, ast::BinaryOp::Mul, acc, self, next) != NS::Ok) return NS::Panic;
            acc = next;
            if (acc.wide() == 0 || acc.wide() == 1) break;
          }
          out = acc;
          return NS::Ok;
        }
        case Method::min:
        case Method::max:
          if (!arg_count(1)) return wrong();
          out = (compare_values(self, a[1]) < 0) == (m == Method::min) ? self : a[1];
          if (out.kind == IntKind::Infer) out.kind = a[1].kind;
          return NS::Ok;
        case Method::checked_add:
        case Method::checked_sub:
        case Method::checked_mul:
        case Method::checked_div: {
          ast::BinaryOp op = m == Method::checked_add   ? ast::BinaryOp::Add
                             : m == Method::checked_sub ? ast::BinaryOp::Sub
                             : m == Method::checked_mul ? ast::BinaryOp::Mul
                                                        : ast::BinaryOp::Div;
          Value r;
          Ctx probe(cx.t, cx.m, cx.span);
          out = int_binary(probe, op, self, a[1], r) == NS::Ok ? make_some(r) : make_none();
          return NS::Ok;
        }
        case Method::wrapping_add:
        case Method::wrapping_sub:
        case Method::wrapping_mul:
        case Method::saturating_add:
        case Method::saturating_sub: {
          Int128 x = self.wide(), y = a[1].wide();
          IntKind kk = k == IntKind::Infer ? (a[1].kind == IntKind::Infer ? IntKind::I32 : a[1].kind) : k;
          Int128 r = m == Method::wrapping_add || m == Method::saturating_add ? x + y
                       : m == Method::wrapping_mul                               ? x * y
                                                                                 : x - y;
          if (m == Method::saturating_add || m == Method::saturating_sub) {
            unsigned bits = int_bits(kk);
            Int128 lo = is_signed(kk) ? -(static_cast<Int128>(1) << (bits - 1)) : 0;
            Int128 hi = is_signed(kk) ? (static_cast<Int128>(1) << (bits - 1)) - 1 : (static_cast<Int128>(1) << bits) - 1;
            r = std::clamp(r, lo, hi);
          }
          out = Value::integer(wrap_to(r, kk), k);
          return NS::Ok;
        }
        case Method::is_positive:
          out = Value::boolean(self.wide() > 0);
          return NS::Ok;
        case Method::is_negative:
          out = Value::boolean(self.wide() < 0);
          return NS::Ok;
        case Method::signum:
          out = Value::integer(self.wide() > 0 ? 1 : self.wide() < 0 ? -1 : 0, k);
          return NS::Ok;
        case Method::rem_euclid: {
          Int128 y = a[1].wide();
          if (y == 0) return cx.fail("attempt to calculate the remainder with a divisor of zero");
          Int128 r = self.wide() % y;
          if (r < 0) r += y < 0 ? -y : y;
          out = Value::integer(static_cast<std::int64_t>(r), k);
          return NS::Ok;
        }
        default:
          return wrong();
      }
    }
    case Tag::Float: {
      double x = self.f, r;
      switch (m) {
        case Method::sqrt:
          r = std::sqrt(x);
          break;
        case Method::abs:
          r = std::fabs(x);
          break;
        case Method::floor:
          r = std::floor(x);
          break;
        case Method::ceil:
          r = std::ceil(x);
          break;
        case Method::round:
          r = std::round(x);
          break;
        case Method::powi:
          r = std::pow(x, static_cast<double>(a[1].wide()));
          break;
        case Method::min:
          r = std::fmin(x, a[1].f);
          break;
        case Method::max:
          r = std::fmax(x, a[1].f);
          break;
        default:
          return wrong();
      }
      out = Value::floating(r);
      return NS::Ok;
    }
    case Tag::Char: {
      char32_t c = self.c;
      bool ascii = c < 0x80;
      switch (m) {
        case Method::is_alphabetic:
          out = Value::boolean(ascii ? std::isalpha(static_cast<int>(c)) != 0 : c > 0x7F);
          return NS::Ok;
        case Method::is_numeric:
        case Method::is_ascii_digit:
          out = Value::boolean(c >= '0' && c <= '9');
          return NS::Ok;
        case Method::is_alphanumeric:
          out = Value::boolean(ascii ? std::isalnum(static_cast<int>(c)) != 0 : c > 0x7F);
          return NS::Ok;
        case Method::is_whitespace:
          out = Value::boolean(c == ' ' || (c >= 9 && c <= 13));
          return NS::Ok;
        case Method::to_ascii_uppercase:
          out = Value::character(ascii ? static_cast<char32_t>(std::toupper(static_cast<int>(c))) : c);
          return NS::Ok;
        case Method::to_ascii_lowercase:
          out = Value::character(ascii ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
          return NS::Ok;
        case Method::to_digit: {
          std::uint64_t radix = 10;
          count_of(a[1], radix);
          int d = c >= '0' && c <= '9' ? static_cast<int>(c - '0')
                  : c >= 'a' && c <= 'z' ? static_cast<int>(c - 'a' + 10)
                  : c >= 'A' && c <= 'Z' ? static_cast<int>(c - 'A' + 10)
                                         : 99;
          out = d < static_cast<int>(radix) ? make_some(Value::integer(d, IntKind::U32)) : make_none();
          return NS::Ok;
        }
        default:
          return wrong();
      }
    }
    case Tag::Duration: {
      std::int64_t ns = self.i;
      switch (m) {
        case Method::as_secs:
          out = Value::integer(ns / 1000000000, IntKind::U64);
          return NS::Ok;
        case Method::as_millis:
          out = Value::integer(ns / 1000000, IntKind::U128);
          return NS::Ok;
        case Method::as_micros:
          out = Value::integer(ns / 1000, IntKind::U128);
          return NS::Ok;
        case Method::as_nanos:
          out = Value::integer(ns, IntKind::U128);
          return NS::Ok;
        case Method::as_secs_f64:
          out = Value::floating(static_cast<double>(ns) / 1e9);
          return NS::Ok;
        case Method::subsec_millis:
          out = Value::integer((ns % 1000000000) / 1000000, IntKind::U32);
          return NS::Ok;
        case Method::subsec_nanos:
          out = Value::integer(ns % 1000000000, IntKind::U32);
          return NS::Ok;
        default:
          return wrong();
      }
    }
    case Tag::Instant:
      if (m == Method::elapsed) {
        out = Value::scalar(Tag::Duration, std::max<std::int64_t>(0, cx.t.rt.program_now_ns() - self.i));
        return NS::Ok;
      }
      if (m == Method::duration_since && a[1].tag == Tag::Instant) {
        out = Value::scalar(Tag::Duration, std::max<std::int64_t>(0, self.i - a[1].i));
        return NS::Ok;
      }
      return wrong();
    case Tag::Obj:
      break;
    default:
      return wrong();
  }
  switch (self.o->kind) {
    case ObjKind::Str: {
      auto& s = as_str(self).s;
      switch (m) {
        case Method::len:
          out = usize(s.size());
          return NS::Ok;
        case Method::is_empty:
          out = Value::boolean(s.empty());
          return NS::Ok;
        case Method::parse: {
          // The target type is not known here: an integer's text gives an integer that takes
          // the type of what it meets, a decimal one a float; anything else Rust's error text.
          const char* p = s.c_str();
          char* end = nullptr;
          errno = 0;
          bool digits = !s.empty() && s.find_first_not_of("+-0123456789") == std::string::npos;
          if (digits) {
            long long v = std::strtoll(p, &end, 10);
            if (errno == 0 && end == p + s.size()) {
              out = make_ok(Value::integer(v, IntKind::Infer));
              return NS::Ok;
            }
          } else if (!s.empty() && s.find_first_not_of("+-0123456789.eE") == std::string::npos) {
            double v = std::strtod(p, &end);
            if (end == p + s.size()) {
              out = make_ok(Value::floating(v));
              return NS::Ok;
            }
          }
          bool too_large = digits && errno == ERANGE;
          out = make_err(make_str(s.empty() ? "cannot parse integer from empty string"
                                  : too_large ? "number too large to fit in target type"
                                              : "invalid digit found in string"));
          return NS::Ok;
        }
        case Method::push_str:
        case Method::write_str:  // a Formatter is a String here; write_str gives fmt::Result
          if (self.o->frozen || !a[1].is(ObjKind::Str)) return wrong();
          s += as_str(a[1]).s;
          out = m == Method::write_str ? make_ok(Value::unit()) : Value::unit();
          return NS::Ok;
        case Method::push:
          if (self.o->frozen || a[1].tag != Tag::Char) return wrong();
          s += display(cx.m, a[1], {});
          out = Value::unit();
          return NS::Ok;
        case Method::pop: {
          if (s.empty()) {
            out = make_none();
            return NS::Ok;
          }
          auto chars = decode_utf8(s);
          char32_t last = chars.back();
          std::size_t n = display(cx.m, Value::character(last), {}).size();
          s.resize(s.size() - n);
          out = make_some(Value::character(last));
          return NS::Ok;
        }
        case Method::as_str:
          out = self;
          return NS::Ok;
        case Method::contains:
        case Method::starts_with:
        case Method::ends_with: {
          std::string needle = a[1].is(ObjKind::Str) ? as_str(a[1]).s : display(cx.m, a[1], {});
          bool r = m == Method::contains      ? s.find(needle) != std::string::npos
                   : m == Method::starts_with ? s.rfind(needle, 0) == 0
                                              : s.size() >= needle.size() && s.compare(s.size() - needle.size(), needle.size(), needle) == 0;
          out = Value::boolean(r);
          return NS::Ok;
        }
        case Method::to_uppercase:
        case Method::to_lowercase: {
          std::string r = s;
          for (char& c : r) c = static_cast<char>(m == Method::to_uppercase ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
          out = make_str(r);
          return NS::Ok;
        }
        case Method::trim: {
          std::size_t b = s.find_first_not_of(" \t\r\n");
          std::size_t e = s.find_last_not_of(" \t\r\n");
          out = make_str(b == std::string::npos ? "" : s.substr(b, e - b + 1));
          return NS::Ok;
        }
        case Method::chars: {
          std::vector<Value> cs;
          for (char32_t c : decode_utf8(s)) cs.push_back(Value::character(c));
          return make_iter(cx, list_iter(std::move(cs)), out);
        }
        case Method::bytes: {
          std::vector<Value> bs;
          for (unsigned char c : s) bs.push_back(Value::integer(c, IntKind::U8));
          return make_iter(cx, list_iter(std::move(bs)), out);
        }
        case Method::split_whitespace:
        case Method::lines: {
          std::vector<Value> parts;
          std::size_t i = 0;
          if (m == Method::lines) {
            while (i < s.size()) {
              std::size_t e = s.find('\n', i);
              if (e == std::string::npos) e = s.size();
              std::string line = s.substr(i, e - i);
              if (!line.empty() && line.back() == '\r') line.pop_back();
              parts.push_back(make_str(line));
              i = e + 1;
            }
          } else {
            while (i < s.size()) {
              while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
              std::size_t e = i;
              while (e < s.size() && !std::isspace(static_cast<unsigned char>(s[e]))) ++e;
              if (e > i) parts.push_back(make_str(s.substr(i, e - i)));
              i = e;
            }
          }
          return make_iter(cx, list_iter(std::move(parts)), out);
        }
        case Method::split: {  // by a &str or a char; empty pieces stay, as in Rust
          if (argc != 1) return wrong();
          std::string sep = a[1].is(ObjKind::Str) ? as_str(a[1]).s : a[1].tag == Tag::Char ? display(cx.m, a[1], {}) : "";
          if (sep.empty()) return cx.fail("split() takes a &str or a char in Brigade's Rust subset");
          std::vector<Value> parts;
          std::size_t i = 0;
          for (;;) {
            std::size_t e = s.find(sep, i);
            if (e == std::string::npos) {
              parts.push_back(make_str(s.substr(i)));
              break;
            }
            parts.push_back(make_str(s.substr(i, e - i)));
            i = e + sep.size();
          }
          return make_iter(cx, list_iter(std::move(parts)), out);
        }
        case Method::repeat: {
          std::uint64_t n = 0;
          if (!count_of(a[1], n)) return wrong();
          if (!s.empty() && n > (std::uint64_t{1} << 62) / s.size()) return cx.fail("capacity overflow");
          if (!cx.t.rt.memory_fits(n * s.size())) return NS::Stop;
          std::string r;
          std::size_t total = static_cast<std::size_t>(n * s.size());
          r.reserve(total);
          if (total > 0) {  // doubling: O(log n) appends, each within the reserved room
            r = s;
            while (r.size() <= total / 2) r += r;
            r.append(r, 0, total - r.size());
          }
          out = make_str(r);
          return NS::Ok;
        }
        default:
          return wrong();
      }
    }
    case ObjKind::Vec: {
      auto& v = as_list(self).items;
      switch (m) {
        case Method::len:
          out = usize(v.size());
          return NS::Ok;
        case Method::is_empty:
          out = Value::boolean(v.empty());
          return NS::Ok;
        case Method::push:
          if (v.size() >= 50'000'000) return cx.fail("capacity overflow (Brigade caps a Vec at 50,000,000 elements)");
          v.push_back(std::move(a[1]));
          out = Value::unit();
          return NS::Ok;
        case Method::pop:
          if (v.empty()) {
            out = make_none();
          } else {
            out = make_some(std::move(v.back()));
            v.pop_back();
          }
          return NS::Ok;
        case Method::iter:
        case Method::into_iter:
          return make_iter(cx, self, out);
        case Method::sort:
        case Method::sort_unstable:
          std::stable_sort(v.begin(), v.end(), [](const Value& x, const Value& y) { return compare_values(x, y) < 0; });
          out = Value::unit();
          return NS::Ok;
        case Method::sort_by:
        case Method::sort_unstable_by: {  // by a closure that returns an Ordering; stable
          if (argc != 1) return wrong();
          StateObj& st = frame_state(cx);
          auto& items = as_list(self).items;
          if (st.step == 0) {
            st.values = items;  // what the closure compares, as it was
            st.order.resize(items.size());
            for (std::size_t i = 0; i < st.order.size(); ++i) st.order[i] = i;
            st.step = 1;
          }
          NS s = merge_sort_step(cx, st, [&](std::size_t x, std::size_t y, bool& less) {
            Value r;
            NS c = invoke(cx, st.awaiting, a[1], CallArgs{st.values[x], st.values[y]}, r);
            if (c != NS::Ok) return c;
            int sign = 0;
            if (!ordering_sign(r, sign)) return cx.fail("the closure of sort_by must return an Ordering");
            less = sign < 0;
            return NS::Ok;
          });
          if (s != NS::Ok) return s;
          std::vector<Value> result;
          for (std::size_t i : st.order) result.push_back(std::move(items[i]));
          items = std::move(result);
          out = Value::unit();
          return NS::Ok;
        }
        case Method::windows:  // overlapping slices of n, as a Vec each
        case Method::chunks: {  // slices of n, the last one shorter
          std::uint64_t n = 0;
          if (argc != 1 || !count_of(a[1], n)) return wrong();
          if (n == 0) return cx.fail(m == Method::windows ? "window size must be non-zero" : "chunk size must be non-zero");
          std::vector<Value> slices;
          for (std::size_t at = 0; m == Method::windows ? at + n <= v.size() : at < v.size();
               at += m == Method::windows ? 1 : n) {
            std::size_t end = std::min<std::size_t>(at + n, v.size());
            slices.push_back(make_list(ObjKind::Vec, std::vector<Value>(v.begin() + static_cast<std::ptrdiff_t>(at),
                                                                        v.begin() + static_cast<std::ptrdiff_t>(end))));
          }
          return make_iter(cx, make_list(ObjKind::Vec, std::move(slices)), out);
        }
        case Method::sort_by_key:
        case Method::sort_unstable_by_key:
        case Method::retain: {
          // The closure runs once per element (`index`: how far), before anything moves: it
          // must see the elements as they were. The keys so far are the frame's state.
          if (argc != 1) return wrong();
          auto& items = as_list(self).items;
          StateObj& st = frame_state(cx);
          for (; st.index < items.size(); ++st.index) {
            Value key;
            NS c = invoke(cx, st.awaiting, a[1], items[st.index], key);
            if (c != NS::Ok) return c;
            st.values.push_back(std::move(key));
          }
          const std::vector<Value>& keys = st.values;
          std::vector<std::size_t> order(items.size());
          for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
          if (m != Method::retain) {
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t x, std::size_t y) { return compare_values(keys[x], keys[y]) < 0; });
          } else {
            order.erase(std::remove_if(order.begin(), order.end(), [&](std::size_t i) { return !truthy(keys[i]); }),
                        order.end());
          }
          std::vector<Value> result;
          for (std::size_t i : order) result.push_back(std::move(items[i]));
          items = std::move(result);
          out = Value::unit();
          return NS::Ok;
        }
        case Method::reverse:
          std::reverse(v.begin(), v.end());
          out = Value::unit();
          return NS::Ok;
        case Method::dedup:  // consecutive equal elements collapse into one
          v.erase(std::unique(v.begin(), v.end(), [](const Value& x, const Value& y) { return values_equal(x, y); }),
                  v.end());
          out = Value::unit();
          return NS::Ok;
        case Method::concat: {  // strings into a String; Vecs into one Vec
          if (!v.empty() && v[0].is(ObjKind::Vec)) {
            std::vector<Value> all;
            for (const auto& part : v) {
              if (!part.is(ObjKind::Vec)) return wrong();
              for (const auto& x : as_list(part).items) all.push_back(x);
            }
            out = make_list(ObjKind::Vec, std::move(all));
            return NS::Ok;
          }
          std::string text;
          for (const auto& part : v) text += display(cx.m, part, {});
          out = make_str(std::move(text));
          return NS::Ok;
        }
        case Method::contains: {
          bool found = false;
          for (const auto& x : v) found = found || values_equal(x, a[1]);
          out = Value::boolean(found);
          return NS::Ok;
        }
        case Method::join: {
          if (argc != 1 || !a[1].is(ObjKind::Str)) return wrong();
          std::string r;
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) r += as_str(a[1]).s;
            r += display(cx.m, v[i], {});
          }
          out = make_str(r);
          return NS::Ok;
        }
        case Method::first:
        case Method::front:  // VecDeque's
          out = v.empty() ? make_none() : make_some(v.front());
          return NS::Ok;
        case Method::last:
        case Method::back:
          out = v.empty() ? make_none() : make_some(v.back());
          return NS::Ok;
        case Method::push_back:
        case Method::push_front:
          if (argc != 1) return wrong();
          if (v.size() >= 50'000'000) return cx.fail("capacity overflow (Brigade caps a Vec at 50,000,000 elements)");
          v.insert(m == Method::push_back ? v.end() : v.begin(), std::move(a[1]));
          out = Value::unit();
          return NS::Ok;
        case Method::pop_front:
        case Method::pop_back:
          if (v.empty()) {
            out = make_none();
          } else if (m == Method::pop_back) {
            out = make_some(std::move(v.back()));
            v.pop_back();
          } else {
            out = make_some(std::move(v.front()));
            v.erase(v.begin());
          }
          return NS::Ok;
        case Method::get: {
          std::uint64_t i = 0;
          out = count_of(a[1], i) && i < v.size() ? make_some(v[i]) : make_none();
          return NS::Ok;
        }
        case Method::insert: {
          std::uint64_t i = 0;
          if (!count_of(a[1], i) || i > v.size()) {
            return cx.fail("insertion index (is " + std::to_string(i) + ") should be <= len (is " + std::to_string(v.size()) + ")");
          }
          v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), std::move(a[2]));
          out = Value::unit();
          return NS::Ok;
        }
        case Method::remove: {
          std::uint64_t i = 0;
          if (!count_of(a[1], i) || i >= v.size()) {
            return cx.fail("removal index (is " + std::to_string(i) + ") should be < len (is " + std::to_string(v.size()) + ")");
          }
          out = std::move(v[i]);
          v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
          return NS::Ok;
        }
        case Method::clear:
          v.clear();
          out = Value::unit();
          return NS::Ok;
        case Method::truncate: {
          std::uint64_t n = 0;
          count_of(a[1], n);
          if (n < v.size()) v.resize(n);
          out = Value::unit();
          return NS::Ok;
        }
        case Method::extend: {
          NS s = drain_iterable(cx, a[1], "extend", [&](Value x) {
            v.push_back(std::move(x));
            return NS::Ok;
          });
          out = Value::unit();
          return s;
        }
        case Method::sum:
        case Method::count:
        case Method::min:
        case Method::max:
        case Method::enumerate:
        case Method::map:
        case Method::filter:
        case Method::for_each:
        case Method::any:
        case Method::all:
        case Method::find:
        case Method::position:
        case Method::fold:
        case Method::filter_map:
        case Method::take_while:
        case Method::skip_while:
        case Method::zip:
        case Method::min_by_key:
        case Method::max_by_key:
        case Method::min_by:
        case Method::max_by:
        case Method::partition:
        case Method::flat_map:
        case Method::flatten:
        case Method::chain:
        case Method::rev: {  // as on v.iter(): the receiver's slot now holds the iterator
          Value it;
          if (make_iter(cx, self, it) != NS::Ok) return NS::Panic;
          self = std::move(it);
          return call_method(cx, m, name, a, argc, out);
        }
        default:
          return wrong();
      }
    }
    case ObjKind::Range:
    case ObjKind::Iter: {
      Value itv;
      if (self.is(ObjKind::Range)) {
        auto& rg = as<RangeObj>(self);
        if ((m == Method::len || m == Method::is_empty) && argc == 0 && rg.start.tag == Tag::Int && rg.end.tag == Tag::Int) {
          Int128 n = rg.end.wide() - rg.start.wide() + (rg.inclusive ? 1 : 0);
          if (n < 0) n = 0;
          out = m == Method::len ? usize(static_cast<std::size_t>(n)) : Value::boolean(n == 0);
          return NS::Ok;
        }
        if (m == Method::contains) {
          auto& r = as<RangeObj>(self);
          const Value& x = a[1];
          bool ok = (r.start.tag == Tag::Empty || compare_values(r.start, x) <= 0) &&
                    (r.end.tag == Tag::Empty || (r.inclusive ? compare_values(x, r.end) <= 0 : compare_values(x, r.end) < 0));
          out = Value::boolean(ok);
          return NS::Ok;
        }
        if (make_iter(cx, self, itv) != NS::Ok) return NS::Panic;
      } else {
        itv = self;
      }
      auto& it = as<IterObj>(itv);
      // A method that runs again (a receiver blocked it, or a closure it called returned) must
      // go on with this iterator, not a new one made from `self`.
      auto resumable = [&](NS s) {
        Value& slot = cx.t.stack[cx.args_at];
        if ((s == NS::Blocked || s == NS::Invoke) && !(slot.is_obj() && slot.o == itv.o)) slot = itv;
        return s;
      };
      switch (m) {
        case Method::iter:
        case Method::into_iter:
          out = itv;
          return NS::Ok;
        case Method::rev:
          if (it.source == IterObj::Source::Range || it.source == IterObj::Source::List) {
            it.reversed = !it.reversed;
            out = itv;
            return NS::Ok;
          }
          return cx.fail("rev() is supported on ranges, Vecs and strings' chars");
        case Method::enumerate:
          out = adapter(itv, IterObj::Adapt::Enumerate);
          return NS::Ok;
        case Method::next: {
          if (argc != 0) return wrong();
          Value x;
          bool done = false;
          NS s = resumable(iter_next(cx, it, x, done));
          if (s != NS::Ok) return s;
          out = done ? make_none() : make_some(std::move(x));
          return NS::Ok;
        }
        case Method::cloned:
        case Method::copied:
          out = adapter(itv, IterObj::Adapt::Cloned);
          return NS::Ok;
        case Method::map:
        case Method::filter:
        case Method::filter_map:
        case Method::take_while:
        case Method::skip_while: {
          if (argc != 1) return wrong();
          IterObj::Adapt kind = m == Method::map          ? IterObj::Adapt::Map
                                : m == Method::filter     ? IterObj::Adapt::Filter
                                : m == Method::filter_map ? IterObj::Adapt::FilterMap
                                : m == Method::take_while ? IterObj::Adapt::TakeWhile
                                                          : IterObj::Adapt::SkipWhile;
          out = adapter(itv, kind);
          as<IterObj>(out).func = a[1];
          return NS::Ok;
        }
        case Method::zip:
        case Method::chain: {  // with a second iterator: pairs of both / one after the other
          if (argc != 1) return wrong();
          Value second;
          if (make_iter(cx, a[1], second) != NS::Ok) return NS::Panic;
          out = adapter(itv, m == Method::zip ? IterObj::Adapt::Zip : IterObj::Adapt::Chain);
          as<IterObj>(out).other = std::move(second);
          return NS::Ok;
        }
        case Method::flat_map:
        case Method::flatten:
          if (argc != (m == Method::flat_map ? 1u : 0u)) return wrong();
          out = adapter(itv, IterObj::Adapt::FlatMap);
          if (m == Method::flat_map) as<IterObj>(out).func = a[1];
          as<IterObj>(out).other = Value::empty();
          return NS::Ok;
        case Method::last: {  // drains the iterator; the last item so far is values[1]
          if (argc != 0) return wrong();
          StateObj& st = frame_state(cx);
          if (st.values.size() < 2) st.values = {Value::empty(), Value::empty()};
          bool finished = false;
          NS s = judge_each(
              cx, it, Value(), [](StateObj&, const Value&) { return std::optional<CallArgs>(); },
              [](StateObj& state, Value x, Value) {
                state.values[1] = std::move(x);
                return NS::Ok;
              },
              finished);
          if (s != NS::Ok) return resumable(s);
          out = st.values[1].tag == Tag::Empty ? make_none() : make_some(std::move(st.values[1]));
          return NS::Ok;
        }
        case Method::partition: {  // (the items f keeps, the others), each a Vec: values[1], values[2]
          if (argc != 1) return wrong();
          StateObj& st = frame_state(cx);
          if (st.values.size() < 3) {
            st.values = {Value::empty(), make_list(ObjKind::Vec, {}), make_list(ObjKind::Vec, {})};
          }
          bool finished = false;
          NS s = judge_each(
              cx, it, a[1], [](StateObj&, const Value& x) { return std::optional<CallArgs>({x}); },
              [](StateObj& state, Value x, Value keep) {
                as_list(state.values[truthy(keep) ? 1 : 2]).items.push_back(std::move(x));
                return NS::Ok;
              },
              finished);
          if (s != NS::Ok) return resumable(s);
          std::vector<Value> pair;
          pair.push_back(std::move(st.values[1]));
          pair.push_back(std::move(st.values[2]));
          out = make_list(ObjKind::Tuple, std::move(pair));
          return NS::Ok;
        }
        case Method::min_by:
        case Method::max_by:        // by a closure that returns an Ordering: the first smallest / the last largest
        case Method::min_by_key:
        case Method::max_by_key: {  // the first smallest key / the last largest, as Rust's
          if (argc != 1) return wrong();
          bool by_key = m == Method::min_by_key || m == Method::max_by_key;
          bool max = m == Method::max_by || m == Method::max_by_key;
          StateObj& st = frame_state(cx);
          if (st.values.size() < 3) st.values = {Value::empty(), Value::empty(), Value::empty()};  // item, best, its key
          auto args_of = [&](StateObj& state, const Value& x) -> std::optional<CallArgs> {
            if (by_key) return CallArgs{x};
            if (state.values[1].tag == Tag::Empty) return std::nullopt;  // the first: nothing to compare with
            return CallArgs{state.values[1], x};
          };
          auto judge = [&](StateObj& state, Value x, Value r) {
            bool take = state.values[1].tag == Tag::Empty;
            if (!take && by_key) {
              int c = compare_values(r, state.values[2]);
              take = max ? c >= 0 : c < 0;
            } else if (!take) {
              int sign = 0;
              if (!ordering_sign(r, sign)) return cx.fail("the closure of min_by/max_by must return an Ordering");
              take = max ? sign <= 0 : sign > 0;
            }
            if (take) {
              state.values[1] = std::move(x);
              if (by_key) state.values[2] = std::move(r);
            }
            return NS::Ok;
          };
          bool finished = false;
          NS s = judge_each(cx, it, a[1], args_of, judge, finished);
          if (s != NS::Ok) return resumable(s);
          out = st.values[1].tag == Tag::Empty ? make_none() : make_some(std::move(st.values[1]));
          return NS::Ok;
        }
        case Method::for_each:
        case Method::any:
        case Method::all:
        case Method::find:
        case Method::position:
        case Method::fold: {
          if (argc != (m == Method::fold ? 2u : 1u)) return wrong();
          return resumable(consume_with(cx, m, it, a[argc], m == Method::fold ? a[1] : Value(), out));
        }
        case Method::skip:
        case Method::take:
        case Method::step_by: {
          std::uint64_t n = 0;
          if (!count_of(a[1], n)) return wrong();
          if (m == Method::step_by && n == 0) return cx.fail("assertion failed: step != 0");
          if (m == Method::step_by && it.source == IterObj::Source::Range && it.adapt == IterObj::Adapt::None) {
            it.step = static_cast<std::int64_t>(n);
            out = itv;
            return NS::Ok;
          }
          out = adapter(itv, m == Method::skip ? IterObj::Adapt::Skip : m == Method::take ? IterObj::Adapt::Take : IterObj::Adapt::StepBy, n);
          return NS::Ok;
        }
        case Method::sum:
        case Method::count:
        case Method::collect:
        case Method::min:
        case Method::max: {
          return resumable(consume(cx, m, it, out));
        }
        default:
          return wrong();
      }
    }
    case ObjKind::Struct:
    case ObjKind::Enum: {
      auto& r = as_record(self);
      bool is_option = r.type == builtin::Option, is_result = r.type == builtin::Result;
      bool good = is_option ? r.variant == 1 : r.variant == 0;  // Some / Ok
      if (r.type == builtin::ThreadBuilder) {  // thread::Builder::new().name(..).spawn(..)
        switch (m) {
          case Method::name:
            if (argc != 1 || !a[1].is(ObjKind::Str)) return wrong();
            out = record(builtin::ThreadBuilder, 0, {make_some(make_str(as_str(a[1]).s))});
            return NS::Ok;
          case Method::stack_size:  // threads here have the stacks they need
            if (argc != 1) return wrong();
            out = self;
            return NS::Ok;
          case Method::spawn: {
            if (argc != 1) return wrong();
            std::optional<std::string> thread_name;
            const Value& n = r.fields[0];
            if (n.is(ObjKind::Enum) && as_record(n).variant == 1) thread_name = as_str(as_record(n).fields[0]).s;
            Value handle, func = a[1];
            NS s = spawn_thread(cx, std::move(func), std::move(thread_name), handle);
            if (s != NS::Ok) return s;
            out = make_ok(std::move(handle));
            return NS::Ok;
          }
          default:
            return wrong();
        }
      }
      if (r.type == builtin::Thread) {  // thread::current()
        if (argc != 0) return wrong();
        if (m == Method::name) {
          out = r.fields[0];
          return NS::Ok;
        }
        if (m == Method::id) {
          out = r.fields[1];
          return NS::Ok;
        }
        return wrong();
      }
      if (r.type == builtin::Ordering) {
        switch (m) {
          case Method::reverse:
            if (argc != 0) return wrong();
            out = ordering(1 - static_cast<int>(r.variant));
            return NS::Ok;
          case Method::then:  // self unless Equal
            if (argc != 1) return wrong();
            out = r.variant == 1 ? a[1] : self;
            return NS::Ok;
          case Method::then_with: {  // self unless Equal, else f()
            if (argc != 1) return wrong();
            if (r.variant != 1) {
              out = self;
              return NS::Ok;
            }
            return invoke(cx, a[1], CallArgs{}, out);
          }
          default:
            return wrong();
        }
      }
      if (is_option || is_result) {
        switch (m) {
          case Method::unwrap:
            if (good) {
              out = r.fields[0];
              return NS::Ok;
            }
            return unwrap_failed(cx, self, "unwrap", nullptr);
          case Method::expect: {
            if (good) {
              out = r.fields[0];
              return NS::Ok;
            }
            std::string msg = a[1].is(ObjKind::Str) ? as_str(a[1]).s : "";
            return unwrap_failed(cx, self, "expect", &msg);
          }
          case Method::unwrap_err:
          case Method::expect_err:
            if (is_result && !good) {
              out = r.fields[0];
              return NS::Ok;
            }
            if (m == Method::expect_err) return cx.fail(as_str(a[1]).s + ": " + debug(cx.m, r.fields[0], {}));
            return cx.fail("called `Result::unwrap_err()` on an `Ok` value: " + debug(cx.m, r.fields[0], {}));
          case Method::unwrap_or:
            out = good ? r.fields[0] : a[1];
            return NS::Ok;
          case Method::map: {  // Some(v) / Ok(v) -> Some(f(v)) / Ok(f(v)); None and Err pass
            if (argc != 1) return wrong();
            if (!good) {
              out = self;
              return NS::Ok;
            }
            Value mapped;
            NS c = invoke(cx, a[1], r.fields[0], mapped);
            if (c != NS::Ok) return c;
            out = is_option ? make_some(std::move(mapped)) : make_ok(std::move(mapped));
            return NS::Ok;
          }
          case Method::map_err: {  // Err(e) -> Err(f(e)); Ok passes
            if (argc != 1 || !is_result) return wrong();
            if (good) {
              out = self;
              return NS::Ok;
            }
            Value mapped;
            NS c = invoke(cx, a[1], r.fields[0], mapped);
            if (c != NS::Ok) return c;
            out = make_err(std::move(mapped));
            return NS::Ok;
          }
          case Method::and_then: {  // Some(v) / Ok(v) -> f(v); None and Err pass
            if (argc != 1) return wrong();
            if (!good) {
              out = self;
              return NS::Ok;
            }
            return invoke(cx, a[1], r.fields[0], out);
          }
          case Method::map_or:         // f(v) for Some(v) / Ok(v), else the default
          case Method::map_or_else: {  // f(v), else default() (Option) / default(e) (Result)
            if (argc != 2) return wrong();
            if (good) return invoke(cx, a[2], r.fields[0], out);
            if (m == Method::map_or) {
              out = a[1];
              return NS::Ok;
            }
            CallArgs args;
            if (is_result) args.push(r.fields[0]);
            return invoke(cx, a[1], std::move(args), out);
          }
          case Method::or_else: {  // itself if Some / Ok, else f() (Option) / f(e) (Result)
            if (argc != 1) return wrong();
            if (good) {
              out = self;
              return NS::Ok;
            }
            CallArgs args;
            if (is_result) args.push(r.fields[0]);
            return invoke(cx, a[1], std::move(args), out);
          }
          case Method::unwrap_or_else: {  // the value, or f() (Option) / f(e) (Result)
            if (argc != 1) return wrong();
            if (good) {
              out = r.fields[0];
              return NS::Ok;
            }
            CallArgs args;
            if (is_result) args.push(r.fields[0]);
            return invoke(cx, a[1], std::move(args), out);
          }
          case Method::cloned:
          case Method::copied:  // Option<&T> -> Option<T>: `v.last().cloned()`
            if (argc != 0 || !is_option) return wrong();
            out = good ? make_some(deep_clone(r.fields[0])) : make_none();
            return NS::Ok;
          case Method::ok_or:
            if (argc != 1 || !is_option) return wrong();
            out = good ? make_ok(r.fields[0]) : make_err(a[1]);
            return NS::Ok;
          case Method::unwrap_or_default:
            if (good) {
              out = r.fields[0];
            } else {
              out = Value::integer(0, IntKind::Infer);  // the common case: a number
            }
            return NS::Ok;
          case Method::is_some:
          case Method::is_ok:
            out = Value::boolean(good);
            return NS::Ok;
          case Method::is_none:
          case Method::is_err:
            out = Value::boolean(!good);
            return NS::Ok;
          case Method::ok:
            out = good ? make_some(r.fields[0]) : make_none();
            return NS::Ok;
          case Method::err:
            out = !good ? make_some(r.fields[0]) : make_none();
            return NS::Ok;
          case Method::take:
            if (!is_option) return wrong();
            out = good ? make_some(std::move(r.fields[0])) : make_none();
            r.variant = 0;
            r.fields.clear();
            return NS::Ok;
          case Method::iter:
          case Method::into_iter: {
            std::vector<Value> items;
            if (good) items.push_back(r.fields[0]);
            return make_iter(cx, list_iter(std::move(items)), out);
          }
          default:
            return wrong();
        }
      }
      if ((r.type == builtin::SendError || r.type == builtin::TrySendError) && m == Method::into_inner) {
        out = r.fields[0];
        return NS::Ok;
      }
      return wrong();
    }
    case ObjKind::Sender:
    case ObjKind::SyncSender: {
      bool sync = self.o->kind == ObjKind::SyncSender;
      if (m == Method::send) {
        if (!arg_count(1)) return wrong();
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
        auto r = as<SyncSenderObj>(self).tx.try_send(std::move(a[1]));
        if (r.is_ok()) {
          out = ok_unit();
        } else {
          auto& e = r.error();
          std::vector<Value> f;
          f.push_back(std::move(e).into_inner());
          out = make_err(record(builtin::TrySendError, e.is_full() ? 0 : 1, std::move(f)));
        }
        return NS::Ok;
      }
      return wrong();
    }
    case ObjKind::Receiver: {
      auto& rx = as<ReceiverObj>(self).rx;
      switch (m) {
        case Method::recv:
        case Method::recv_timeout: {
          std::int64_t until = 0;
          if (m == Method::recv_timeout) {
            if (a[1].tag != Tag::Duration) return wrong();
            std::int64_t now = cx.t.rt.program_now_ns();
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
          return wrong();
      }
    }
    case ObjKind::JoinHandle:
      if (m == Method::join) return join_step(cx, self, out);
      if (m == Method::is_finished) {
        auto& target = *as<JoinHandleObj>(self).task;
        std::lock_guard lock(target.done_mutex);
        out = Value::boolean(target.finished);
        return NS::Ok;
      }
      return wrong();
    case ObjKind::Tuple:
      return wrong();
    default:
      return wrong();
  }
}

// ---------------------------------------------------------------- [SECTION] Format

// `shown`: for each argument, what its user Display impl wrote, if it has one. Rust pads
// nothing a `write!`-based impl writes, so neither does this.
std::string format(const Module& m, const FormatTemplate& t, const Value* args,
                   const std::vector<std::optional<std::string>>* shown = nullptr) {
  std::string out;
  for (const auto& p : t.pieces) {
    if (p.literal) {
      out += p.text;
      continue;
    }
    if (shown && p.spec.type.empty() && (*shown)[p.arg]) {
      out += *(*shown)[p.arg];
      continue;
    }
    fmt::Spec spec = p.spec;
    if (p.width_arg >= 0) {
      spec.width.kind = fmt::Count::Kind::Literal;
      spec.width.value = static_cast<std::size_t>(args[p.width_arg].i);
    }
    if (p.precision_arg >= 0) {
      spec.precision.kind = fmt::Count::Kind::Literal;
      spec.precision.value = static_cast<std::size_t>(args[p.precision_arg].i);
    }
    if (spec.width.kind == fmt::Count::Kind::Literal) spec.width.value = std::min<std::size_t>(spec.width.value, 1 << 16);
    const Value& v = args[p.arg];
    if (spec.type.empty()) {
      out += display(m, v, spec);
    } else if (spec.type == "?" || spec.type == "x?" || spec.type == "X?") {
      out += debug(m, v, spec);
    } else if (v.tag == Tag::Int) {
      out += display(m, v, spec);
    } else if (v.tag == Tag::Float && (spec.type == "e" || spec.type == "E")) {
      out += fmt::format_float(v.f, spec);
    } else {
      out += display(m, v, spec);
    }
  }
  return out;
}

// What a format must ask user impls for before it runs (see Op::Format), into `work`:
// values[1 + w] the value, order[w] its argument (Display) or kDebugWork (a record with a user
// Debug impl found inside a `{:?}` argument: debug() walks into everything else, and asks
// UserDebugTexts for these), texts[w] what the impl will have written. values[0] is the
// formatter of the impl that runs.
void collect_user_debug(const Module& m, const Value& v, StateObj& work, std::unordered_set<const Obj*>& seen) {
  if (!v.is_obj() || v.o->kind == ObjKind::Str) return;
  Nesting level;
  if (level.too_deep()) return;
  auto visit = [&](const Value& x) { collect_user_debug(m, x, work, seen); };
  switch (v.o->kind) {
    case ObjKind::Struct:
    case ObjKind::Enum:
      if (user_fmt_fn(m, v, true) != TypeInfo::kNone) {
        if (seen.insert(v.o).second) {
          work.values.push_back(v);
          work.order.push_back(UserDebugTexts::kDebugWork);
        }
        return;
      }
      for (const auto& f : as_record(v).fields) visit(f);
      return;
    case ObjKind::Vec:
    case ObjKind::Tuple:
      for (const auto& x : as_list(v).items) visit(x);
      return;
    case ObjKind::Map:
      for (const auto& [key, value] : static_cast<const MapObj*>(v.o)->entries) {
        visit(key);
        visit(value);
      }
      return;
    case ObjKind::Arc:
    case ObjKind::Guard:
    case ObjKind::SlotRef:
      visit(deref(v));
      return;
    case ObjKind::Mutex:
      visit(as<MutexObj>(v).inner);
      return;
    default:
      return;
  }
}

void format_work(const Module& m, const FormatTemplate& tpl, const Value* args, std::size_t n, StateObj& work) {
  work.values.assign(1, Value::empty());
  std::unordered_set<const Obj*> seen;
  std::vector<bool> displayed(n, false);
  for (const auto& p : tpl.pieces) {
    if (p.literal) continue;
    const Value& v = args[p.arg];
    if (p.spec.type.empty()) {
      if (user_fmt_fn(m, v, false) == TypeInfo::kNone) continue;
      if (displayed[p.arg]) continue;
      displayed[p.arg] = true;
      work.values.push_back(v);
      work.order.push_back(p.arg);
    } else if (p.spec.type == "?" || p.spec.type == "x?" || p.spec.type == "X?") {
      collect_user_debug(m, v, work, seen);
    }
  }
  work.texts.resize(work.order.size());
}

}  // namespace

// ---------------------------------------------------------------- [SECTION] The loop

constexpr std::uint32_t kTimeSlice = 4096;

Step interpret(Task& t) {
  const Module& m = t.rt.module();
  std::vector<Value>& st = t.stack;
  const std::uint32_t max_frames = t.rt.options().limits.max_frames;
  std::uint32_t slice = kTimeSlice;  // loop turns and calls before this call yields
  // NS::Invoke: the closure a native asked for runs on this task's frames (see invoke()); the
  // native's frame keeps its pc, so the native runs again when the closure returns. Gives the
  // step to return, or nothing to go on.
  auto begin_invoke = [&](Ctx& cx) -> std::optional<Step> {
    if (!t.rt.safepoint()) return Step::Stopped;
    if (t.frames.size() >= max_frames) {
      t.rt.stack_overflow(t);
      return Step::Stopped;
    }
    std::size_t at = st.size();
    for (unsigned i = 0; i < cx.invoke_args.n; ++i) st.push_back(std::move(cx.invoke_args.v[i]));
    const Value& f = cx.invoke_fn;
    auto callee = f.tag == Tag::Fn ? static_cast<std::uint32_t>(f.i) : as<ClosureObj>(f).function;
    enter_function(t, callee, f, at);
    t.frames.back().to_native = true;
    if (--slice == 0) return Step::Yield;  // the closure runs when interpret is entered again
    return std::nullopt;
  };
  // After a native's instruction completes: its state (if any) goes.
  auto native_done = [&]() {
    Value& state = t.frames.back().state;
    if (state.is_obj()) state = Value();
  };
  for (;;) {
    Frame& fr = t.frames.back();
    const Function& fn = m.functions[fr.function];
    const Instr& in = fn.code[fr.pc];
    const std::uint32_t base = fr.base;
    // At the instruction running now. Not through `fr`: a native that ran a leaf closure in
    // place pushed a frame, and the frames may have moved since `fr` was taken.
    auto span_now = [&]() -> Span {
      const Frame& now = t.frames.back();
      return m.functions[now.function].spans[now.pc];
    };
    auto panic_here = [&](const std::string& message) {
      raise_panic(t, message, span_now());
      return Step::Panicked;
    };
    auto native_panic = [&](const Ctx& cx) {  // NS::Panic of a native
      if (cx.panic_in_std == nullptr) return panic_here(cx.panic);
      raise_panic_at(t, cx.panic, cx.panic_in_std, span_now().line);
      return Step::Panicked;
    };
    // A local slot; in a non-move closure, a captured variable is read and written where it
    // lives (the slot holds a Ref to it).
    auto local = [&](std::uint32_t slot) -> Value& {
      Value& v = st[base + slot];
      if (v.tag != Tag::Ref) return v;
      auto at = static_cast<std::size_t>(v.i);
      return at < st.size() ? st[at] : v;
    };
    switch (in.op) {
      case Op::Const:
        st.push_back(m.constants[in.a]);
        break;
      case Op::Unit:
        st.emplace_back();
        break;
      case Op::Load: {
        Value v = local(in.a);
        st.push_back(std::move(v));
        break;
      }
      case Op::MakeRef: {
        const Value& v = st[base + in.a];  // a capture of a capture: the same variable
        st.push_back(v.tag == Tag::Ref ? v : Value::scalar(Tag::Ref, static_cast<std::int64_t>(base + in.a)));
        break;
      }
      case Op::Move: {
        Value& slot = local(in.a);
        if (slot.is_copy() || ((slot.is(ObjKind::Struct) || slot.is(ObjKind::Enum)) && m.types[as_record(slot).type].copy)) {
          // A copy is independent of its original (`let mut b = a; b.x = 1;`).
          Value v = slot.tag == Tag::Obj && !slot.o->frozen ? deep_clone(slot) : slot;
          st.push_back(std::move(v));
        } else {
          Value v = std::move(slot);
          st.push_back(std::move(v));
        }
        break;
      }
      case Op::Store:
        local(in.a) = std::move(st.back());
        st.pop_back();
        break;
      case Op::Drop:
        st[base + in.a] = Value::empty();
        break;
      case Op::Pop:
        st.pop_back();
        break;
      case Op::Dup: {
        Value v = st.back();
        st.push_back(std::move(v));
        break;
      }
      case Op::Dup2: {
        Value a = st[st.size() - 2], b = st.back();
        st.push_back(std::move(a));
        st.push_back(std::move(b));
        break;
      }
      case Op::Binary: {
        Value& lhs = st[st.size() - 2];
        const Value& rhs = st.back();
        auto op = static_cast<ast::BinaryOp>(in.c);
        if (Fast f = int_fast(op, lhs, rhs); f != Fast::Slow) {
          if (f == Fast::Overflow) return panic_here(overflow_message(op));
          st.pop_back();
          break;
        }
        Ctx cx(t, m, fn.spans[fr.pc]);
        Value out;
        if (binary(cx, op, lhs, rhs, out, in.a == 1) != NS::Ok) return panic_here(cx.panic);
        st.pop_back();
        st.back() = std::move(out);
        break;
      }
      case Op::Neg: {
        Value& v = st.back();
        if (v.tag == Tag::Int) {
          IntKind k = v.kind == IntKind::Infer ? IntKind::I32 : v.kind;
          if (!is_signed(k) && v.kind != IntKind::Infer) return panic_here("attempt to negate with overflow");
          if (!int_fits(-v.wide(), v.kind == IntKind::Infer ? (int_fits(v.wide(), IntKind::I32) ? IntKind::I32 : IntKind::I64) : k)) {
            return panic_here("attempt to negate with overflow");
          }
          v.i = static_cast<std::int64_t>(-v.wide());
        } else if (v.tag == Tag::Float) {
          v.f = -v.f;
        } else {
          return panic_here(std::string("cannot negate ") + type_name(v));
        }
        break;
      }
      case Op::Not: {
        Value& v = st.back();
        if (v.tag == Tag::Bool) {
          v.i = v.b ? 0 : 1;  // the whole payload: see Value::boolean
        } else if (v.tag == Tag::Int) {
          IntKind k = v.kind == IntKind::Infer ? IntKind::I32 : v.kind;
          v.i = wrap_to(~v.wide(), k);
        } else {
          return panic_here(std::string("cannot apply `!` to ") + type_name(v));
        }
        break;
      }
      case Op::Cast: {
        Ctx cx(t, m, fn.spans[fr.pc]);
        Value out;
        if (cast(cx, st.back(), m.type_descs[in.a], out) != NS::Ok) return panic_here(cx.panic);
        st.back() = std::move(out);
        break;
      }
      case Op::Coerce:
        coerce(m, st.back(), in.a);
        break;
      case Op::CoerceLocal:
        coerce(m, local(in.a), in.b);
        break;
      case Op::Unpack: {
        Value v = std::move(st.back());
        st.pop_back();
        std::vector<Value>* items = nullptr;
        if (v.is(ObjKind::Tuple) || v.is(ObjKind::Vec)) {
          items = &as_list(v).items;
        } else if (v.is(ObjKind::Struct) || v.is(ObjKind::Enum)) {
          items = &as_record(v).fields;
        }
        if (!items || items->size() != in.a) {
          return panic_here("cannot destructure " + std::string(type_name(v)) + " into " + std::to_string(in.a) + " parts");
        }
        bool unique = v.o->refs.load(std::memory_order_acquire) == 1;
        for (auto& x : *items) {
          if (unique) {
            st.push_back(std::move(x));
          } else {
            Value copy = x;
            st.push_back(std::move(copy));
          }
        }
        break;
      }
      case Op::Mark:
        st[base + in.a] = Value::integer(static_cast<std::int64_t>(st.size()), IntKind::Usize);
        break;
      case Op::Unwind: {
        auto height = static_cast<std::size_t>(st[base + in.a].i);
        while (st.size() > height) st.pop_back();
        break;
      }
      case Op::Jump:
        fr.pc = in.a;
        continue;
      case Op::JumpIfFalse: {
        bool b = st.back().b;
        st.pop_back();
        if (!b) {
          fr.pc = in.a;
          continue;
        }
        break;
      }
      case Op::Call:
      case Op::CallValue: {
        if (!t.rt.safepoint()) return Step::Stopped;
        if (--slice == 0) return Step::Yield;  // the call runs when interpret is entered again
        if (t.frames.size() >= max_frames) {
          t.rt.stack_overflow(t);
          return Step::Stopped;
        }
        std::uint32_t callee = in.a;
        std::uint32_t argc = in.c;
        std::size_t args_at = st.size() - argc;
        Value closure;
        if (in.op == Op::CallValue) {
          Value& f = st[args_at - 1];
          if (f.tag == Tag::Fn) {
            callee = static_cast<std::uint32_t>(f.i);
          } else if (f.is(ObjKind::Closure)) {
            callee = as<ClosureObj>(f).function;
            closure = f;
          } else {
            return panic_here(std::string("expected a function, found ") + type_name(f));
          }
          st.erase(st.begin() + static_cast<std::ptrdiff_t>(args_at - 1));
          --args_at;
        }
        const Function& target = m.functions[callee];
        if (argc != target.arity) return panic_here("wrong number of arguments to " + target.name);
        ++fr.pc;
        enter_function(t, callee, closure, args_at);
        continue;
      }
      case Op::Return: {
        Value result = std::move(st.back());
        st.pop_back();
        while (st.size() > base) st.pop_back();  // locals dropped last-declared first
        bool to_native = fr.to_native, in_place = fr.in_place;
        t.frames.pop_back();
        if (t.frames.empty()) {
          t.result = std::move(result);
          return Step::Done;
        }
        if (in_place) {  // back to the native that ran this leaf (run_in_place)
          t.call_result = std::move(result);
          return Step::Returned;
        }
        if (to_native) {  // the native that called it runs again and takes the result
          t.call_result = std::move(result);
          continue;
        }
        st.push_back(std::move(result));
        continue;
      }
      case Op::Native:
      case Op::Method: {
        unsigned argc = in.c + (in.op == Op::Method ? 1u : 0u);
        std::size_t at = st.size() - argc;
        Ctx cx(t, m, fn.spans[fr.pc]);
        cx.args_at = at;
        Value out;
        NS s = in.op == Op::Native ? call_native(cx, static_cast<Native>(in.a), &st[at], out)
                                   : call_method(cx, static_cast<Method>(in.a), in.b, &st[at], in.c, out);
        switch (s) {
          case NS::Ok:
            native_done();
            while (st.size() > at) st.pop_back();
            st.push_back(std::move(out));
            break;
          case NS::Blocked:
            return Step::Blocked;
          case NS::Panic:
            return native_panic(cx);
          case NS::Stop:
            return Step::Stopped;
          case NS::Panicked:
            return Step::Panicked;
          case NS::Invoke:
            if (auto step = begin_invoke(cx)) return *step;
            continue;
          case NS::Call: {  // a user method: receiver and arguments are already in place
            const Function& target = m.functions[cx.call_fn];
            if (argc != target.arity) return panic_here("wrong number of arguments to " + target.name);
            native_done();
            ++t.frames.back().pc;
            auto new_base = static_cast<std::uint32_t>(at);
            st.resize(new_base + target.locals, Value::empty());
            t.frames.push_back(Frame{cx.call_fn, 0, new_base});
            continue;
          }
        }
        break;
      }
      case Op::MakeTuple:
      case Op::MakeVec: {
        std::size_t n = in.a;
        std::vector<Value> items;
        items.reserve(n);
        for (std::size_t i = st.size() - n; i < st.size(); ++i) items.push_back(std::move(st[i]));
        st.resize(st.size() - n);
        st.push_back(make_list(in.op == Op::MakeTuple ? ObjKind::Tuple : ObjKind::Vec, std::move(items)));
        break;
      }
      case Op::MakeVecRepeat: {
        std::uint64_t n = 0;
        if (!count_of(st.back(), n)) return panic_here("vec![value; n] needs a usize count");
        if (n > (std::uint64_t{1} << 58)) return panic_here("capacity overflow");
        if (!t.rt.memory_fits(n * sizeof(Value))) return Step::Stopped;
        st.pop_back();
        Value v = std::move(st.back());
        st.pop_back();
        std::vector<Value> items;
        items.reserve(n);
        for (std::uint64_t i = 0; i + 1 < n; ++i) {
          if ((i & 4095) == 4095 && !t.rt.memory_fits(0)) return Step::Stopped;  // clones of a big value
          items.push_back(deep_clone(v));
        }
        if (n > 0) items.push_back(std::move(v));
        st.push_back(make_list(ObjKind::Vec, std::move(items)));
        break;
      }
      case Op::MakeRecord: {
        std::size_t n = in.c;
        std::vector<Value> fields;
        fields.reserve(n);
        for (std::size_t i = st.size() - n; i < st.size(); ++i) fields.push_back(std::move(st[i]));
        st.resize(st.size() - n);
        st.push_back(make_record(m.types[in.a].is_enum ? ObjKind::Enum : ObjKind::Struct, in.a, in.b, std::move(fields)));
        break;
      }
      case Op::MakeClosure: {
        std::size_t n = in.c;
        std::vector<Value> caps;
        caps.reserve(n);
        for (std::size_t i = st.size() - n; i < st.size(); ++i) caps.push_back(std::move(st[i]));
        st.resize(st.size() - n);
        st.push_back(Value::object(new ClosureObj(in.a, std::move(caps))));
        break;
      }
      case Op::MakeRange: {
        auto* r = new RangeObj();
        r->end = std::move(st.back());
        st.pop_back();
        r->start = std::move(st.back());
        st.pop_back();
        r->inclusive = in.c != 0;
        if (r->start.tag == Tag::Int && r->end.tag == Tag::Int) {
          if (r->start.kind == IntKind::Infer) r->start.kind = r->end.kind;
          if (r->end.kind == IntKind::Infer) r->end.kind = r->start.kind;
        }
        st.push_back(Value::object(r));
        break;
      }
      case Op::Field: {
        Value held = std::move(st.back());  // an Arc or a MutexGuard stays alive (and locked) here
        st.pop_back();
        const Value& obj = deref(held);
        std::vector<Value>* items = nullptr;
        std::size_t index = in.a;
        if (obj.is(ObjKind::Tuple) || obj.is(ObjKind::Vec)) {
          items = &as_list(obj).items;
        } else if (obj.is(ObjKind::Struct) || obj.is(ObjKind::Enum)) {
          auto& r = as_record(obj);
          items = &r.fields;
          if (in.a == 0xffffffff) {
            const auto& names = m.types[r.type].variants[r.variant].fields;
            auto it = std::find(names.begin(), names.end(), m.names[in.b]);
            index = it == names.end() ? items->size() : static_cast<std::size_t>(it - names.begin());
          }
        }
        if (!items || index >= items->size()) {
          return panic_here(std::string("no field `") + (in.a == 0xffffffff ? m.names[in.b] : std::to_string(in.a)) +
                            "` on " + type_name(obj));
        }
        Value v = (*items)[index];
        st.push_back(std::move(v));
        break;
      }
      case Op::SetField: {
        Value v = std::move(st.back());
        st.pop_back();
        Value held = std::move(st.back());
        st.pop_back();
        const Value& obj = deref(held);
        std::vector<Value>* items = nullptr;
        std::size_t index = in.a;
        if (obj.is(ObjKind::Tuple)) {
          items = &as_list(obj).items;
        } else if (obj.is(ObjKind::Struct) || obj.is(ObjKind::Enum)) {
          auto& r = as_record(obj);
          items = &r.fields;
          if (in.a == 0xffffffff) {
            const auto& names = m.types[r.type].variants[r.variant].fields;
            auto it = std::find(names.begin(), names.end(), m.names[in.b]);
            index = it == names.end() ? items->size() : static_cast<std::size_t>(it - names.begin());
          }
        }
        if (!items || index >= items->size()) return panic_here(std::string("cannot assign to a field of ") + type_name(obj));
        if (v.tag == Tag::Int && v.kind == IntKind::Infer && (*items)[index].tag == Tag::Int) v.kind = (*items)[index].kind;
        (*items)[index] = std::move(v);
        break;
      }
      case Op::Index:
      case Op::SetIndex: {
        bool set = in.op == Op::SetIndex;
        Value v;
        if (set) {
          v = std::move(st.back());
          st.pop_back();
        }
        Value idx = std::move(st.back());
        st.pop_back();
        Value held = std::move(st.back());
        st.pop_back();
        const Value& obj = deref(held);
        if (idx.is(ObjKind::Range) && !set) {
          auto& r = as<RangeObj>(idx);
          std::size_t len = obj.is(ObjKind::Str) ? as_str(obj).s.size() : obj.is(ObjKind::Vec) ? as_list(obj).items.size() : 0;
          std::uint64_t lo = 0, hi = len;
          if (r.start.tag == Tag::Int) count_of(r.start, lo);
          if (r.end.tag == Tag::Int) {
            count_of(r.end, hi);
            if (r.inclusive) ++hi;
          }
          if (lo > hi) return panic_here("slice index starts at " + std::to_string(lo) + " but ends at " + std::to_string(hi));
          if (hi > len) {
            return panic_here("range end index " + std::to_string(hi) + " out of range for slice of length " + std::to_string(len));
          }
          if (obj.is(ObjKind::Str)) {
            st.push_back(make_str(as_str(obj).s.substr(lo, hi - lo)));
          } else if (obj.is(ObjKind::Vec)) {
            auto& items = as_list(obj).items;
            st.push_back(make_list(ObjKind::Vec, std::vector<Value>(items.begin() + static_cast<std::ptrdiff_t>(lo),
                                                                    items.begin() + static_cast<std::ptrdiff_t>(hi))));
          } else {
            return panic_here(std::string("cannot slice ") + type_name(obj));
          }
          break;
        }
        if (obj.is(ObjKind::Map)) {  // map[&key]
          if (set) return panic_here("cannot assign to map[key]: use insert() or get_mut()");
          bool found = false;
          std::size_t at = as<MapObj>(obj).find(deref(idx), found);
          if (!found) return panic_here("no entry found for key");
          Value x = as<MapObj>(obj).entries[at].second;
          st.push_back(std::move(x));
          break;
        }
        std::uint64_t i = 0;
        if (!count_of(idx, i)) return panic_here(std::string("cannot index with ") + type_name(idx));
        if (!obj.is(ObjKind::Vec)) return panic_here(std::string("cannot index into ") + type_name(obj));
        auto& items = as_list(obj).items;
        if (i >= items.size()) {
          return panic_here("index out of bounds: the len is " + std::to_string(items.size()) + " but the index is " +
                            std::to_string(i));
        }
        if (set) {
          if (v.tag == Tag::Int && v.kind == IntKind::Infer && items[i].tag == Tag::Int) v.kind = items[i].kind;
          items[i] = std::move(v);
        } else {
          Value x = items[i];
          st.push_back(std::move(x));
        }
        break;
      }
      case Op::IterInit: {
        Ctx cx(t, m, fn.spans[fr.pc]);
        Value out;
        Value v = std::move(st.back());
        st.pop_back();
        if (make_iter(cx, std::move(v), out) != NS::Ok) return panic_here(cx.panic);
        st.push_back(std::move(out));
        break;
      }
      case Op::IterNext: {
        Ctx cx(t, m, fn.spans[fr.pc]);
        Value& itv = local(in.a);
        Value item;
        bool done = false;
        NS s = iter_next(cx, as<IterObj>(itv), item, done);
        if (s == NS::Blocked) return Step::Blocked;
        if (s == NS::Panic) return native_panic(cx);
        if (s == NS::Stop) return Step::Stopped;
        if (s == NS::Panicked) return Step::Panicked;
        if (s == NS::Invoke) {  // an adapter's closure (`for x in v.iter().map(f)`)
          if (auto step = begin_invoke(cx)) return *step;
          continue;
        }
        if (done) {
          t.frames.back().pc = in.b;  // not `fr`: a leaf closure run in place may have moved the frames
          continue;
        }
        st.push_back(std::move(item));
        break;
      }
      case Op::TestVariant: {
        const Value& v = st.back();
        bool ok = (v.is(ObjKind::Enum) || v.is(ObjKind::Struct)) && as_record(v).type == in.a && as_record(v).variant == in.b;
        st.back() = Value::boolean(ok);
        break;
      }
      case Op::Try: {
        Value& v = st.back();
        bool option = v.is(ObjKind::Enum) && as_record(v).type == builtin::Option;
        bool result = v.is(ObjKind::Enum) && as_record(v).type == builtin::Result;
        if (!option && !result) return panic_here(std::string("the `?` operator applies to an Option or a Result, not ") + type_name(v));
        auto& r = as_record(v);
        if (r.variant == (option ? 1u : 0u)) {
          Value inner = r.fields[0];
          st.back() = std::move(inner);
          break;
        }
        fr.pc = in.a;  // Err/None: on to the Return that follows
        continue;
      }
      case Op::TestEq: {
        bool ok = values_equal(st.back(), m.constants[in.a]);
        st.back() = Value::boolean(ok);
        break;
      }
      case Op::TestRange: {
        const Value& v = st.back();
        bool ok = true;
        if (in.a != 0xffffffff) ok = ok && compare_values(m.constants[in.a], v) <= 0;
        if (in.b != 0xffffffff) {
          int c = compare_values(v, m.constants[in.b]);
          ok = ok && (in.c ? c <= 0 : c < 0);
        }
        st.back() = Value::boolean(ok);
        break;
      }
      case Op::LoadStatic:
        if (const Value* v = t.rt.static_value(in.a)) {
          st.push_back(*v);
          t.frames.back().pc = in.b;
          continue;
        }
        break;
      case Op::InitStatic: {
        Value v = std::move(st.back());
        st.pop_back();
        st.push_back(t.rt.init_static(in.a, std::move(v)));
        break;
      }
      case Op::Deref:
        if (st.back().is(ObjKind::Arc) || st.back().is(ObjKind::Guard) || st.back().is(ObjKind::SlotRef)) {
          Value inner = deref(st.back());
          st.back() = std::move(inner);
        }
        break;
      case Op::SetDeref: {
        Value v = std::move(st.back());
        st.pop_back();
        Value target = std::move(st.back());
        st.pop_back();
        Value* place = nullptr;
        if (target.is(ObjKind::Guard)) {
          place = &as<MutexObj>(as<GuardObj>(target).mutex).inner;
        } else if (target.is(ObjKind::SlotRef)) {
          auto& r = as<SlotRefObj>(target);
          bool existed = false;
          place = &as<MapObj>(r.map).slot(r.key, existed);
        } else {
          return panic_here(std::string("cannot assign through `*` to ") + type_name(target) +
                            " (Brigade writes through a MutexGuard, a map's entry or a `&mut` variable)");
        }
        if (v.tag == Tag::Int && v.kind == IntKind::Infer && place->tag == Tag::Int) v.kind = place->kind;
        *place = std::move(v);
        break;
      }
      case Op::Format: {
        std::size_t n = in.c;
        const FormatTemplate& tpl = m.formats[in.a];
        if (!m.user_fmt) {  // no user Display or Debug impl in the program: nothing to call
          std::string s = format(m, tpl, st.data() + (st.size() - n));
          st.resize(st.size() - n);
          st.push_back(make_str(std::move(s)));
          break;
        }
        // The user impls run first, each a continuation: Display for a `{}` argument, Debug for
        // each record with one inside a `{:?}` argument. What they wrote is the frame's state
        // (format_work), then the format itself runs.
        Ctx cx(t, m, fn.spans[fr.pc]);
        StateObj& work = frame_state(cx);
        if (work.step == 0) {
          format_work(m, tpl, st.data() + (st.size() - n), n, work);
          work.step = 1;
        }
        for (; work.index < work.order.size(); ++work.index) {
          std::size_t w = work.index;
          bool is_debug = work.order[w] == UserDebugTexts::kDebugWork;
          std::uint32_t f = user_fmt_fn(m, work.values[1 + w], is_debug);
          NS s = run_user_fmt(cx, work.awaiting, work.values[0], f, work.values[1 + w], work.texts[w]);
          if (s == NS::Invoke) break;
          if (s == NS::Panic) return panic_here(cx.panic);
          if (s != NS::Ok) return s == NS::Panicked ? Step::Panicked : Step::Stopped;
        }
        if (work.index < work.order.size()) {
          if (auto step = begin_invoke(cx)) return *step;
          continue;
        }
        std::vector<std::optional<std::string>> shown(n);
        for (std::size_t w = 0; w < work.order.size(); ++w) {
          if (work.order[w] != UserDebugTexts::kDebugWork) shown[work.order[w]] = std::move(work.texts[w]);
        }
        std::string s;
        {
          UserDebugTexts texts(work);
          s = format(m, tpl, st.data() + (st.size() - n), &shown);
        }
        native_done();
        st.resize(st.size() - n);
        st.push_back(make_str(std::move(s)));
        break;
      }
      case Op::Print: {
        t.rt.write(&t, in.a == 0 ? 1 : 2, as_str(st.back()).s);
        st.pop_back();
        if (!t.rt.safepoint()) return Step::Stopped;
        break;
      }
      case Op::Panic: {
        std::string message = st.back().is(ObjKind::Str) ? as_str(st.back()).s : "explicit panic";
        st.pop_back();
        return panic_here(message);
      }
      case Op::AssertEq: {
        const Value& msg = st.back();
        const Value& rhs = st[st.size() - 2];
        const Value& lhs = st[st.size() - 3];
        bool eq = values_equal(lhs, rhs);
        if (eq == (in.c != 0)) {
          std::string text = std::string("assertion `left ") + (in.c ? "!=" : "==") + " right` failed";
          if (msg.is(ObjKind::Str)) text += ": " + as_str(msg).s;
          text += "\n  left: " + debug(m, lhs, {}) + "\n right: " + debug(m, rhs, {});
          return panic_here(text);
        }
        st.resize(st.size() - 3);
        break;
      }
      case Op::CheckLimit:
        if (!t.rt.safepoint()) return Step::Stopped;
        if (--slice == 0) return Step::Yield;  // this check runs again when interpret is entered again
        break;
    }
    ++t.frames.back().pc;  // not `fr`: a nested call (map's closure) may have moved the frames
  }
}

void mark_leaves(Module& m) {
  for (auto& f : m.functions) {
    bool leaf = true;
    std::uint32_t pushes = 0;
    for (std::size_t pc = 0; pc < f.code.size() && leaf; ++pc) {
      const Instr& in = f.code[pc];
      pushes += in.op == Op::Unpack ? in.a : in.op == Op::Dup2 ? 2 : 1;
      switch (in.op) {
        case Op::Jump:
        case Op::JumpIfFalse:
        case Op::Try:
          leaf = in.a > pc;  // forward only: no loops
          break;
        case Op::Format:
          leaf = !m.user_fmt;
          break;
        case Op::Call:
        case Op::CallValue:
        case Op::Native:
        case Op::Method:
        case Op::MakeVecRepeat:
        case Op::IterNext:
        case Op::LoadStatic:
        case Op::InitStatic:
        case Op::Print:
        case Op::CheckLimit:
          leaf = false;
          break;
        default:
          break;
      }
    }
    f.leaf = leaf;
    f.stack_bound = pushes;
  }
}

GuardObj::~GuardObj() {
  // Unlock, and wake the oldest task blocked in lock() (it retries: a thread that locks first
  // meanwhile may take the lock, as a std Mutex allows).
  auto& mx = *static_cast<MutexObj*>(mutex.o);
  Task* next = nullptr;
  {
    std::lock_guard lock(mx.state);
    mx.locked = false;
    if (!mx.waiters.empty()) {
      next = mx.waiters.front();
      mx.waiters.erase(mx.waiters.begin());
    }
  }
  if (next != nullptr) next->waiter.try_wake(chan::WaitState::Notified);
}

}  // namespace brigade::lang::vm
