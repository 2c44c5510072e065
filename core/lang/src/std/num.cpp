// std/num.cpp — integers and floats: arithmetic with Rust's overflow panics per type, `as`
// casts, the kinds unsuffixed literals take, and the numbers' methods.
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

bool is_comparison(ast::BinaryOp op) {
  return op == ast::BinaryOp::Eq || op == ast::BinaryOp::Ne || op == ast::BinaryOp::Lt || op == ast::BinaryOp::Le ||
         op == ast::BinaryOp::Gt || op == ast::BinaryOp::Ge;
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

// Methods of integers (abs, pow, checked_*, wrapping_*, ...).
NS int_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  IntKind k = self.kind;
  switch (m) {
    case Method::get:  // a NonZeroUsize (available_parallelism) is its usize here
      if (argc != 0 || k != IntKind::Usize) return no_method(cx, name, argc, self);
      out = self;
      return NS::Ok;
    case Method::abs:
      if (self.wide() < 0 && !int_fits(-self.wide(), k == IntKind::Infer ? IntKind::I32 : k)) {
        return cx.fail("attempt to negate with overflow");
      }
      out = Value::integer(static_cast<std::int64_t>(self.wide() < 0 ? -self.wide() : self.wide()), k);
      return NS::Ok;
    case Method::pow: {
      std::uint64_t e = 0;
      if (!count_of(a[1], e)) return no_method(cx, name, argc, self);
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
      if (!(argc == 1)) return no_method(cx, name, argc, self);
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
      return no_method(cx, name, argc, self);
  }
}

// Methods of f64 (sqrt, floor, powi, ...).
NS float_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
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
      return no_method(cx, name, argc, self);
  }
  out = Value::floating(r);
  return NS::Ok;
}

}  // namespace brigade::lang::vm
