// scene_view.hpp — the restaurant, drawn from the run's model: waiters (threads that send) in
// the dining room, chefs (threads that receive) in the kitchen, a thread that does both (a
// pipeline stage) in between; each channel a pass on the counter with its ticket carousel —
// `capacity` slots; for channel(), a pile that keeps growing with a memory gauge; for
// sync_channel(0), a handshake and no slots. Tickets fly waiter → carousel → chef; who waits
// and why is written beside them; println! lines appear as speech bubbles.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "run_model.hpp"
#include <string>
#include "theme.hpp"

namespace brigade::app {

// A println! line shown over its thread for a few seconds.
struct Bubble {
  std::uint32_t thread = 0;
  std::string text;
  double shown_at = 0;  // UI clock, seconds
};

struct SceneStats {
  int waiters = 0, chefs = 0, stages = 0, passes = 0;
  int tickets_drawn = 0, flights = 0, bubbles = 0;
  int candidates_marked = 0;  // threads drawn as "could go next" (stepping)
  int workers = 0;            // the tokio runtime's staff on shift (0: no runtime)
  int orders = 0;             // tokio tasks, drawn as order cards rather than people
  int labels = 0;             // text labels placed (label_layout.hpp)
  int label_overlaps = 0;     // pairs of them that still intersect after placement
  int labels_outside = 0;     // ones that leave the panel
};

// While the learner steps through a run: the threads that could go next (by ordinal, which is
// the thread number), each marked with the key that picks it; the run's own pick stands out.
struct StepMarks {
  std::vector<std::uint64_t> candidates;
  std::uint64_t proposed = 0;
};

class SceneView {
 public:
  // Draws into `list` within [min, max]. `now` is the UI clock in seconds (animations);
  // `program_now` the run's program time (what its events are stamped with: how long a thread
  // has waited, when a finished one leaves); `bubbles` the recent println! lines, newest last.
  SceneStats draw(ImDrawList* list, ImVec2 min, ImVec2 max, const RunModel& model, const std::deque<Bubble>& bubbles,
                  double now, std::uint64_t program_now, const Palette& palette, Theme theme,
                  const StepMarks* marks = nullptr);
  // The thread drawn under `point` in the last draw (its ordinal), if any: a click picks it.
  [[nodiscard]] std::optional<std::uint32_t> thread_at(ImVec2 point) const;

 private:
  struct Flight {
    ImVec2 from, to;
    double start;
    trace::Preview preview;
  };
  std::vector<Flight> flights_;
  std::uint64_t seen_events_ = 0;
  std::uint64_t seen_generation_ = ~std::uint64_t{0};
  std::map<std::uint32_t, ImVec2> thread_pos_;  // smoothed positions, so threads glide
  struct Waiting {
    std::uint32_t channel = 0;
    int side = 0;        // -1 a sender's queue, 1 a receiver's
    double seen = -1e9;  // UI clock when it last waited there
  };
  std::map<std::uint32_t, Waiting> waiting_;
  struct Figure {
    std::uint32_t ordinal;
    ImVec2 centre;
    float radius;
  };
  std::vector<Figure> figures_;  // as last drawn, for thread_at
  // The frame's labels, drawn together once placed so that none covers another (label_layout):
  // a line, and an optional second one under it that moves with it (a thread's status).
  struct Label {
    ImVec2 centre;
    std::string text;
    ImU32 colour;
    float size;
    std::string second;
    ImU32 second_colour = 0;
    float second_size = 0;
  };
  std::vector<Label> labels_;
  void label(ImVec2 centre, ImU32 colour, std::string text, float size, std::string second = {}, ImU32 second_colour = 0,
             float second_size = 0);
  void draw_labels(ImDrawList* list, ImVec2 min, ImVec2 max, SceneStats& stats);
};

}  // namespace brigade::app
