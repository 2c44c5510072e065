// timeline_layout.hpp — what the timeline draws, computed without a window: which thread gets
// which lane, the state rectangles and send → receive lines in a time window mapped to pixels,
// with the level of detail that keeps a flood of events cheap to draw (a lane gets at most one
// rectangle per pixel column; links are thinned to one every few pixels per lane, and capped).
// The view (app/timeline_view.cpp) only adds the vertical placement and the colours.
#pragma once
#include <cstdint>
#include <vector>

#include "run_model.hpp"

namespace brigade::app {

struct TimeWindow {
  double t0 = 0, t1 = 1;    // trace seconds at the left and right edges
  float x0 = 0, x1 = 100;   // pixels
  [[nodiscard]] float x_of(double t) const noexcept {
    return x0 + static_cast<float>((t - t0) / (t1 - t0)) * (x1 - x0);
  }
};

// The window the timeline shows: the whole run once it has ended; while it runs, its start
// until `live_s` have passed, then the last `live_s`. `window_s`/`pan_s` when the user zoomed.
TimeWindow timeline_window(const RunModel& model, float x0, float x1, bool fit, double window_s, double pan_s,
                           double live_s = 8.0);

struct LaneRect {
  int lane = 0;
  float xa = 0, xb = 0;
  const Segment* segment = nullptr;
};

struct LinkLine {
  int from_lane = 0, to_lane = 0;
  float xa = 0, xb = 0;
  const Link* link = nullptr;
};

// A tokio worker thread running a task: a rectangle on the worker's lane, in the task's colour.
struct WorkerRect {
  int worker = 0;
  float xa = 0, xb = 0;
  const WorkerSpan* span = nullptr;
};

// Lanes, top to bottom: a tokio runtime's workers first (lane w: worker w + 1), then a lane per
// thread or task.
struct TimelineLayout {
  int worker_lanes = 0;
  std::vector<std::uint32_t> lane_threads;  // thread id of lane worker_lanes + i, in order of appearance
  std::vector<WorkerRect> worker_rects;
  std::vector<LaneRect> rects;
  std::vector<LinkLine> links;
  [[nodiscard]] int lanes() const noexcept { return worker_lanes + static_cast<int>(lane_threads.size()); }
  [[nodiscard]] int lane_of(std::uint32_t thread) const;  // -1: none
};

TimelineLayout layout_timeline(const RunModel& model, const TimeWindow& window, float link_spacing_px = 4.0f,
                               std::size_t max_links = 600);

}  // namespace brigade::app
