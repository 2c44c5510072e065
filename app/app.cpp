// app.cpp — the playground's shell: top bar, program, restaurant, console.
#include "app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace brigade::app {

namespace {
// The tutorial's synchronous example, shown until the editor lands.
constexpr const char* kProgram = R"(use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    // A carousel with one slot: the waiter waits
    // when it is full (backpressure).
    let (tx, rx) = mpsc::sync_channel(1);

    let waiter = thread::spawn(move || {
        tx.send("Message 1").unwrap();
        tx.send("Message 2").unwrap(); // blocks
    });

    thread::sleep(Duration::from_secs(1));
    println!("{}", rx.recv().unwrap());
    thread::sleep(Duration::from_secs(1));
    println!("{}", rx.recv().unwrap());
    waiter.join().unwrap();
}
)";

void label_centered(ImDrawList* list, ImVec2 centre, ImU32 color, const char* text) {
  ImVec2 size = ImGui::CalcTextSize(text);
  list->AddText(ImVec2(centre.x - size.x * 0.5f, centre.y - size.y * 0.5f), color, text);
}
}  // namespace

App::App() {
  trace::install(&ring_);
  feed_ = std::make_unique<Feed>();
  trace::set_thread_muted(true);  // the UI's own channel traffic is not part of the restaurant
}

App::~App() {
  feed_.reset();  // joins the feed's threads while the ring still exists
  trace::install(nullptr);
}

bool App::init_gl(std::string& error) {
  if (!floor_.init(error)) {
    gl_error_ = error;  // the app still runs, with a flat floor, and says why
    std::fprintf(stderr, "brigade: %s\n", error.c_str());
    return false;
  }
  return true;
}

void App::shutdown_gl() {
  floor_.shutdown();
}

bool App::ensure_fonts(float scale) {
  scale = std::clamp(scale, 1.0f, 4.0f);
  if (fonts_.ui != nullptr && std::fabs(fonts_.scale - scale) < 0.01f) return false;
  fonts_ = build_fonts(scale);
  return true;
}

void App::set_system_dark(bool dark) {
  system_dark_ = dark;
  if (!theme_chosen_) theme_ = dark ? Theme::Dark : Theme::Light;
}

void App::frame(double seconds) {
  ++frames_;
  model_.drain(ring_, 20000);  // bounded work per frame, whatever the event rate
  if (auto sample = feed_->poll()) {
    if (sample->tickets_placed != last_.tickets_placed || sample->tickets_cooked != last_.tickets_cooked) {
      char line[160];
      std::snprintf(line, sizeof line, "[%6.2fs] waiter placed %llu, chef cooked %llu, carousel %zu/%zu%s\n",
                    static_cast<double>(sample->time_ms) / 1000.0,
                    static_cast<unsigned long long>(sample->tickets_placed),
                    static_cast<unsigned long long>(sample->tickets_cooked), sample->on_carousel, sample->capacity,
                    sample->waiter_blocked ? "  (full: the waiter waits)" : "");
      console_ += line;
      if (++console_lines_ > 200) {  // keep the console bounded
        console_.erase(0, console_.find('\n') + 1);
        --console_lines_;
      }
    }
    last_ = *sample;
  }
  if (styled_theme_ != theme_) {  // sizes are in UI units: only the theme changes the style
    apply_theme(theme_);
    styled_theme_ = theme_;
  }

  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("Brigade", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  draw_top_bar();
  float avail = ImGui::GetContentRegionAvail().y;
  float console_h = std::max(120.0f, avail * 0.30f);
  float body_h = avail - console_h - ImGui::GetStyle().ItemSpacing.y;
  bool narrow = io.DisplaySize.x < 760.0f;  // phone-size: stack instead of side by side
  if (narrow) {
    draw_restaurant(body_h * 0.55f, seconds);
    draw_program(body_h * 0.45f - ImGui::GetStyle().ItemSpacing.y);
  } else {
    float program_w = std::min(460.0f, io.DisplaySize.x * 0.36f);
    ImGui::BeginChild("program-column", ImVec2(program_w, body_h), false);
    draw_program(body_h);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("restaurant-column", ImVec2(0, body_h), false);
    draw_restaurant(body_h, seconds);
    ImGui::EndChild();
  }
  draw_bottom_panel();
  ImGui::End();
}

void App::draw_top_bar() {
  ImGui::PushFont(fonts_.ui_bold);
  ImGui::TextUnformatted("Brigade");
  ImGui::PopFont();
  if (ImGui::GetIO().DisplaySize.x >= 760.0f) {  // no room for the subtitle on a phone
    ImGui::SameLine();
    ImGui::TextDisabled("Rust channels, made visible: waiters, chefs and the ticket carousel");
  }
  const char* label = theme_ == Theme::Dark ? "Light theme" : "Dark theme";
  float button_w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_w);
  if (ImGui::Button(label)) {
    theme_ = theme_ == Theme::Dark ? Theme::Light : Theme::Dark;
    theme_chosen_ = true;
  }
  ImGui::Separator();
}

void App::draw_program(float height) {
  ImGui::BeginChild("program", ImVec2(0, height), true);
  ImGui::TextDisabled("src/main.rs");
  ImGui::PushFont(fonts_.mono);
  ImGui::TextUnformatted(kProgram);
  ImGui::PopFont();
  ImGui::EndChild();
}

void App::draw_restaurant(float height, double seconds) {
  const Palette& pal = palette(theme_);
  ImGui::BeginChild("restaurant", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar);
  ImDrawList* list = ImGui::GetWindowDrawList();
  ImVec2 min = ImGui::GetWindowPos();
  ImVec2 size = ImGui::GetWindowSize();
  ImVec2 max(min.x + size.x, min.y + size.y);
  floor_.queue(list, min, max, static_cast<float>(seconds), pal);

  float cx = (min.x + max.x) * 0.5f, cy = (min.y + max.y) * 0.5f;
  float unit = std::clamp(std::min(size.x, size.y) / 9.0f, 18.0f, 60.0f);
  // The pass and its carousel: one slot per unit of capacity.
  std::size_t slots = std::max<std::size_t>(last_.capacity, 1);
  float slot_w = unit * 1.1f;
  float rail_w = slot_w * static_cast<float>(slots) + unit * 0.4f;
  ImVec2 rail_min(cx - rail_w * 0.5f, cy - unit * 0.7f), rail_max(cx + rail_w * 0.5f, cy + unit * 0.7f);
  list->AddRectFilled(rail_min, rail_max, pal.carousel, unit * 0.25f);
  for (std::size_t i = 0; i < slots; ++i) {
    ImVec2 a(rail_min.x + unit * 0.2f + slot_w * static_cast<float>(i) + unit * 0.08f, cy - unit * 0.5f);
    ImVec2 b(a.x + slot_w - unit * 0.16f, cy + unit * 0.5f);
    if (i < last_.on_carousel) {
      list->AddRectFilled(a, b, pal.ticket, unit * 0.08f);
      list->AddRect(a, b, pal.ticket_edge, unit * 0.08f, 0, 1.5f);
      char n[24];
      std::snprintf(n, sizeof n, "#%llu",
                    static_cast<unsigned long long>(last_.tickets_cooked + (last_.on_carousel - i)));
      label_centered(list, ImVec2((a.x + b.x) * 0.5f, cy), IM_COL32(40, 32, 20, 255), n);
    } else {
      list->AddRect(a, b, pal.muted, unit * 0.08f, 0, 1.0f);
    }
  }
  label_centered(list, ImVec2(cx, rail_max.y + unit * 0.45f), pal.ink, "the pass: sync_channel(2)");

  // The waiter (dining room, left) and the chef (kitchen, right).
  float bob = std::sin(static_cast<float>(seconds) * 3.0f) * unit * 0.06f;
  ImVec2 waiter(min.x + size.x * 0.2f, cy + bob);
  ImVec2 chef(max.x - size.x * 0.2f, cy - bob);
  const ThreadView* waiter_view = model_.thread_named("waiter");
  const ThreadView* chef_view = model_.thread_named("chef");
  bool waiter_blocked = waiter_view != nullptr && waiter_view->state == ThreadState::BlockedSend;
  bool chef_cooking = chef_view != nullptr && chef_view->state == ThreadState::Sleeping;
  list->AddCircleFilled(waiter, unit * 0.55f, waiter_blocked ? pal.warn : pal.accent, 32);
  label_centered(list, ImVec2(waiter.x, waiter.y + unit * 0.95f), pal.ink, "waiter (sender)");
  if (waiter_blocked) {  // how long the backpressure has held it, from the trace's clock
    char waiting[64];
    std::snprintf(waiting, sizeof waiting, "waiting: carousel full  %.1f s",
                  static_cast<double>(trace::now_ns() - waiter_view->since_ns) / 1e9);
    label_centered(list, ImVec2(waiter.x, waiter.y - unit * 0.95f), pal.warn, waiting);
  }
  list->AddCircleFilled(chef, unit * 0.55f, pal.ok, 32);
  label_centered(list, ImVec2(chef.x, chef.y + unit * 0.95f), pal.ink, "chef (receiver)");
  if (chef_cooking) label_centered(list, ImVec2(chef.x, chef.y - unit * 0.95f), pal.muted, "cooking");
  char stats[96];
  std::snprintf(stats, sizeof stats, "placed %llu   cooked %llu", static_cast<unsigned long long>(last_.tickets_placed),
                static_cast<unsigned long long>(last_.tickets_cooked));
  list->AddText(ImVec2(min.x + unit * 0.3f, min.y + unit * 0.25f), pal.ink, stats);
  if (!gl_error_.empty()) list->AddText(ImVec2(min.x + 8, max.y - 24), pal.warn, gl_error_.c_str());
  ImGui::EndChild();
}

void App::draw_bottom_panel() {
  ImGui::BeginChild("bottom", ImVec2(0, 0), true);
  if (ImGui::BeginTabBar("views")) {
    if (ImGui::BeginTabItem("Timeline")) {
      timeline_stats_ = timeline_.draw(model_, palette(theme_), theme_);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Console")) {
      draw_console();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Channels")) {
      draw_channels();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
}

void App::draw_channels() {
  if (model_.dropped_history() > 0) {
    ImGui::TextDisabled("%llu old events dropped (the history is bounded)",
                        static_cast<unsigned long long>(model_.dropped_history()));
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("channels", 8, flags)) return;
  for (const char* h : {"channel", "kind", "capacity", "len", "peak", "sent", "received", "senders blocked"}) {
    ImGui::TableSetupColumn(h);
  }
  ImGui::TableHeadersRow();
  for (const auto& [id, c] : model_.channels()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("#%u%s", id, c.receiver_gone ? " (closed)" : "");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.kind());
    ImGui::TableNextColumn();
    if (c.capacity) {
      ImGui::Text("%llu", static_cast<unsigned long long>(*c.capacity));
    } else {
      ImGui::TextUnformatted("unbounded");
    }
    for (std::uint64_t v : {c.len, c.peak, c.sent, c.received}) {
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(v));
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.2f s", static_cast<double>(c.blocked_send_ns) / 1e9);
  }
  ImGui::EndTable();
}

void App::draw_console() {
  ImGui::BeginChild("console", ImVec2(0, 0), false);
  ImGui::TextDisabled("Console: the kitchen feed (a background thread, through a brigade channel)");
  ImGui::PushFont(fonts_.mono);
  ImGui::TextUnformatted(console_.c_str());
  ImGui::PopFont();
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

std::string App::state_json() const {
  const ImGuiIO& io = ImGui::GetIO();
  char json[512];
  std::snprintf(json, sizeof json,
                "{\"frames\":%llu,\"theme\":\"%s\",\"width\":%.0f,\"height\":%.0f,\"scale\":%.2f,"
                "\"feed\":{\"received\":%llu,\"tick\":%llu,\"time_ms\":%llu,\"placed\":%llu,\"cooked\":%llu,"
                "\"on_carousel\":%zu,\"capacity\":%zu},\"gl_error\":%s}",
                static_cast<unsigned long long>(frames_), theme_ == Theme::Dark ? "dark" : "light",
                static_cast<double>(io.DisplaySize.x), static_cast<double>(io.DisplaySize.y),
                static_cast<double>(fonts_.scale), static_cast<unsigned long long>(feed_->received()),
                static_cast<unsigned long long>(last_.tick), static_cast<unsigned long long>(last_.time_ms),
                static_cast<unsigned long long>(last_.tickets_placed),
                static_cast<unsigned long long>(last_.tickets_cooked), last_.on_carousel, last_.capacity,
                gl_error_.empty() ? "null" : "\"shader error\"");
  // The threads and channels, as the trace shows them: {"threads":[...],"channels":[...],...}
  std::string model = model_.json();
  std::string out(json);
  out.pop_back();  // '}'
  out += ",\"timeline\":{\"lanes\":" + std::to_string(timeline_stats_.lanes) +
         ",\"segments_drawn\":" + std::to_string(timeline_stats_.segments_drawn) +
         ",\"links_drawn\":" + std::to_string(timeline_stats_.links_drawn) + "}";
  out += "," + model.substr(1);
  return out;
}

}  // namespace brigade::app
