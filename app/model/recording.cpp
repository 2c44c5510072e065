// recording.cpp — see recording.hpp.
#include "recording.hpp"

#include <algorithm>

namespace brigade::app {

void Recording::record(const trace::Event& e) {
  if (e.kind == trace::Kind::RunStart) {
    start_ = e;
    events_.clear();
    generation_ = e.seq;
    recording_ = true;
    truncated_ = false;
    model_fresh_ = false;
    return;
  }
  if (!recording_) return;
  if (events_.size() >= max_events_) {
    truncated_ = true;
    return;
  }
  events_.push_back(e);
  if (e.kind == trace::Kind::RunEnd) recording_ = false;
}

std::uint64_t Recording::time_at(std::size_t count) const noexcept {
  count = std::min(count, events_.size());
  return count == 0 ? start_.time_ns : events_[count - 1].time_ns;
}

std::size_t Recording::moment_at(std::uint64_t t_ns) const noexcept {
  std::size_t i = 0;
  while (i < events_.size() && events_[i].time_ns <= t_ns) ++i;
  return i;
}

const RunModel& Recording::model_at(std::size_t count) {
  count = std::min(count, events_.size());
  if (!model_fresh_ || count < built_) {
    model_.reset();
    model_.apply(start_);
    built_ = 0;
    model_fresh_ = true;
  }
  for (; built_ < count; ++built_) model_.apply(events_[built_]);
  return model_;
}

}  // namespace brigade::app
