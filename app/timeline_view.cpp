// timeline_view.cpp — drawing the timeline with ImGui's draw lists.
#include "timeline_view.hpp"

#include "timeline_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

namespace brigade::app {

ImU32 state_color(ThreadState s, Theme theme) {
  bool dark = theme == Theme::Dark;
  switch (s) {
    case ThreadState::Running:
      return dark ? IM_COL32(63, 191, 127, 255) : IM_COL32(31, 157, 90, 255);
    case ThreadState::BlockedSend:
      return dark ? IM_COL32(242, 163, 58, 255) : IM_COL32(199, 119, 26, 255);
    case ThreadState::BlockedRecv:
      return dark ? IM_COL32(76, 141, 255, 255) : IM_COL32(47, 111, 222, 255);
    case ThreadState::BlockedJoin:
      return dark ? IM_COL32(176, 132, 255, 255) : IM_COL32(126, 82, 214, 255);
    case ThreadState::BlockedLock:
      return dark ? IM_COL32(232, 110, 160, 255) : IM_COL32(196, 60, 120, 255);
    case ThreadState::BlockedSync:  // a Condvar, a Barrier, a park(): teal
      return dark ? IM_COL32(64, 196, 200, 255) : IM_COL32(20, 140, 150, 255);
    case ThreadState::Sleeping:
      return dark ? IM_COL32(120, 126, 140, 255) : IM_COL32(160, 165, 175, 255);
    case ThreadState::Queued:  // ready, but no worker: a hatched-looking pale band
      return dark ? IM_COL32(200, 200, 120, 150) : IM_COL32(170, 160, 60, 150);
    case ThreadState::Done:
      return IM_COL32(0, 0, 0, 0);
  }
  return 0;
}

TimelineStats TimelineView::draw(const RunModel& model, const Palette& palette, Theme theme,
                                 std::optional<std::uint64_t> moment_ns) {
  TimelineStats stats;
  ImDrawList* list = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 50 || avail.y < 30) return stats;
  if (model.threads().empty()) {
    ImGui::TextDisabled("A lane per thread fills in here as the program runs: running, blocked on send or recv, "
                        "sleeping; a line from each send to its receive; the carousel's occupancy beneath.");
    return stats;
  }
  ImGui::InvisibleButton("timeline-canvas", avail);
  bool hovered = ImGui::IsItemHovered();
  ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    window_s_ = std::clamp(window_s_ * (io.MouseWheel > 0 ? 0.8 : 1.25), 0.005, 600.0);
    fit_ = false;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    pan_s_ = std::max(0.0, pan_s_ + static_cast<double>(io.MouseDelta.x) / avail.x * window_s_);
    fit_ = false;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    pan_s_ = 0;
    fit_ = true;
  }

  const float label_w = 90.0f;
  const float plot_h = std::min(60.0f, avail.y * 0.25f);
  float lane_area_h = avail.y - plot_h - 18.0f;
  double run_start = static_cast<double>(model.start_ns()) / 1e9;
  float x0 = origin.x + label_w, x1 = origin.x + avail.x;
  const TimeWindow win = timeline_window(model, x0, x1, fit_, window_s_, pan_s_);
  if (fit_) window_s_ = win.t1 - win.t0;
  const double t0 = win.t0, t1 = win.t1;
  auto x_of = [&](double t) { return win.x_of(t); };
  const TimelineLayout layout = layout_timeline(model, win);

  stats.lanes = layout.lanes();
  // Lanes share the height; with many threads they get thin, and only every k-th is labelled.
  float lane_h = stats.lanes > 0 ? std::clamp(lane_area_h / static_cast<float>(stats.lanes), 3.0f, 28.0f) : 20.0f;
  int label_every = std::max(1, static_cast<int>(std::ceil(ImGui::GetTextLineHeight() / lane_h)));
  for (int lane = 0; lane < layout.lanes(); ++lane) {
    float y = origin.y + static_cast<float>(lane) * lane_h;
    if (lane % label_every == 0) {
      ImVec2 at(origin.x, y + (lane_h - ImGui::GetTextLineHeight()) * 0.5f);
      if (lane < layout.worker_lanes) {  // a worker thread of the tokio runtime: the staff on shift
        list->AddText(at, palette.ink, ("worker " + std::to_string(lane + 1)).c_str());
      } else {
        const ThreadView& th = model.threads().at(layout.lane_threads[static_cast<std::size_t>(lane - layout.worker_lanes)]);
        list->AddText(at, thread_color(th.ordinal, theme), th.display_name().c_str());
      }
    }
    if (lane_h >= 8) list->AddLine(ImVec2(x0, y + lane_h - 1), ImVec2(x1, y + lane_h - 1), palette.muted & 0x40FFFFFF);
  }
  list->PushClipRect(ImVec2(x0, origin.y), ImVec2(x1, origin.y + avail.y), true);
  const Segment* hovered_segment = nullptr;
  const float inset = lane_h >= 12 ? 3.0f : 0.5f;
  for (const LaneRect& r : layout.rects) {
    float y = origin.y + static_cast<float>(r.lane) * lane_h;
    ImVec2 a(r.xa, y + inset), b(r.xb, y + lane_h - inset - (lane_h >= 12 ? 1.0f : 0.0f));
    list->AddRectFilled(a, b, state_color(r.segment->state, theme), r.xb - r.xa > 4 ? 2.0f : 0.0f);
    if (hovered && ImGui::IsMouseHoveringRect(a, b)) hovered_segment = r.segment;
  }
  // Each worker lane shows the task it runs (the order the staff member carries), in its colour.
  for (const WorkerRect& r : layout.worker_rects) {
    float y = origin.y + static_cast<float>(r.worker) * lane_h;
    ImVec2 a(r.xa, y + inset), b(r.xb, y + lane_h - inset - (lane_h >= 12 ? 1.0f : 0.0f));
    auto th = model.threads().find(r.span->thread);
    ImU32 color = th != model.threads().end() ? thread_color(th->second.ordinal, theme) : palette.muted;
    list->AddRectFilled(a, b, color, r.xb - r.xa > 4 ? 2.0f : 0.0f);
    if (th != model.threads().end() && b.x - a.x > 60 && lane_h >= 14) {
      list->AddText(ImVec2(a.x + 4, a.y + (b.y - a.y - ImGui::GetTextLineHeight()) * 0.5f), palette.ticket,
                    th->second.display_name().c_str());
    }
  }
  stats.segments_drawn = static_cast<int>(layout.rects.size());
  const Link* hovered_link = nullptr;
  for (const LinkLine& k : layout.links) {
    ImVec2 a(k.xa, origin.y + (static_cast<float>(k.from_lane) + 0.5f) * lane_h);
    ImVec2 b(k.xb, origin.y + (static_cast<float>(k.to_lane) + 0.5f) * lane_h);
    list->AddLine(a, b, palette.ink & 0x80FFFFFF, 1.0f);
    list->AddCircleFilled(a, 2.5f, palette.ink);
    list->AddCircleFilled(b, 2.5f, palette.accent);
    if (hovered && (ImGui::IsMouseHoveringRect(ImVec2(a.x - 4, a.y - 4), ImVec2(a.x + 4, a.y + 4)) ||
                    ImGui::IsMouseHoveringRect(ImVec2(b.x - 4, b.y - 4), ImVec2(b.x + 4, b.y + 4)))) {
      hovered_link = k.link;
    }
  }
  stats.links_drawn = static_cast<int>(layout.links.size());
  // Occupancy of each bounded channel beneath, as a step plot (from the events' `occupancy`).
  float plot_top = origin.y + avail.y - plot_h;
  list->AddLine(ImVec2(x0, plot_top), ImVec2(x1, plot_top), palette.muted & 0x60FFFFFF);
  for (const auto& [id, c] : model.channels()) {
    double cap = c.capacity && *c.capacity > 0 ? static_cast<double>(*c.capacity)
                                               : std::max<double>(1, static_cast<double>(c.peak));
    float last_x = x0, last_y = plot_top + plot_h;
    for (const trace::Event& e : model.history()) {
      if (e.channel != id || (e.kind != trace::Kind::SendDone && e.kind != trace::Kind::RecvDone)) continue;
      double t = static_cast<double>(e.time_ns) / 1e9;
      if (t < t0 || t > t1) continue;
      float x = x_of(t);
      float y = plot_top + plot_h - static_cast<float>(std::min(1.0, e.occupancy / cap)) * (plot_h - 4);
      if (x - last_x < 1.0f && last_x > x0) {  // one step per pixel column
        last_y = std::min(last_y, y);
        continue;
      }
      list->AddLine(ImVec2(last_x, last_y), ImVec2(x, last_y), palette.warn, 1.5f);
      list->AddLine(ImVec2(x, last_y), ImVec2(x, y), palette.warn, 1.5f);
      last_x = x;
      last_y = y;
    }
    if (last_x > x0) list->AddLine(ImVec2(last_x, last_y), ImVec2(x1, last_y), palette.warn, 1.5f);
  }
  // Time ticks (seconds since the run started), about every 100 px.
  double step = std::pow(10.0, std::floor(std::log10(std::max(1e-4, window_s_ / ((x1 - x0) / 100.0)))));
  if (window_s_ / step > (x1 - x0) / 50.0) step *= 5;
  for (double t = std::ceil((t0 - run_start) / step) * step; t <= t1 - run_start; t += step) {
    float x = x_of(run_start + t);
    char tick[32];
    std::snprintf(tick, sizeof tick, step < 0.01 ? "%.3fs" : step < 0.1 ? "%.2fs" : step < 1 ? "%.1fs" : "%.0fs", t);
    list->AddLine(ImVec2(x, plot_top - 4), ImVec2(x, plot_top), palette.muted);
    list->AddText(ImVec2(x + 2, plot_top - 16), palette.muted & 0xB0FFFFFF, tick);
  }
  if (moment_ns) {  // the moment shown elsewhere
    float x = x_of(static_cast<double>(*moment_ns) / 1e9);
    list->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + avail.y), palette.ink, 2.0f);
    list->AddTriangleFilled(ImVec2(x - 6, origin.y), ImVec2(x + 6, origin.y), ImVec2(x, origin.y + 8), palette.ink);
  }
  list->PopClipRect();
  list->AddText(ImVec2(origin.x, plot_top + 4), palette.muted, "carousel");
  char span[64];
  std::snprintf(span, sizeof span, "%.2f s of program time shown%s", window_s_, fit_ ? "" : " (double-click: fit)");
  list->AddText(ImVec2(x1 - ImGui::CalcTextSize(span).x - 4, origin.y + avail.y - 16), palette.muted, span);
  if (hovered_link != nullptr) {  // a message: who sent it, who took it, how long it waited
    const auto& from = model.threads().at(hovered_link->from_thread);
    const auto& to = model.threads().at(hovered_link->to_thread);
    auto ch = model.channels().find(hovered_link->channel);
    ImGui::SetTooltip("message %llu on channel #%u: sent by %s at %.3f s, received by %s at %.3f s (%.3f s later)",
                      static_cast<unsigned long long>(hovered_link->seq + 1),
                      ch != model.channels().end() ? ch->second.number : 0u, from.display_name().c_str(),
                      static_cast<double>(hovered_link->sent_ns) / 1e9 - run_start, to.display_name().c_str(),
                      static_cast<double>(hovered_link->received_ns) / 1e9 - run_start,
                      static_cast<double>(hovered_link->received_ns - hovered_link->sent_ns) / 1e9);
  } else if (hovered_segment != nullptr) {
    const auto& th = model.threads().at(hovered_segment->thread);
    double length = (static_cast<double>(hovered_segment->open ? model.now_ns() : hovered_segment->end_ns) -
                     static_cast<double>(hovered_segment->start_ns)) /
                    1e9;
    ImGui::SetTooltip("%s: %s for %.3f s%s", th.display_name().c_str(), thread_state_name(hovered_segment->state), length,
                      hovered_segment->channel != 0 ? " (on a channel)" : "");
  }
  return stats;
}

}  // namespace brigade::app
