// run_model.hpp — what the views draw, derived from trace events only.
//
// The UI never reaches into the channels or the runtime: once a frame it drains the trace ring
// into this model, which keeps, per thread, its state (running, blocked on a send or a receive,
// asleep, done) and since when; per channel its capacity, length, peak, sent/received counts and
// the time senders spent blocked (the backpressure, measured); the links from each send to its
// receive; and a bounded history of events (it says how many it dropped). Platform-free and
// testable without a window.
#pragma once
#include <brigade/trace.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace brigade::app {

// Queued: a tokio task that could go on, in line for a worker thread (every worker is busy).
// BlockedSync: waiting on one of std's other synchronisers (ThreadView::sync says which).
enum class ThreadState { Running, BlockedSend, BlockedRecv, BlockedJoin, BlockedLock, BlockedSync, Sleeping, Queued, Done };
enum class SyncWait : std::uint8_t { Condvar, Barrier, Park };
const char* thread_state_name(ThreadState s) noexcept;  // "running", "blocked on send", ...
// `s` as a JSON string literal, quotes included (for the automation state).
std::string json_string(std::string_view s);

// What a thread is in the restaurant, from what it has done so far.
enum class Role { Idle, Waiter, Chef, Stage };  // sends only / receives only / both
const char* role_name(Role r) noexcept;

struct ThreadView {
  std::uint32_t id = 0;
  std::uint32_t ordinal = 0;  // 1, 2, ... in order of appearance in this run
  std::string name;
  ThreadState state = ThreadState::Running;
  std::uint32_t channel = 0;              // what a blocked thread waits on
  std::uint32_t joining = 0;              // BlockedJoin: the thread it waits for
  SyncWait sync = SyncWait::Condvar;      // BlockedSync: on what
  std::uint64_t since_ns = 0;             // when it entered `state`
  std::uint64_t sends = 0, receives = 0;  // a waiter sends, a chef receives, a stage does both
  std::uint32_t last_channel = 0;         // the pass it used last (where the scene puts it)
  bool panicked = false;
  // A tokio task ("task 3") or a join!/select! branch, not an OS thread: it runs on a worker
  // thread of the runtime's (worker: 0, 1, ...) and steps off it while it awaits (-1).
  bool task = false;
  int worker = -1;
  // "main", a name the thread gave itself, or "thread N" (N: its ordinal) for the unnamed.
  [[nodiscard]] std::string display_name() const {
    return name.empty() || name == "<unnamed>" ? "thread " + std::to_string(ordinal) : name;
  }
  [[nodiscard]] Role role() const noexcept {
    if (sends > 0 && receives > 0) return Role::Stage;
    if (sends > 0) return Role::Waiter;
    return receives > 0 ? Role::Chef : Role::Idle;
  }
};

struct ChannelView {
  std::uint32_t id = 0;
  std::uint32_t number = 0;  // 1, 2, ... in creation order in this run (what reports call #n)
  std::optional<std::uint64_t> capacity;  // nullopt: unbounded
  std::uint64_t len = 0, peak = 0, sent = 0, received = 0;
  std::uint64_t blocked_send_ns = 0;  // total time senders spent blocked on this channel
  std::uint64_t full_waits = 0;        // times a sender blocked while the buffer was full
  std::uint64_t empty_waits = 0;       // times a receiver blocked on an empty buffer
  bool senders_gone = false, receiver_gone = false;
  bool tokio = false;  // tokio::sync::mpsc's channel(n) or unbounded_channel()
  std::vector<std::uint32_t> senders, receivers;  // threads that sent / received on it (first 32)
  // The tickets on the carousel, oldest first: the newest kMaxTickets previews (len may be
  // larger; the scene draws the rest as a count).
  static constexpr std::size_t kMaxTickets = 64;
  std::deque<trace::Preview> tickets;
  std::uint64_t bytes_per_message = 16;  // estimated from the last message (16: the value itself)
  [[nodiscard]] std::uint64_t approx_bytes() const noexcept { return len * bytes_per_message; }
  [[nodiscard]] const char* kind() const noexcept;  // "unbounded", "bounded", "rendezvous"
};

// A state span of one thread, for the timeline.
struct Segment {
  std::uint32_t thread = 0;
  ThreadState state = ThreadState::Running;
  std::uint32_t channel = 0;
  std::uint64_t start_ns = 0, end_ns = 0;
  bool open = true;  // still going (end_ns means nothing yet): under virtual time, 0 is a real end
};

// A worker thread of a tokio runtime running one task for a while: the timeline's worker lanes.
struct WorkerSpan {
  int worker = 0;
  std::uint32_t thread = 0;  // the task it runs
  std::uint64_t start_ns = 0, end_ns = 0;
  bool open = true;
};

// A message's journey: sent by one thread, received by another.
struct Link {
  std::uint32_t channel = 0;
  std::uint64_t seq = 0;
  std::uint32_t from_thread = 0, to_thread = 0;
  std::uint64_t sent_ns = 0, received_ns = 0;
};

class RunModel {
 public:
  explicit RunModel(std::size_t history_limit = 20000) : history_limit_(history_limit) {}

  void apply(const trace::Event& e);
  // Forgets everything (a new run): a trace RunStart does it too. After a RunEnd the model
  // holds still (the scene keeps the moment the program ended, e.g. a deadlock's waits) and
  // ignores the runtime's teardown until the next RunStart.
  void reset();
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }
  [[nodiscard]] bool ended() const noexcept { return ended_; }
  // Applies what the ring holds now (at most `max` events, so a flood cannot stall a frame).
  std::size_t drain(trace::Ring& ring, std::size_t max = 100000);

  [[nodiscard]] const std::map<std::uint32_t, ThreadView>& threads() const noexcept { return threads_; }
  [[nodiscard]] const std::map<std::uint32_t, ChannelView>& channels() const noexcept { return channels_; }
  [[nodiscard]] const std::deque<Segment>& segments() const noexcept { return segments_; }
  [[nodiscard]] const std::deque<Link>& links() const noexcept { return links_; }
  [[nodiscard]] const std::deque<WorkerSpan>& worker_spans() const noexcept { return worker_spans_; }
  // How many worker threads the tokio runtime has (its lanes and staff: worker 1 .. workers());
  // 0 without a runtime.
  [[nodiscard]] int workers() const noexcept { return workers_; }
  [[nodiscard]] const std::deque<trace::Event>& history() const noexcept { return history_; }
  [[nodiscard]] std::uint64_t dropped_history() const noexcept { return dropped_; }
  // Events applied since the last reset: history().back() is event number applied() - 1.
  [[nodiscard]] std::uint64_t applied() const noexcept { return applied_; }
  [[nodiscard]] std::uint64_t now_ns() const noexcept { return now_ns_; }
  [[nodiscard]] const ThreadView* thread_named(const std::string& name) const;
  // {"threads":[{"name","state","waits_on"}...],"channels":[{"id","kind","capacity","len",...}]}
  [[nodiscard]] std::string json() const;

 private:
  ThreadView& thread(std::uint32_t id, std::uint64_t t);
  ChannelView& channel(std::uint32_t id);
  void set_state(ThreadView& th, ThreadState s, std::uint32_t channel, std::uint64_t t);
  void leave_worker(ThreadView& th, std::uint64_t t);
  template <class T>
  void bound(std::deque<T>& q) {
    while (q.size() > history_limit_) {
      q.pop_front();
      ++dropped_;
    }
  }

  std::size_t history_limit_;
  std::map<std::uint32_t, ThreadView> threads_;
  std::map<std::uint32_t, ChannelView> channels_;
  std::deque<Segment> segments_;
  std::deque<Link> links_;
  std::deque<WorkerSpan> worker_spans_;
  int workers_ = 0;
  std::deque<trace::Event> history_;
  std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint64_t>> pending_sends_;  // key -> thread, time
  std::uint64_t dropped_ = 0;
  std::uint64_t applied_ = 0;
  std::uint64_t now_ns_ = 0;
  std::uint64_t generation_ = 0;
  bool ended_ = false;
  std::uint64_t start_ns_ = 0;  // when the current run began (trace clock)
 public:
  [[nodiscard]] std::uint64_t start_ns() const noexcept { return start_ns_; }
};

}  // namespace brigade::app
