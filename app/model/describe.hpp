// describe.hpp — the restaurant in words: what the scene shows, for a screen reader (the page's
// #brigade-a11y live region) and for anyone who cannot see the canvas. Each thread with its role
// and what it does ("thread 2, waiter: waits at carousel #1 — sync_channel(1), full 1 of 1 — for
// 0.3 s"), each channel with its fill. Platform-free, from the run's model alone.
#pragma once
#include <cstdint>
#include <string>

#include "run_model.hpp"

namespace brigade::app {

// A channel as the scene names it: "carousel #1 — sync_channel(1)", "pile #2 — channel()",
// "pass #3 — sync_channel(0)", "tokio carousel #1 — mpsc::channel(8)".
std::string channel_name(const ChannelView& c);

// One sentence per thread, then one per channel, each on its own line; `now_ns`: program time
// (for how long a thread has waited).
std::string describe(const RunModel& model, std::uint64_t now_ns);

}  // namespace brigade::app
