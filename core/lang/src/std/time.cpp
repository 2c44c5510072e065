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

// Duration::from_secs and kin, Duration::new, Instant::now.
NS time_native(Ctx& cx, Native n, Value* args, Value& out) {
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
      out = Value::scalar(Tag::Instant, cx.t.ex.now_ns());
      return NS::Ok;
    default:
      return cx.fail("unknown native");
  }
}

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

// ---- natives: Duration::from_*, Duration::new, Instant::now
// (natives.cpp gathers every module's table)

std::span<const NativeReg> time_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::DurationFromSecs, time_native},
      {Native::DurationFromMillis, time_native},
      {Native::DurationFromMicros, time_native},
      {Native::DurationFromNanos, time_native},
      {Native::DurationFromSecsF64, time_native},
      {Native::DurationNew, time_native},
      {Native::InstantNow, time_native},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
