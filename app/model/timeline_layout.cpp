// timeline_layout.cpp — see timeline_layout.hpp.
#include "timeline_layout.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace brigade::app {

TimeWindow timeline_window(const RunModel& model, float x0, float x1, bool fit, double window_s, double pan_s,
                           double live_s) {
  double now = static_cast<double>(model.now_ns()) / 1e9;
  double run_start = static_cast<double>(model.start_ns()) / 1e9;
  if (fit) {
    double length = std::max(0.02, (now - run_start) * 1.04);
    window_s = model.ended() ? length : std::min(live_s, length);
    pan_s = 0;
  }
  TimeWindow w;
  w.t1 = std::max(now - pan_s, run_start + window_s);
  w.t0 = w.t1 - window_s;
  w.x0 = x0;
  w.x1 = x1;
  return w;
}

int TimelineLayout::lane_of(std::uint32_t thread) const {
  auto it = std::find(lane_threads.begin(), lane_threads.end(), thread);
  return it == lane_threads.end() ? -1 : worker_lanes + static_cast<int>(it - lane_threads.begin());
}

TimelineLayout layout_timeline(const RunModel& model, const TimeWindow& w, float link_spacing_px,
                               std::size_t max_links) {
  TimelineLayout out;
  std::map<std::uint32_t, int> lane;
  // Lanes in order of appearance (the threads' ordinals), not of their trace ids.
  std::vector<const ThreadView*> threads;
  for (const auto& [id, th] : model.threads()) threads.push_back(&th);
  std::sort(threads.begin(), threads.end(), [](auto* a, auto* b) { return a->ordinal < b->ordinal; });
  out.worker_lanes = model.workers();
  for (const ThreadView* th : threads) {
    lane[th->id] = out.worker_lanes + static_cast<int>(out.lane_threads.size());
    out.lane_threads.push_back(th->id);
  }
  double now = static_cast<double>(model.now_ns()) / 1e9;
  std::vector<float> drawn_to(static_cast<std::size_t>(out.lanes()), -1e30f);
  for (const WorkerSpan& s : model.worker_spans()) {
    double start = static_cast<double>(s.start_ns) / 1e9;
    double end = s.open ? now : static_cast<double>(s.end_ns) / 1e9;
    if (end < w.t0 || start > w.t1 || s.worker < 0 || s.worker >= out.worker_lanes) continue;
    float& to = drawn_to[static_cast<std::size_t>(s.worker)];
    float x_end = w.x_of(end);
    if (x_end < to) continue;
    float xa = std::max({w.x_of(start), w.x0, to});
    float xb = std::min(std::max(x_end, xa + 1.0f), std::max(w.x1, xa + 1.0f));
    to = xb;
    out.worker_rects.push_back(WorkerRect{s.worker, xa, xb, &s});
  }
  for (const Segment& s : model.segments()) {
    double start = static_cast<double>(s.start_ns) / 1e9;
    double end = s.open ? now : static_cast<double>(s.end_ns) / 1e9;
    if (end < w.t0 || start > w.t1 || s.state == ThreadState::Done) continue;
    auto l = lane.find(s.thread);
    if (l == lane.end()) continue;
    float& to = drawn_to[static_cast<std::size_t>(l->second)];
    float x_end = w.x_of(end);
    if (x_end < to) continue;  // inside a pixel column this lane already covers
    float xa = std::max({w.x_of(start), w.x0, to});
    float xb = std::min(std::max(x_end, xa + 1.0f), std::max(w.x1, xa + 1.0f));
    to = xb;
    out.rects.push_back(LaneRect{l->second, xa, xb, &s});
  }
  // Newest first, so a capped set keeps what is on screen now.
  std::vector<float> last_from(static_cast<std::size_t>(out.lanes()), -1e30f);
  for (auto it = model.links().rbegin(); it != model.links().rend() && out.links.size() < max_links; ++it) {
    const Link& k = *it;
    double ts = static_cast<double>(k.sent_ns) / 1e9, tr = static_cast<double>(k.received_ns) / 1e9;
    if (tr < w.t0 || ts > w.t1) continue;
    auto from = lane.find(k.from_thread), to = lane.find(k.to_thread);
    if (from == lane.end() || to == lane.end()) continue;
    float xa = w.x_of(ts);
    float& last = last_from[static_cast<std::size_t>(from->second)];
    if (std::fabs(xa - last) < link_spacing_px) continue;
    last = xa;
    out.links.push_back(LinkLine{from->second, to->second, xa, w.x_of(tr), &k});
  }
  return out;
}

}  // namespace brigade::app
