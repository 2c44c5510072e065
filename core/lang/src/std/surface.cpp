// std/surface.cpp — the std subset as data (surface.hpp).
#include "surface.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

#include "brigade/lang/value.hpp"

namespace brigade::lang::vm::surface {

namespace {

constexpr std::string_view kModules[] = {
    "std",         "std::sync", "std::sync::mpsc", "std::thread", "std::time", "std::sync::atomic", "std::ops",
    "std::collections", "std::mem", "std::process", "std::cmp", "std::fmt", "std::io", "std::num", "std::hint",
    "std::rc", "std::cell", "tokio", "tokio::sync", "tokio::sync::mpsc", "tokio::sync::mpsc::error", "tokio::task", "tokio::time", "tokio::runtime",
    "tokio::sync::oneshot", "tokio::sync::oneshot::error", "tokio::time::error"};

constexpr Type kTypes[] = {
    // the prelude
    {"String", std::nullopt},
    {"Vec", std::nullopt},
    {"Option", builtin::Option},
    {"Result", builtin::Result},
    // std::sync::mpsc
    {"std::sync::mpsc::Sender", std::nullopt},
    {"std::sync::mpsc::SyncSender", std::nullopt},
    {"std::sync::mpsc::Receiver", std::nullopt},
    {"std::sync::mpsc::Iter", std::nullopt},
    {"std::sync::mpsc::TryIter", std::nullopt},
    {"std::sync::mpsc::IntoIter", std::nullopt},
    {"std::sync::mpsc::SendError", builtin::SendError},
    {"std::sync::mpsc::TrySendError", builtin::TrySendError},
    {"std::sync::mpsc::RecvError", builtin::RecvError},
    {"std::sync::mpsc::TryRecvError", builtin::TryRecvError},
    {"std::sync::mpsc::RecvTimeoutError", builtin::RecvTimeoutError},
    // std::thread
    {"std::thread::JoinHandle", std::nullopt},
    {"std::thread::Builder", std::nullopt},
    {"std::thread::Thread", std::nullopt},
    {"std::thread::ThreadId", std::nullopt},
    {"std::thread::Scope", std::nullopt},
    {"std::thread::ScopedJoinHandle", std::nullopt},
    // std::sync
    {"std::sync::Arc", std::nullopt},
    {"std::sync::Mutex", std::nullopt},
    {"std::sync::MutexGuard", std::nullopt},
    {"std::sync::RwLock", std::nullopt},
    {"std::rc::Rc", std::nullopt},
    {"std::cell::RefCell", std::nullopt},
    {"std::cell::Cell", std::nullopt},
    {"std::cell::Ref", std::nullopt},
    {"std::cell::RefMut", std::nullopt},
    {"std::sync::RwLockReadGuard", std::nullopt},
    {"std::sync::RwLockWriteGuard", std::nullopt},
    {"std::sync::Condvar", std::nullopt},
    {"std::sync::OnceLock", std::nullopt},
    {"std::sync::Once", std::nullopt},
    {"std::sync::LazyLock", std::nullopt},
    {"std::sync::Barrier", std::nullopt},
    {"std::sync::WaitTimeoutResult", builtin::WaitTimeoutResult},
    {"std::sync::BarrierWaitResult", builtin::BarrierWaitResult},
    {"std::sync::PoisonError", builtin::PoisonError},
    {"std::sync::TryLockError", builtin::TryLockError},
    {"std::sync::LockResult", std::nullopt},
    {"std::sync::TryLockResult", std::nullopt},
    {"std::sync::atomic::Ordering", builtin::AtomicOrdering},
    {"std::sync::atomic::AtomicBool", std::nullopt},
    {"std::sync::atomic::AtomicUsize", std::nullopt},
    {"std::sync::atomic::AtomicIsize", std::nullopt},
    {"std::sync::atomic::AtomicU64", std::nullopt},
    {"std::sync::atomic::AtomicI64", std::nullopt},
    {"std::sync::atomic::AtomicU32", std::nullopt},
    {"std::sync::atomic::AtomicI32", std::nullopt},
    // std::time
    {"std::time::Duration", std::nullopt},
    {"std::time::Instant", std::nullopt},
    // std::cmp, std::ops, std::fmt, std::num
    {"std::cmp::Ordering", builtin::Ordering},
    {"std::cmp::Reverse", std::nullopt},  // made by a native, Reverse(x)
    {"std::ops::Range", std::nullopt},
    {"std::ops::RangeInclusive", std::nullopt},
    {"std::fmt::Display", std::nullopt},
    {"std::fmt::Debug", std::nullopt},
    {"std::fmt::Formatter", std::nullopt},
    {"std::fmt::Result", std::nullopt},
    {"std::fmt::Write", std::nullopt},
    {"std::num::ParseIntError", std::nullopt},
    {"std::num::ParseFloatError", std::nullopt},
    // std::collections
    {"std::collections::HashMap", std::nullopt},
    {"std::collections::BTreeMap", std::nullopt},
    {"std::collections::HashSet", std::nullopt},
    {"std::collections::BTreeSet", std::nullopt},
    {"std::collections::VecDeque", std::nullopt},
    // tokio
    {"tokio::sync::mpsc::Sender", std::nullopt},
    {"tokio::sync::mpsc::Receiver", std::nullopt},
    {"tokio::sync::mpsc::UnboundedSender", std::nullopt},
    {"tokio::sync::mpsc::UnboundedReceiver", std::nullopt},
    {"tokio::sync::mpsc::error::SendError", builtin::TokioSendError},
    {"tokio::sync::mpsc::error::TrySendError", builtin::TokioTrySendError},
    {"tokio::sync::mpsc::error::TryRecvError", builtin::TokioTryRecvError},
    {"tokio::task::JoinHandle", std::nullopt},
    {"tokio::task::JoinError", builtin::JoinError},
    {"tokio::sync::oneshot::Sender", std::nullopt},
    {"tokio::sync::oneshot::Receiver", std::nullopt},
    {"tokio::sync::oneshot::error::RecvError", builtin::OneshotRecvError},
    {"tokio::sync::oneshot::error::TryRecvError", builtin::OneshotTryRecvError},
    {"tokio::time::error::Elapsed", builtin::Elapsed},
    {"tokio::time::Interval", builtin::Interval},
    {"tokio::runtime::Runtime", builtin::TokioRuntime},
    {"tokio::runtime::Builder", builtin::RuntimeBuilder},
    {"tokio::time::Instant", std::nullopt},
};

constexpr std::string_view kNativePaths[] = {
#define BRIGADE_NATIVE_PATH(nm, path, arity) path,
    BRIGADE_NATIVES(BRIGADE_NATIVE_PATH)
#undef BRIGADE_NATIVE_PATH
};
constexpr std::uint32_t kNativeArity[] = {
#define BRIGADE_NATIVE_ARITY(nm, path, arity) arity,
    BRIGADE_NATIVES(BRIGADE_NATIVE_ARITY)
#undef BRIGADE_NATIVE_ARITY
};

constexpr std::string_view kMethodOwners[] = {
    "str", "String", "ToString", "Option", "Result", "char", "f64", "f32", "bool", "Vec", "Clone", "Ord", "PartialOrd",
    "i8",  "i16",    "i32",      "i64",    "i128",   "isize", "u8", "u16", "u32", "u64", "u128", "usize"};

template <class Range>
bool contains(const Range& r, std::string_view s) {
  return std::find(std::begin(r), std::end(r), s) != std::end(r);
}

}  // namespace

bool is_module(std::string_view path) {
  return contains(kModules, path);
}

const Type* find_type(std::string_view path) {
  for (const Type& t : kTypes) {
    if (t.path == path) return &t;
  }
  return nullptr;
}

std::optional<std::uint32_t> builtin_id(std::string_view path) {
  const Type* t = find_type(path);
  return t != nullptr ? t->builtin : std::nullopt;
}

std::optional<Native> find_native(std::string_view path) {
  for (std::size_t i = 0; i < std::size(kNativePaths); ++i) {
    if (kNativePaths[i] == path) return static_cast<Native>(i);
  }
  return std::nullopt;
}

std::string_view native_path(Native n) {
  return kNativePaths[static_cast<std::size_t>(n)];
}

std::uint32_t native_arity(Native n) {
  return kNativeArity[static_cast<std::size_t>(n)];
}

bool is_method_owner(std::string_view name) {
  return contains(kMethodOwners, name);
}

void add_builtin_types(Module& m) {
  auto variant = [](std::string name, std::vector<std::string> fields, bool tuple) {
    TypeInfo::Variant v;
    v.name = std::move(name);
    v.fields = std::move(fields);
    v.tuple = tuple;
    v.unit = v.fields.empty();
    return v;
  };
  // Each type at the index its id names (value.hpp): checked as it is added.
  auto add = [&](std::uint32_t id, std::string name, bool is_enum, std::vector<TypeInfo::Variant> variants) {
    if (id != m.types.size()) std::abort();  // the table and vm::builtin disagree: a build that cannot work
    TypeInfo t;
    t.name = std::move(name);
    t.is_enum = is_enum;
    t.variants = std::move(variants);
    m.types.push_back(std::move(t));
  };
  add(builtin::Option, "Option", true, {variant("None", {}, false), variant("Some", {""}, true)});
  add(builtin::Result, "Result", true, {variant("Ok", {""}, true), variant("Err", {""}, true)});
  add(builtin::RecvError, "RecvError", false, {variant("RecvError", {}, false)});
  add(builtin::TryRecvError, "TryRecvError", true, {variant("Empty", {}, false), variant("Disconnected", {}, false)});
  add(builtin::RecvTimeoutError, "RecvTimeoutError", true,
      {variant("Timeout", {}, false), variant("Disconnected", {}, false)});
  add(builtin::SendError, "SendError", false, {variant("SendError", {""}, true)});
  add(builtin::TrySendError, "TrySendError", true, {variant("Full", {""}, true), variant("Disconnected", {""}, true)});
  add(builtin::PanicPayload, "Any", false, {variant("Any", {}, false)});
  add(builtin::Ordering, "Ordering", true,
      {variant("Less", {}, false), variant("Equal", {}, false), variant("Greater", {}, false)});
  add(builtin::Reverse, "Reverse", true, {variant("Reverse", {""}, true)});  // a tuple struct, made like a variant
  add(builtin::AtomicOrdering, "Ordering", true,
      {variant("Relaxed", {}, false), variant("Release", {}, false), variant("Acquire", {}, false),
       variant("AcqRel", {}, false), variant("SeqCst", {}, false)});  // std::sync::atomic's
  add(builtin::ThreadBuilder, "Builder", false, {variant("Builder", {"name"}, false)});
  add(builtin::Thread, "Thread", false, {variant("Thread", {"name", "id"}, false)});
  add(builtin::ThreadId, "ThreadId", true, {variant("ThreadId", {""}, true)});
  add(builtin::MapEntry, "Entry", false, {variant("Entry", {"map", "key"}, false)});
  add(builtin::ParseIntError, "ParseIntError", false, {variant("ParseIntError", {"kind"}, false)});
  add(builtin::IntErrorKind, "IntErrorKind", true,
      {variant("Empty", {}, false), variant("InvalidDigit", {}, false), variant("PosOverflow", {}, false),
       variant("NegOverflow", {}, false), variant("Zero", {}, false)});
  add(builtin::TokioSendError, "SendError", false, {variant("SendError", {""}, true)});
  add(builtin::TokioTrySendError, "TrySendError", true, {variant("Full", {""}, true), variant("Closed", {""}, true)});
  add(builtin::TokioTryRecvError, "TryRecvError", true, {variant("Empty", {}, false), variant("Disconnected", {}, false)});
  add(builtin::JoinError, "JoinError", true, {variant("Cancelled", {""}, true), variant("Panic", {""}, true)});
  add(builtin::OneshotRecvError, "RecvError", false, {variant("RecvError", {""}, true)});
  add(builtin::OneshotTryRecvError, "TryRecvError", true, {variant("Empty", {}, false), variant("Closed", {}, false)});
  add(builtin::Elapsed, "Elapsed", false, {variant("Elapsed", {""}, true)});
  add(builtin::Interval, "Interval", false, {variant("Interval", {"next", "period"}, false)});
  add(builtin::TokioRuntime, "Runtime", false, {variant("Runtime", {"workers", "current_thread"}, false)});
  add(builtin::RuntimeBuilder, "Builder", false, {variant("Builder", {"workers", "current_thread"}, false)});
  add(builtin::WaitTimeoutResult, "WaitTimeoutResult", false, {variant("WaitTimeoutResult", {""}, true)});
  add(builtin::BarrierWaitResult, "BarrierWaitResult", false, {variant("BarrierWaitResult", {"is_leader"}, false)});
  add(builtin::PoisonError, "PoisonError", false, {variant("PoisonError", {"guard"}, false)});
  add(builtin::TryLockError, "TryLockError", true, {variant("Poisoned", {""}, true), variant("WouldBlock", {}, false)});
  if (m.types.size() != builtin::Count) std::abort();
}

}  // namespace brigade::lang::vm::surface
