// feed.hpp — the kitchen feed: a background thread that streams samples to the UI through a
// brigade channel. The UI only ever try-receives (the browser's main thread never blocks).
//
// Until programs run (the runtime issue), the feed is a small live kitchen: a waiter thread
// places numbered tickets on a carousel of two slots, a chef thread takes them more slowly, so
// the waiter blocks on the full carousel (backpressure). A reporter thread samples the carousel
// through a sender clone and sends snapshots.
#pragma once
#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>

#include <brigade/mpsc.hpp>

namespace brigade::app {

struct FeedSample {
  std::uint64_t tick = 0;           // samples sent so far
  std::uint64_t time_ms = 0;        // since the feed started
  std::uint64_t tickets_placed = 0; // waiter's sends that completed
  std::uint64_t tickets_cooked = 0; // chef's receives
  std::size_t on_carousel = 0;      // the carousel's len()
  std::size_t capacity = 0;
  bool waiter_blocked = false;      // blocked_senders() > 0
};

class Feed {
 public:
  Feed();
  ~Feed();  // stops and joins every feed thread
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // Non-blocking: the newest sample that arrived since the last call, if any.
  std::optional<FeedSample> poll();
  [[nodiscard]] std::uint64_t received() const noexcept { return received_; }

 private:
  std::atomic<bool> stop_{false};
  mpsc::Receiver<FeedSample> samples_;
  std::thread waiter_, chef_, reporter_;
  std::uint64_t received_ = 0;
};

}  // namespace brigade::app
