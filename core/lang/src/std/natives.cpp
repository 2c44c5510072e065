// std/natives.cpp — the paths a program calls (std::sync::mpsc::channel, thread::spawn,
// Duration::from_secs, ...): Op::Native runs the function that the path's module registered,
// from one table gathered here; the prelude's own (Box::new, mem::drop, process::exit,
// cmp::max and min) are here too.
#include <algorithm>
#include <array>
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

namespace {

// Every module's natives, by id: built once, from the tables the modules register (Lua's
// luaL_Reg lists, gathered as linit.c gathers the libraries).
const std::array<NativeFn, static_cast<std::size_t>(Native::Count)>& native_table() {
  static const auto table = [] {
    std::array<NativeFn, static_cast<std::size_t>(Native::Count)> t{};
    for (auto list : {mpsc_natives(), thread_natives(), sync_natives(), condvar_natives(), once_natives(), time_natives(), string_natives(),
                      vec_natives(), collections_natives(), prelude_natives(), tokio_natives()}) {
      for (const NativeReg& r : list) t[static_cast<std::size_t>(r.id)] = r.fn;
    }
    return t;
  }();
  return table;
}

}  // namespace

NS call_native(Ctx& cx, Native n, Value* args, Value& out) {
  const auto& table = native_table();
  auto i = static_cast<std::size_t>(n);
  NativeFn fn = i < table.size() ? table[i] : nullptr;
  return fn != nullptr ? fn(cx, n, args, out) : cx.fail("unknown native");
}

// ---- natives: Box::new, mem::drop, process::exit, cmp::max and min
// (natives.cpp gathers every module's table)

namespace {

NS box_new(Ctx&, Native, Value* args, Value& out) {
  out = std::move(args[0]);
  return NS::Ok;
}

NS drop_native(Ctx& cx, Native, Value* args, Value& out) {
  // Dropping a channel's end disconnects it; dropping a guard unlocks: others see that.
  const Value& v = args[0];
  bool shared = v.is(ObjKind::Sender) || v.is(ObjKind::SyncSender) || v.is(ObjKind::Receiver) || v.is(ObjKind::Guard);
  if (shared && give_way(cx)) return NS::Yield;
  args[0] = Value();
  out = Value::unit();
  return NS::Ok;
}

NS exit_native(Ctx& cx, Native, Value* args, Value&) {
  touch_everything();
  int code = args[0].tag == Tag::Int ? static_cast<int>(args[0].i) : 1;
  cx.t.rt.end_process(RunResult::Outcome::Exited, code);
  return NS::Stop;
}

NS max_min(Ctx&, Native n, Value* args, Value& out) {
  int c = compare_values(args[0], args[1]);
  bool first = n == Native::Max ? c > 0 : c <= 0;
  out = first ? args[0] : args[1];
  if (n == Native::Max && c == 0) out = args[1];
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> prelude_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::BoxNew, box_new},
      {Native::BoxLeak, box_new},  // Box<T> is T here, and a leaked &'static T the same value
      {Native::Drop, drop_native},
      {Native::Exit, exit_native},
      {Native::Max, max_min},
      {Native::Min, max_min},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
