// feed.cpp — the kitchen feed's threads.
#include "feed.hpp"

#include <brigade/trace.hpp>
#include <chrono>
#include <string_view>

namespace brigade::app {

namespace {
using namespace std::chrono_literals;

// Names the calling thread in the trace (the restaurant labels it), and says when it ends.
struct NamedThread {
  explicit NamedThread(std::string_view name) {
    trace::emit(trace::Kind::ThreadSpawn, 0, 0, 0, trace::preview_of(name));
  }
  ~NamedThread() { trace::emit(trace::Kind::ThreadExit); }
};
constexpr std::size_t kCarouselSlots = 2;

// Sleep in short steps so the destructor's stop request is seen quickly.
void nap(const std::atomic<bool>& stop, std::chrono::milliseconds total) {
  for (auto slept = 0ms; slept < total && !stop.load(std::memory_order_relaxed); slept += 10ms) {
    std::this_thread::sleep_for(10ms);
  }
}
}  // namespace

Feed::Feed() {
  auto [ticket_tx, ticket_rx] = mpsc::sync_channel<std::uint64_t>(kCarouselSlots);
  auto [sample_tx, sample_rx] = [] {
    trace::MutedScope plumbing;  // the samples channel is the UI's, not part of the restaurant
    return mpsc::sync_channel<FeedSample>(64);
  }();
  samples_ = std::move(sample_rx);
  auto cooked = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto placed = std::make_shared<std::atomic<std::uint64_t>>(0);
  // The reporter watches the carousel through a sender clone (len/blocked work on any handle).
  mpsc::SyncSender<std::uint64_t> watch = ticket_tx;

  // The waiter really blocks on the full carousel (backpressure). It never waits for stop: when
  // stopping, the chef drops the receiver, and a blocked send wakes with Err.
  waiter_ = std::thread([this, tx = std::move(ticket_tx), placed]() mutable {
    NamedThread named("waiter");
    for (std::uint64_t n = 1; !stop_.load(std::memory_order_relaxed); ++n) {
      if (tx.send(n).is_err()) return;
      placed->fetch_add(1, std::memory_order_relaxed);
      nap(stop_, 350ms);
    }
  });
  chef_ = std::thread([this, rx = std::move(ticket_rx), cooked]() mutable {
    // Leaving this scope drops the receiver, which releases a waiter blocked on a full carousel.
    NamedThread named("chef");
    while (!stop_.load(std::memory_order_relaxed)) {
      auto r = rx.recv_timeout(50ms);
      if (r.is_ok()) {
        trace::emit(trace::Kind::Sleep);  // cooking
        nap(stop_, 900ms);                // takes longer than taking orders: backpressure
        trace::emit(trace::Kind::Wake);
        cooked->fetch_add(1, std::memory_order_relaxed);
      } else if (r.error() == mpsc::RecvTimeoutError::Disconnected) {
        return;
      }
    }
  });
  reporter_ = std::thread([this, tx = std::move(sample_tx), watch = std::move(watch), placed, cooked]() mutable {
    trace::set_thread_muted(true);  // plumbing: the samples it sends are not tickets
    auto start = std::chrono::steady_clock::now();
    for (std::uint64_t tick = 1; !stop_.load(std::memory_order_relaxed); ++tick) {
      FeedSample s;
      s.tick = tick;
      s.time_ms = static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
      s.tickets_placed = placed->load(std::memory_order_relaxed);
      s.tickets_cooked = cooked->load(std::memory_order_relaxed);
      s.on_carousel = watch.len();
      s.capacity = kCarouselSlots;
      s.waiter_blocked = watch.blocked_senders() > 0;
      // Full when the UI is not draining (a hidden tab): the sample is dropped, it is a snapshot.
      (void)tx.try_send(s);
      nap(stop_, 50ms);
    }
  });
}

Feed::~Feed() {
  stop_.store(true);
  waiter_.join();
  chef_.join();
  reporter_.join();
}

std::optional<FeedSample> Feed::poll() {
  std::optional<FeedSample> newest;
  for (;;) {
    auto r = samples_.try_recv();
    if (r.is_err()) break;
    newest = std::move(r).unwrap();
    ++received_;
  }
  return newest;
}

}  // namespace brigade::app
