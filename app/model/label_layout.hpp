// label_layout.hpp — where the scene's labels go so that none covers another and none leaves
// the panel: a small placement step, platform-free (the scene measures its texts and hands over
// boxes; this moves them). Labels keep the order they are given in as their priority: an earlier
// one keeps its place, a later one moves — down, then up, by steps of its height, then sideways —
// to the nearest free place.
#pragma once
#include <vector>

namespace brigade::app {

struct LabelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  [[nodiscard]] float width() const { return x1 - x0; }
  [[nodiscard]] float height() const { return y1 - y0; }
  [[nodiscard]] bool intersects(const LabelRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  [[nodiscard]] bool inside(const LabelRect& o) const { return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1; }
};

// Moves each of `labels` (in place) to a place inside `panel` that overlaps none placed before
// it, as near its own as the search finds; a label that fits nowhere free stays, clamped into
// the panel, where it overlaps least.
void place_labels(std::vector<LabelRect>& labels, const LabelRect& panel);

}  // namespace brigade::app
