// std/methods.cpp — a method call (Op::Method): what every type has (clone, to_string, cmp,
// into, ...) and user methods, then the receiver's own module.
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

// The message for a method the receiver does not have (or not with this many arguments).
NS no_method(Ctx& cx, std::uint32_t name, unsigned argc, const Value& self) {
  return cx.fail("no method `" + cx.m.names[name] + "` with " + std::to_string(argc) + " argument(s) for " +
                 type_name(self) + " (a type error Brigade does not check before running)");
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
  if (a[0].is(ObjKind::Mutex) && m != Method::clone) return lock_method(cx, m, name, a, argc, out);
  if (a[0].is(ObjKind::Condvar)) return condvar_method(cx, m, name, a, argc, out);
  if (a[0].is(ObjKind::Barrier)) return barrier_method(cx, m, name, a, argc, out);
  if (a[0].is(ObjKind::Scope)) return scope_method(cx, m, name, a, argc, out);
  if (a[0].is(ObjKind::Once)) return once_method(cx, m, name, a, argc, out);
  if (a[0].is(ObjKind::Atomic) && m != Method::clone) return atomic_method(cx, m, name, a, argc, out);
  Value& self = a[0];
  // User methods on structs and enums.
  if (self.is(ObjKind::Struct) || self.is(ObjKind::Enum)) {
    const auto& r = as_record(self);
    if (r.type >= builtin::Count) {
      const auto& methods = cx.m.types[r.type].method_by_name;
      if (name < methods.size() && methods[name] != TypeInfo::kNone) {
        cx.call_fn = methods[name];
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
    case Tag::Int:
      return int_method(cx, m, name, a, argc, out);
    case Tag::Float:
      return float_method(cx, m, name, a, argc, out);
    case Tag::Char:
      return char_method(cx, m, name, a, argc, out);
    case Tag::Duration:
      return duration_method(cx, m, name, a, argc, out);
    case Tag::Instant:
      return instant_method(cx, m, name, a, argc, out);
    case Tag::Obj:
      break;
    default:
      return no_method(cx, name, argc, self);
  }
  switch (self.o->kind) {
    case ObjKind::Str:
      return str_method(cx, m, name, a, argc, out);
    case ObjKind::Vec:
      return vec_method(cx, m, name, a, argc, out);
    case ObjKind::Range:
    case ObjKind::Iter:
      return iter_method(cx, m, name, a, argc, out);
    case ObjKind::Struct:
    case ObjKind::Enum:
      return record_method(cx, m, name, a, argc, out);
    case ObjKind::Sender:
      if (as<SenderObj>(self).tokio && m != Method::clone) return tokio_sender_method(cx, m, name, a, argc, out);
      return sender_method(cx, m, name, a, argc, out);
    case ObjKind::SyncSender:
      if (as<SyncSenderObj>(self).tokio && m != Method::clone) return tokio_sender_method(cx, m, name, a, argc, out);
      return sender_method(cx, m, name, a, argc, out);
    case ObjKind::Receiver:
      if (as<ReceiverObj>(self).tokio) return tokio_receiver_method(cx, m, name, a, argc, out);
      return receiver_method(cx, m, name, a, argc, out);
    case ObjKind::Future:
      return future_method(cx, m, name, a, argc, out);
    case ObjKind::JoinHandle:
      if (as<JoinHandleObj>(self).tokio_id != 0) return tokio_handle_method(cx, m, name, a, argc, out);
      return handle_method(cx, m, name, a, argc, out);
    default:
      return no_method(cx, name, argc, self);
  }
}

}  // namespace brigade::lang::vm
