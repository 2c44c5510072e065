// value.cpp — values: integer kinds, construction, equality and order, deep clone, and
// Display / Debug as Rust's std::fmt prints them.
#include "brigade/lang/value.hpp"

#include <cstring>
#include <string>

#include "stack.hpp"
#include "vm.hpp"

namespace brigade::lang::vm {

// ---------------------------------------------------------------- integer kinds

const char* int_kind_name(IntKind k) noexcept {
  static const char* const kNames[] = {"i8", "i16", "i32", "i64", "i128", "isize", "u8",
                                       "u16", "u32", "u64", "u128", "usize", "i32"};
  return kNames[static_cast<int>(k)];
}

bool int_fits(Int128 v, IntKind k) noexcept {
  unsigned bits = int_bits(k);
  if (k == IntKind::Infer) return v >= INT64_MIN && v <= INT64_MAX;
  if (is_signed(k)) {
    Int128 lo = -(static_cast<Int128>(1) << (bits - 1));
    Int128 hi = (static_cast<Int128>(1) << (bits - 1)) - 1;
    return v >= lo && v <= hi;
  }
  Int128 hi = (static_cast<Int128>(1) << bits) - 1;
  return v >= 0 && v <= hi;
}

bool tuple_is_copy(const Obj* tuple) noexcept {
  for (const auto& x : static_cast<const ListObj*>(tuple)->items) {
    if (!x.is_copy()) return false;
  }
  return true;
}

// ---------------------------------------------------------------- construction

// A list of a million Boxes must not take a million nested destructors (the C++ stack would
// overflow): up to a small depth an object is deleted at once, as Rust drops it, field by field;
// deeper, it waits in this thread's queue, which the outermost destroy() empties in order.
thread_local std::vector<Obj*>* t_drop_queue = nullptr;

void destroy(Obj* obj) noexcept {
  if (obj->drops && t_drop_queue != nullptr) {
    obj->refs.store(1, std::memory_order_relaxed);  // the queue's reference now
    t_drop_queue->push_back(obj);
    return;
  }
  constexpr unsigned kMaxDepth = 64;
  thread_local unsigned depth = 0;
  thread_local std::vector<Obj*> queued;
  if (depth >= kMaxDepth) {
    queued.push_back(obj);
    return;
  }
  ++depth;
  delete obj;
  if (depth == 1) {
    for (std::size_t i = 0; i < queued.size(); ++i) delete queued[i];  // may queue more
    queued.clear();
  }
  --depth;
}

Value make_str(std::string s) {
  return Value::object(new StrObj(std::move(s)));
}
Value make_static_str(std::string s) {
  auto* o = new StrObj(std::move(s));
  o->frozen = true;
  return Value::object(o);
}
Value make_list(ObjKind k, std::vector<Value> items) {
  return Value::object(new ListObj(k, std::move(items)));
}
Value make_record(ObjKind k, std::uint32_t type, std::uint32_t variant, std::vector<Value> fields) {
  return Value::object(new RecordObj(k, type, variant, std::move(fields)));
}
Value make_none() {
  return make_record(ObjKind::Enum, builtin::Option, 0, {});
}
Value make_some(Value v) {
  std::vector<Value> f;
  f.push_back(std::move(v));
  return make_record(ObjKind::Enum, builtin::Option, 1, std::move(f));
}
Value make_ok(Value v) {
  std::vector<Value> f;
  f.push_back(std::move(v));
  return make_record(ObjKind::Enum, builtin::Result, 0, std::move(f));
}
Value ok_unit() {
  thread_local const Value shared = make_ok(Value::unit());
  return shared;
}
Value make_err(Value v) {
  std::vector<Value> f;
  f.push_back(std::move(v));
  return make_record(ObjKind::Enum, builtin::Result, 1, std::move(f));
}

trace::Preview Value::trace_preview() const noexcept {
  trace::Preview p;
  if (tag == Tag::Int) {
    p.type = trace::Preview::Type::Int;
    p.integer = i;
  } else if (is(ObjKind::Str)) {
    p.type = trace::Preview::Type::Text;
    const std::string& s = static_cast<StrObj*>(o)->s;
    std::size_t n = std::min(s.size(), sizeof p.text - 1);
    while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // whole characters
    std::memcpy(p.text, s.data(), n);
  } else if (tag == Tag::Char || tag == Tag::Bool || tag == Tag::Float || tag == Tag::Obj) {
    p.type = trace::Preview::Type::Text;
    const char* t = tag == Tag::Bool ? (b ? "true" : "false") : tag == Tag::Float ? "f64" : tag == Tag::Char ? "char" : "value";
    if (tag == Tag::Obj) {
      switch (o->kind) {
        case ObjKind::Vec:
          t = "Vec";
          break;
        case ObjKind::Tuple:
          t = "(..)";
          break;
        case ObjKind::Struct:
        case ObjKind::Enum:
          t = "{..}";
          break;
        default:
          break;
      }
    }
    std::strncpy(p.text, t, sizeof p.text - 1);
  }
  return p;
}

// ---------------------------------------------------------------- equality, order, clone

// The recursions below run on the C++ stack, one level per level of nesting: a value nested
// too deeply for it ends the run as a stack overflow (stack.hpp), as Rust's derived impls do.

bool values_equal(const Value& a, const Value& b) {
  Nesting level;
  if (a.tag == Tag::Obj && level.too_deep()) return false;
  if (a.is(ObjKind::Arc) || a.is(ObjKind::Guard) || a.is(ObjKind::SlotRef) || b.is(ObjKind::Arc) ||
      b.is(ObjKind::Guard) || b.is(ObjKind::SlotRef)) {
    return values_equal(deref(a), deref(b));
  }
  if (a.is(ObjKind::Map) && b.is(ObjKind::Map)) {
    const auto& x = static_cast<const MapObj*>(a.o)->entries;
    const auto& y = static_cast<const MapObj*>(b.o)->entries;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!values_equal(x[i].first, y[i].first) || !values_equal(x[i].second, y[i].second)) return false;
    }
    return true;
  }
  if (a.tag != b.tag) {
    return false;
  }
  switch (a.tag) {
    case Tag::Empty:
    case Tag::Unit:
      return true;
    case Tag::Bool:
      return a.b == b.b;
    case Tag::Int:
      return a.wide() == b.wide();
    case Tag::Float:
      return a.f == b.f;
    case Tag::Char:
      return a.c == b.c;
    case Tag::Duration:
    case Tag::Instant:
    case Tag::Fn:
    case Tag::Ref:
      return a.i == b.i;
    case Tag::Obj:
      break;
  }
  if (a.o == b.o) return true;
  if (a.o->kind != b.o->kind) return false;
  switch (a.o->kind) {
    case ObjKind::Str:
      return as_str(a).s == as_str(b).s;
    case ObjKind::Vec:
    case ObjKind::Tuple: {
      const auto& x = as_list(a).items;
      const auto& y = as_list(b).items;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!values_equal(x[i], y[i])) return false;
      }
      return true;
    }
    case ObjKind::Struct:
    case ObjKind::Enum: {
      const auto& x = as_record(a);
      const auto& y = as_record(b);
      if (x.type != y.type || x.variant != y.variant || x.fields.size() != y.fields.size()) return false;
      for (std::size_t i = 0; i < x.fields.size(); ++i) {
        if (!values_equal(x.fields[i], y.fields[i])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

int compare_values(const Value& a, const Value& b) {
  Nesting level;
  if (a.tag == Tag::Obj && level.too_deep()) return 0;
  if (a.is(ObjKind::Arc) || a.is(ObjKind::Guard) || a.is(ObjKind::SlotRef) || b.is(ObjKind::Arc) ||
      b.is(ObjKind::Guard) || b.is(ObjKind::SlotRef)) {
    return compare_values(deref(a), deref(b));
  }
  auto sign = [](auto x, auto y) { return x < y ? -1 : x > y ? 1 : 0; };
  if (a.tag != b.tag) return sign(static_cast<int>(a.tag), static_cast<int>(b.tag));
  switch (a.tag) {
    case Tag::Bool:
      return sign(a.b, b.b);
    case Tag::Int:
      return sign(a.wide(), b.wide());
    case Tag::Float:
      return sign(a.f, b.f);
    case Tag::Char:
      return sign(a.c, b.c);
    case Tag::Duration:
    case Tag::Instant:
      return sign(a.i, b.i);
    case Tag::Obj:
      break;
    default:
      return 0;
  }
  if (a.o->kind != b.o->kind) return 0;
  switch (a.o->kind) {
    case ObjKind::Str: {
      int c = as_str(a).s.compare(as_str(b).s);
      return sign(c, 0);
    }
    case ObjKind::Vec:
    case ObjKind::Tuple: {
      const auto& x = as_list(a).items;
      const auto& y = as_list(b).items;
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = compare_values(x[i], y[i])) return c;
      }
      return sign(x.size(), y.size());
    }
    case ObjKind::Struct:
    case ObjKind::Enum: {
      const auto& x = as_record(a);
      const auto& y = as_record(b);
      if (x.type == builtin::Reverse && y.type == builtin::Reverse) return compare_values(y.fields[0], x.fields[0]);
      if (x.variant != y.variant) return sign(x.variant, y.variant);
      for (std::size_t i = 0; i < x.fields.size() && i < y.fields.size(); ++i) {
        if (int c = compare_values(x.fields[i], y.fields[i])) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

Value deep_clone(const Value& v) {
  // An Arc's clone is one more owner of the same value (a struct deriving Clone shares it too);
  // a Mutex is not Clone in Rust.
  if (v.tag != Tag::Obj || v.o->frozen || v.is(ObjKind::Arc) || v.is(ObjKind::Mutex) || v.is(ObjKind::Atomic) ||
      v.is(ObjKind::Condvar) || v.is(ObjKind::Barrier) || v.is(ObjKind::Scope) || v.is(ObjKind::Once)) {
    return v;
  }
  Nesting level;
  if (level.too_deep()) return v;
  if (v.is(ObjKind::SlotRef)) return deep_clone(deref(v));  // `*r` cloned
  if (v.is(ObjKind::Map)) {
    const auto& src = *static_cast<const MapObj*>(v.o);
    auto* copy = new MapObj(src.btree, src.set);
    for (const auto& [k, x] : src.entries) copy->entries.emplace_back(deep_clone(k), deep_clone(x));
    return Value::object(copy);
  }
  switch (v.o->kind) {
    case ObjKind::Str:
      return make_str(as_str(v).s);
    case ObjKind::Vec:
    case ObjKind::Tuple: {
      std::vector<Value> items;
      items.reserve(as_list(v).items.size());
      for (const auto& x : as_list(v).items) items.push_back(deep_clone(x));
      return make_list(v.o->kind, std::move(items));
    }
    case ObjKind::Struct:
    case ObjKind::Enum: {
      const auto& r = as_record(v);
      std::vector<Value> fields;
      fields.reserve(r.fields.size());
      for (const auto& x : r.fields) fields.push_back(deep_clone(x));
      Value copy = make_record(v.o->kind, r.type, r.variant, std::move(fields));
      copy.o->drops = v.o->drops;  // a clone is dropped as its original is
      return copy;
    }
    case ObjKind::Sender: {
      auto* tx = new SenderObj(as<SenderObj>(v).tx);
      tx->tokio = as<SenderObj>(v).tokio;
      return Value::object(tx);
    }
    case ObjKind::SyncSender: {
      auto* tx = new SyncSenderObj(as<SyncSenderObj>(v).tx);
      tx->tokio = as<SyncSenderObj>(v).tokio;
      return Value::object(tx);
    }
    default:
      return v;  // receivers and handles are not Clone; closures and ranges are immutable here
  }
}

// ---------------------------------------------------------------- Display and Debug

namespace {

std::string format_integer(const Value& v, const fmt::Spec& spec) {
  IntKind k = v.kind;
  if (k == IntKind::Infer) k = int_fits(v.wide(), IntKind::I32) ? IntKind::I32 : IntKind::I64;
  return fmt::format_int(v.i, int_bits(k), is_signed(k), spec);
}

// Duration's Debug: 1.5s, 100ms, 2.000001ms, 7µs, 0ns (precision rounds the fraction).
std::string debug_duration(std::int64_t nanos, const fmt::Spec& spec) {
  auto secs = static_cast<std::uint64_t>(nanos / 1000000000);
  auto sub = static_cast<std::uint64_t>(nanos % 1000000000);
  std::uint64_t integer, fraction, divisor;
  const char* unit;
  if (secs > 0) {
    integer = secs, fraction = sub, divisor = 100000000, unit = "s";
  } else if (sub >= 1000000) {
    integer = sub / 1000000, fraction = sub % 1000000, divisor = 100000, unit = "ms";
  } else if (sub >= 1000) {
    integer = sub / 1000, fraction = sub % 1000, divisor = 100, unit = "\xC2\xB5s";
  } else {
    integer = sub, fraction = 0, divisor = 1, unit = "ns";
  }
  std::string digits;
  std::size_t max_digits = spec.precision.kind == fmt::Count::Kind::Literal ? spec.precision.value : 9;
  std::uint64_t f = fraction, d = divisor;
  while ((spec.precision.kind == fmt::Count::Kind::Literal ? digits.size() < max_digits : f > 0) && d > 0) {
    digits += static_cast<char>('0' + f / d);
    f %= d;
    d /= 10;
  }
  // Rounding (half up, as std does) when digits were cut off.
  if (d > 0 && f > 0 && f >= d * 5) {  // the next digit is 5 or more
    int i = static_cast<int>(digits.size()) - 1;
    for (; i >= 0; --i) {
      if (digits[static_cast<std::size_t>(i)] == '9') {
        digits[static_cast<std::size_t>(i)] = '0';
      } else {
        ++digits[static_cast<std::size_t>(i)];
        break;
      }
    }
    if (i < 0) ++integer;
  }
  while (spec.precision.kind == fmt::Count::Kind::Literal && digits.size() < max_digits) digits += '0';
  std::string body = std::to_string(integer);
  if (!digits.empty()) body += "." + digits;
  body += unit;
  if (spec.plus) body = "+" + body;
  return fmt::pad(body, spec, fmt::Align::Left);
}

// std::sync::mpsc's error values print the channel core's texts (brigade/mpsc.hpp), never a
// copy of them; nullptr for any other record.
const char* mpsc_error_text(const RecordObj& r, bool debug) {
  namespace text = mpsc::text;
  switch (r.type) {
    case builtin::RecvError:
      return debug ? text::kRecvErrorDebug : text::kRecvError;
    case builtin::SendError:
      return debug ? text::kSendErrorDebug : text::kSendError;
    case builtin::TryRecvError:
      if (debug) return nullptr;  // Empty, Disconnected: the variant's name
      return r.variant == 0 ? text::kEmpty : text::kRecvError;
    case builtin::RecvTimeoutError:
      if (debug) return nullptr;  // Timeout, Disconnected
      return r.variant == 0 ? text::kTimeout : text::kTimeoutDisconnected;
    case builtin::TrySendError:
      if (debug) return r.variant == 0 ? text::kFullDebug : text::kDisconnectedSendDebug;
      return r.variant == 0 ? text::kFull : text::kSendError;
    case builtin::TokioSendError:
      return debug ? nullptr : "channel closed";  // Debug: the derived SendError(value)
    case builtin::TokioTrySendError:
      return debug ? nullptr : r.variant == 0 ? "no available capacity" : "channel closed";
    case builtin::OneshotRecvError:
      return debug ? "RecvError(())" : "channel closed";
    case builtin::OneshotTryRecvError:
      return debug ? nullptr : r.variant == 0 ? "channel empty" : "channel closed";
    case builtin::Elapsed:
      return debug ? "Elapsed(())" : "deadline has elapsed";
    case builtin::PoisonError:
      return debug ? "PoisonError { .. }" : "poisoned lock: another task failed inside";
    case builtin::TryLockError:
      // (std's Debug writes these as str's Debug does: quoted.)
      if (r.variant == 0) return debug ? "\"Poisoned(..)\"" : "poisoned lock: another task failed inside";
      return debug ? "\"WouldBlock\"" : "try_lock failed because the operation would block";
    case builtin::TokioTryRecvError:
      return debug ? nullptr : r.variant == 0 ? "receiving on an empty channel" : "receiving on a closed channel";
    case builtin::ParseIntError: {  // Display only: Debug is the derived `ParseIntError { kind: .. }`
      static constexpr const char* kTexts[] = {"cannot parse integer from empty string", "invalid digit found in string",
                                               "number too large to fit in target type",
                                               "number too small to fit in target type", "number would be zero for non-zero type"};
      if (debug || r.fields.empty() || !r.fields[0].is(ObjKind::Enum)) return nullptr;
      std::uint32_t kind = as_record(r.fields[0]).variant;
      return kind < 5 ? kTexts[kind] : nullptr;
    }
    default:
      return nullptr;
  }
}

// tokio's JoinError: "task 3 panicked", "JoinError::Cancelled(Id(4))" (tokio 1.24's texts).
std::string join_error_text(const RecordObj& r, bool debug) {
  std::string id = r.fields.empty() ? "0" : std::to_string(r.fields[0].i);
  if (r.variant == 0) return debug ? "JoinError::Cancelled(Id(" + id + "))" : "task " + id + " was cancelled";
  return debug ? "JoinError::Panic(Id(" + id + "), ...)" : "task " + id + " panicked";
}

}  // namespace

std::string display(const Module& m, const Value& v, const fmt::Spec& spec) {
  if (v.is(ObjKind::Arc) || v.is(ObjKind::Guard) || v.is(ObjKind::SlotRef)) return display(m, deref(v), spec);
  if (v.is(ObjKind::Atomic)) return debug(m, v, spec);
  switch (v.tag) {
    case Tag::Int:
      return format_integer(v, spec);
    case Tag::Float:
      return fmt::format_float(v.f, spec);
    case Tag::Bool:
      return fmt::format_str(v.b ? "true" : "false", spec);
    case Tag::Char:
      return fmt::format_str(utf8(v.c), spec);
    case Tag::Obj:
      if (v.o->kind == ObjKind::Str) return fmt::format_str(as_str(v).s, spec);
      if (v.o->kind == ObjKind::Struct || v.o->kind == ObjKind::Enum) {
        if (const char* text = mpsc_error_text(as_record(v), false)) return fmt::format_str(text, spec);
        if (as_record(v).type == builtin::JoinError) return fmt::format_str(join_error_text(as_record(v), false), spec);
      }
      break;
    default:
      break;
  }
  return debug(m, v, spec);
}

thread_local UserDebug* t_user_debug = nullptr;

std::size_t MapObj::find(const Value& key, bool& found) const {
  std::size_t lo = 0, hi = entries.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    int c = compare_values(entries[mid].first, key);
    if (c == 0) {
      found = true;
      return mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  found = false;
  return lo;
}

Value& MapObj::slot(const Value& key, bool& existed) {
  std::size_t at = find(key, existed);
  if (!existed) entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(at), {key, Value()});
  return entries[at].second;
}

const Value& deref(const Value& v) noexcept {
  const Value* at = &v;
  for (;;) {
    if (at->is(ObjKind::SlotRef)) {
      const auto& r = *static_cast<const SlotRefObj*>(at->o);
      const auto& map = *static_cast<const MapObj*>(r.map.o);
      bool found = false;
      std::size_t i = map.find(r.key, found);
      if (!found) return *at;
      at = &map.entries[i].second;
    } else if (at->is(ObjKind::Arc)) {
      at = &static_cast<const ArcObj*>(at->o)->inner;
    } else if (at->is(ObjKind::Guard)) {
      at = &static_cast<const MutexObj*>(static_cast<const GuardObj*>(at->o)->mutex.o)->inner;
    } else {
      return *at;
    }
  }
}

std::string debug(const Module& m, const Value& v, const fmt::Spec& spec, int indent) {
  Nesting level;
  if (v.tag == Tag::Obj && level.too_deep()) return {};
  if (t_user_debug && (v.is(ObjKind::Struct) || v.is(ObjKind::Enum)) && as_record(v).type >= builtin::Count &&
      m.types[as_record(v).type].debug_fn != TypeInfo::kNone) {
    std::string text;  // unpadded: Rust pads nothing a `write!`-based impl writes
    return t_user_debug->render(v, text) ? text : std::string();
  }
  bool pretty = spec.alternate;
  std::string pad_in(static_cast<std::size_t>(indent + 4), ' ');
  std::string pad_out(static_cast<std::size_t>(indent), ' ');
  // A list of items: "[a, b]" or, pretty, one per line with a trailing comma.
  auto list = [&](const char* open, const char* close, const std::vector<const Value*>& items,
                  const std::vector<std::string>* names, bool one_tuple) {
    std::string out = open;
    if (items.empty()) return out + close;
    if (pretty) {
      out += "\n";
      for (std::size_t i = 0; i < items.size(); ++i) {
        out += pad_in;
        if (names) out += (*names)[i] + ": ";
        out += debug(m, *items[i], spec, indent + 4) + ",\n";
      }
      return out + pad_out + close;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      if (names) out += (*names)[i] + ": ";
      out += debug(m, *items[i], spec, indent);
    }
    if (one_tuple && items.size() == 1) out += ",";
    return out + close;
  };
  switch (v.tag) {
    case Tag::Empty:
      return "<moved>";
    case Tag::Ref:
      return "<reference>";
    case Tag::Unit:
      return fmt::pad("()", spec, fmt::Align::Left);
    case Tag::Bool:
      return fmt::pad(v.b ? "true" : "false", spec, fmt::Align::Left);
    case Tag::Int: {
      fmt::Spec s = spec;
      if (s.type == "?") s.type.clear();
      if (s.type == "x?") s.type = "x";
      if (s.type == "X?") s.type = "X";
      s.alternate = s.alternate && (s.type == "x" || s.type == "X");
      return format_integer(v, s);
    }
    case Tag::Float: {
      fmt::Spec s = spec;
      s.type = s.precision.kind == fmt::Count::Kind::Literal ? "" : "?";
      return fmt::format_float(v.f, s);
    }
    case Tag::Char:
      // rustc 1.95 writes a char's or a str's Debug text without padding: `{:>6?}` of 'q' is 'q'.
      return fmt::debug_char(utf8(v.c));
    case Tag::Duration:
      return debug_duration(v.i, spec);
    case Tag::Instant:
      return "Instant { t: " + std::to_string(v.i) + "ns }";
    case Tag::Fn:
      return m.functions[static_cast<std::size_t>(v.i)].name;
    case Tag::Obj:
      break;
  }
  switch (v.o->kind) {
    case ObjKind::Str:
      return fmt::debug_str(as_str(v).s);  // unpadded, as a char's
    case ObjKind::Vec:
    case ObjKind::Tuple: {
      std::vector<const Value*> items;
      for (const auto& x : as_list(v).items) items.push_back(&x);
      bool tuple = v.o->kind == ObjKind::Tuple;
      return list(tuple ? "(" : "[", tuple ? ")" : "]", items, nullptr, tuple);
    }
    case ObjKind::Struct:
    case ObjKind::Enum: {
      const auto& r = as_record(v);
      if (const char* text = mpsc_error_text(r, true)) return text;
      if (r.type == builtin::PanicPayload) return "Any { .. }";
      if (r.type == builtin::JoinError) return join_error_text(r, true);
      const auto& variant = m.types[r.type].variants[r.variant];
      std::vector<const Value*> items;
      for (const auto& x : r.fields) items.push_back(&x);
      if (items.empty()) return variant.name;
      if (variant.tuple) return list((variant.name + "(").c_str(), ")", items, nullptr, false);
      std::vector<std::string> names = variant.fields;
      names.resize(items.size());
      if (pretty) return list((variant.name + " {").c_str(), "}", items, &names, false);
      return list((variant.name + " { ").c_str(), " }", items, &names, false);
    }
    case ObjKind::Sender:
      return "Sender { .. }";
    case ObjKind::SyncSender:
      if (as<SyncSenderObj>(v).permit == SyncSenderObj::Permit::Borrowed) return "Permit { .. }";
      if (as<SyncSenderObj>(v).permit == SyncSenderObj::Permit::Owned) return "OwnedPermit { .. }";
      return "SyncSender { .. }";
    case ObjKind::Receiver:
      return "Receiver { .. }";
    case ObjKind::JoinHandle:
      return "JoinHandle { .. }";
    case ObjKind::Closure:
      return "{closure}";
    case ObjKind::Range: {
      const auto& r = as<RangeObj>(v);
      std::string out;
      if (r.start.tag != Tag::Empty) out += debug(m, r.start, spec, indent);
      out += r.inclusive ? "..=" : "..";
      if (r.end.tag != Tag::Empty) out += debug(m, r.end, spec, indent);
      return out;
    }
    case ObjKind::Iter:
      return "Iter { .. }";
    case ObjKind::Arc:
    case ObjKind::Guard:
      return debug(m, deref(v), spec, indent);
    case ObjKind::SlotRef:
      return debug(m, deref(v), spec, indent);
    case ObjKind::State:  // never a program's value
      return "State { .. }";
    case ObjKind::Map: {  // {k: v, ...}; a set: {k, ...}
      const auto& map = *static_cast<const MapObj*>(v.o);
      if (map.entries.empty()) return "{}";
      std::string out = "{";
      for (std::size_t i = 0; i < map.entries.size(); ++i) {
        if (map.set) {
          out += pretty ? "\n" + pad_in + debug(m, map.entries[i].first, spec, indent + 4) + ","
                        : (i ? ", " : "") + debug(m, map.entries[i].first, spec, indent);
        } else if (pretty) {
          out += "\n" + pad_in + debug(m, map.entries[i].first, spec, indent + 4) + ": " +
                 debug(m, map.entries[i].second, spec, indent + 4) + ",";
        } else {
          out += (i ? ", " : "") + debug(m, map.entries[i].first, spec, indent) + ": " +
                 debug(m, map.entries[i].second, spec, indent);
        }
      }
      return out + (pretty ? "\n" + pad_out + "}" : "}");
    }
    case ObjKind::Atomic: {  // the value, as Rust's Debug of an atomic prints it
      const auto& at = *static_cast<const AtomicObj*>(v.o);
      std::int64_t bits = at.bits.load();
      return debug(m, at.boolean ? Value::boolean(bits != 0) : Value::integer(bits, at.kind), spec, indent);
    }
    case ObjKind::Mutex: {
      // Rust's try_lock()s (a RwLock's try_read()s) to look: one held elsewhere shows as "<locked>".
      auto& mx = *static_cast<MutexObj*>(v.o);
      std::string data;
      bool poisoned = false;
      {
        std::lock_guard lock(mx.state);
        if (mx.locked || (!mx.rwlock && mx.readers > 0)) data = "<locked>";
        poisoned = mx.poisoned;
      }
      // (std writes a Mutex's as a str's Debug, a RwLock's bare.)
      if (!data.empty()) data = mx.rwlock ? "<locked>" : "\"<locked>\"";
      if (data.empty()) data = debug(m, mx.inner, spec, indent + (pretty ? 4 : 0));
      if (mx.cell != MutexObj::Cell::None) {  // RefCell { value: .. } (<borrowed> while borrow_mut'd), Cell { value: .. }
        if (mx.cell == MutexObj::Cell::RefCell && mx.locked) data = "<borrowed>";
        const char* cname = mx.cell == MutexObj::Cell::RefCell ? "RefCell" : "Cell";
        if (pretty) return std::string(cname) + " {\n" + pad_in + "value: " + data + ",\n" + pad_out + "}";
        return std::string(cname) + " { value: " + data + " }";
      }
      const char* name = mx.rwlock ? "RwLock" : "Mutex";
      const char* flag = poisoned ? "true" : "false";
      if (pretty) {
        return std::string(name) + " {\n" + pad_in + "data: " + data + ",\n" + pad_in + "poisoned: " + flag + ",\n" + pad_in +
               "..\n" + pad_out + "}";
      }
      return std::string(name) + " { data: " + data + ", poisoned: " + flag + ", .. }";
    }
    case ObjKind::Future:  // tokio's futures (Sleep, JoinAll, ..) print their fields; none here
      return "Future { .. }";
    case ObjKind::Condvar:
      return "Condvar { .. }";
    case ObjKind::Barrier:
      return "Barrier { .. }";
    case ObjKind::Scope:
      return "Scope { .. }";
    case ObjKind::Once: {  // OnceLock(<uninit>), OnceLock(5)
      auto& once = *static_cast<OnceObj*>(v.o);
      if (once.unit) return "Once { .. }";
      Value inner;
      bool done = false;
      {
        std::lock_guard lock(once.state);
        done = once.status == OnceObj::Status::Done;
        if (done) inner = once.value;
      }
      if (!done) return "OnceLock(<uninit>)";
      return "OnceLock(" + debug(m, inner, spec, indent) + ")";
    }
  }
  return "?";
}

}  // namespace brigade::lang::vm
