// value.hpp — the interpreter's values: what a Rust value of the subset is at run time.
//
// A Value is 16 bytes: a tag, an integer kind, and a payload (scalar or object pointer).
// Scalars (integers, floats, bools, chars, durations, instants, fn items) live inline;
// everything else is a reference-counted heap object.
//
// Invariants:
//   - Rust moves are real moves: a moved-from local is Tag::Empty, so a moved Sender is no
//     longer dropped by its old owner. Copy types (scalars) are copied instead.
//   - Sharing an object between two Values stands for a borrow (`&v`, a method receiver, a
//     format argument); Rust's borrow rules (which the programs obey) guarantee that no two
//     owners mutate it independently. `clone()` makes a deep copy.
//   - Refcounts are atomic because a borrowed `&'static str` constant is shared between
//     threads; everything else crosses threads only by moving.
//   - An integer's kind is part of its value. A literal without a suffix has kind Infer and
//     adopts the kind of the other operand; two Infer operands compute as i32 when both fit
//     (Rust's default), else as i64.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brigade/mpsc.hpp"
#include "brigade/trace.hpp"

namespace brigade::lang::vm {

// 128-bit arithmetic checks Rust's overflow rules for every 64-bit kind in one place.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

enum class IntKind : std::uint8_t { I8, I16, I32, I64, I128, Isize, U8, U16, U32, U64, U128, Usize, Infer };
const char* int_kind_name(IntKind k) noexcept;  // "i32"; Infer: "i32"
// (Inline: the interpreter's integer fast path asks on every operation.)
inline bool is_signed(IntKind k) noexcept {
  return !(k == IntKind::U8 || k == IntKind::U16 || k == IntKind::U32 || k == IntKind::U64 || k == IntKind::U128 ||
           k == IntKind::Usize);
}
// 8..64: 128-bit kinds are stored in 64 bits; isize/usize are 64 bits (as rustc's on 64-bit targets).
inline unsigned int_bits(IntKind k) noexcept {
  switch (k) {
    case IntKind::I8:
    case IntKind::U8:
      return 8;
    case IntKind::I16:
    case IntKind::U16:
      return 16;
    case IntKind::I32:
    case IntKind::U32:
      return 32;
    default:
      return 64;
  }
}
// Whether v fits kind k (v given as a 128-bit integer).
bool int_fits(Int128 v, IntKind k) noexcept;

enum class Tag : std::uint8_t {
  Empty,     // a moved-from (or not yet initialised) slot
  Unit,      // ()
  Bool,
  Int,
  Float,
  Char,      // a Unicode scalar value
  Duration,  // std::time::Duration, in nanoseconds
  Instant,   // std::time::Instant, program nanoseconds since the run started
  Fn,        // a fn item, by function index
  Obj,       // a heap object (below)
  Ref,       // a non-`move` closure's capture: the captured local, by its index in the task's
             // stack (only ever in a closure frame's capture slot; reading the slot reads it)
};

enum class ObjKind : std::uint8_t {
  Str,         // String and &str
  Vec,         // Vec<T>
  Tuple,       // (A, B, ...)
  Struct,      // a user struct, or a builtin error struct
  Enum,        // Option, Result, channel errors, user enums
  Sender,      // mpsc::Sender<T>
  SyncSender,  // mpsc::SyncSender<T>
  Receiver,    // mpsc::Receiver<T>
  JoinHandle,  // thread::JoinHandle<T>
  Closure,
  Range,
  Iter,
  Arc,    // std::sync::Arc<T>: shared, not copied, by clone()
  Mutex,  // std::sync::Mutex<T>
  Guard,  // std::sync::MutexGuard<T>: unlocks its Mutex when the last Value of it goes
  Atomic, // std::sync::atomic::AtomicUsize and kin, AtomicBool
  Map,    // HashMap / BTreeMap: both kept in key order (a HashMap's order is arbitrary in Rust)
  SlotRef,  // a `&mut V` into a map (get_mut, entry().or_insert()): `*r += 1` writes there
  State,    // a native's progress while the closures it calls run (never a program's value)
  Future,   // what an async block, an async fn's call or a tokio operation gives: runs when awaited
  Scope,    // std::thread::Scope: what thread::scope hands its closure; its threads join at the end
  Condvar,  // std::sync::Condvar
  Barrier,  // std::sync::Barrier
  Once,     // std::sync::OnceLock and Once: set once, by whoever comes first
};

struct Obj;
struct Task;
struct WorkerPool;

class Value {
 public:
  Tag tag = Tag::Unit;
  IntKind kind = IntKind::Infer;  // Int only
  union {
    std::int64_t i = 0;  // Int (unsigned kinds hold their bits), Duration, Instant, Fn
    double f;
    bool b;
    char32_t c;
    Obj* o;
  };

  Value() noexcept = default;
  ~Value() { release(); }
  Value(const Value& other) noexcept : tag(other.tag), kind(other.kind), i(other.i) { retain(); }
  Value(Value&& other) noexcept : tag(other.tag), kind(other.kind), i(other.i) { other.tag = Tag::Empty; }
  Value& operator=(const Value& other) noexcept {
    if (this != &other) {
      Value copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  __attribute__((always_inline)) Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      release();
      tag = other.tag;
      kind = other.kind;
      i = other.i;
      other.tag = Tag::Empty;
    }
    return *this;
  }

  static Value empty() noexcept {
    Value v;
    v.tag = Tag::Empty;
    return v;
  }
  static Value unit() noexcept { return {}; }
  // bool and char are written as the whole 8-byte payload (little-endian: the same bytes as
  // `b` and `c`): a 1-byte store read back as 8 bytes when the Value is moved cannot be
  // forwarded, and that stall was an eighth of a `|x| x % 2 == 0` closure's time (perf).
  static Value boolean(bool b) noexcept {
    Value v;
    v.tag = Tag::Bool;
    v.i = b ? 1 : 0;
    return v;
  }
  static Value integer(std::int64_t x, IntKind k) noexcept {
    Value v;
    v.tag = Tag::Int;
    v.kind = k;
    v.i = x;
    return v;
  }
  static Value floating(double x) noexcept {
    Value v;
    v.tag = Tag::Float;
    v.f = x;
    return v;
  }
  static Value character(char32_t x) noexcept {
    Value v;
    v.tag = Tag::Char;
    v.i = static_cast<std::int64_t>(x);
    return v;
  }
  static Value scalar(Tag t, std::int64_t x) noexcept {
    Value v;
    v.tag = t;
    v.i = x;
    return v;
  }
  // Takes ownership of one reference to `obj`.
  static Value object(Obj* obj) noexcept {
    Value v;
    v.tag = Tag::Obj;
    v.o = obj;
    return v;
  }

  [[nodiscard]] bool is_obj() const noexcept { return tag == Tag::Obj; }
  [[nodiscard]] bool is(ObjKind k) const noexcept;
  // Copy types are copied where other values move (user structs deriving Copy: see Op::Move).
  [[nodiscard]] bool is_copy() const noexcept;
  // The integer as a 128-bit number (unsigned kinds zero-extended).
  [[nodiscard]] Int128 wide() const noexcept {
    return is_signed(kind) ? static_cast<Int128>(i) : static_cast<Int128>(static_cast<std::uint64_t>(i));
  }
  // A message's preview for the trace (channel core calls this).
  [[nodiscard]] trace::Preview trace_preview() const noexcept;

 private:
  void retain() noexcept;
  void release() noexcept;
};

struct Obj {
  std::atomic<std::uint32_t> refs{1};
  const ObjKind kind;
  // A `&'static str` literal: shared by every thread, never mutated.
  bool frozen = false;
  // A record of a type with `impl Drop`: its last reference going queues it for its drop fn
  // (destroy, t_drop_queue) instead of deleting it; cleared once the drop fn is called.
  bool drops = false;
  explicit Obj(ObjKind k) noexcept : kind(k) {}
  Obj(const Obj&) = delete;
  Obj& operator=(const Obj&) = delete;
  virtual ~Obj() = default;
};

inline bool Value::is(ObjKind k) const noexcept {
  return tag == Tag::Obj && o->kind == k;
}
bool tuple_is_copy(const Obj* tuple) noexcept;  // value.cpp
inline bool Value::is_copy() const noexcept {
  if (tag != Tag::Obj) return true;
  if (o->kind == ObjKind::Tuple) return tuple_is_copy(o);  // (1, "two", 3.0) is Copy
  return o->frozen;  // &'static str
}
// Always inlined: the interpreter moves and drops values on every instruction, and an outlined
// call there cost a fifth of a leaf closure's time (callgrind).
__attribute__((always_inline)) inline void Value::retain() noexcept {
  if (tag == Tag::Obj) o->refs.fetch_add(1, std::memory_order_relaxed);
}
// Deletes an object whose last reference went (value.cpp): deep structures die without one C++
// frame per level of nesting.
void destroy(Obj* obj) noexcept;
// Where destroy() queues a record whose type has `impl Drop` (Obj::drops), holding the
// reference it was about to delete: the running task's list, which the interpreter empties
// by calling each one's drop fn (interpret.cpp). nullptr (no task runs): deleted at once.
extern thread_local std::vector<Obj*>* t_drop_queue;
__attribute__((always_inline)) inline void Value::release() noexcept {
  if (tag == Tag::Obj && o->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy(o);
  tag = Tag::Empty;
}

struct StrObj : Obj {
  std::string s;
  explicit StrObj(std::string text) : Obj(ObjKind::Str), s(std::move(text)) {}
};
// Vec and tuple.
struct ListObj : Obj {
  std::vector<Value> items;
  explicit ListObj(ObjKind k, std::vector<Value> v = {}) : Obj(k), items(std::move(v)) {}
  // Items go first to last, as Rust drops them (libc++'s vector destroys them last first).
  ~ListObj() override {
    for (auto& x : items) x = Value();
  }
};
// A struct, or an enum variant with its fields. `type` indexes Module::types.
struct RecordObj : Obj {
  std::uint32_t type;
  std::uint32_t variant;  // enums
  std::vector<Value> fields;
  RecordObj(ObjKind k, std::uint32_t t, std::uint32_t var, std::vector<Value> f)
      : Obj(k), type(t), variant(var), fields(std::move(f)) {}
  ~RecordObj() override {  // fields in declaration order, as Rust drops them
    for (auto& x : fields) x = Value();
  }
};
// A channel's ends: dropping one may disconnect the channel, which the other side sees (their
// destructors say so to an exploration: std/mpsc.cpp).
// The channel objects serve tokio::sync::mpsc too (`tokio`): the same core, tokio's methods.
struct SenderObj : Obj {
  mpsc::Sender<Value> tx;
  bool tokio = false;  // an UnboundedSender
  explicit SenderObj(mpsc::Sender<Value> s) : Obj(ObjKind::Sender), tx(std::move(s)) {}
  ~SenderObj() override;
};
struct SyncSenderObj : Obj {
  mpsc::SyncSender<Value> tx;
  bool tokio = false;  // a tokio::sync::mpsc::Sender (bounded)
  bool oneshot = false;  // tokio::sync::oneshot's Sender (a bounded channel of one)
  // A tokio Permit (reserve, try_reserve: beside the sender it borrows, a handle of its own) or
  // OwnedPermit (reserve_owned: the sender's handle moved into it): one slot promised, given
  // back when it goes unused.
  enum class Permit : std::uint8_t { None, Borrowed, Owned };
  Permit permit = Permit::None;
  bool permit_used = false;
  explicit SyncSenderObj(mpsc::SyncSender<Value> s) : Obj(ObjKind::SyncSender), tx(std::move(s)) {}
  ~SyncSenderObj() override;
};
struct ReceiverObj : Obj {
  mpsc::Receiver<Value> rx;
  bool tokio = false;  // a Receiver or UnboundedReceiver of tokio's
  bool oneshot = false;  // tokio::sync::oneshot's Receiver: awaited itself, gives a Result
  explicit ReceiverObj(mpsc::Receiver<Value> r) : Obj(ObjKind::Receiver), rx(std::move(r)) {}
  ~ReceiverObj() override;
};
struct ClosureObj : Obj {
  std::uint32_t function;
  std::vector<Value> captures;
  ClosureObj(std::uint32_t fn, std::vector<Value> c) : Obj(ObjKind::Closure), function(fn), captures(std::move(c)) {}
};
struct RangeObj : Obj {
  Value start, end;  // Empty when open on that side
  bool inclusive = false;
  RangeObj() : Obj(ObjKind::Range) {}
};
struct Task;
struct JoinHandleObj : Obj {
  std::shared_ptr<Task> task;
  std::uint64_t tokio_id = 0;  // tokio's JoinHandle: the task's Id (0: std::thread's)
  explicit JoinHandleObj(std::shared_ptr<Task> t) : Obj(ObjKind::JoinHandle), task(std::move(t)) {}
};

// A future (ObjKind::Future): an async block's closure, which `.await` calls, or an operation of
// tokio's that `.await` performs (std/tokio.cpp), waiting in a way that frees the worker.
// Join, TryJoin, Select and Timeout combine other futures (`parts`), polled in place where they
// are tokio operations and run as tasks of their own where they are async blocks (`children`).
struct FutureObj : Obj {
  enum class Op : std::uint8_t { Block, Sleep, Tick, YieldNow, Send, Recv, Reserve, Closed, Join, TryJoin, Select, Timeout };
  Op op;
  Value target;  // Block: the closure; Send/Recv/Reserve/Closed: the Sender/Receiver; Tick: the Interval
  Value arg;     // Sleep: the Instant it ends; Send: the value; Reserve: true for reserve_owned
  explicit FutureObj(Op o, Value t = Value(), Value a = Value()) : Obj(ObjKind::Future), op(o), target(std::move(t)), arg(std::move(a)) {}
  // ---- combinators
  std::vector<Value> parts;        // the futures
  std::vector<Value> checks;       // Select: each branch's pattern check (a closure), or ()
  std::vector<std::uint8_t> enabled;
  std::vector<std::shared_ptr<Task>> children;  // the task running part i, or none
  std::shared_ptr<WorkerPool> group;             // the one worker the children take turns on
  std::vector<std::optional<Value>> slots;      // what part i's channel handed over
  std::vector<Value> outputs;      // Join: the outputs so far
  Value candidate;                 // Select: the output under its check
  std::size_t next = 0;            // Join: the part waited for; Select: the part being checked
  bool started = false, biased = false, has_else = false, checking = false, awaiting = false;
};

// An iterator being driven by `for`, or by a consuming method (collect, sum, count).
struct IterObj : Obj {
  enum class Source : std::uint8_t { Range, List, Receiver, Adapter };
  enum class Adapt : std::uint8_t {
    None, Enumerate, Skip, Take, StepBy, Rev, Map, Filter, Cloned, FilterMap, TakeWhile, SkipWhile, Inspect, Zip,
    FlatMap,  // func(x) (or x itself, for flatten) as an iterator, drained into the output in turn
    Chain,    // inner, then other
  };
  Source source = Source::Range;
  // Range: [next, last] counting by `step` (downwards when reversed), in 128 bits.
  Int128 next = 0, last = 0;
  std::int64_t step = 1;
  bool reversed = false;
  bool exhausted = false;
  IntKind kind = IntKind::Infer;
  bool char_range = false;
  // List: elements of a Vec (shared) or an owned snapshot; index runs forward or back.
  Value list;
  std::size_t index = 0, end = 0;
  // Receiver: blocking (iter, for x in rx) or not (try_iter).
  Value receiver;
  bool blocking = true;
  // Adapter over `inner`.
  Value inner;
  Adapt adapt = Adapt::None;
  std::uint64_t count = 0, limit = 0;
  Value func;   // Map, Filter, FilterMap, TakeWhile, SkipWhile, FlatMap: the closure
  Value other;  // Zip, Chain: the second iterator; FlatMap: the current inner one (Empty: none)
  // An adapter that called its closure (see StateObj): the result comes with the next run;
  // `held` is the item the closure was given (Filter keeps it; Zip its first half).
  bool awaiting = false;
  bool holding = false;
  Value held;
  IterObj() : Obj(ObjKind::Iter) {}
};

// Arc::new(v), and Rc::new(v) (`rc`). Method calls, fields, `*` and formatting see through it
// to `inner`.
struct ArcObj : Obj {
  Value inner;
  bool rc = false;
  explicit ArcObj(Value v, bool is_rc = false) : Obj(ObjKind::Arc), inner(std::move(v)), rc(is_rc) {}
};
// Mutex::new(v), and RwLock::new(v) (`rwlock`: readers share it, a writer holds it alone).
// `inner` is read and written only by the threads whose Guards hold the lock.
// RefCell::new(v) and Cell::new(v) are one too (`cell`): single-threaded, they never wait — a
// RefCell's borrow() is a read guard, borrow_mut() a write guard, and a conflict panics.
struct MutexObj : Obj {
  enum class Cell : std::uint8_t { None, RefCell, Cell };
  std::mutex state;               // guards locked, readers, poisoned and waiters
  bool locked = false;            // a Mutex's guard, or a RwLock's write guard, is out
  bool rwlock = false;            // readers share it (RwLock, RefCell)
  Cell cell = Cell::None;
  bool poisoned = false;          // a guard died in a panicking thread (std's poisoning)
  std::size_t readers = 0;        // RwLock: read guards out
  std::vector<Task*> waiters;     // tasks blocked in lock(), read() or write(), oldest first
  Value inner;
  explicit MutexObj(Value v, bool rw = false) : Obj(ObjKind::Mutex), rwlock(rw), inner(std::move(v)) {}
};
// What lock(), read() and write() give: the lock, held until this object dies (std/sync.cpp:
// the unlock wakes the oldest waiter of a Mutex, every waiter of a RwLock).
struct GuardObj : Obj {
  Value mutex;  // the MutexObj
  bool shared = false;  // a RwLock's read guard
  bool holds = true;    // false: get_mut's `&mut T`, which unlocks nothing
  explicit GuardObj(Value m, bool read = false, bool held = true)
      : Obj(ObjKind::Guard), mutex(std::move(m)), shared(read), holds(held) {}
  ~GuardObj() override;
};
// Condvar::new(): the tasks waiting in wait() and kin, oldest first (std/condvar.cpp).
struct CondvarObj : Obj {
  std::mutex state;
  std::vector<Task*> waiters;
  CondvarObj() : Obj(ObjKind::Condvar) {}
};
// Barrier::new(n): `arrived` of the n are waiting in this generation (std/condvar.cpp).
struct BarrierObj : Obj {
  std::mutex state;
  std::size_t n;
  std::size_t arrived = 0;
  std::vector<Task*> waiters;
  explicit BarrierObj(std::size_t count) : Obj(ObjKind::Barrier), n(count) {}
};
// OnceLock::new() and Once::new() (`unit`: no value, call_once): Running while the first
// get_or_init's closure runs, the others waiting (std/once.cpp).
struct OnceObj : Obj {
  enum class Status : std::uint8_t { Empty, Running, Done };
  std::mutex state;
  Status status = Status::Empty;
  bool unit;
  Value value;
  std::vector<Task*> waiters;
  explicit OnceObj(bool is_once) : Obj(ObjKind::Once), unit(is_once) {}
};
// What thread::scope gives its closure (std/thread.cpp): the handles of the threads spawned in
// it, which its end joins. A scoped thread's closure borrows the locals of the thread that
// called thread::scope (its `owner`): it runs on copies that share their objects, and hands the
// borrowed variables back as it leaves them (`returned`), written into the owner's slots once
// every scoped thread is done — Rust's borrow rules make that the only time they can differ.
struct ScopeObj : Obj {
  Task* owner;
  std::mutex state;
  std::vector<Value> handles;  // JoinHandleObj of each thread spawned in the scope
  struct Returned {
    std::uint32_t slot;  // in the owner's stack
    Value value;
  };
  std::vector<Returned> returned;
  explicit ScopeObj(Task* t) : Obj(ObjKind::Scope), owner(t) {}
};
// AtomicUsize::new(v) and kin: the integer's bits (AtomicBool: 0 or 1). Every operation is
// sequentially consistent, whatever Ordering the program names (a stronger order is a correct
// implementation of every weaker one).
struct AtomicObj : Obj {
  std::atomic<std::int64_t> bits;
  IntKind kind;
  bool boolean;
  AtomicObj(std::int64_t v, IntKind k, bool b) : Obj(ObjKind::Atomic), bits(v), kind(k), boolean(b) {}
};
// HashMap::new() / BTreeMap::new(): entries sorted by key (compare_values).
struct MapObj : Obj {
  std::vector<std::pair<Value, Value>> entries;
  bool btree;
  bool set;  // HashSet / BTreeSet: the keys are the elements, the values ()
  explicit MapObj(bool is_btree, bool is_set = false) : Obj(ObjKind::Map), btree(is_btree), set(is_set) {}
  // The entry with this key, or where it would go (found false).
  std::size_t find(const Value& key, bool& found) const;
  // The value of this key's entry, made (holding ()) where it goes if there is none yet.
  Value& slot(const Value& key, bool& existed);
};
// A place in a map: what `&mut map[key]`-like results are here.
struct SlotRefObj : Obj {
  Value map, key;
  SlotRefObj(Value m, Value k) : Obj(ObjKind::SlotRef), map(std::move(m)), key(std::move(k)) {}
};
// A native's progress while the closures it calls run, kept in the calling frame
// (Frame::state): the native's instruction runs again when each closure returns, and reads on
// from here. What each field means is the native's own business.
struct StateObj : Obj {
  bool awaiting = false;      // a closure call is out: its result comes with the next run
  std::uint64_t step = 0;     // where the native is
  std::uint64_t index = 0;    // and how far, in what it walks
  std::vector<Value> values;  // what it keeps (items, keys, an accumulator, a formatter)
  std::vector<std::size_t> order, buffer;  // sort_by's merge sort; a format's work
  std::size_t width = 0, lo = 0, i = 0, j = 0, k = 0;
  std::vector<std::string> texts;  // what user fmt impls wrote
  StateObj() : Obj(ObjKind::State) {}
};
// What `*x`, a method call, a field or a format sees of x: an Arc's and a Guard's inner value
// (through any number of them), else x itself.
const Value& deref(const Value& v) noexcept;

// Helpers to make objects.
Value make_str(std::string s);
Value make_static_str(std::string s);  // frozen
Value make_list(ObjKind k, std::vector<Value> items);
Value make_record(ObjKind k, std::uint32_t type, std::uint32_t variant, std::vector<Value> fields);

inline StrObj& as_str(const Value& v) {
  return *static_cast<StrObj*>(v.o);
}
inline ListObj& as_list(const Value& v) {
  return *static_cast<ListObj*>(v.o);
}
inline RecordObj& as_record(const Value& v) {
  return *static_cast<RecordObj*>(v.o);
}
template <class T>
T& as(const Value& v) {
  return *static_cast<T*>(v.o);
}

// Builtin type ids (Module::types starts with these, in this order).
namespace builtin {
inline constexpr std::uint32_t Option = 0;  // None = 0, Some = 1
inline constexpr std::uint32_t Result = 1;  // Ok = 0, Err = 1
inline constexpr std::uint32_t RecvError = 2;
inline constexpr std::uint32_t TryRecvError = 3;      // Empty, Disconnected
inline constexpr std::uint32_t RecvTimeoutError = 4;  // Timeout, Disconnected
inline constexpr std::uint32_t SendError = 5;         // SendError(T)
inline constexpr std::uint32_t TrySendError = 6;      // Full(T), Disconnected(T)
inline constexpr std::uint32_t PanicPayload = 7;      // what join() gives for a panicked thread
inline constexpr std::uint32_t Ordering = 8;          // std::cmp::Ordering: Less, Equal, Greater
inline constexpr std::uint32_t Reverse = 9;           // std::cmp::Reverse(T): compares the other way
inline constexpr std::uint32_t AtomicOrdering = 10;   // std::sync::atomic::Ordering: Relaxed .. SeqCst
inline constexpr std::uint32_t ThreadBuilder = 11;    // std::thread::Builder { name: Option<String> }
inline constexpr std::uint32_t Thread = 12;           // std::thread::Thread { name: Option<String>, id }
inline constexpr std::uint32_t ThreadId = 13;         // std::thread::ThreadId(n): main is 1, then by spawn
inline constexpr std::uint32_t MapEntry = 14;         // map.entry(key): { map, key }
inline constexpr std::uint32_t ParseIntError = 15;    // str::parse's error: ParseIntError { kind }
inline constexpr std::uint32_t IntErrorKind = 16;     // Empty, InvalidDigit, PosOverflow, NegOverflow, Zero
inline constexpr std::uint32_t TokioSendError = 17;     // tokio::sync::mpsc::error::SendError(T)
inline constexpr std::uint32_t TokioTrySendError = 18;  // Full(T), Closed(T)
inline constexpr std::uint32_t TokioTryRecvError = 19;  // Empty, Disconnected
inline constexpr std::uint32_t JoinError = 20;          // tokio::task::JoinError: Cancelled(id), Panic(id)
inline constexpr std::uint32_t OneshotRecvError = 21;     // tokio::sync::oneshot::error::RecvError(())
inline constexpr std::uint32_t OneshotTryRecvError = 22;  // Empty, Closed
inline constexpr std::uint32_t Elapsed = 23;              // tokio::time::error::Elapsed(())
inline constexpr std::uint32_t Interval = 24;             // tokio::time::Interval { next, period }
inline constexpr std::uint32_t TokioRuntime = 25;         // tokio::runtime::Runtime { workers, current_thread }
inline constexpr std::uint32_t RuntimeBuilder = 26;       // tokio::runtime::Builder { workers, current_thread }
inline constexpr std::uint32_t WaitTimeoutResult = 27;  // std::sync::WaitTimeoutResult(timed_out)
inline constexpr std::uint32_t BarrierWaitResult = 28;  // std::sync::BarrierWaitResult { is_leader }
inline constexpr std::uint32_t PoisonError = 29;        // std::sync::PoisonError { guard }
inline constexpr std::uint32_t TryLockError = 30;       // Poisoned(PoisonError), WouldBlock
inline constexpr std::uint32_t Count = 31;
}  // namespace builtin

Value make_none();
Value make_some(Value v);
Value make_ok(Value v);
// `Ok(())`, what every successful send returns: one shared object per OS thread, not an
// allocation per message (nothing changes a Result in place).
Value ok_unit();
Value make_err(Value v);

}  // namespace brigade::lang::vm
