// label_layout.cpp — see label_layout.hpp.
#include "label_layout.hpp"

#include <algorithm>
#include <cmath>

namespace brigade::app {

namespace {

LabelRect moved(const LabelRect& r, float dx, float dy) { return {r.x0 + dx, r.y0 + dy, r.x1 + dx, r.y1 + dy}; }

// `r` shifted (no more than needed) to lie inside `panel` (its top-left corner when it is larger).
LabelRect clamped(const LabelRect& r, const LabelRect& panel) {
  float dx = 0, dy = 0;
  if (r.x1 > panel.x1) dx = panel.x1 - r.x1;
  if (r.x0 + dx < panel.x0) dx = panel.x0 - r.x0;
  if (r.y1 > panel.y1) dy = panel.y1 - r.y1;
  if (r.y0 + dy < panel.y0) dy = panel.y0 - r.y0;
  return moved(r, dx, dy);
}

float overlap(const LabelRect& a, const LabelRect& b) {
  const float w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

}  // namespace

void place_labels(std::vector<LabelRect>& labels, const LabelRect& panel) {
  std::vector<LabelRect> placed;
  placed.reserve(labels.size());
  for (LabelRect& label : labels) {
    const LabelRect home = clamped(label, panel);
    const float step_y = std::max(1.0f, home.height() + 2);
    const float step_x = std::max(1.0f, home.width() * 0.5f);
    auto cost = [&](const LabelRect& r) {
      float c = 0;
      for (const LabelRect& p : placed) c += overlap(r, p);
      return c;
    };
    LabelRect best = home;
    float best_cost = cost(home);
    // The nearest free place: rings of candidates at growing distances (down first: a label
    // belongs under what it names), each clamped into the panel.
    for (int ring = 1; ring <= 12 && best_cost > 0; ++ring) {
      const float r = static_cast<float>(ring);
      const LabelRect candidates[] = {moved(home, 0, step_y * r),       moved(home, 0, -step_y * r),
                                      moved(home, step_x * r, 0),       moved(home, -step_x * r, 0),
                                      moved(home, step_x * r, step_y * r), moved(home, -step_x * r, step_y * r),
                                      moved(home, step_x * r, -step_y * r), moved(home, -step_x * r, -step_y * r)};
      for (const LabelRect& c : candidates) {
        const LabelRect inside = clamped(c, panel);
        const float k = cost(inside);
        if (k < best_cost) {
          best = inside;
          best_cost = k;
          if (k == 0) break;
        }
      }
    }
    label = best;
    placed.push_back(best);
  }
}

}  // namespace brigade::app
