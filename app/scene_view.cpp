// scene_view.cpp — see scene_view.hpp. Everything is drawn with ImGui draw lists on top of the
// floor shader (floor_renderer.cpp), in UI units scaled to the panel.
#include "scene_view.hpp"

#include "label_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace brigade::app {

namespace {

constexpr double kFlightSeconds = 0.45;
constexpr std::size_t kMaxFlights = 48;
constexpr double kBubbleSeconds = 2.5;
constexpr double kLeaveSeconds = 1.5;  // a finished thread fades out over this long
constexpr double kQueueLinger = 0.4;   // a thread that just stopped waiting stays in the queue

ImVec2 lerp(ImVec2 a, ImVec2 b, float t) {
  return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
}

ImU32 with_alpha(ImU32 c, float alpha) {
  auto a = static_cast<unsigned>(std::clamp(alpha, 0.0f, 1.0f) * static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFF));
  return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

std::string preview_text(const trace::Preview& p, std::size_t max_chars) {
  std::string s;
  if (p.type == trace::Preview::Type::Int) {
    s = std::to_string(p.integer);
  } else if (p.type == trace::Preview::Type::Text) {
    s = p.text;
  }
  if (s.size() > max_chars) s = s.substr(0, max_chars - 1) + "…";
  return s;
}

void text_centered(ImDrawList* list, ImVec2 centre, ImU32 col, const std::string& text, float size = 0) {
  ImFont* font = ImGui::GetFont();
  float fs = size > 0 ? size : ImGui::GetFontSize();
  ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0, text.c_str());
  list->AddText(font, fs, ImVec2(centre.x - ts.x * 0.5f, centre.y - ts.y * 0.5f), col, text.c_str());
}

void draw_ticket(ImDrawList* list, ImVec2 centre, float unit, const trace::Preview& p, const Palette& pal, float alpha = 1) {
  ImVec2 half(unit * 0.55f, unit * 0.3f);
  ImVec2 a(centre.x - half.x, centre.y - half.y), b(centre.x + half.x, centre.y + half.y);
  list->AddRectFilled(ImVec2(a.x + 1.5f, a.y + 2), ImVec2(b.x + 1.5f, b.y + 2), with_alpha(IM_COL32(0, 0, 0, 60), alpha), 3);
  list->AddRectFilled(a, b, with_alpha(pal.ticket, alpha), 3);
  list->AddRect(a, b, with_alpha(pal.ticket_edge, alpha), 3, 0, 1.2f);
  std::string label = preview_text(p, 8);
  if (!label.empty()) text_centered(list, centre, with_alpha(IM_COL32(52, 40, 22, 255), alpha), label, unit * 0.3f);
}

std::string seconds_text(std::uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ns) / 1e9);
  return buf;
}

std::string bytes_text(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 10 * 1024) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 10 * 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

}  // namespace

SceneStats SceneView::draw(ImDrawList* list, ImVec2 min, ImVec2 max, const RunModel& model,
                           const std::deque<Bubble>& bubbles, double now, std::uint64_t program_now, const Palette& pal,
                           Theme theme, const StepMarks* marks) {
  labels_.clear();
  SceneStats stats;
  figures_.clear();
  if (model.generation() != seen_generation_) {  // a new run: nothing carries over
    flights_.clear();
    thread_pos_.clear();
    waiting_.clear();
    seen_events_ = 0;
    seen_generation_ = model.generation();
  }
  const float w = max.x - min.x;
  float h = max.y - min.y;
  const float unit = std::clamp(std::min(w / 14.0f, h / 8.0f), 14.0f, 46.0f);
  // A tokio runtime's worker threads are the staff on shift: a band along the bottom, one
  // person per worker; its tasks are the orders they carry (cards, not people). The floor
  // above keeps the passes and everyone else.
  const int workers = model.workers();
  const float staff_y = max.y - unit * 1.45f;
  if (workers > 0) h -= unit * 3.0f;
  auto worker_pos = [&](int k) {
    return ImVec2(min.x + w * (0.3f + 0.55f * (static_cast<float>(k) + 0.5f) / static_cast<float>(workers)), staff_y);
  };
  const float staff_spacing = workers > 0 ? w * 0.55f / static_cast<float>(workers) : w;
  const float card_scale = std::clamp(staff_spacing / (unit * 1.9f), 0.45f, 1.0f);
  stats.workers = workers;
  // After the end the scene holds still: the timers stop where the program stopped (and while
  // it is paused, where program time stands).
  const std::uint64_t trace_now = model.ended() ? model.now_ns() : std::max(program_now, model.now_ns());
  const bool dark = theme == Theme::Dark;
  list->PushClipRect(min, max, true);

  // ---- passes: one per channel, on the counter (the floor's middle), spread vertically.
  std::map<std::uint32_t, ImVec2> pass_pos;
  {
    std::size_t n = model.channels().size(), i = 0;
    for (const auto& [id, c] : model.channels()) {
      float y = min.y + h * static_cast<float>(i + 1) / static_cast<float>(n + 1);
      pass_pos[id] = ImVec2(min.x + w * 0.5f, y);
      ++i;
    }
    stats.passes = static_cast<int>(n);
  }

  // ---- threads: their column by role; blocked ones step up to the pass they wait at.
  // Idle, Waiter, Chef, Stage; and 4: tasks with the staff (carried by a worker, or in line for one)
  std::vector<const ThreadView*> column[5];
  for (const auto& [id, th] : model.threads()) {
    if (th.state == ThreadState::Done && trace_now > th.since_ns &&
        static_cast<double>(trace_now - th.since_ns) / 1e9 > kLeaveSeconds) {
      continue;  // it has left
    }
    const bool with_staff = workers > 0 && th.task && th.state != ThreadState::Done &&
                            ((th.worker >= 0 && th.worker < workers) || th.state == ThreadState::Queued);
    column[with_staff ? 4 : static_cast<int>(th.role())].push_back(&th);
  }
  stats.waiters = static_cast<int>(column[1].size());
  stats.chefs = static_cast<int>(column[2].size());
  stats.stages = static_cast<int>(column[3].size());
  const float column_x[4] = {0.16f, 0.18f, 0.83f, 0.66f};
  // How far each pass reaches to the sides (blocked threads queue just beyond it).
  auto pass_half_width = [&](const ChannelView& c) {
    if (!c.capacity) return unit * 1.8f;
    if (*c.capacity == 0) return unit * 1.4f;
    auto fits = static_cast<std::uint64_t>(std::max(1.0f, w * 0.42f / (unit * 1.25f)));
    return (static_cast<float>(std::min<std::uint64_t>({*c.capacity, 10, fits})) * 1.25f + 0.3f) * unit * 0.5f;
  };
  std::map<std::uint32_t, ImVec2> target;
  std::map<std::pair<std::uint32_t, int>, int> queued;  // (channel, side) -> threads waiting there
  std::map<std::uint32_t, float> figure_scale;          // crowded columns draw smaller figures
  for (int r = 0; r < 4; ++r) {
    // Idle threads share the dining room with the waiters (below them).
    std::size_t n = column[r].size() + (r == 0 ? column[1].size() : r == 1 ? column[0].size() : 0);
    std::size_t offset = r == 0 ? column[1].size() : 0;
    // Smaller as the column fills: by count, and by the room each figure and its label have.
    const float room = h / static_cast<float>(n + 1) / (unit * 1.9f);
    float scale = std::clamp(std::min(7.0f / static_cast<float>(std::max<std::size_t>(n, 1)), room), 0.45f, 1.0f);
    for (std::size_t i = 0; i < column[r].size(); ++i) {
      const ThreadView& th = *column[r][i];
      float y = min.y + h * static_cast<float>(offset + i + 1) / static_cast<float>(n + 1);
      ImVec2 t(min.x + w * column_x[r], y);
      figure_scale[th.id] = scale;
      // Where it waits: blocked now, or within the last moments (a thread that blocks on every
      // other message stays in the queue instead of jumping back and forth each frame).
      int side = th.state == ThreadState::BlockedSend ? -1 : th.state == ThreadState::BlockedRecv ? 1 : 0;
      Waiting& waiting = waiting_[th.id];
      if (side != 0) waiting = Waiting{th.channel, side, now};
      if (side == 0 && th.state != ThreadState::Done && now - waiting.seen < kQueueLinger) side = waiting.side;
      auto pass = pass_pos.find(side != 0 ? waiting.channel : 0);
      if (pass != pass_pos.end() && side != 0) {
        // Waiting at the pass: a queue beside it, three deep, growing away from the counter.
        const ChannelView& c = model.channels().at(waiting.channel);
        int k = queued[{waiting.channel, side}]++;
        int col = k / 3, row = k % 3;
        float step = unit * 1.15f * std::max(scale, 0.6f);
        const float card = th.task && workers > 0 ? unit * 0.7f : 0.0f;  // an order card is wider than a person
        float x = pass->second.x + static_cast<float>(side) * (pass_half_width(c) + unit * 1.5f + card + static_cast<float>(col) * (step + card));
        float dy = row == 0 ? 0.0f : (row == 1 ? -step : step);
        t = ImVec2(std::clamp(x, min.x + unit * 2.5f, max.x - unit * 2.5f), pass->second.y + dy);
        if (k >= 3) figure_scale[th.id] = std::min(scale, 0.6f);
      }
      target[th.id] = t;
    }
  }
  // Tasks with the staff: carried above their worker (even one whose std blocking call keeps
  // the worker), or in line for a worker at the staff's left, three to a row.
  {
    int k = 0;
    for (const ThreadView* tp : column[4]) {
      const ThreadView& th = *tp;
      if (th.worker >= 0 && th.worker < workers) {
        target[th.id] = ImVec2(worker_pos(th.worker).x, staff_y - unit * 1.3f * card_scale);
        figure_scale[th.id] = card_scale;
      } else {
        target[th.id] = ImVec2(min.x + unit * (0.9f + 1.4f * static_cast<float>(k % 3)),
                               staff_y - unit * 0.3f - unit * 1.0f * static_cast<float>(k / 3));
        figure_scale[th.id] = 0.8f;
        ++k;
      }
    }
  }
  // Glide towards the targets (frame-rate independent enough at 30–120 fps).
  for (auto& [id, t] : target) {
    auto it = thread_pos_.find(id);
    if (it == thread_pos_.end()) {
      thread_pos_[id] = t;
    } else {
      it->second = lerp(it->second, t, 0.18f);
    }
  }

  // ---- new events become tickets in flight.
  if (model.applied() > seen_events_) {
    std::uint64_t fresh = std::min<std::uint64_t>(model.applied() - seen_events_, model.history().size());
    fresh = std::min<std::uint64_t>(fresh, 64);
    for (auto it = model.history().end() - static_cast<std::ptrdiff_t>(fresh); it != model.history().end(); ++it) {
      const trace::Event& e = *it;
      auto pass = pass_pos.find(e.channel);
      auto who = thread_pos_.find(e.thread);
      if (pass == pass_pos.end() || who == thread_pos_.end()) continue;
      if (e.kind == trace::Kind::SendDone) {
        flights_.push_back(Flight{who->second, pass->second, now, e.preview});
      } else if (e.kind == trace::Kind::RecvDone || e.kind == trace::Kind::Handoff) {
        flights_.push_back(Flight{pass->second, who->second, now, e.preview});
      }
    }
    seen_events_ = model.applied();
    if (flights_.size() > kMaxFlights) flights_.erase(flights_.begin(), flights_.end() - kMaxFlights);
  }

  // ---- draw the passes.
  for (const auto& [id, c] : model.channels()) {
    ImVec2 p = pass_pos[id];
    std::string title;
    if (c.tokio) {  // tokio::sync::mpsc
      title = c.capacity ? "channel(" + std::to_string(*c.capacity) + ") tokio" : "unbounded_channel() tokio";
    } else if (!c.capacity) {
      title = "channel()";
    } else {
      title = "sync_channel(" + std::to_string(*c.capacity) + ")";
    }
    char head[96];
    std::snprintf(head, sizeof head, "#%u %s", c.number, title.c_str());
    if (c.capacity && *c.capacity == 0) {
      // A handshake at the pass: no slots; a blocked waiter holds its ticket out.
      list->AddRectFilled(ImVec2(p.x - unit * 1.4f, p.y - unit * 0.55f), ImVec2(p.x + unit * 1.4f, p.y + unit * 0.55f),
                          with_alpha(pal.carousel, 0.9f), unit * 0.3f);
      list->AddCircle(ImVec2(p.x - unit * 0.25f, p.y), unit * 0.3f, pal.ink, 24, 1.5f);
      list->AddCircle(ImVec2(p.x + unit * 0.25f, p.y), unit * 0.3f, pal.ink, 24, 1.5f);
      label(ImVec2(p.x, p.y + unit * 0.9f), pal.ink, std::string(head) + "  hand-off, no slots", unit * 0.36f);
    } else if (c.capacity) {
      std::uint64_t cap = *c.capacity;
      std::uint64_t fits = static_cast<std::uint64_t>(std::max(1.0f, w * 0.42f / (unit * 1.25f)));
      std::uint64_t shown = std::min<std::uint64_t>({cap, 10, fits});
      float slot_w = unit * 1.25f;
      float rail_w = slot_w * static_cast<float>(shown) + unit * 0.3f;
      ImVec2 a(p.x - rail_w * 0.5f, p.y - unit * 0.5f), b(p.x + rail_w * 0.5f, p.y + unit * 0.5f);
      list->AddRectFilled(a, b, pal.carousel, unit * 0.25f);
      // Slots fill from the chef's side: the oldest ticket is the rightmost.
      std::uint64_t filled = cap <= shown ? c.len : (c.len * shown + cap - 1) / cap;
      for (std::uint64_t s = 0; s < shown; ++s) {
        ImVec2 centre(b.x - unit * 0.15f - slot_w * (static_cast<float>(s) + 0.5f), p.y);
        if (s < filled) {
          std::size_t k = static_cast<std::size_t>(s);
          trace::Preview preview = k < c.tickets.size() ? c.tickets[k] : trace::Preview{};
          draw_ticket(list, centre, unit, cap <= shown ? preview : trace::Preview{}, pal);
          ++stats.tickets_drawn;
        } else {
          list->AddRect(ImVec2(centre.x - unit * 0.53f, centre.y - unit * 0.28f), ImVec2(centre.x + unit * 0.53f, centre.y + unit * 0.28f),
                        with_alpha(pal.muted, 0.6f), 3, 0, 1.0f);
        }
      }
      char line[160];
      std::snprintf(line, sizeof line, "%s   %llu/%llu%s", head, static_cast<unsigned long long>(c.len),
                    static_cast<unsigned long long>(cap), c.len >= cap ? "  full" : "");
      label(ImVec2(p.x, b.y + unit * 0.4f), c.len >= cap ? pal.warn : pal.ink, line, unit * 0.36f);
    } else {
      // Unbounded: a pile that keeps growing, and what it costs.
      std::uint64_t n = std::min<std::uint64_t>(c.len, 24);
      for (std::uint64_t k = 0; k < n; ++k) {
        float col = static_cast<float>(k % 6), row = static_cast<float>(k / 6);
        ImVec2 centre(p.x - unit * 1.5f + col * unit * 0.6f, p.y + unit * 0.1f - row * unit * 0.3f);
        std::size_t idx = static_cast<std::size_t>(k);
        draw_ticket(list, centre, unit * 0.8f, idx < c.tickets.size() ? c.tickets[idx] : trace::Preview{}, pal);
        ++stats.tickets_drawn;
      }
      if (n == 0) {
        list->AddRect(ImVec2(p.x - unit * 1.6f, p.y - unit * 0.35f), ImVec2(p.x + unit * 1.6f, p.y + unit * 0.35f),
                      with_alpha(pal.muted, 0.6f), unit * 0.2f, 0, 1.0f);
      }
      // The memory gauge, on a log scale up to 1M tickets.
      float fill = static_cast<float>(std::log2(1.0 + static_cast<double>(c.len)) / std::log2(1.0 + 1e6));
      bool growing = c.len >= 32;
      ImVec2 ga(p.x - unit * 1.8f, p.y + unit * 0.6f), gb(p.x + unit * 1.8f, p.y + unit * 0.78f);
      list->AddRectFilled(ga, gb, with_alpha(pal.muted, 0.35f), 3);
      list->AddRectFilled(ga, ImVec2(ga.x + (gb.x - ga.x) * std::clamp(fill, 0.0f, 1.0f), gb.y), growing ? pal.warn : pal.ok, 3);
      char line[160];
      std::snprintf(line, sizeof line, "%s   %llu tickets, ~%s%s", head, static_cast<unsigned long long>(c.len),
                    bytes_text(c.approx_bytes()).c_str(), growing ? "  — backlog growing!" : "");
      label(ImVec2(p.x, gb.y + unit * 0.4f), growing ? pal.warn : pal.ink, line, unit * 0.36f);
    }
    if (c.receiver_gone) {
      ImU32 red = dark ? IM_COL32(255, 95, 95, 230) : IM_COL32(200, 40, 40, 230);
      list->AddLine(ImVec2(p.x - unit * 1.2f, p.y - unit * 0.6f), ImVec2(p.x + unit * 1.2f, p.y + unit * 0.6f), red, 3);
      list->AddLine(ImVec2(p.x - unit * 1.2f, p.y + unit * 0.6f), ImVec2(p.x + unit * 1.2f, p.y - unit * 0.6f), red, 3);
      label(ImVec2(p.x, p.y - unit * 0.95f), red, "closed: the receiver was dropped", unit * 0.34f);
    } else if (c.senders_gone) {
      label(ImVec2(p.x, p.y - unit * 0.95f), pal.muted, "every sender has left", unit * 0.34f);
    }
  }

  // ---- the staff: each worker thread, the task it carries, and whether that task keeps it
  // stuck (a std blocking call inside a task: the worker stands still with its order).
  if (workers > 0) {
    std::vector<const ThreadView*> carried(static_cast<std::size_t>(workers), nullptr);
    for (const auto& [id, th] : model.threads()) {
      if (th.task && th.worker >= 0 && th.worker < workers && th.state != ThreadState::Done) {
        carried[static_cast<std::size_t>(th.worker)] = &th;
      }
    }
    list->AddLine(ImVec2(min.x + unit * 0.5f, staff_y - unit * 2.35f), ImVec2(max.x - unit * 0.5f, staff_y - unit * 2.35f),
                  with_alpha(pal.muted, 0.35f), 1.0f);
    list->AddText(ImGui::GetFont(), unit * 0.32f, ImVec2(min.x + unit * 0.4f, staff_y - unit * 2.3f), pal.muted,
                  "staff on shift · the runtime's worker threads");
    std::size_t in_line = 0;
    for (const ThreadView* tp : column[4]) in_line += tp->worker < 0 ? 1 : 0;
    if (in_line > 0) {
      std::string caption = std::to_string(in_line) + (in_line == 1 ? " order" : " orders") + " in line for a worker";
      list->AddText(ImGui::GetFont(), unit * 0.3f, ImVec2(min.x + unit * 0.4f, staff_y + unit * 0.3f), pal.warn, caption.c_str());
    }
    const float rad = unit * 0.4f * std::max(card_scale, 0.6f);
    for (int k = 0; k < workers; ++k) {
      ImVec2 p = worker_pos(k);
      const ThreadView* task = carried[static_cast<std::size_t>(k)];
      const bool stuck = task != nullptr && task->state != ThreadState::Running && task->state != ThreadState::Queued;
      ImU32 body = dark ? IM_COL32(222, 170, 92, 255) : IM_COL32(196, 128, 40, 255);
      list->AddCircleFilled(ImVec2(p.x + 2, p.y + 3), rad, IM_COL32(0, 0, 0, 70), 28);
      list->AddCircleFilled(p, rad, task ? body : with_alpha(body, 0.45f), 28);
      // An apron: the worker's mark (a waiter has a tray, a chef a toque).
      list->AddRectFilled(ImVec2(p.x - rad * 0.45f, p.y + rad * 0.05f), ImVec2(p.x + rad * 0.45f, p.y + rad * 0.75f),
                          IM_COL32(250, 250, 247, task ? 230 : 110), rad * 0.15f);
      if (stuck) list->AddCircle(p, rad + 3.5f, pal.warn, 28, 3.0f);
      std::string label = "worker " + std::to_string(k + 1);
      std::string status = !task ? "free" : stuck ? "stuck: a blocking call in " + task->display_name()
                                               : "runs " + task->display_name();
      if (card_scale >= 0.7f) {
        this->label(ImVec2(p.x, p.y + rad + unit * 0.28f), pal.ink, label, unit * 0.3f, status, stuck ? pal.warn : pal.muted,
                    unit * 0.28f);
      } else {
        this->label(ImVec2(p.x, p.y + rad + unit * 0.28f), stuck ? pal.warn : pal.ink, std::to_string(k + 1), unit * 0.3f);
      }
      if (task) {  // the order in its hand
        auto at = thread_pos_.find(task->id);
        if (at != thread_pos_.end()) {
          list->AddLine(ImVec2(p.x, p.y - rad), ImVec2(at->second.x, at->second.y + unit * 0.3f), with_alpha(pal.ink, 0.5f), 1.5f);
        }
      }
    }
  }

  // ---- draw the threads (and the tasks, as order cards).
  for (int r = 0; r < 5; ++r) {
    for (const ThreadView* tp : column[r]) {
      const ThreadView& th = *tp;
      ImVec2 p = thread_pos_[th.id];
      float alpha = 1.0f;
      if (th.state == ThreadState::Done) {
        alpha = 1.0f - static_cast<float>(static_cast<double>(trace_now - th.since_ns) / 1e9 / kLeaveSeconds);
        p.y += (1.0f - alpha) * unit;  // walking out
      }
      Role role = th.role();
      ImU32 body = role == Role::Waiter ? pal.accent
                   : role == Role::Chef ? pal.ok
                   : role == Role::Stage ? (dark ? IM_COL32(176, 132, 255, 255) : IM_COL32(126, 82, 214, 255))
                                         : pal.muted;
      float scale = figure_scale.count(th.id) ? figure_scale[th.id] : 1.0f;
      float rad = unit * 0.42f * scale;
      float reach = rad;  // how far from its centre a click still picks it
      if (th.task && workers > 0) {
        // An order, not a person: a card with its number; the role's colour down its side.
        ++stats.orders;
        const float cw = unit * 0.75f * scale, chh = unit * 0.45f * scale;
        ImU32 paper = dark ? IM_COL32(245, 242, 232, 255) : IM_COL32(255, 253, 245, 255);
        list->AddRectFilled(ImVec2(p.x - cw + 2, p.y - chh + 3), ImVec2(p.x + cw + 2, p.y + chh + 3),
                            with_alpha(IM_COL32(0, 0, 0, 70), alpha), unit * 0.1f);
        list->AddRectFilled(ImVec2(p.x - cw, p.y - chh), ImVec2(p.x + cw, p.y + chh), with_alpha(paper, alpha), unit * 0.1f);
        list->AddRectFilled(ImVec2(p.x - cw, p.y - chh), ImVec2(p.x - cw + unit * 0.16f * scale, p.y + chh), with_alpha(body, alpha),
                            unit * 0.1f, ImDrawFlags_RoundCornersLeft);
        std::string number = th.display_name();
        if (number.rfind("task ", 0) == 0) number = "#" + number.substr(5);
        text_centered(list, ImVec2(p.x + unit * 0.08f * scale, p.y), with_alpha(IM_COL32(30, 32, 38, 255), alpha), number,
                      unit * 0.34f * std::max(scale, 0.75f));
        rad = chh;  // the label goes under the card
        reach = cw;
      } else {
        list->AddCircleFilled(ImVec2(p.x + 2, p.y + 3), rad, with_alpha(IM_COL32(0, 0, 0, 70), alpha), 28);
        list->AddCircleFilled(p, rad, with_alpha(body, alpha), 28);
        if (role == Role::Chef || role == Role::Stage) {  // a toque
          list->AddRectFilled(ImVec2(p.x - rad * 0.55f, p.y - rad * 1.55f), ImVec2(p.x + rad * 0.55f, p.y - rad * 0.8f),
                              with_alpha(IM_COL32(250, 250, 250, 255), alpha), rad * 0.25f);
        } else if (role == Role::Waiter) {  // a tray
          list->AddLine(ImVec2(p.x + rad * 0.6f, p.y - rad * 0.9f), ImVec2(p.x + rad * 1.6f, p.y - rad * 0.9f),
                        with_alpha(pal.ink, alpha), 2.5f);
        }
      }
      ImU32 ring = 0;
      std::string status;
      std::uint64_t waited = trace_now > th.since_ns ? trace_now - th.since_ns : 0;
      const ChannelView* ch = nullptr;
      if (auto it = model.channels().find(th.channel); it != model.channels().end()) ch = &it->second;
      switch (th.state) {
        case ThreadState::BlockedSend:
          ring = pal.warn;
          status = ch && ch->capacity && *ch->capacity == 0 ? "waits at the pass " + seconds_text(waited)
                                                             : "carousel full: waits " + seconds_text(waited);
          break;
        case ThreadState::BlockedRecv:
          ring = pal.accent;
          status = "waits for a ticket " + seconds_text(waited);
          break;
        case ThreadState::Sleeping:
          status = role == Role::Chef || role == Role::Stage ? "cooking…" : "on a break";
          break;
        case ThreadState::Queued:
          status = "waits for a free worker " + seconds_text(waited);
          break;
        case ThreadState::BlockedJoin: {
          auto joined = model.threads().find(th.joining);
          status = "waits for " + (joined != model.threads().end() ? joined->second.display_name() : std::string("a thread")) +
                   " to finish";
          break;
        }
        case ThreadState::BlockedLock:
          status = "waits for a lock " + seconds_text(waited);
          break;
        case ThreadState::BlockedSync:
          status = th.sync == SyncWait::Condvar   ? "waits for a nudge (Condvar) " + seconds_text(waited)
                   : th.sync == SyncWait::Barrier ? "waits for the others (Barrier) " + seconds_text(waited)
                                                  : "parked, until someone unparks it";
          break;
        case ThreadState::Done:
          status = th.panicked ? "panicked" : "left";
          if (th.panicked) ring = dark ? IM_COL32(255, 95, 95, 255) : IM_COL32(200, 40, 40, 255);
          break;
        case ThreadState::Running:
          break;
      }
      if (ring != 0 && th.task && workers > 0) {
        const float cw = unit * 0.75f * scale, chh = unit * 0.45f * scale;
        list->AddRect(ImVec2(p.x - cw - 3, p.y - chh - 3), ImVec2(p.x + cw + 3, p.y + chh + 3), with_alpha(ring, alpha), unit * 0.14f, 0, 2.5f);
      } else if (ring != 0) {
        list->AddCircle(p, rad + 3.5f, with_alpha(ring, alpha), 28, 3.0f);
      }
      figures_.push_back(Figure{th.ordinal, p, std::max(rad, reach) + 6.0f});
      if (marks != nullptr) {  // stepping: "could go next", with the key that picks it
        auto at = std::find(marks->candidates.begin(), marks->candidates.end(), th.ordinal);
        if (at != marks->candidates.end()) {
          const bool proposed = th.ordinal == marks->proposed;
          const float pulse = 0.5f + 0.5f * static_cast<float>(std::sin(now * 5.0));
          list->AddCircle(p, rad + 7.0f + pulse * 2.0f, proposed ? pal.ink : pal.accent, 32, proposed ? 3.0f : 2.0f);
          auto key = static_cast<std::size_t>(at - marks->candidates.begin()) + 1;
          std::string badge = key <= 9 ? std::to_string(key) : std::string("·");
          ImVec2 c(p.x + rad * 0.95f, p.y - rad * 0.95f);
          list->AddCircleFilled(c, unit * 0.26f, proposed ? pal.ink : pal.accent, 20);
          text_centered(list, c, dark ? IM_COL32(20, 22, 28, 255) : IM_COL32(255, 255, 255, 255),
                        badge, unit * 0.3f);
          ++stats.candidates_marked;
        }
      }
      if (th.state == ThreadState::BlockedSend && ch && ch->capacity && *ch->capacity == 0) {
        draw_ticket(list, ImVec2(p.x + rad * 1.9f, p.y), unit * 0.8f, trace::Preview{}, pal, alpha);  // held out
      }
      // In a crowd, the number only (the timeline and the console name them in full); a card
      // with the staff shows its number itself.
      const bool card_with_staff = r == 4;
      std::string label = scale < 0.7f ? std::to_string(th.ordinal) : th.display_name() + " · " + role_name(role);
      const bool card_numbered = th.task && workers > 0 && scale < 0.7f;  // its card says "#N" already
      const bool with_status = !status.empty() && scale >= 0.7f && !card_with_staff;
      if (!card_with_staff && !card_numbered) {
        this->label(ImVec2(p.x, p.y + rad + unit * 0.32f * scale), with_alpha(pal.ink, alpha), label,
                    unit * 0.34f * std::max(scale, 0.75f), with_status ? status : std::string(),
                    with_alpha(ring != 0 ? ring : pal.muted, alpha), unit * 0.32f);
      } else if (with_status) {
        this->label(ImVec2(p.x, p.y + rad + unit * 0.7f), with_alpha(ring != 0 ? ring : pal.muted, alpha), status, unit * 0.32f);
      }
    }
  }

  draw_labels(list, min, max, stats);

  // ---- speech bubbles: each thread's latest println! line, for a few seconds.
  std::map<std::uint32_t, const Bubble*> latest;
  for (const Bubble& b : bubbles) {
    if (now - b.shown_at < kBubbleSeconds) latest[b.thread] = &b;
  }
  for (const auto& [thread, b] : latest) {
    auto it = thread_pos_.find(thread);
    if (it == thread_pos_.end() || !target.count(thread)) continue;
    std::string text = b->text.size() > 38 ? b->text.substr(0, 37) + "…" : b->text;
    float fs = unit * 0.34f;
    ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(fs, 1e9f, 0, text.c_str());
    float alpha = static_cast<float>(std::min(1.0, (kBubbleSeconds - (now - b->shown_at)) / 0.4));
    ImVec2 tip(it->second.x, it->second.y - unit * 0.75f);
    ImVec2 a(tip.x - ts.x * 0.5f - 8, tip.y - ts.y - 16), bb(tip.x + ts.x * 0.5f + 8, tip.y - 6);
    if (a.x < min.x + 4) {
      bb.x += min.x + 4 - a.x;
      a.x = min.x + 4;
    }
    if (bb.x > max.x - 4) {
      a.x -= bb.x - (max.x - 4);
      bb.x = max.x - 4;
    }
    ImU32 paper = dark ? IM_COL32(250, 250, 247, 240) : IM_COL32(255, 255, 255, 250);
    list->AddRectFilled(a, bb, with_alpha(paper, alpha), 8);
    list->AddTriangleFilled(ImVec2(tip.x - 6, bb.y), ImVec2(tip.x + 6, bb.y), ImVec2(tip.x, tip.y + 2), with_alpha(paper, alpha));
    list->AddText(ImGui::GetFont(), fs, ImVec2(a.x + 8, a.y + 5), with_alpha(IM_COL32(30, 32, 38, 255), alpha), text.c_str());
    ++stats.bubbles;
  }

  // ---- tickets in flight.
  for (auto it = flights_.begin(); it != flights_.end();) {
    double t = (now - it->start) / kFlightSeconds;
    if (t >= 1.0) {
      it = flights_.erase(it);
      continue;
    }
    float e = static_cast<float>(t * t * (3 - 2 * t));  // ease in and out
    ImVec2 pos = lerp(it->from, it->to, e);
    pos.y -= std::sin(e * 3.14159f) * unit * 0.8f;  // a little arc
    draw_ticket(list, pos, unit * 0.85f, it->preview, pal);
    ++stats.flights;
    ++it;
  }

  if (model.threads().empty()) {
    text_centered(list, ImVec2(min.x + w * 0.5f, min.y + h * 0.5f), pal.muted,
                  "Press Run (Ctrl+Enter): each thread appears here as a waiter or a chef", unit * 0.42f);
  }
  list->PopClipRect();
  return stats;
}

void SceneView::label(ImVec2 centre, ImU32 colour, std::string text, float size, std::string second, ImU32 second_colour,
                      float second_size) {
  labels_.push_back(Label{centre, std::move(text), colour, size, std::move(second), second_colour, second_size});
}

// Every label of the frame, each moved off those before it and into the panel, then drawn.
void SceneView::draw_labels(ImDrawList* list, ImVec2 min, ImVec2 max, SceneStats& stats) {
  ImFont* font = ImGui::GetFont();
  std::vector<LabelRect> boxes;
  std::vector<ImVec2> firsts, seconds;
  boxes.reserve(labels_.size());
  for (const Label& l : labels_) {
    ImVec2 a = font->CalcTextSizeA(l.size, 1e9f, 0, l.text.c_str());
    ImVec2 b = l.second.empty() ? ImVec2(0, 0) : font->CalcTextSizeA(l.second_size, 1e9f, 0, l.second.c_str());
    firsts.push_back(a);
    seconds.push_back(b);
    const float w = std::max(a.x, b.x), h = a.y + b.y;
    boxes.push_back(LabelRect{l.centre.x - w * 0.5f, l.centre.y - a.y * 0.5f, l.centre.x + w * 0.5f, l.centre.y - a.y * 0.5f + h});
  }
  const LabelRect panel{min.x + 2, min.y + 2, max.x - 2, max.y - 2};
  place_labels(boxes, panel);
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    const Label& l = labels_[i];
    const float cx = (boxes[i].x0 + boxes[i].x1) * 0.5f;
    list->AddText(font, l.size, ImVec2(cx - firsts[i].x * 0.5f, boxes[i].y0), l.colour, l.text.c_str());
    if (!l.second.empty()) {
      list->AddText(font, l.second_size, ImVec2(cx - seconds[i].x * 0.5f, boxes[i].y0 + firsts[i].y), l.second_colour,
                    l.second.c_str());
    }
    for (std::size_t j = 0; j < i; ++j) stats.label_overlaps += boxes[i].intersects(boxes[j]) ? 1 : 0;
    stats.labels_outside += boxes[i].inside(panel) ? 0 : 1;
  }
  stats.labels = static_cast<int>(labels_.size());
}

std::optional<std::uint32_t> SceneView::thread_at(ImVec2 point) const {
  for (const Figure& f : figures_) {
    float dx = point.x - f.centre.x, dy = point.y - f.centre.y;
    if (dx * dx + dy * dy <= f.radius * f.radius) return f.ordinal;
  }
  return std::nullopt;
}

}  // namespace brigade::app
