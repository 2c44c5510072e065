// interpret.cpp — stage 4's loop: one task's instructions until it finishes, blocks, panics, is
// stopped or yields (interpret), a leaf closure's fast loop (run_leaf), panics as rustc prints
// them, and the marking of leaves. It knows opcodes; what a native or method does is std/'s.
//
// Index
//   raise_panic, raise_panic_at    rustc's panic text
//   run_leaf                       a leaf closure's instructions, in registers
//   enter_function                 a call's frame
//   interpret                      the loop: one case per opcode (bytecode.hpp's BRIGADE_OPS)
//   mark_leaves                    which functions are leaves (the compiler's last step)
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_set>

#include "brigade/chan/backoff.hpp"
#include "stack.hpp"
#include "std/lib.hpp"

namespace brigade::lang::vm {

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

// Whether moving `v` copies it, as Rust's Copy types are: scalars, `&'static str`, tuples of
// those, a user type that derives Copy, and the builtin types that are Copy when what they hold
// is (Option, Result, Ordering, Reverse, the channel errors, ThreadId).
bool moves_as_copy(const Module& m, const Value& v) {
  if (v.is_copy()) return true;
  if (!v.is(ObjKind::Struct) && !v.is(ObjKind::Enum)) return false;
  const auto& r = as_record(v);
  if (m.types[r.type].copy) return true;
  switch (r.type) {
    case builtin::Option:
    case builtin::Result:
    case builtin::RecvError:
    case builtin::TryRecvError:
    case builtin::RecvTimeoutError:
    case builtin::SendError:
    case builtin::TrySendError:
    case builtin::TokioSendError:
    case builtin::TokioTrySendError:
    case builtin::TokioTryRecvError:
    case builtin::OneshotTryRecvError:
    case builtin::Ordering:
    case builtin::Reverse:
    case builtin::AtomicOrdering:
    case builtin::ThreadId:
      return std::all_of(r.fields.begin(), r.fields.end(), [&](const Value& x) { return moves_as_copy(m, x); });
    default:
      return false;
  }
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

constexpr std::uint32_t kTimeSlice = 4096;

namespace {

// While a task runs on this OS thread, what its values' last owners drop with `impl Drop`
// queues on it (t_drop_queue); the previous queue again afterwards.
class DropQueueScope {
 public:
  explicit DropQueueScope(Task& t) : outer_(t_drop_queue) { t_drop_queue = &t.pending_drops; }
  DropQueueScope(const DropQueueScope&) = delete;
  DropQueueScope& operator=(const DropQueueScope&) = delete;
  ~DropQueueScope() { t_drop_queue = outer_; }

 private:
  std::vector<Obj*>* outer_;
};

}  // namespace

Step interpret(Task& t) {
  const Module& m = t.rt.module();
  std::vector<Value>& st = t.stack;
  const std::uint32_t max_frames = t.rt.options().limits.max_frames;
  std::uint32_t slice = kTimeSlice;  // loop turns and calls before this call yields
  // NS::Invoke: the closure a native asked for runs on this task's frames (see invoke()); the
  // native's frame keeps its pc, so the native runs again when the closure returns. Gives the
  // step to return, or nothing to go on.
  auto begin_invoke = [&](Ctx& cx) -> std::optional<Step> {
    if (!t.ex.safepoint()) return Step::Stopped;
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
  DropQueueScope drops(t);
  for (;;) {
    if (__builtin_expect(!t.pending_drops.empty(), 0)) {
      // Values of types with `impl Drop` went: each one's drop(&mut self) runs now, in a frame
      // of its own (Frame::discard) whose return goes on to the next, then to this instruction.
      // The oldest's frame goes on top: they run in the order they went.
      if (t.frames.size() + t.pending_drops.size() >= max_frames) {
        t.rt.stack_overflow(t);
        return Step::Stopped;
      }
      std::vector<Obj*> due;
      due.swap(t.pending_drops);
      for (auto o = due.rbegin(); o != due.rend(); ++o) {
        Value self = Value::object(*o);
        self.o->drops = false;  // this time it goes for good
        std::uint32_t drop_fn = m.types[as_record(self).type].drop_fn;
        std::size_t at = st.size();
        st.push_back(std::move(self));
        enter_function(t, drop_fn, Value(), at);
        t.frames.back().discard = true;
      }
      continue;
    }
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
        if (moves_as_copy(m, slot)) {
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
        if (!t.ex.safepoint()) return Step::Stopped;
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
        // A thread's end drops what it owns (a Sender disconnects, a guard unlocks): a choice
        // point, before anything is dropped.
        if (t.frames.size() == 1 && t.ex.preempt(t)) return Step::Yield;
        if (t.frames.size() == 1 && t.scope != nullptr) return_borrows(t);
        Value result = std::move(st.back());
        st.pop_back();
        while (st.size() > base) st.pop_back();  // locals dropped last-declared first
        if (!t.pending_drops.empty()) {
          // Their drop fns run before the function is left (this Return runs again after).
          st.push_back(std::move(result));
          continue;
        }
        bool to_native = fr.to_native, in_place = fr.in_place, discard = fr.discard;
        t.frames.pop_back();
        if (t.frames.empty()) {
          t.result = std::move(result);
          return Step::Done;
        }
        if (discard) continue;  // a drop fn's: the interrupted instruction goes on
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
          case NS::Yield:  // a choice point: this instruction runs again when the task is chosen
            return Step::Yield;
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
        st.back().o->drops = m.types[in.a].drop_fn != TypeInfo::kNone;
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
          if (in.a == 0xffffffff) {  // by name: its slot in this variant (index_names)
            const auto& slots = m.types[r.type].variants[r.variant].slot_by_name;
            index = in.b < slots.size() && slots[in.b] != TypeInfo::kNone ? slots[in.b] : items->size();
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
          if (in.a == 0xffffffff) {  // by name: its slot in this variant (index_names)
            const auto& slots = m.types[r.type].variants[r.variant].slot_by_name;
            index = in.b < slots.size() && slots[in.b] != TypeInfo::kNone ? slots[in.b] : items->size();
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
        // `for x in rx` (or rx.iter(), rx.try_iter()): a receive, so a choice point.
        if (as<IterObj>(itv).source == IterObj::Source::Receiver && !t.resuming && t.ex.preempt(t)) return Step::Yield;
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
        if (t.ex.preempt(t)) return Step::Yield;  // the output is shared: a choice point
        t.rt.write(&t, in.a == 0 ? 1 : 2, as_str(st.back()).s);
        st.pop_back();
        if (!t.ex.safepoint()) return Step::Stopped;
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
        if (!t.ex.safepoint()) return Step::Stopped;
        if (--slice == 0) return Step::Yield;  // this check runs again when interpret is entered again
        break;
      case Op::MakeFuture: {
        Value closure = std::move(st.back());
        st.back() = Value::object(new FutureObj(FutureObj::Op::Block, std::move(closure)));
        break;
      }
      case Op::Await: {
        // An aborted task ends here, at its next await (tokio drops it where it was suspended).
        if (t.cancel_requested.load(std::memory_order_relaxed)) {
          t.cancelled = true;
          return Step::Stopped;
        }
        Value& f = st.back();
        if (f.is(ObjKind::Future) && as<FutureObj>(f).op == FutureObj::Op::Block) {
          // An async block runs where it is awaited: a call of its closure, whose value is the
          // await's.
          if (!t.ex.safepoint()) return Step::Stopped;
          if (t.frames.size() >= max_frames) {
            t.rt.stack_overflow(t);
            return Step::Stopped;
          }
          Value closure = as<FutureObj>(f).target;
          st.pop_back();
          ++fr.pc;
          enter_function(t, as<ClosureObj>(closure).function, closure, st.size());
          continue;
        }
        Ctx cx(t, m, fn.spans[fr.pc]);
        cx.args_at = st.size() - 1;
        Value out;
        switch (await_native(cx, st.back(), out)) {
          case NS::Ok:
            native_done();
            st.back() = std::move(out);
            break;
          case NS::Blocked:
            return Step::Blocked;
          case NS::Yield:
            return Step::Yield;
          case NS::Panic:
            return native_panic(cx);
          case NS::Panicked:
            return Step::Panicked;
          case NS::Invoke:  // a select!'s pattern check, run on this task's frames
            if (auto step = begin_invoke(cx)) return *step;
            continue;
          default:
            return Step::Stopped;
        }
        break;
      }
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
        case Op::Await:
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

}  // namespace brigade::lang::vm
