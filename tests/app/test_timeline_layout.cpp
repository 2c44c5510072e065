// test_timeline_layout.cpp — the timeline's layout without a window: lanes in order of
// appearance, a time window that fits the run, and the level of detail that keeps a flood of
// events to at most one rectangle per pixel column per lane and a bounded number of links.
#include <doctest/doctest.h>

#include <brigade/trace.hpp>
#include <map>

#include "run_model.hpp"
#include "timeline_layout.hpp"

using namespace brigade;

namespace {
trace::Event event(trace::Kind kind, std::uint32_t thread, std::uint64_t t, std::uint32_t channel = 0,
                   std::uint64_t seq = 0, std::uint32_t occupancy = 0) {
  trace::Event e;
  e.kind = kind;
  e.thread = thread;
  e.time_ns = t;
  e.channel = channel;
  e.seq = seq;
  e.occupancy = occupancy;
  return e;
}

// A waiter (thread 7) and a chef (thread 3) hand `n` messages over a channel of one slot, one
// every `gap` ns, the waiter blocking before each send.
app::RunModel handoffs(int n, std::uint64_t gap) {
  app::RunModel model(1000000);
  model.apply(event(trace::Kind::RunStart, 1, 1000, 0, 1));
  model.apply(event(trace::Kind::ChannelCreate, 7, 1000, 5, 1));
  std::uint64_t t = 1000;
  for (int i = 0; i < n; ++i) {
    model.apply(event(trace::Kind::SendBlocked, 7, t += gap, 5));
    model.apply(event(trace::Kind::Wake, 7, t += gap, 5));
    model.apply(event(trace::Kind::SendDone, 7, t += gap, 5, static_cast<std::uint64_t>(i), 1));
    model.apply(event(trace::Kind::RecvDone, 3, t += gap, 5, static_cast<std::uint64_t>(i), 0));
  }
  return model;
}
}  // namespace

TEST_CASE("lanes follow the order in which threads appeared, not their ids") {
  app::RunModel model = handoffs(3, 1000000);  // 12 ms
  app::TimeWindow w = app::timeline_window(model, 0, 1000, true, 8, 0);
  app::TimelineLayout layout = app::layout_timeline(model, w);
  REQUIRE(layout.lane_threads.size() == 2);
  CHECK(layout.lane_threads[0] == 7);  // the waiter's events came first
  CHECK(layout.lane_of(3) == 1);
  CHECK(layout.lane_of(42) == -1);
  CHECK(layout.links.size() == 3);
  for (const auto& k : layout.links) {
    CHECK(k.from_lane == 0);
    CHECK(k.to_lane == 1);
    CHECK(k.xb >= k.xa);
  }
}

TEST_CASE("the window fits the whole run once it ended, and the last seconds while it runs") {
  app::RunModel model = handoffs(10, 1000000000);  // 40 s of events
  app::TimeWindow live = app::timeline_window(model, 0, 800, true, 1, 0, 8.0);
  CHECK(live.t1 - live.t0 == doctest::Approx(8.0));
  CHECK(live.t1 == doctest::Approx(static_cast<double>(model.now_ns()) / 1e9));
  model.apply(event(trace::Kind::RunEnd, 1, model.now_ns() + 1));
  app::TimeWindow whole = app::timeline_window(model, 0, 800, true, 1, 0, 8.0);
  CHECK(whole.t0 <= static_cast<double>(model.start_ns()) / 1e9);
  CHECK(whole.t1 - whole.t0 >= 40.0);
  // Zoomed by the user: the window is theirs.
  app::TimeWindow zoomed = app::timeline_window(model, 0, 800, false, 2.0, 0);
  CHECK(zoomed.t1 - zoomed.t0 == doctest::Approx(2.0));
}

TEST_CASE("a flood of states: at most one rectangle per pixel column per lane; links thinned and capped") {
  app::RunModel model = handoffs(20000, 10);  // 80,000 events in 0.8 ms
  app::TimeWindow w = app::timeline_window(model, 0, 200, false, 0.0008, 0);  // zoomed onto them
  app::TimelineLayout layout = app::layout_timeline(model, w, 4.0f, 600);
  std::map<int, int> per_lane;
  std::map<int, float> last_end;
  for (const auto& r : layout.rects) {
    ++per_lane[r.lane];
    CHECK(r.xb > r.xa);
    if (last_end.count(r.lane)) CHECK(r.xa >= last_end[r.lane]);  // rectangles of a lane never overlap
    last_end[r.lane] = r.xb;
  }
  CHECK(per_lane[0] <= 201);
  CHECK(per_lane[1] <= 201);
  CHECK(per_lane[0] >= 20);  // still a picture, not nothing
  CHECK(layout.links.size() <= 51);  // one every 4 px of 200 px
  CHECK(layout.links.size() >= 10);
  app::TimelineLayout capped = app::layout_timeline(model, w, 0.0f, 600);
  CHECK(capped.links.size() == 600);
}
