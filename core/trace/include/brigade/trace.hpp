// trace.hpp — trace events at synchronisation points, into a bounded lock-free ring.
//
// Core emits; the UI (or the CLI's --trace writer) drains. Core never calls UI code.
// Disabled (no ring installed), an emit point costs one relaxed atomic load and a branch.
//
// Invariants of Ring (a bounded MPMC queue with per-cell sequence numbers, after Vyukov):
//   - cell i holds the event of position p (p % capacity == i) when seq == p + 1, and is free
//     for position p when seq == p;
//   - producers never wait: when the ring is full the event is dropped and counted;
//   - one consumer at a time drains (the UI thread); pop() never blocks.
#pragma once
#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>

namespace brigade::trace {

// Every event kind, described once: name, and the label the UI shows.
// Field conventions beyond the obvious: ChannelCreate carries the capacity in `seq`
// (kUnbounded for channel()); SendDone/RecvDone carry the message's FIFO position in `seq`, so
// a send links to its receive; ThreadSpawn carries the thread's name in the preview text and
// its number in the program (main 1, then in spawn order) in `seq`; Wake is emitted by the
// thread that was blocked, when its wait ends; RunStart carries a host's run number in `seq`
// (events before it belong to older runs), RunEnd the program's exit code (what follows it is
// the runtime tearing the program down); JoinBlocked the joined thread's id in `seq`.
#define BRIGADE_TRACE_EVENTS(X)                             \
  X(ChannelCreate, "channel created")                       \
  X(SendStart, "send started")                              \
  X(SendBlocked, "sender blocked: the carousel is full")    \
  X(SendDone, "ticket placed")                              \
  X(SendFailed, "send failed: the receiver is gone")        \
  X(RecvStart, "receive started")                           \
  X(RecvBlocked, "receiver blocked: the carousel is empty") \
  X(RecvDone, "ticket taken")                               \
  X(RecvFailed, "receive failed: every sender is gone")     \
  X(Handoff, "hand-off at the pass")                        \
  X(Wake, "woken")                                          \
  X(DisconnectSenders, "last sender dropped")               \
  X(DisconnectReceiver, "receiver dropped")                 \
  X(MessagesDropped, "buffered messages destroyed")         \
  X(ThreadSpawn, "thread spawned")                          \
  X(ThreadExit, "thread finished")                          \
  X(TaskSpawn, "task spawned")                              \
  X(WorkerRun, "a worker thread runs the task")             \
  X(WorkerFree, "the task gave its worker thread back")     \
  X(Sleep, "sleeping")                                      \
  X(JoinBlocked, "waiting in join() for a thread to finish") \
  X(LockBlocked, "waiting in lock() for a Mutex another thread holds") \
  X(Print, "printed")                                       \
  X(Panic, "panicked")                                      \
  X(RunStart, "program started")                            \
  X(RunEnd, "program ended")                                \
  X(Heartbeat, "heartbeat")                                 \
  X(RuntimeStart, "a tokio runtime started its worker threads") \
  X(TokioChannel, "the channel is tokio's")                \
  X(CondvarWait, "waiting on a Condvar for a notify")      \
  X(BarrierWait, "waiting at a Barrier for the others")    \
  X(Park, "parked until another thread unparks it")

enum class Kind : std::uint8_t {
#define BRIGADE_TRACE_ENUM(name, label) name,
  BRIGADE_TRACE_EVENTS(BRIGADE_TRACE_ENUM)
#undef BRIGADE_TRACE_ENUM
};
std::string_view kind_name(Kind kind) noexcept;   // "SendBlocked"
std::string_view kind_label(Kind kind) noexcept;  // "sender blocked: the carousel is full"

// A short preview of a message's value, for tickets in the scene.
struct Preview {
  enum class Type : std::uint8_t { None, Int, Text } type = Type::None;
  std::int64_t integer = 0;
  char text[23] = {};  // NUL-terminated, cut to fit
};
// A type may describe itself with a member `Preview trace_preview() const noexcept` (the
// interpreter's values do).
template <class T>
Preview preview_of(const T& value) noexcept {
  Preview p;
  if constexpr (requires { { value.trace_preview() } -> std::same_as<Preview>; }) {
    return value.trace_preview();
  } else if constexpr (std::is_integral_v<T>) {
    p.type = Preview::Type::Int;
    p.integer = static_cast<std::int64_t>(value);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    std::string_view s = value;
    p.type = Preview::Type::Text;
    std::memcpy(p.text, s.data(), s.size() < sizeof p.text - 1 ? s.size() : sizeof p.text - 1);
  }
  return p;
}

inline constexpr std::uint64_t kUnbounded = ~std::uint64_t{0};

struct Event {
  std::uint64_t time_ns = 0;    // the context's clock (a run's program time), else now_ns()
  std::uint64_t seq = 0;        // per channel: the message's position in the FIFO (links send to recv)
  std::uint32_t thread = 0;     // trace::thread_id() of the emitter
  std::uint32_t channel = 0;    // channel id (0: none)
  std::uint32_t occupancy = 0;  // messages buffered after the event
  Kind kind = Kind::Heartbeat;
  Preview preview;
};

class Ring {
 public:
  explicit Ring(std::size_t capacity);  // rounded up to a power of two
  bool push(const Event& e) noexcept;   // false (and counted) when full
  bool pop(Event& out) noexcept;        // false when empty
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::size_t capacity() const noexcept { return mask_ + 1; }

 private:
  struct Cell {
    std::atomic<std::uint64_t> seq;
    Event event;
  };
  std::unique_ptr<Cell[]> cells_;
  std::size_t mask_;
  alignas(64) std::atomic<std::uint64_t> head_{0};
  alignas(64) std::atomic<std::uint64_t> tail_{0};
  alignas(64) std::atomic<std::uint64_t> dropped_{0};
};

// The process-wide sink. nullptr (the default) disables tracing.
void install(Ring* ring) noexcept;

// Where the time of a run's events comes from: its executor's program time (what
// Instant::now() and sleeps count, frozen while the run is paused, virtual under a virtual
// clock), so a timeline drawn from the events and the program's own clock agree.
class TimeSource {
 public:
  [[nodiscard]] virtual std::uint64_t time_ns() const noexcept = 0;  // since the run began

 protected:
  ~TimeSource() = default;
};

// Whose the calling thread's events are, where they go and when they happen, while an
// executor runs a task on it: the task's id (an executor may run many tasks on one OS thread),
// its run's own sink (two runs in one process never mix their events) and its run's clock.
struct Context {
  std::uint32_t task = 0;             // Event::thread; 0: the OS thread's thread_id()
  Ring* sink = nullptr;               // nullptr: the process-wide sink
  const TimeSource* clock = nullptr;  // nullptr: the process's trace clock, now_ns()
};
// Sets the calling thread's context (nullptr: none) and gives the one it replaces. The context
// must outlive its use: an executor sets it around each stretch of a task it runs.
const Context* set_context(const Context* context) noexcept;

namespace detail {
extern std::atomic<Ring*> g_sink;
extern thread_local const Context* t_context;
void emit_slow(Ring* ring, Kind kind, std::uint32_t channel, std::uint64_t seq, std::uint32_t occupancy,
               const Preview& preview) noexcept;
inline Ring* sink() noexcept {
  const Context* c = t_context;
  return c != nullptr && c->sink != nullptr ? c->sink : g_sink.load(std::memory_order_relaxed);
}
}  // namespace detail
[[nodiscard]] inline bool enabled() noexcept {
  return detail::sink() != nullptr;
}
inline void emit(Kind kind, std::uint32_t channel = 0, std::uint64_t seq = 0, std::uint32_t occupancy = 0,
                 const Preview& preview = {}) noexcept {
  if (Ring* ring = detail::sink()) detail::emit_slow(ring, kind, channel, seq, occupancy, preview);
}
// Events of the calling thread are left out while muted: for a host's own plumbing (the UI
// thread, a reporter) that must not appear among the program's threads.
void set_thread_muted(bool muted) noexcept;
[[nodiscard]] bool thread_muted() noexcept;
// Mutes the calling thread for a scope.
class MutedScope {
 public:
  MutedScope() noexcept : was_(thread_muted()) { set_thread_muted(true); }
  ~MutedScope() { set_thread_muted(was_); }
  MutedScope(const MutedScope&) = delete;
  MutedScope& operator=(const MutedScope&) = delete;

 private:
  bool was_;
};
std::uint64_t now_ns() noexcept;     // steady clock since the process's trace epoch
std::uint32_t thread_id() noexcept;  // small, stable per thread (1, 2, ...)
// A fresh id from the same counter, for a task (Context::task).
std::uint32_t new_task_id() noexcept;
// The calling OS thread starts anew as far as the trace can tell (a fresh thread_id(), not
// muted): a thread kept in a pool, taking its next job.
void begin_thread() noexcept;
std::uint32_t next_channel_id() noexcept;

}  // namespace brigade::trace
