// std/natives.cpp — the paths a program calls (std::sync::mpsc::channel, thread::spawn,
// Duration::from_secs, ...): Op::Native.
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

NS call_native(Ctx& cx, Native n, Value* args, Value& out) {
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
    case Native::DurationFromMillis:
    case Native::DurationFromMicros:
    case Native::DurationFromNanos:
    case Native::DurationFromSecsF64:
    case Native::DurationNew:
    case Native::InstantNow:
      return time_native(cx, n, args, out);
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

}  // namespace brigade::lang::vm
