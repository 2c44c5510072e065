// recording.hpp — time travel: every event of the current run, kept so that any moment of it
// can be shown again.
//
// The views draw a RunModel, and a RunModel is built from trace events only, so a moment of
// the run is a prefix of its events: the model of the first n events is exactly what the views
// showed when the n-th arrived. The recording keeps the events (bounded: past kMaxEvents it says
// it is truncated, and the moments it can show end there) and builds the model of a prefix on
// demand — forwards by applying the events in between, backwards by starting over.
#pragma once
#include <brigade/trace.hpp>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "run_model.hpp"

namespace brigade::app {

class Recording {
 public:
  static constexpr std::size_t kMaxEvents = 250000;  // ~18 MB of events
  explicit Recording(std::size_t max_events = kMaxEvents) : max_events_(max_events) {}

  // Every event the live model applies, in the same order. A RunStart begins a new recording;
  // after the RunEnd nothing more is kept (the model ignores the teardown too).
  void record(const trace::Event& e);
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }
  // Events recorded since the RunStart (a moment is 0..size()).
  [[nodiscard]] std::size_t size() const noexcept { return events_.size(); }
  [[nodiscard]] bool truncated() const noexcept { return truncated_; }
  // Program time of the moment after `count` events (the run's start for 0).
  [[nodiscard]] std::uint64_t time_at(std::size_t count) const noexcept;
  // The moment at program time t: every event stamped t or earlier (a prefix: the first event
  // stamped later ends it).
  [[nodiscard]] std::size_t moment_at(std::uint64_t t_ns) const noexcept;
  // The model after the first `count` events (at most size()).
  const RunModel& model_at(std::size_t count);

 private:
  std::size_t max_events_;
  trace::Event start_;                // the RunStart
  std::vector<trace::Event> events_;  // after it
  std::uint64_t generation_ = 0;
  bool recording_ = false, truncated_ = false;
  RunModel model_;
  std::size_t built_ = 0;  // model_ holds the first built_ events
  bool model_fresh_ = false;  // model_ belongs to this recording
};

}  // namespace brigade::app
