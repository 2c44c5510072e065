// timeline_view.cpp — drawing the timeline with ImGui's draw lists.
#include "timeline_view.hpp"

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
    case ThreadState::Sleeping:
      return dark ? IM_COL32(120, 126, 140, 255) : IM_COL32(160, 165, 175, 255);
    case ThreadState::Done:
      return IM_COL32(0, 0, 0, 0);
  }
  return 0;
}

TimelineStats TimelineView::draw(const RunModel& model, const Palette& palette, Theme theme) {
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
  double now = static_cast<double>(model.now_ns()) / 1e9;
  double run_start = static_cast<double>(model.start_ns()) / 1e9;
  if (fit_) {  // all of the run; while it runs, at most the last 8 s
    double length = std::max(0.02, (now - run_start) * 1.04);
    window_s_ = model.ended() ? length : std::min(8.0, length);
  }
  // Follow the run live; until it has run for a whole window (or panned back to its beginning),
  // the window starts at the run's start.
  double t1 = std::max(now - pan_s_, run_start + window_s_), t0 = t1 - window_s_;
  float x0 = origin.x + label_w, x1 = origin.x + avail.x;
  auto x_of = [&](double t) { return x0 + static_cast<float>((t - t0) / (t1 - t0)) * (x1 - x0); };

  // Lanes: every thread the trace knows, in the order they appeared.
  std::map<std::uint32_t, int> lane_of;
  for (const auto& [id, th] : model.threads()) lane_of[id] = static_cast<int>(lane_of.size());
  stats.lanes = static_cast<int>(lane_of.size());
  // Lanes share the height; with many threads they get thin, and only every k-th is labelled.
  float lane_h = stats.lanes > 0 ? std::clamp(lane_area_h / static_cast<float>(stats.lanes), 3.0f, 28.0f) : 20.0f;
  int label_every = std::max(1, static_cast<int>(std::ceil(ImGui::GetTextLineHeight() / lane_h)));
  for (const auto& [id, th] : model.threads()) {
    int lane = lane_of[id];
    float y = origin.y + static_cast<float>(lane) * lane_h;
    if (lane % label_every == 0) {
      list->AddText(ImVec2(origin.x, y + (lane_h - ImGui::GetTextLineHeight()) * 0.5f), thread_color(th.ordinal, theme),
                    th.display_name().c_str());
    }
    if (lane_h >= 8) list->AddLine(ImVec2(x0, y + lane_h - 1), ImVec2(x1, y + lane_h - 1), palette.muted & 0x40FFFFFF);
  }
  list->PushClipRect(ImVec2(x0, origin.y), ImVec2(x1, origin.y + avail.y), true);
  // Level of detail: a lane gets at most one rectangle per pixel column (a flood of short
  // states would otherwise cost a rectangle each, and software GL pays for every one).
  const Segment* hovered_segment = nullptr;
  std::vector<float> lane_drawn_to(lane_of.size(), -1e9f);
  for (const Segment& s : model.segments()) {
    double start = static_cast<double>(s.start_ns) / 1e9;
    double end = s.end_ns == 0 ? now : static_cast<double>(s.end_ns) / 1e9;
    if (end < t0 || start > t1 || s.state == ThreadState::Done) continue;
    auto lane = lane_of.find(s.thread);
    if (lane == lane_of.end()) continue;
    float y = origin.y + static_cast<float>(lane->second) * lane_h;
    float& drawn_to = lane_drawn_to[static_cast<std::size_t>(lane->second)];
    float xa = std::max({x_of(start), x0, drawn_to}), xb = std::max(x_of(end), xa + 1.0f);
    if (x_of(end) < drawn_to) continue;  // inside a pixel already drawn
    drawn_to = xb;
    float inset = lane_h >= 12 ? 3.0f : 0.5f;
    ImVec2 a(xa, y + inset), b(xb, y + lane_h - inset - (lane_h >= 12 ? 1.0f : 0.0f));
    list->AddRectFilled(a, b, state_color(s.state, theme), xb - xa > 4 ? 2.0f : 0.0f);
    ++stats.segments_drawn;
    if (hovered && ImGui::IsMouseHoveringRect(a, b)) hovered_segment = &s;
  }
  // Send -> receive links: at most one from a lane every 4 pixels, and 600 in all.
  std::vector<float> link_drawn_at(lane_of.size(), -1e9f);
  for (auto it = model.links().rbegin(); it != model.links().rend() && stats.links_drawn < 600; ++it) {
    const Link& l = *it;
    double ts = static_cast<double>(l.sent_ns) / 1e9, tr = static_cast<double>(l.received_ns) / 1e9;
    if (tr < t0 || ts > t1) continue;
    auto from = lane_of.find(l.from_thread), to = lane_of.find(l.to_thread);
    if (from == lane_of.end() || to == lane_of.end()) continue;
    float& last = link_drawn_at[static_cast<std::size_t>(from->second)];
    if (std::fabs(x_of(ts) - last) < 4.0f) continue;
    last = x_of(ts);
    ImVec2 a(x_of(ts), origin.y + (static_cast<float>(from->second) + 0.5f) * lane_h);
    ImVec2 b(x_of(tr), origin.y + (static_cast<float>(to->second) + 0.5f) * lane_h);
    list->AddLine(a, b, palette.ink & 0x80FFFFFF, 1.0f);
    list->AddCircleFilled(a, 2.5f, palette.ink);
    list->AddCircleFilled(b, 2.5f, palette.accent);
    ++stats.links_drawn;
  }
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
  list->PopClipRect();
  list->AddText(ImVec2(origin.x, plot_top + 4), palette.muted, "carousel");
  char span[64];
  std::snprintf(span, sizeof span, "%.2f s real time shown%s", window_s_, fit_ ? "" : " (double-click: fit)");
  list->AddText(ImVec2(x1 - ImGui::CalcTextSize(span).x - 4, origin.y + avail.y - 16), palette.muted, span);
  if (hovered_segment != nullptr) {
    const auto& th = model.threads().at(hovered_segment->thread);
    double length = (static_cast<double>(hovered_segment->end_ns == 0 ? model.now_ns() : hovered_segment->end_ns) -
                     static_cast<double>(hovered_segment->start_ns)) /
                    1e9;
    ImGui::SetTooltip("%s: %s for %.3f s%s", th.display_name().c_str(), thread_state_name(hovered_segment->state), length,
                      hovered_segment->channel != 0 ? " (on a channel)" : "");
  }
  return stats;
}

}  // namespace brigade::app
