// std/time.cpp — std::time: the methods of Duration and Instant (program time: scaled, and
// frozen while paused).
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

// Methods of std::time::Duration (as_secs, subsec_millis, ...).
NS duration_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
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
      return no_method(cx, name, argc, self);
  }
}

// Methods of std::time::Instant (elapsed, duration_since).
NS instant_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  if (m == Method::elapsed) {
    out = Value::scalar(Tag::Duration, std::max<std::int64_t>(0, cx.t.ex.now_ns() - self.i));
    return NS::Ok;
  }
  if (m == Method::duration_since && a[1].tag == Tag::Instant) {
    out = Value::scalar(Tag::Duration, std::max<std::int64_t>(0, self.i - a[1].i));
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

}  // namespace brigade::lang::vm
