// bytecode.hpp — stage 3's output, stage 4's input: a compiled program.
//
// A stack machine. Each function has a fixed number of local slots (parameters first, then
// every `let` binding, closure capture and hidden temporary, in the order the compiler met
// them); the operand stack sits above them in the task's value stack. Every instruction carries the Span of the source it
// came from, so a panic can say `src/main.rs:L:C` exactly as rustc's binary would.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "brigade/lang/format.hpp"
#include "brigade/lang/source.hpp"
#include "brigade/lang/value.hpp"

namespace brigade::lang::vm {

// Operands: a, b (32-bit) and c (8-bit); meanings beside each op.
#define BRIGADE_OPS(X)                                                                            \
  X(Const)        /* push constants[a] */                                                        \
  X(Unit)         /* push () */                                                                  \
  X(Load)         /* push a copy (a borrow) of local a */                                        \
  X(Move)         /* push local a, leaving it Empty unless it is Copy */                         \
  X(Store)        /* pop into local a (dropping what was there) */                               \
  X(Drop)         /* drop local a now (scope end, drop(x)) */                                    \
  X(Pop)          /* pop and drop */                                                             \
  X(Dup)          /* push a copy of the top */                                                   \
  X(Dup2)         /* push copies of the top two */                                               \
  X(Binary)       /* pop rhs, lhs; push lhs (BinaryOp c) rhs; panics on overflow */              \
  X(Neg)                                                                                         \
  X(Not)                                                                                         \
  X(Cast)         /* pop; push as type descriptor a */                                           \
  X(Coerce)       /* give Infer integers in the top value the kinds of type descriptor a */      \
  X(CoerceLocal)  /* the same for local a, type descriptor b (parameters) */                     \
  X(Unpack)       /* pop a tuple or record; push its a fields, moving them out if unshared */     \
  X(Mark)         /* local a = the operand stack's height (a loop's entry) */                    \
  X(Unwind)       /* drop operands above the height kept in local a (break, continue) */         \
  X(Jump)         /* pc = a */                                                                   \
  X(JumpIfFalse)  /* pop; if false pc = a */                                                     \
  X(Call)         /* call function a with c arguments */                                         \
  X(CallValue)    /* call the closure / fn value below c arguments */                            \
  X(Native)       /* call native a with c arguments */                                           \
  X(Method)       /* call method a (Method id, or none) named b on the receiver below c args */ \
  X(Return)       /* return the top of the stack */                                              \
  X(MakeTuple)    /* pop c (or a) values into a tuple */                                         \
  X(MakeVec)      /* pop a values into a Vec */                                                  \
  X(MakeVecRepeat) /* pop count, value: vec![value; count] */                                    \
  X(MakeRecord)   /* pop c... fields: type a variant b (struct or enum variant) */               \
  X(MakeClosure)  /* pop c captures; closure of function a */                                    \
  X(MakeRef)      /* push a reference to local a (what a non-move closure captures) */            \
  X(MakeRange)    /* pop end, start (Empty when absent); c = inclusive */                        \
  X(Field)        /* pop record or tuple; push field a */                                        \
  X(SetField)     /* pop value, record; record.field a = value */                                \
  X(Index)        /* pop index, container; push element (panics out of bounds) */                \
  X(SetIndex)     /* pop value, index, container; container[index] = value */                    \
  X(IterInit)     /* pop iterable; push an iterator */                                           \
  X(IterNext)     /* local a is an iterator: push its next item, or jump to b when done */       \
  X(TestVariant)  /* peek record: push whether it is type a variant b */                         \
  X(Try)          /* `?`: top Ok(x)/Some(x) becomes x; Err/None stays and pc = a (to return) */  \
  X(Deref)        /* `*x`: the top becomes what an Arc or a MutexGuard holds (else stays) */     \
  X(SetDeref)     /* `*x = v`: pop value, target (a MutexGuard); its Mutex now holds value */   \
  X(LoadStatic)   /* push static a and pc = b if it has its value; else go on to compute it */  \
  X(InitStatic)   /* pop v; static a = v unless another thread set it first; push static a */   \
  X(TestEq)       /* pop value; push value == constants[a] */                                    \
  X(TestRange)    /* pop value; push constants[a] <= value <= (or <) constants[b]; c inclusive */ \
  X(Format)       /* pop c arguments; push the String formats[a] makes of them */                \
  X(Print)        /* pop a String; write it to stdout (a=0) or stderr (a=1) */                   \
  X(Panic)        /* pop a String; panic with it as the message */                               \
  X(AssertEq)     /* pop message (or ()), rhs, lhs; panic unless (lhs == rhs) == (c == 0) */     \
  X(CheckLimit)   /* loop back-edge: stop requests and the time limit */                         \
  X(MakeFuture)   /* pop a closure: push the future of an async block that runs it */             \
  X(Await)        /* pop a future: run it (a call, or a wait that frees the worker); push its output */

enum class Op : std::uint8_t {
#define BRIGADE_OP_ENUM(name) name,
  BRIGADE_OPS(BRIGADE_OP_ENUM)
#undef BRIGADE_OP_ENUM
};
const char* op_name(Op op) noexcept;

struct Instr {
  Op op;
  std::uint8_t c = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

struct Function {
  std::string name;
  std::uint32_t arity = 0;     // parameters
  std::vector<std::uint32_t> capture_slots;  // closures: where each captured value goes
  std::uint32_t locals = 0;    // all slots, parameters and captures included
  std::vector<Instr> code;
  std::vector<Span> spans;  // one per instruction
  Span span;                // the fn's name or the closure's `|`
  // No calls, natives, methods, loops, output, statics or user fmt: straight-line code that can
  // neither block nor be stopped nor recurse. A native runs such a closure (`|x| x % 2 == 0`)
  // in place instead of through a continuation (std/lib.cpp, invoke), as nothing in it can suspend.
  bool leaf = false;
  // A leaf's most values on the stack above its locals (a bound: what each instruction can push,
  // summed). A native runs the leaf in place only when the stack has that room already: growing
  // it would move the values the native is working on (std/lib.cpp, run_in_place).
  std::uint32_t stack_bound = 0;
};


// A struct, an enum, or a builtin type with variants, for construction, patterns and Debug.
struct TypeInfo {
  struct Variant {
    std::string name;
    std::vector<std::string> fields;  // names; empty names for tuple fields
    bool tuple = false;
    bool unit = true;
    std::int64_t discriminant = 0;  // `Variant = 10`, else the previous one's + 1 (`as` casts)
    // Module::names index -> the field's slot, or kNone (index_names): `r.name` reads a slot
    // without comparing names, whatever the record's type turns out to be at run time.
    std::vector<std::uint32_t> slot_by_name;
  };
  std::string name;
  bool is_enum = false;
  bool copy = false;  // #[derive(Copy)]: moves copy
  std::vector<Variant> variants;  // a struct has exactly one
  std::vector<std::uint32_t> field_types;  // struct fields: type descriptors (coercion)
  std::unordered_map<std::string, std::uint32_t> methods;  // impl fns, by name (the compiler's)
  // Module::names index -> impl fn, or kNone (index_names): what a method call reads.
  std::vector<std::uint32_t> method_by_name;
  static constexpr std::uint32_t kNone = 0xffffffff;
  std::uint32_t display_fn = kNone;  // `impl fmt::Display`: its fmt, which `{}` and to_string call
  std::uint32_t debug_fn = kNone;    // `impl fmt::Debug`: its fmt, which `{:?}` calls
  std::uint32_t drop_fn = kNone;     // `impl Drop`: its drop, called as a value of the type goes
};

// A type as far as the VM needs one: integer kinds for coercion and casts.
struct TypeDesc {
  enum class Kind : std::uint8_t { Any, Int, Float, Bool, Char, Option, Vec, Tuple, Result, Str, Duration, Map };
  Kind kind = Kind::Any;
  IntKind int_kind = IntKind::Infer;  // Int: its kind; Map: U8 for a BTreeMap or a BTreeSet
  std::vector<std::uint32_t> elems;  // element descriptors
};

// A compiled format string: literal pieces and placeholders whose arguments are positions in
// the values the Format instruction pops.
struct FormatTemplate {
  struct Piece {
    bool literal = true;
    std::string text;
    std::uint32_t arg = 0;
    fmt::Spec spec;
    std::int32_t width_arg = -1, precision_arg = -1;  // `width$` / `.prec$` / `.*`
  };
  std::vector<Piece> pieces;
};

// Native functions (paths) and methods the VM implements.
#define BRIGADE_NATIVES(X)                                                          \
  X(Channel, "std::sync::mpsc::channel", 0)                                         \
  X(SyncChannel, "std::sync::mpsc::sync_channel", 1)                                \
  X(Spawn, "std::thread::spawn", 1)                                                 \
  X(Sleep, "std::thread::sleep", 1)                                                 \
  X(YieldNow, "std::thread::yield_now", 0)                                          \
  X(SpinLoop, "std::hint::spin_loop", 0)                                            \
  X(DurationFromSecs, "std::time::Duration::from_secs", 1)                          \
  X(DurationFromMillis, "std::time::Duration::from_millis", 1)                      \
  X(DurationFromMicros, "std::time::Duration::from_micros", 1)                      \
  X(DurationFromNanos, "std::time::Duration::from_nanos", 1)                        \
  X(DurationFromSecsF64, "std::time::Duration::from_secs_f64", 1)                   \
  X(DurationNew, "std::time::Duration::new", 2)                                     \
  X(InstantNow, "std::time::Instant::now", 0)                                       \
  X(StringFrom, "String::from", 1)                                                  \
  X(StringNew, "String::new", 0)                                                    \
  X(StringWithCapacity, "String::with_capacity", 1)                                 \
  X(VecNew, "Vec::new", 0)                                                          \
  X(VecWithCapacity, "Vec::with_capacity", 1)                                       \
  X(VecFromIter, "Vec::from_iter", 1)                                               \
  X(Drop, "std::mem::drop", 1)                                                      \
  X(Exit, "std::process::exit", 1)                                                  \
  X(Max, "std::cmp::max", 2)                                                        \
  X(Min, "std::cmp::min", 2)                                                        \
  X(BoxNew, "Box::new", 1)                                                          \
  X(BoxLeak, "Box::leak", 1)                                                        \
  X(ArcNew, "std::sync::Arc::new", 1)                                               \
  X(ArcClone, "std::sync::Arc::clone", 1)                                           \
  X(ArcStrongCount, "std::sync::Arc::strong_count", 1)                              \
  X(RcNew, "std::rc::Rc::new", 1)                                                   \
  X(RcPtrEq, "std::rc::Rc::ptr_eq", 2)                                              \
  X(ArcPtrEq, "std::sync::Arc::ptr_eq", 2)                                          \
  X(RcClone, "std::rc::Rc::clone", 1)                                               \
  X(RcStrongCount, "std::rc::Rc::strong_count", 1)                                  \
  X(RefCellNew, "std::cell::RefCell::new", 1)                                       \
  X(CellNew, "std::cell::Cell::new", 1)                                             \
  X(MutexNew, "std::sync::Mutex::new", 1)                                           \
  X(RwLockNew, "std::sync::RwLock::new", 1)                                         \
  X(CondvarNew, "std::sync::Condvar::new", 0)                                       \
  X(BarrierNew, "std::sync::Barrier::new", 1)                                       \
  X(ThreadScope, "std::thread::scope", 1)                                           \
  X(OnceLockNew, "std::sync::OnceLock::new", 0)                                     \
  X(OnceNew, "std::sync::Once::new", 0)                                             \
  X(LazyLockNew, "std::sync::LazyLock::new", 1)                                     \
  X(LazyLockForce, "std::sync::LazyLock::force", 1)                                 \
  X(Park, "std::thread::park", 0)                                                   \
  X(ParkTimeout, "std::thread::park_timeout", 1)                                    \
  X(AvailableParallelism, "std::thread::available_parallelism", 0)                  \
  X(AtomicUsizeNew, "std::sync::atomic::AtomicUsize::new", 1)                       \
  X(AtomicIsizeNew, "std::sync::atomic::AtomicIsize::new", 1)                       \
  X(AtomicU64New, "std::sync::atomic::AtomicU64::new", 1)                           \
  X(AtomicI64New, "std::sync::atomic::AtomicI64::new", 1)                           \
  X(AtomicU32New, "std::sync::atomic::AtomicU32::new", 1)                           \
  X(AtomicI32New, "std::sync::atomic::AtomicI32::new", 1)                           \
  X(AtomicBoolNew, "std::sync::atomic::AtomicBool::new", 1)                         \
  X(BuilderNew, "std::thread::Builder::new", 0)                                     \
  X(ThreadCurrent, "std::thread::current", 0)                                       \
  X(HashMapNew, "std::collections::HashMap::new", 0)                                \
  X(BTreeMapNew, "std::collections::BTreeMap::new", 0)                              \
  X(HashSetNew, "std::collections::HashSet::new", 0)                                \
  X(BTreeSetNew, "std::collections::BTreeSet::new", 0)                              \
  X(VecDequeNew, "std::collections::VecDeque::new", 0)                             \
  X(HashMapFrom, "std::collections::HashMap::from", 1)                              \
  X(BTreeMapFrom, "std::collections::BTreeMap::from", 1)                            \
  X(HashSetFrom, "std::collections::HashSet::from", 1)                              \
  X(BTreeSetFrom, "std::collections::BTreeSet::from", 1)                            \
  X(VecDequeFrom, "std::collections::VecDeque::from", 1)                            \
  X(TokioEnter, "tokio::runtime::<enter>", 2)                                       \
  X(TokioSpawn, "tokio::spawn", 1)                                                  \
  X(TokioTaskSpawn, "tokio::task::spawn", 1)                                        \
  X(SpawnBlocking, "tokio::task::spawn_blocking", 1)                                \
  X(TokioYieldNow, "tokio::task::yield_now", 0)                                     \
  X(TokioChannel, "tokio::sync::mpsc::channel", 1)                                  \
  X(TokioUnboundedChannel, "tokio::sync::mpsc::unbounded_channel", 0)               \
  X(TokioSleep, "tokio::time::sleep", 1)                                           \
  X(TokioSleepUntil, "tokio::time::sleep_until", 1)                                 \
  X(TokioTimeout, "tokio::time::timeout", 2)                                        \
  X(TokioInterval, "tokio::time::interval", 1)                                      \
  X(TokioIntervalAt, "tokio::time::interval_at", 2)                                 \
  X(OneshotChannel, "tokio::sync::oneshot::channel", 0)                             \
  X(TokioJoin, "tokio::runtime::<join>", 1)                                         \
  X(TokioTryJoin, "tokio::runtime::<try_join>", 1)                                  \
  X(TokioSelect, "tokio::runtime::<select>", 5)                                    \
  X(RuntimeNew, "tokio::runtime::Runtime::new", 0)                                  \
  X(BuilderMultiThread, "tokio::runtime::Builder::new_multi_thread", 0)             \
  X(BuilderCurrentThread, "tokio::runtime::Builder::new_current_thread", 0)

enum class Native : std::uint8_t {
#define BRIGADE_NATIVE_ENUM(name, path, arity) name,
  BRIGADE_NATIVES(BRIGADE_NATIVE_ENUM)
#undef BRIGADE_NATIVE_ENUM
      Count
};

#define BRIGADE_METHODS(X)                                                                                     \
  X(send) X(try_send) X(recv) X(try_recv) X(recv_timeout) X(iter) X(try_iter) X(into_iter) X(clone) X(join)    \
  X(is_finished) X(unwrap) X(expect) X(unwrap_or) X(unwrap_err) X(expect_err) X(is_ok) X(is_err) X(is_some)    \
  X(is_none) X(ok) X(err) X(take) X(len) X(is_empty) X(push) X(push_str) X(pop) X(to_string) X(to_owned) X(into) X(parse) X(next) X(map_err) X(and_then) X(unwrap_or_else) X(ok_or) X(to_vec) X(split) X(filter_map) X(take_while) X(skip_while) X(zip) X(retain) X(sort_by_key) X(min_by_key) X(max_by_key) X(dedup) X(concat)       \
  X(cmp) X(partial_cmp) X(total_cmp) X(clamp) X(then) X(then_with) X(sort_by) X(sort_unstable_by) X(sort_unstable_by_key) X(min_by)        \
  X(max_by) X(partition) X(flat_map) X(flatten) X(chain) X(map_or) X(map_or_else) X(or_else) X(windows) X(chunks) X(write_str) X(as_ref) X(as_mut) X(lock) \
  X(load) X(store) X(fetch_add) X(fetch_sub) X(swap) X(compare_exchange) X(fetch_max) X(fetch_min) X(fetch_or) X(fetch_and) X(name) X(stack_size) X(spawn) X(id) \
  X(get_mut) X(contains_key) X(keys) X(values) X(values_mut) X(entry) X(or_insert) X(or_insert_with) X(or_default) X(and_modify) X(key) \
  X(push_back) X(push_front) X(pop_front) X(pop_back) X(front) X(back) \
  X(as_str) X(contains) X(starts_with) X(ends_with) X(to_uppercase) X(to_lowercase) X(trim) X(chars) X(bytes)  \
  X(split_whitespace) X(lines) X(sort) X(sort_unstable) X(reverse) X(first) X(last) X(get)         \
  X(insert) X(remove) X(clear) X(extend) X(truncate) X(enumerate) X(rev) X(step_by) X(skip) X(count) \
  X(sum) X(collect) X(min) X(max) X(abs) X(pow) X(checked_add) X(checked_sub) X(checked_mul) X(checked_div)    \
  X(wrapping_add) X(wrapping_sub) X(wrapping_mul) X(saturating_add) X(saturating_sub) X(sqrt) X(floor)        \
  X(ceil) X(round) X(powi) X(as_secs) X(as_millis) X(as_micros) X(as_nanos) X(as_secs_f64) X(subsec_millis)   \
  X(subsec_nanos) X(elapsed) X(duration_since) X(into_inner) X(is_alphabetic) X(is_numeric)                    \
  X(is_alphanumeric) X(is_whitespace) X(is_ascii_digit) X(to_ascii_uppercase) X(to_ascii_lowercase)          \
  X(to_digit) X(repeat) X(unwrap_or_default) X(is_positive) X(is_negative) X(signum) X(rem_euclid)   \
  X(map) X(filter) X(for_each) X(any) X(all) X(find) X(position) X(fold) X(reduce) X(inspect) X(cloned) X(copied) \
  X(abort) X(is_panic) X(is_cancelled) X(capacity) X(max_capacity) X(is_closed) X(blocking_send) X(blocking_recv) \
  X(tick) X(reset) X(period) X(deadline) X(is_elapsed) X(block_on) X(worker_threads) X(enable_all) \
  X(enable_time) X(enable_io) X(build) X(reserve) X(try_reserve) X(reserve_owned) X(try_reserve_owned) \
  X(closed) X(close) X(notify_one) X(notify_all) X(wait) X(wait_while) X(wait_timeout) X(wait_timeout_while) \
  X(timed_out) X(is_leader) X(read) X(write) X(try_read) X(try_write) X(try_lock) X(is_poisoned) X(unpark) X(thread) \
  X(borrow) X(borrow_mut) X(try_borrow) X(try_borrow_mut) X(set) X(replace) X(get_or_init) X(call_once) \
  X(is_completed)

enum class Method : std::uint32_t {
#define BRIGADE_METHOD_ENUM(name) name,
  BRIGADE_METHODS(BRIGADE_METHOD_ENUM)
#undef BRIGADE_METHOD_ENUM
      Count,
  None = 0xffffffff
};
const char* method_name(Method m) noexcept;  // as written in Rust
// A method is dispatched on its receiver at run time: `join` joins a thread or a Vec of strings,
// `take` empties an Option or limits an iterator, `min`/`max` compare two numbers or consume an
// iterator.

struct Module {
  std::string file;  // as panics print it: src/main.rs
  std::vector<Function> functions;
  std::vector<Value> constants;
  std::vector<TypeInfo> types;  // builtin ones first (see value.hpp)
  std::vector<TypeDesc> type_descs;
  std::vector<FormatTemplate> formats;
  std::vector<std::string> names;  // method names (user methods are found by name)
  std::uint32_t main = 0;
  // `fn(f) { f.await }`: what a tokio task runs for a future that is not an async block (a
  // spawned JoinHandle or recv(), a branch of join! or select!).
  std::uint32_t await_fn = 0;
  std::uint32_t statics = 0;  // `static` items: one value each per run (Op::LoadStatic)
  bool user_fmt = false;      // some type has `impl fmt::Display` or `impl fmt::Debug` (Op::Format calls them)
};

// Sets Function::leaf for each function of `m` (the compiler's last step; interpret.cpp).
void mark_leaves(Module& m);

// Fills each type's method_by_name and each variant's slot_by_name from the names the module
// ended with (the compiler's last steps; compiler/module.cpp).
void index_names(Module& m);

// Every function of `m` as text, an instruction a line (`brigade disasm`; disasm.cpp).
std::string disassemble(const Module& m);

}  // namespace brigade::lang::vm
