// The scene's label placement: no label covers another, none leaves the panel.
#include <doctest/doctest.h>

#include <vector>

#include "label_layout.hpp"

using brigade::app::LabelRect;
using brigade::app::place_labels;

namespace {

LabelRect box(float cx, float cy, float w, float h) { return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}; }

void check_apart(const std::vector<LabelRect>& labels, const LabelRect& panel) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    CAPTURE(i);
    CHECK(labels[i].inside(panel));
    for (std::size_t j = 0; j < i; ++j) CHECK_FALSE(labels[i].intersects(labels[j]));
  }
}

}  // namespace

TEST_CASE("place_labels: two labels on one spot end apart, the first where it was") {
  const LabelRect panel{0, 0, 800, 480};
  std::vector<LabelRect> labels{box(300, 240, 120, 16), box(310, 244, 160, 16)};
  place_labels(labels, panel);
  CHECK(labels[0].x0 == doctest::Approx(240));
  CHECK(labels[0].y0 == doctest::Approx(232));
  check_apart(labels, panel);
  CHECK(labels[1].y0 >= labels[0].y1);  // moved down first: a label goes under what it names
}

TEST_CASE("place_labels: a label past the panel's edge comes back in") {
  const LabelRect panel{10, 10, 400, 300};
  std::vector<LabelRect> labels{box(395, 5, 100, 20), box(0, 299, 60, 20)};
  place_labels(labels, panel);
  check_apart(labels, panel);
}

TEST_CASE("place_labels: 32 threads' labels in a crowd all find a free place") {
  const LabelRect panel{0, 0, 1280, 800};
  std::vector<LabelRect> labels;
  for (int i = 0; i < 32; ++i) labels.push_back(box(640 + (i % 4) * 10.0f, 400 + (i / 4) * 6.0f, 140, 30));
  place_labels(labels, panel);
  check_apart(labels, panel);
}
