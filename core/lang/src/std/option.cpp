// std/option.cpp — Option, Result, Ordering, Reverse and the builtin records: their methods.
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

// Methods of Option and Result (unwrap, map, and_then, ok_or, ...; the closures as continuations).
NS option_result_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& r = as_record(self);
  bool is_option = r.type == builtin::Option, is_result = !is_option;
  bool good = is_option ? r.variant == 1 : r.variant == 0;  // Some / Ok
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
      if (argc != 1) return no_method(cx, name, argc, self);
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
    case Method::filter: {  // Some(v) if f(&v), else None
      if (argc != 1 || !is_option) return no_method(cx, name, argc, self);
      if (!good) {
        out = self;
        return NS::Ok;
      }
      Value keep;
      NS c = invoke(cx, a[1], r.fields[0], keep);
      if (c != NS::Ok) return c;
      out = truthy(keep) ? self : make_none();
      return NS::Ok;
    }
    case Method::map_err: {  // Err(e) -> Err(f(e)); Ok passes
      if (argc != 1 || !is_result) return no_method(cx, name, argc, self);
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
      if (argc != 1) return no_method(cx, name, argc, self);
      if (!good) {
        out = self;
        return NS::Ok;
      }
      return invoke(cx, a[1], r.fields[0], out);
    }
    case Method::map_or:         // f(v) for Some(v) / Ok(v), else the default
    case Method::map_or_else: {  // f(v), else default() (Option) / default(e) (Result)
      if (argc != 2) return no_method(cx, name, argc, self);
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
      if (argc != 1) return no_method(cx, name, argc, self);
      if (good) {
        out = self;
        return NS::Ok;
      }
      CallArgs args;
      if (is_result) args.push(r.fields[0]);
      return invoke(cx, a[1], std::move(args), out);
    }
    case Method::unwrap_or_else: {  // the value, or f() (Option) / f(e) (Result)
      if (argc != 1) return no_method(cx, name, argc, self);
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
      if (argc != 0 || !is_option) return no_method(cx, name, argc, self);
      out = good ? make_some(deep_clone(r.fields[0])) : make_none();
      return NS::Ok;
    case Method::ok_or:
      if (argc != 1 || !is_option) return no_method(cx, name, argc, self);
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
      if (!is_option) return no_method(cx, name, argc, self);
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
      return no_method(cx, name, argc, self);
  }
}

// Methods of Option, Result, Ordering, Reverse and the builtin error and thread records.
NS record_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& r = as_record(self);
  bool is_option = r.type == builtin::Option, is_result = r.type == builtin::Result;
  if (r.type == builtin::ThreadBuilder) {  // thread::Builder::new().name(..).spawn(..)
    switch (m) {
      case Method::name:
        if (argc != 1 || !a[1].is(ObjKind::Str)) return no_method(cx, name, argc, self);
        out = record(builtin::ThreadBuilder, 0, {make_some(make_str(as_str(a[1]).s))});
        return NS::Ok;
      case Method::stack_size:  // threads here have the stacks they need
        if (argc != 1) return no_method(cx, name, argc, self);
        out = self;
        return NS::Ok;
      case Method::spawn: {
        if (argc != 1) return no_method(cx, name, argc, self);
        if (give_way(cx)) return NS::Yield;
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
        return no_method(cx, name, argc, self);
    }
  }
  if (r.type == builtin::Thread) {  // thread::current(), JoinHandle::thread()
    if (argc != 0) return no_method(cx, name, argc, self);
    if (m == Method::unpark) {
      out = Value::unit();
      return unpark_thread(cx, self);
    }
    if (m == Method::name) {
      out = r.fields[0];
      return NS::Ok;
    }
    if (m == Method::id) {
      out = r.fields[1];
      return NS::Ok;
    }
    return no_method(cx, name, argc, self);
  }
  if ((r.type == builtin::WaitTimeoutResult && m == Method::timed_out) ||
      (r.type == builtin::BarrierWaitResult && m == Method::is_leader)) {
    if (argc != 0) return no_method(cx, name, argc, self);
    out = r.fields[0];
    return NS::Ok;
  }
  if (r.type == builtin::PoisonError && m == Method::into_inner && argc == 0) {  // the guard after all
    out = r.fields[0];
    return NS::Ok;
  }
  if (r.type == builtin::Ordering) {
    switch (m) {
      case Method::reverse:
        if (argc != 0) return no_method(cx, name, argc, self);
        out = ordering(1 - static_cast<int>(r.variant));
        return NS::Ok;
      case Method::then:  // self unless Equal
        if (argc != 1) return no_method(cx, name, argc, self);
        out = r.variant == 1 ? a[1] : self;
        return NS::Ok;
      case Method::then_with: {  // self unless Equal, else f()
        if (argc != 1) return no_method(cx, name, argc, self);
        if (r.variant != 1) {
          out = self;
          return NS::Ok;
        }
        return invoke(cx, a[1], CallArgs{}, out);
      }
      default:
        return no_method(cx, name, argc, self);
    }
  }
  if (is_option || is_result) return option_result_method(cx, m, name, a, argc, out);
  if (r.type == builtin::Interval) return interval_method(cx, m, name, a, argc, out);
  if (r.type == builtin::TokioRuntime || r.type == builtin::RuntimeBuilder) return runtime_method(cx, m, name, a, argc, out);
  if (r.type == builtin::JoinError && (m == Method::is_panic || m == Method::is_cancelled) && argc == 0) {
    out = Value::boolean((r.variant == 1) == (m == Method::is_panic));
    return NS::Ok;
  }
  if ((r.type == builtin::SendError || r.type == builtin::TrySendError || r.type == builtin::TokioSendError ||
       r.type == builtin::TokioTrySendError) &&
      m == Method::into_inner) {
    out = r.fields[0];
    return NS::Ok;
  }
  return no_method(cx, name, argc, self);
}

}  // namespace brigade::lang::vm
