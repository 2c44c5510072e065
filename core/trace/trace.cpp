// trace.cpp — the event ring and the process-wide sink.
#include "brigade/trace.hpp"

#include "brigade/clock.hpp"

#include <bit>
#include <chrono>
#include <utility>

namespace brigade::trace {

std::string_view kind_name(Kind kind) noexcept {
  switch (kind) {
#define BRIGADE_TRACE_NAME(name, label) \
  case Kind::name:                      \
    return #name;
    BRIGADE_TRACE_EVENTS(BRIGADE_TRACE_NAME)
#undef BRIGADE_TRACE_NAME
  }
  return "?";
}

std::string_view kind_label(Kind kind) noexcept {
  switch (kind) {
#define BRIGADE_TRACE_LABEL(name, label) \
  case Kind::name:                       \
    return label;
    BRIGADE_TRACE_EVENTS(BRIGADE_TRACE_LABEL)
#undef BRIGADE_TRACE_LABEL
  }
  return "?";
}

Ring::Ring(std::size_t capacity)
    : cells_(new Cell[std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)]),
      mask_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity) - 1) {
  for (std::size_t i = 0; i <= mask_; ++i) cells_[i].seq.store(i, std::memory_order_relaxed);
}

bool Ring::push(const Event& e) noexcept {
  std::uint64_t pos = tail_.load(std::memory_order_relaxed);
  for (;;) {
    Cell& cell = cells_[pos & mask_];
    std::uint64_t seq = cell.seq.load(std::memory_order_acquire);
    if (seq == pos) {
      if (tail_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
        cell.event = e;
        cell.seq.store(pos + 1, std::memory_order_release);
        return true;
      }
    } else if (seq < pos) {  // the cell still holds an event a lap behind: full
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    } else {
      pos = tail_.load(std::memory_order_relaxed);
    }
  }
}

bool Ring::pop(Event& out) noexcept {
  std::uint64_t pos = head_.load(std::memory_order_relaxed);
  for (;;) {
    Cell& cell = cells_[pos & mask_];
    std::uint64_t seq = cell.seq.load(std::memory_order_acquire);
    if (seq == pos + 1) {
      if (head_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
        out = cell.event;
        cell.seq.store(pos + mask_ + 1, std::memory_order_release);
        return true;
      }
    } else if (seq < pos + 1) {
      return false;  // empty (or the producer of this cell has not finished writing)
    } else {
      pos = head_.load(std::memory_order_relaxed);
    }
  }
}

namespace {
thread_local bool t_muted = false;
}  // namespace

void set_thread_muted(bool muted) noexcept {
  t_muted = muted;
}
bool thread_muted() noexcept {
  return t_muted;
}

namespace detail {
std::atomic<Ring*> g_sink{nullptr};
thread_local const Context* t_context = nullptr;

void emit_slow(Ring* ring, Kind kind, std::uint32_t channel, std::uint64_t seq, std::uint32_t occupancy,
               const Preview& preview) noexcept {
  if (t_muted) return;
  Event e;
  e.time_ns = t_context != nullptr && t_context->clock != nullptr ? t_context->clock->time_ns() : now_ns();
  e.seq = seq;
  e.thread = t_context != nullptr && t_context->task != 0 ? t_context->task : thread_id();
  e.channel = channel;
  e.occupancy = occupancy;
  e.kind = kind;
  e.preview = preview;
  ring->push(e);
}
}  // namespace detail

void install(Ring* ring) noexcept {
  detail::g_sink.store(ring, std::memory_order_release);
}

const Context* set_context(const Context* context) noexcept {
  return std::exchange(detail::t_context, context);
}

std::uint64_t now_ns() noexcept {
  static const auto epoch = MonotonicClock::now();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(MonotonicClock::now() - epoch).count());
}

namespace {
std::atomic<std::uint32_t> g_next_thread{1};
thread_local std::uint32_t t_thread = 0;  // 0: not given yet
}  // namespace

std::uint32_t thread_id() noexcept {
  if (t_thread == 0) t_thread = g_next_thread.fetch_add(1, std::memory_order_relaxed);
  return t_thread;
}

std::uint32_t new_task_id() noexcept {
  return g_next_thread.fetch_add(1, std::memory_order_relaxed);
}

void begin_thread() noexcept {
  t_thread = 0;
  t_muted = false;
}

std::uint32_t next_channel_id() noexcept {
  static std::atomic<std::uint32_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace brigade::trace

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>

// Milliseconds on one time line for every agent of the page (see clock.hpp).
EM_JS(double, brigade_shared_now_ms, (), {
  if (typeof process == 'object' && process.hrtime) {
    const t = process.hrtime();
    return t[0] * 1e3 + t[1] / 1e6;
  }
  return performance.timeOrigin + performance.now();
});

brigade::MonotonicClock::time_point brigade::MonotonicClock::now() noexcept {
  return time_point(duration(static_cast<std::int64_t>(brigade_shared_now_ms() * 1e6)));
}
#endif
