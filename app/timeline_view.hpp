// timeline_view.hpp — a lane per thread, coloured by state over program time; a line from each
// send to its receive; the carousels' occupancy beneath. Until the user zooms or pans it fits
// the run (up to 8 s, then it follows the run live); the mouse wheel zooms, dragging pans back
// in time, a double click returns to following. Times are real seconds since the run started.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>

#include "run_model.hpp"
#include "theme.hpp"

namespace brigade::app {

struct TimelineStats {
  int lanes = 0;
  int segments_drawn = 0;
  int links_drawn = 0;
};

class TimelineView {
 public:
  // Draws into the current window's remaining space; `moment_ns` (program time), when given, is
  // the moment the other views show (time travel): a line across the lanes marks it.
  TimelineStats draw(const RunModel& model, const Palette& palette, Theme theme,
                     std::optional<std::uint64_t> moment_ns = std::nullopt);

 private:
  double window_s_ = 8.0;  // seconds visible
  double pan_s_ = 0.0;     // how far back from "now" the right edge is
  bool fit_ = true;        // the window follows the run's length (no zoom or pan by the user)
};

ImU32 state_color(ThreadState s, Theme theme);

}  // namespace brigade::app
