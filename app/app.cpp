// app.cpp — the playground's shell: top bar (examples, run controls, capacity switch), the
// editor, the restaurant, and the bottom panel (timeline, console, channels, problems).
#include "app.hpp"

#include "describe.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <thread>

#include <brigade/lang/compiler.hpp>
#include <brigade/lang/explore.hpp>

#include "examples.hpp"
#include "source_tools.hpp"

namespace brigade::app {

namespace {
constexpr std::size_t kConsoleLines = 5000;  // the console keeps the newest lines
constexpr double kMinSpeed = 0.25, kMaxSpeed = 8.0;  // the UI's slider; automation may go further

// Limits for programs run from the playground (DESIGN.md): the defaults, plus a time limit so a
// forgotten busy loop does not run all day.
// Without threads, the run (and an exploration) take this much of each frame, on the UI thread:
// at 60 frames a second the rest of a frame's 16.7 ms stays the UI's.
constexpr std::chrono::milliseconds kSliceOfFrame{6};

lang::RunLimits playground_limits() {
  lang::RunLimits limits;
  limits.max_seconds = 600;
  return limits;
}

// What runs, in words, for the status line: "real threads" or "virtual time, seed 3".
std::string mode_words(const RunMode& mode) {
  if (!mode.virtual_time) return "real threads";
  if (mode.stepping) return mode.schedule.empty() ? "virtual time, you choose (seed " + std::to_string(mode.seed) + " proposes)"
                                                  : std::string("virtual time, you choose (a schedule proposes)");
  return mode.schedule.empty() ? "virtual time, seed " + std::to_string(mode.seed) : std::string("virtual time, replaying a schedule");
}

std::string outcome_name(lang::RunResult::Outcome o) {
  using O = lang::RunResult::Outcome;
  switch (o) {
    case O::Finished:
      return "finished";
    case O::Panicked:
      return "panicked";
    case O::Exited:
      return "exited";
    case O::Deadlock:
      return "deadlock";
    case O::LimitReached:
      return "limit";
    case O::Stopped:
      return "stopped";
    case O::StackOverflow:
      return "stack-overflow";
  }
  return "?";
}

// "src/main.rs:12:5" inside a line of stderr: where a panic or a deadlock points.
bool source_location(std::string_view text, std::uint32_t& line, std::uint32_t& column) {
  auto at = text.find("src/main.rs:");
  if (at == std::string_view::npos) return false;
  unsigned l = 0, c = 0;
  std::string rest(text.substr(at + 12, 24));
  if (std::sscanf(rest.c_str(), "%u:%u", &l, &c) != 2) return false;
  line = l;
  column = c;
  return true;
}

void status_dot(ImU32 color) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float h = ImGui::GetFrameHeight();
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 6, p.y + h * 0.5f), 5, color, 16);
  ImGui::Dummy(ImVec2(14, h));
}
}  // namespace

App::App(Threading threading) : session_(playground_limits(), /*background_priority=*/true, threading) {
  set_mode(mode_);  // without threads: virtual time
  trace::install(&ring_);
  trace::set_thread_muted(true);  // the UI's own channel traffic is not part of the restaurant
  load_example(examples().front().id);
}

App::~App() {
  trace::install(nullptr);
}

bool App::explore_start(std::size_t max_schedules) {
  std::unique_lock lock(exploring_->mutex, std::try_to_lock);
  if (!lock.owns_lock() || exploring_->running) return false;  // one is under way: its result comes
  exploring_->result.clear();
  exploring_->exploration.reset();
  exploring_->running = true;
  lang::ExploreOptions options;
  options.max_schedules = max_schedules;
  options.limits = playground_limits();
  if (!threads_available()) {  // here, a piece each frame (advance_exploration)
    lang::Source source("src/main.rs", editor_.text());
    lang::Diagnostics diagnostics;
    if (auto module = lang::compile_source(source, diagnostics)) {
      explorer_ = std::make_unique<lang::Explorer>(module, options);
    } else {
      exploring_->result = "{\"error\":" + json_string(diagnostics.render(source)) + "}";
      exploring_->running = false;
    }
    return true;
  }
  // Compiling too happens there, off the UI thread (as the session's runs do).
  std::thread([shared = exploring_, text = editor_.text(), options] {
    lang::Source source("src/main.rs", text);
    lang::Diagnostics diagnostics;
    std::string json;
    std::optional<lang::Exploration> e;
    if (auto module = lang::compile_source(source, diagnostics)) {
      e = lang::explore(module, options);
      json = lang::exploration_json(*e);
    } else {
      json = "{\"error\":" + json_string(diagnostics.render(source)) + "}";
    }
    std::lock_guard done(shared->mutex);
    shared->result = std::move(json);
    shared->exploration = std::move(e);
    shared->running = false;
  }).detach();
  return true;
}

void App::advance_exploration() {
  if (!explorer_ || !explorer_->advance(kSliceOfFrame)) return;
  std::lock_guard lock(exploring_->mutex);  // nobody else holds it: there is no other thread
  exploring_->exploration = explorer_->result();
  exploring_->result = lang::exploration_json(*exploring_->exploration);
  exploring_->running = false;
  explorer_.reset();
}

std::string App::explore_result() {
  std::unique_lock lock(exploring_->mutex, std::try_to_lock);  // the main thread never waits
  return lock.owns_lock() && !exploring_->running ? exploring_->result : std::string();
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

void App::set_theme(Theme theme) {
  theme_ = theme;
  theme_chosen_ = true;
}

// ---------------------------------------------------------------- automation

void App::load(std::string source) {
  editor_.set_text(std::move(source));
  example_id_.clear();
}

bool App::load_example(std::string_view id) {
  const Example* e = find_example(id);
  if (e == nullptr) return false;
  std::optional<std::string> kept = keeper_ != nullptr ? keeper_->kept(id) : std::nullopt;
  kept_text_ = kept ? std::move(*kept) : std::string(e->source);
  editor_.set_text(kept_text_);
  example_id_ = std::string(id);
  return true;
}

void App::reset_example() {
  const Example* e = find_example(example_id_);
  if (e == nullptr) return;
  if (keeper_ != nullptr) keeper_->forget(example_id_);
  kept_text_ = std::string(e->source);
  editor_.set_text(kept_text_);
}

bool App::example_edited() const {
  const Example* e = find_example(example_id_);
  return e != nullptr && editor_.text() != e->source;
}

void App::set_keeper(Keeper* keeper) {
  keeper_ = keeper;
  if (keeper_ == nullptr || example_id_.empty()) return;
  if (auto kept = keeper_->kept(example_id_); kept && !example_edited()) {  // the page opened on it
    kept_text_ = std::move(*kept);
    editor_.set_text(kept_text_);
  }
}

void App::keep_edits() {
  if (keeper_ == nullptr || example_id_.empty() || editor_.text() == kept_text_) return;
  kept_text_ = editor_.text();
  if (example_edited()) {
    keeper_->keep(example_id_, kept_text_);
  } else {
    keeper_->forget(example_id_);  // edited back to the original
  }
}

void App::run(std::optional<double> speed, Capacity capacity) {
  if (speed && *speed > 0) speed_ = *speed;
  capacity_ = capacity;
  if (capacity.kind != Capacity::Kind::AsWritten) {
    // The learner sees what runs: the editor shows the rewritten constructors.
    auto rewritten = switch_capacity(editor_.text(), capacity.kind == Capacity::Kind::Unbounded
                                                         ? std::nullopt
                                                         : std::optional<std::size_t>(capacity.bound));
    if (rewritten.source != editor_.text()) {
      std::string keep = example_id_;
      editor_.set_text(std::move(rewritten.source));
      example_id_ = keep;
    }
  }
  session_.run(editor_.text(), speed_, mode_);
  worst_label_overlaps_ = worst_labels_outside_ = 0;
  // The phase flips to Running when the controller has compiled it; until then the old status
  // stands, so say "starting" by clearing the old result's visible parts now.
  status_.phase = Phase::Running;
  status_.problems.clear();
}

void App::stop() {
  session_.stop();
}

bool App::step(std::uint64_t thread) {
  const StepPoint& p = status_.step;
  if (!running() || !p.waiting) return false;
  if (thread != 0 && std::find(p.threads.begin(), p.threads.end(), thread) == p.threads.end()) return false;
  session_.step(thread);
  status_.step.waiting = false;  // until the run stands at the next point
  return true;
}

void App::set_stepping(bool stepping) {
  mode_.stepping = stepping;
  if (stepping) mode_.virtual_time = true;
  if (running() && status_.mode.virtual_time) session_.set_stepping(stepping);
}

void App::seek_event(std::size_t count) {
  if (recording_.size() == 0) return;
  moment_ = std::min(count, recording_.size());
  moment_model_ = &recording_.model_at(*moment_);
  moment_asked_ns_.reset();
}

void App::seek(std::optional<double> seconds) {
  if (!seconds) {
    go_live();
    return;
  }
  auto ns = static_cast<std::uint64_t>(std::min(std::max(0.0, *seconds) * 1e9, 1.8e19));
  seek_event(recording_.moment_at(ns));
  // The time asked for, between the moment's last event and the next (not past the run's end).
  const auto now = static_cast<std::uint64_t>(std::max<std::int64_t>(0, status_.program_ns));
  if (moment_) moment_asked_ns_ = std::min(ns, std::max(recording_.time_at(recording_.size()), now));
}

void App::go_live() {
  moment_.reset();
  moment_model_ = nullptr;
  moment_asked_ns_.reset();
}

void App::set_paused(bool paused) {
  session_.set_paused(paused);
  status_.paused = paused;
}

void App::set_speed(double speed) {
  if (!(speed > 0)) return;
  speed_ = speed;
  session_.set_speed(speed);
}

// ---------------------------------------------------------------- frame

void App::poll_session(double seconds) {
  std::vector<OutputLine> lines;
  SessionStatus next;
  if (!session_.poll(next, lines)) return;
  if (next.generation != ran_generation_) {  // a new run: a fresh console
    console_.clear();
    bubbles_.clear();
    console_dropped_ = 0;
    ran_generation_ = next.generation;
  }
  bool ended_now = status_.phase == Phase::Running && next.phase != Phase::Running;
  status_ = std::move(next);
  for (auto& l : lines) {
    std::uint32_t ordinal = 0;
    if (auto it = model_.threads().find(l.thread); it != model_.threads().end()) ordinal = it->second.ordinal;
    if (l.stream == 1 && l.thread != 0) bubbles_.push_back(Bubble{l.thread, l.text, seconds});
    console_.push_back(ConsoleLine{std::move(l), ordinal});
    scroll_console_ = true;
  }
  while (console_.size() > kConsoleLines) {
    console_.pop_front();
    ++console_dropped_;
  }
  while (!bubbles_.empty() && (bubbles_.size() > 64 || seconds - bubbles_.front().shown_at > 5)) bubbles_.pop_front();
  if (ended_now && status_.phase == Phase::Ended && status_.result.exit_code != 0) show_console_ = true;
}

void App::handle_shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  bool command = io.KeyCtrl || io.KeySuper;
  bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
               ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
  if (command && enter) run(std::nullopt, {});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && running()) stop();
  if (editor_.stats().focused || io.WantTextInput) return;  // keys below would be typing
  if (status_.step.waiting && running()) {  // stepping: a number picks a candidate, Space the run's pick
    for (ImWchar c : io.InputQueueCharacters) {
      auto k = static_cast<std::size_t>(c - '1');
      if (c >= '1' && c <= '9' && k < status_.step.threads.size()) {
        step(status_.step.threads[k]);
        break;
      }
      if (c == ' ') {
        step(0);
        break;
      }
    }
  }
  if (moment_) {  // time travel: one event at a time
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) seek_event(*moment_ > 0 ? *moment_ - 1 : 0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) seek_event(*moment_ + 1);
  }
}

void App::drain_trace(std::size_t max) {
  trace::Event e;
  for (std::size_t n = 0; n < max && ring_.pop(e); ++n) {
    model_.apply(e);
    recording_.record(e);
    if (e.kind == trace::Kind::RunStart) go_live();  // a new run: its moments are not the old one's
  }
}

void App::refresh() {
  drain_trace(20000);
  poll_session(frame_seconds_);
}

void App::frame(double seconds) {
  auto started = std::chrono::steady_clock::now();
  ++frames_;
  frame_seconds_ = seconds;
  session_.advance(kSliceOfFrame);  // without threads: the run's slice of this frame
  advance_exploration();
  keep_edits();
  live_check_.update(editor_.text(), std::chrono::steady_clock::now());
  drain_trace(20000);  // bounded work per frame, whatever the event rate
  poll_session(seconds);
  if (styled_theme_ != theme_) {  // sizes are in UI units: only the theme changes the style
    apply_theme(theme_);
    styled_theme_ = theme_;
  }
  handle_shortcuts();

  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("Brigade", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (scene_only_) {
    draw_restaurant(ImVec2(0, 0), seconds);
  } else {
    draw_playground(seconds);
  }
  ImGui::End();
  if (!scene_only_) draw_help();
  frame_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

// The whole playground in the app's window: the bar, the caption, the editor beside (or, on a
// phone, under) the restaurant, and the tabs below.
void App::draw_playground(double seconds) {
  const ImGuiIO& io = ImGui::GetIO();
  draw_top_bar();
  draw_caption();
  float avail = ImGui::GetContentRegionAvail().y;
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  bool narrow = io.DisplaySize.x < 760.0f;  // phone-size: stack instead of side by side
  if (narrow) {
    float bottom_h = std::max(110.0f, avail * 0.24f);
    float body_h = avail - bottom_h - spacing * 2;
    draw_restaurant(ImVec2(0, body_h * 0.5f), seconds);
    draw_editor(ImVec2(0, body_h * 0.5f));
    ImGui::BeginChild("bottom", ImVec2(0, bottom_h), true);
    draw_bottom_panel();
    ImGui::EndChild();
  } else {
    float bottom_h = std::max(150.0f, avail * 0.32f);
    float body_h = avail - bottom_h - spacing;
    float editor_w = std::min(560.0f, io.DisplaySize.x * 0.38f);
    draw_editor(ImVec2(editor_w, body_h));
    ImGui::SameLine();
    draw_restaurant(ImVec2(0, body_h), seconds);
    ImGui::BeginChild("bottom", ImVec2(0, 0), true);
    draw_bottom_panel();
    ImGui::EndChild();
  }
}

void App::draw_top_bar() {
  const ImGuiIO& io = ImGui::GetIO();
  bool narrow = io.DisplaySize.x < 760.0f;
  ImGui::PushFont(fonts_.ui_bold);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Brigade");
  ImGui::PopFont();
  ImGui::SameLine();
  // Examples.
  const Example* current = find_example(example_id_);
  ImGui::SetNextItemWidth(narrow ? 150.0f : 250.0f);
  if (ImGui::BeginCombo("##examples", current ? std::string(current->title).c_str() : "Your program")) {
    for (const Example& e : examples()) {
      bool selected = e.id == example_id_;
      if (ImGui::Selectable(std::string(e.title).c_str(), selected)) load_example(e.id);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(e.caption).c_str());
    }
    ImGui::EndCombo();
  }
  if (example_edited()) {
    ImGui::SameLine();
    if (ImGui::Button("Reset example")) reset_example();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Bring back the example as it was written (your edits of it are dropped)");
  }
  ImGui::SameLine();
  bool is_running = running();
  if (!is_running) {
    if (ImGui::Button("Run")) run(std::nullopt, {});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Compile and run (Ctrl+Enter)");
  } else {
    if (ImGui::Button("Stop")) stop();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop the program (Esc)");
  }
  // Wide: the run's controls on the same row; on a phone, on rows of their own below.
  if (!narrow) {
    ImGui::SameLine();
    draw_run_controls(false);
  }
  const char* theme_label = theme_ == Theme::Dark ? "Light" : "Dark";
  float right_w = ImGui::CalcTextSize(theme_label).x + ImGui::CalcTextSize("?").x + ImGui::GetStyle().FramePadding.x * 4 + 8;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
  if (ImGui::Button(theme_label)) set_theme(theme_ == Theme::Dark ? Theme::Light : Theme::Dark);
  ImGui::SameLine();
  if (ImGui::Button("?")) show_help_ = !show_help_;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Shortcuts and help");
  if (narrow) draw_run_controls(true);
}

// Pause, the speed, virtual time and stepping, and "same program, another capacity".
void App::draw_run_controls(bool narrow) {
  ImGui::BeginDisabled(!running());
  if (ImGui::Button(status_.paused ? "Resume" : "Pause")) set_paused(!status_.paused);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(narrow ? 90.0f : 130.0f);
  float speed = static_cast<float>(std::clamp(speed_, kMinSpeed, kMaxSpeed));
  char speed_label[32];
  std::snprintf(speed_label, sizeof speed_label, "%g×", speed_);
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(kMinSpeed), static_cast<float>(kMaxSpeed), speed_label,
                         ImGuiSliderFlags_Logarithmic)) {
    set_speed(static_cast<double>(speed));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Speed: sleeps last 1/speed of their time");
  {
    // Real threads, or virtual time: one run exactly, the same every time (its seed).
    ImGui::SameLine();
    bool virtual_time = mode_.virtual_time;
    ImGui::BeginDisabled(!threads_available());  // without threads, there is nothing else
    if (ImGui::Checkbox("virtual time", &virtual_time)) {
      mode_.virtual_time = virtual_time;
      mode_.schedule.clear();
      if (!virtual_time) set_stepping(false);
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
      ImGui::SetTooltip(threads_available()
                            ? "Off: every thread is a real thread, and the interleaving is whatever the machine does.\n"
                              "On: every thread runs on one, in an order chosen at each channel operation, lock, atomic,\n"
                              "spawn, join and print by a seeded generator: the same seed makes the same run every time."
                            : "Virtual time only: this page is not cross-origin isolated, so the browser gives it no\n"
                              "shared memory for real threads. Every thread runs on one, in an order chosen at each\n"
                              "channel operation, lock, atomic, spawn, join and print: the same seed, the same run.\n"
                              "Served with COOP/COEP headers (scripts/play.sh does), the page runs real threads too.");
    }
    ImGui::SameLine();
    bool stepping = mode_.stepping;
    if (ImGui::Checkbox("step", &stepping)) set_stepping(stepping);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "Be the scheduler (virtual time): the run stops wherever more than one thread could go next,\n"
          "marks them in the restaurant, and waits for you to pick one (click it, or press its number;\n"
          "Space takes the run's own pick). Switch it off to let the run go on by itself.");
    }

    // Same program, another capacity: one click re-runs it (on a phone, on a row of its own).
    if (!narrow) ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("capacity");
    struct Choice {
      const char* label;
      Capacity capacity;
      const char* tip;
    };
    const Choice choices[] = {
        {"0", {Capacity::Kind::Bounded, 0}, "sync_channel(0): a handshake (rendezvous)"},
        {"1", {Capacity::Kind::Bounded, 1}, "sync_channel(1): one slot"},
        {"4", {Capacity::Kind::Bounded, 4}, "sync_channel(4): four slots"},
        {"∞", {Capacity::Kind::Unbounded, 0}, "channel(): never full, grows without bound"},
    };
    for (const Choice& c : choices) {
      ImGui::SameLine(0, 3);
      bool active = capacity_.kind == c.capacity.kind && capacity_.bound == c.capacity.bound;
      if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button(c.label, ImVec2(30, 0))) run(std::nullopt, c.capacity);
      if (active) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Re-run with every channel as %s", c.tip);
    }
  }
}

void App::draw_caption() {
  const Palette& pal = palette(theme_);
  // Status: what the program is doing, in words.
  ImU32 dot = pal.muted;
  std::string text;
  char buf[160];
  switch (status_.phase) {
    case Phase::Idle:
      if (const auto& found = shown_problems(); !found.empty()) {
        dot = IM_COL32(230, 70, 70, 255);
        std::snprintf(buf, sizeof buf, "does not compile: %zu problem%s (checked as you type)", found.size(),
                      found.size() == 1 ? "" : "s");
        text = buf;
      } else {
        text = live_check_.current(editor_.text()) ? "ready · checked, no problems" : "ready";
      }
      break;
    case Phase::Running:
      dot = status_.paused ? pal.warn : pal.ok;
      std::snprintf(buf, sizeof buf, "%s · %s · %.2f s of program time", status_.paused ? "paused" : "running",
                    mode_words(status_.mode).c_str(), static_cast<double>(status_.program_ns) / 1e9);
      text = buf;
      break;
    case Phase::CompileFailed:
      dot = IM_COL32(230, 70, 70, 255);
      std::snprintf(buf, sizeof buf, "did not compile: %zu problem%s", status_.problems.size(),
                    status_.problems.size() == 1 ? "" : "s");
      text = buf;
      break;
    case Phase::Ended: {
      const auto& r = status_.result;
      dot = r.exit_code == 0 ? pal.ok : IM_COL32(230, 70, 70, 255);
      std::snprintf(buf, sizeof buf, "%s (exit code %d) after %.2f s · %s", outcome_name(r.outcome).c_str(), r.exit_code,
                    static_cast<double>(status_.program_ns) / 1e9, mode_words(status_.mode).c_str());
      text = buf;
      if (status_.mode.virtual_time && !r.schedule.empty()) text += " · schedule " + r.schedule.substr(0, 40) + (r.schedule.size() > 40 ? "…" : "");
      break;
    }
  }
  status_dot(dot);
  ImGui::SameLine(0, 2);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text.c_str());
  if (status_.phase == Phase::Ended && !status_.result.left_waiting.empty()) {
    // A partial deadlock, or a thread that never got what it waited for: the process ended it.
    const std::string& w = status_.result.left_waiting;
    auto n = static_cast<int>(std::count(w.begin(), w.end(), '\n'));
    ImGui::SameLine(0, 10);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.warn), "· %d thread%s left waiting when main ended", n,
                       n == 1 ? "" : "s");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s(main's end ended them, as a Rust process does)", w.c_str());
  }
  std::uint64_t lost = ring_.dropped() + model_.dropped_history();
  if (lost > 0) {  // the UI's history is bounded: say so rather than draw a partial picture quietly
    ImGui::SameLine(0, 12);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.warn), "· %llu old events dropped (bounded history)",
                       static_cast<unsigned long long>(lost));
  }
  if (const Example* e = find_example(example_id_)) {
    ImGui::SameLine(0, 18);
    ImGui::TextDisabled("%s — %s", std::string(e->title).c_str(), std::string(e->caption).c_str());
  }
  draw_step_bar();
}

// Stepping: who could go next, a button for each (and its key), the run's own pick marked.
void App::draw_step_bar() {
  if (!running() || !status_.mode.stepping || !status_.step.waiting) return;
  const Palette& pal = palette(theme_);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.accent), "Your turn — who goes next?");
  for (std::size_t i = 0; i < status_.step.threads.size(); ++i) {
    std::uint64_t n = status_.step.threads[i];
    std::string name = thread_name(n);
    bool proposed = n == status_.step.proposed;
    std::string label = (i < 9 ? std::to_string(i + 1) + "  " : std::string()) + name + (proposed ? " (the run's pick)" : "") +
                        "##step" + std::to_string(n);
    ImGui::SameLine();
    if (ImGui::Button(label.c_str())) step(n);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Let %s run to its next choice point", name.c_str());
  }
  ImGui::SameLine(0, 14);
  if (ImGui::Button("Let it run")) set_stepping(false);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop stepping: the run goes on by itself (the seed or the schedule chooses)");
  ImGui::SameLine();
  ImGui::TextDisabled("point %llu · keys 1–9, Space: the run's pick", static_cast<unsigned long long>(status_.step.number));
}

// Time travel: a slider over the recorded run; the views show the moment under it.
void App::draw_time_travel() {
  const std::size_t events = recording_.size();
  if (events == 0) return;
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("moment");
  ImGui::SameLine();
  int at = static_cast<int>(moment_.value_or(events));
  char label[96];
  if (moment_) {
    std::snprintf(label, sizeof label, "%.3f s · event %d of %zu", static_cast<double>(moment_ns()) / 1e9, at, events);
  } else {
    std::snprintf(label, sizeof label, "live · %zu events", events);
  }
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - 260.0f));
  if (ImGui::SliderInt("##moment", &at, 0, static_cast<int>(events), label, ImGuiSliderFlags_AlwaysClamp)) {
    seek_event(static_cast<std::size_t>(at));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag to see the run as it was at any moment (←/→: one event)");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##earlier", ImGuiDir_Left)) seek_event(at > 0 ? static_cast<std::size_t>(at - 1) : 0);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##later", ImGuiDir_Right)) seek_event(static_cast<std::size_t>(at + 1));
  ImGui::SameLine();
  ImGui::BeginDisabled(!moment_);
  if (ImGui::Button("Live")) seek(std::nullopt);
  ImGui::EndDisabled();
  if (recording_.truncated()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(the first %zu events are kept)", events);
  }
}

const std::vector<Problem>& App::shown_problems() const {
  static const std::vector<Problem> kNone;
  if (live_check_.current(editor_.text())) return live_check_.problems();
  return status_.phase == Phase::CompileFailed ? status_.problems : kNone;
}

void App::draw_editor(ImVec2 size) {
  const std::vector<Problem>& shown = shown_problems();
  bool problems = !shown.empty();
  const float explanation_h = explained_ ? 70.0f : 0.0f;
  float list_h = problems ? std::min(size.y * 0.35f, 24.0f + 22.0f * static_cast<float>(shown.size()) + explanation_h) : 0;
  ImGui::BeginGroup();
  float width = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
  editor_.draw(ImVec2(width, size.y - list_h - (problems ? ImGui::GetStyle().ItemSpacing.y : 0)), fonts_.mono,
               palette(theme_), theme_, shown);
  if (problems) {
    ImGui::BeginChild("problems-under-editor", ImVec2(width, list_h), true);
    draw_problems();
    ImGui::EndChild();
  }
  ImGui::EndGroup();
}

// Each problem: where and what (a click goes there), rustc's whole text on hover, and its
// error code as a button that opens the code's explanation in the restaurant's terms.
void App::draw_problems() {
  const std::vector<Problem>& shown = shown_problems();
  if (explained_ && *explained_ >= shown.size()) explained_.reset();
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const Problem& p = shown[i];
    const std::string_view why = explain(p.code);
    if (!why.empty()) {
      char button[64];
      std::snprintf(button, sizeof button, "%s##explain%zu", p.code.c_str(), i);
      if (ImGui::SmallButton(button)) explained_ = explained_ == i ? std::nullopt : std::optional<std::size_t>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("What %s means", p.code.c_str());
      ImGui::SameLine();
    }
    char label[512];
    std::snprintf(label, sizeof label, "%u:%u  error: %s##problem%zu", p.line, p.column, p.message.c_str(), i);
    ImGui::PushStyleColor(ImGuiCol_Text, theme_ == Theme::Dark ? IM_COL32(255, 120, 120, 255) : IM_COL32(190, 30, 30, 255));
    if (ImGui::Selectable(label)) editor_.go_to(p.line, p.column);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushFont(fonts_.mono);
      ImGui::TextUnformatted(p.rendered.c_str());
      ImGui::PopFont();
      ImGui::EndTooltip();
    }
    if (explained_ == i && !why.empty()) {
      ImGui::Indent();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(why.data(), why.data() + why.size());
      ImGui::PopTextWrapPos();
      ImGui::Unindent();
    }
  }
}

void App::draw_restaurant(ImVec2 size, double seconds) {
  const Palette& pal = palette(theme_);
  ImGui::BeginChild("restaurant", size, true, ImGuiWindowFlags_NoScrollbar);
  ImDrawList* list = ImGui::GetWindowDrawList();
  ImVec2 min = ImGui::GetWindowPos();
  ImVec2 wsize = ImGui::GetWindowSize();
  ImVec2 max(min.x + wsize.x, min.y + wsize.y);
  floor_.queue(list, min, max, static_cast<float>(seconds), pal);
  list->AddText(ImVec2(min.x + 10, min.y + 6), pal.muted, "dining room · waiters send");
  const char* kitchen = "kitchen · chefs receive";
  list->AddText(ImVec2(max.x - ImGui::CalcTextSize(kitchen).x - 10, min.y + 6), pal.muted, kitchen);
  // Program time now, from the run's own clock when the model shows that run.
  std::uint64_t program_now = model_.now_ns();
  if (status_.clock && status_.generation == model_.generation()) program_now = status_.clock->time_ns();
  StepMarks marks;
  const bool choosing = status_.step.waiting && running() && !moment_;
  if (choosing) {
    marks.candidates = status_.step.threads;
    marks.proposed = status_.step.proposed;
  }
  if (moment_) {  // time travel: the run as it was then, without the speech bubbles of now
    static const std::deque<Bubble> no_bubbles;
    scene_stats_ = moment_scene_.draw(list, ImVec2(min.x, min.y + 24), max, *moment_model_, no_bubbles, seconds,
                                      moment_ns(), pal, theme_);
    char said[96];
    std::snprintf(said, sizeof said, "the moment at %.3f s (time travel: Live returns)",
                  static_cast<double>(moment_ns()) / 1e9);
    list->AddText(ImVec2(min.x + 10, max.y - 22), pal.warn, said);
  } else {
    scene_stats_ = scene_.draw(list, ImVec2(min.x, min.y + 24), max, model_, bubbles_, seconds, program_now, pal, theme_,
                               choosing ? &marks : nullptr);
    // A click on a thread that could go next picks it.
    if (choosing && ImGui::IsWindowHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      if (auto ordinal = scene_.thread_at(ImGui::GetIO().MousePos)) step(*ordinal);
    }
  }
  // The worst frame of the run so far: labels that still overlap, or leave the panel.
  worst_label_overlaps_ = std::max(worst_label_overlaps_, scene_stats_.label_overlaps);
  worst_labels_outside_ = std::max(worst_labels_outside_, scene_stats_.labels_outside);
  if (!gl_error_.empty()) list->AddText(ImVec2(min.x + 8, max.y - 24), pal.warn, gl_error_.c_str());
  ImGui::EndChild();
}

void App::draw_bottom_panel() {
  if (ImGui::BeginTabBar("views")) {
    if (ImGui::BeginTabItem("Timeline")) {
      draw_time_travel();
      draw_legend(true);
      timeline_stats_ = timeline_.draw(model_, palette(theme_), theme_,
                                       moment_ ? std::optional<std::uint64_t>(moment_ns()) : std::nullopt);
      ImGui::EndTabItem();
    }
    ImGuiTabItemFlags console_flags = show_console_ ? ImGuiTabItemFlags_SetSelected : 0;
    show_console_ = false;
    std::string console_label = "Console";
    if (!console_.empty()) console_label += " (" + std::to_string(console_.size()) + ")";
    console_label += "###console";
    if (ImGui::BeginTabItem(console_label.c_str(), nullptr, console_flags)) {
      draw_console();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Channels")) {
      draw_channels();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Outcomes")) {
      draw_outcomes();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Legend")) {
      draw_legend(false);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

void App::draw_legend(bool compact) {
  static constexpr std::pair<ThreadState, const char*> kStates[] = {
      {ThreadState::Running, "running"},
      {ThreadState::BlockedSend, "waits to send (carousel full, or no chef at the pass)"},
      {ThreadState::BlockedRecv, "waits to receive (nothing on the carousel)"},
      {ThreadState::BlockedLock, "waits for a lock"},
      {ThreadState::BlockedSync, "waits on a Condvar, at a Barrier, or parked"},
      {ThreadState::BlockedJoin, "waits for a thread to finish"},
      {ThreadState::Sleeping, "sleeps"},
      {ThreadState::Queued, "a task waiting for a worker"},
  };
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float box = ImGui::GetTextLineHeight() * 0.7f;
  auto swatch = [&](ImU32 colour) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float dy = (ImGui::GetTextLineHeight() - box) * 0.5f;
    list->AddRectFilled(ImVec2(p.x, p.y + dy), ImVec2(p.x + box, p.y + dy + box), colour, 2);
    ImGui::Dummy(ImVec2(box, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 4);
  };
  if (compact && ImGui::GetIO().DisplaySize.x < 760.0f) return;  // a phone: the Legend tab has it
  if (compact) {  // a line under the time-travel bar: the lanes' colours
    bool first = true;
    for (const auto& [state, words] : kStates) {
      std::string shortened(words);
      shortened = shortened.substr(0, shortened.find(" ("));
      const float need = box + 4 + ImGui::CalcTextSize(shortened.c_str()).x;
      if (!first) {
        ImGui::SameLine(0, 14);
        if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
      }
      first = false;
      swatch(state_color(state, theme_));
      ImGui::TextDisabled("%s", shortened.c_str());
    }
    return;
  }
  ImGui::TextUnformatted("The timeline: a lane per thread, coloured by what it does");
  for (const auto& [state, words] : kStates) {
    swatch(state_color(state, theme_));
    ImGui::TextUnformatted(words);
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("The restaurant");
  ImGui::BulletText("A disc per thread in its own colour: waiters (threads that send) in the dining room, chefs (that receive) in the kitchen, a thread that does both in between.");
  ImGui::BulletText("A ring around a disc: it waits — its words underneath say on what, and for how long.");
  ImGui::BulletText("sync_channel(n): a carousel with n slots, its tickets the messages; a full one makes the waiter wait (backpressure).");
  ImGui::BulletText("sync_channel(0): the pass — a hand-off with no slot; the waiter holds the ticket out until a chef takes it.");
  ImGui::BulletText("channel(): a pile that never fills, with the memory its backlog holds.");
  ImGui::BulletText("A speech bubble: a thread's println! line. A ticket in flight: a send on its way to the carousel.");
}

// Every possible outcome of the program in the editor (lang/explore.hpp), and a button per
// outcome that replays one schedule leading to it, under virtual time, in the restaurant.
void App::draw_outcomes() {
  if (outcomes_pending_) {  // its result, once the thread has it (never waiting for the lock)
    std::unique_lock lock(exploring_->mutex, std::try_to_lock);
    if (lock.owns_lock() && !exploring_->running) {
      outcomes_ = exploring_->exploration;
      outcomes_refused_ = !outcomes_;  // it did not compile
      outcomes_pending_ = false;
    }
  }
  ImGui::BeginDisabled(outcomes_pending_);
  if (ImGui::Button(outcomes_pending_ ? "Exploring…" : "Explore every schedule")) {
    outcomes_pending_ = true;  // this one, or one window.brigade started: its result comes
    outcomes_refused_ = false;
    explore_start(10000);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("runs the program once per order its threads can take (virtual time), and lists how it can end");
  if (outcomes_refused_) {
    ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1), "The program does not compile: see the problems under the editor.");
  }
  if (!outcomes_) return;
  const lang::Exploration& e = *outcomes_;
  ImGui::Text("%zu possible outcome%s, %s %zu schedule%s", e.outcomes.size(), e.outcomes.size() == 1 ? "" : "s",
              e.complete ? "every schedule run:" : "the budget ran out after", e.schedules, e.schedules == 1 ? "" : "s");
  ImGui::BeginChild("outcomes", ImVec2(0, 0), false);
  for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
    const lang::ExploredOutcome& o = e.outcomes[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button("Replay")) {
      set_mode(RunMode{true, 0, o.schedule, false});
      run(std::nullopt, {});
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run the schedule %s in the restaurant", o.schedule.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Step through")) {  // the schedule proposes each choice; Space takes it
      set_mode(RunMode{true, 0, o.schedule, true});
      run(std::nullopt, {});
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Replay it choice by choice: at each one, Space takes the schedule's (or pick another thread)");
    }
    ImGui::SameLine();
    std::string first = o.stdout_text.substr(0, o.stdout_text.find('\n'));
    std::size_t lines = static_cast<std::size_t>(std::count(o.stdout_text.begin(), o.stdout_text.end(), '\n'));
    ImGui::Text("%s, exit code %d · %zu schedule%s · prints %s%s", lang::outcome_word(o.outcome), o.exit_code, o.schedules,
                o.schedules == 1 ? "" : "s", first.empty() ? "nothing" : ("\"" + first + "\"").c_str(),
                lines > 1 ? (" and " + std::to_string(lines - 1) + " more line" + (lines > 2 ? "s" : "")).c_str() : "");
    ImGui::PopID();
  }
  ImGui::EndChild();
}

std::string App::thread_name(std::uint64_t number) const {
  for (const auto& [id, th] : model_.threads()) {
    if (th.ordinal == number) return th.display_name();
  }
  return "thread " + std::to_string(number);  // not started yet: it has no name in the trace
}

std::string App::thread_label(std::uint32_t trace_thread) const {
  if (trace_thread == 0) return "brigade";
  auto it = model_.threads().find(trace_thread);
  if (it == model_.threads().end()) return "thread";
  return it->second.display_name();
}

void App::draw_console() {
  ImGui::BeginChild("console", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  if (console_dropped_ > 0) {
    ImGui::TextDisabled("%llu earlier lines not shown (the console keeps the newest %zu)",
                        static_cast<unsigned long long>(console_dropped_), kConsoleLines);
  }
  if (status_.output_dropped > 0) {
    ImGui::TextDisabled("%llu lines arrived faster than the screen and were skipped",
                        static_cast<unsigned long long>(status_.output_dropped));
  }
  if (console_.empty()) ImGui::TextDisabled("The program's output appears here, each line tagged with its thread.");
  ImU32 error_col = theme_ == Theme::Dark ? IM_COL32(255, 120, 120, 255) : IM_COL32(190, 30, 30, 255);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(console_.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const ConsoleLine& c = console_[static_cast<std::size_t>(i)];
      // Time travel: what was printed after the moment shown is drawn faint.
      const bool later = moment_ && c.line.time_ns > moment_ns();
      if (later) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.35f);
      ImGui::PushFont(fonts_.mono);
      ImGui::TextDisabled("%7.2fs", static_cast<double>(c.line.time_ns) / 1e9);
      ImGui::SameLine();
      std::string who = thread_label(c.line.thread);
      ImGui::PushStyleColor(ImGuiCol_Text, c.line.thread == 0 ? palette(theme_).muted : thread_color(c.ordinal, theme_));
      ImGui::Text("%-9s", who.c_str());
      ImGui::PopStyleColor();
      ImGui::SameLine();
      std::uint32_t line = 0, column = 0;
      bool located = c.line.stream == 2 && source_location(c.line.text, line, column);
      if (c.line.stream == 2) ImGui::PushStyleColor(ImGuiCol_Text, error_col);
      if (located) {
        // A panic or a deadlock points at the source: click to go there.
        std::string label = c.line.text + "##line" + std::to_string(i);
        if (ImGui::Selectable(label.c_str())) editor_.go_to(line, column);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show line %u in the editor", line);
      } else {
        ImGui::TextUnformatted(c.line.text.c_str());
      }
      if (c.line.stream == 2) ImGui::PopStyleColor();
      ImGui::PopFont();
      if (later) ImGui::PopStyleVar();
    }
  }
  if (scroll_console_) {
    ImGui::SetScrollHereY(1.0f);
    scroll_console_ = false;
  }
  ImGui::EndChild();
}

void App::draw_channels() {
  const RunModel& model = shown();  // the moment's, under time travel
  if (model.dropped_history() > 0) {
    ImGui::TextDisabled("%llu old events dropped (the history is bounded)",
                        static_cast<unsigned long long>(model.dropped_history()));
  }
  if (model.channels().empty()) ImGui::TextDisabled("Channels appear here when the program creates them.");
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("channels", 9, flags)) return;
  for (const char* h : {"channel", "kind", "capacity", "len", "peak", "sent", "received", "senders blocked", "waits when full"}) {
    ImGui::TableSetupColumn(h);
  }
  ImGui::TableHeadersRow();
  for (const auto& [id, c] : model.channels()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("#%u%s", c.number, c.receiver_gone ? " (closed)" : "");
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
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(c.full_waits));
  }
  ImGui::EndTable();
}

void App::draw_help() {
  if (!show_help_) return;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(520.0f, io.DisplaySize.x - 20), 0));
  if (ImGui::Begin("Help", &show_help_, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("Brigade runs the tutorial's Rust: each thread::spawn is a real thread, each channel a real "
                       "channel. Waiters (threads that send) stand in the dining room, chefs (threads that receive) "
                       "in the kitchen; each channel is a pass with its ticket carousel.");
    ImGui::Separator();
    const char* keys[][2] = {
        {"Ctrl+Enter (Cmd+Enter)", "run the program"},
        {"Esc", "stop it"},
        {"Ctrl+Z / Ctrl+Y", "undo / redo"},
        {"Ctrl+C / Ctrl+X / Ctrl+V", "copy / cut / paste"},
        {"Tab", "indent (four spaces)"},
        {"? (top right)", "this help"},
        {"Timeline: wheel / drag / double-click", "zoom / go back in time / follow live"},
        {"Console: click a panic or deadlock line", "show its source line"},
        {"Stepping: 1–9 / Space / click a thread", "let that thread go next / the run's pick / that one"},
        {"Timeline: moment slider, ← / →", "see the run as it was then, one event at a time"},
    };
    if (ImGui::BeginTable("keys", 2)) {
      for (const auto& k : keys) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k[0]);
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", k[1]);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

// ---------------------------------------------------------------- JSON for automation

std::string App::examples_json() {
  std::string out = "[";
  for (const Example& e : examples()) {
    if (out.size() > 1) out += ",";
    out += "{\"id\":" + json_string(e.id) + ",\"title\":" + json_string(e.title) + ",\"caption\":" +
           json_string(e.caption) + ",\"topic\":" + json_string(e.topic) + ",\"source\":" + json_string(e.source) +
           ",\"expected_output\":" + json_string(e.expected_stdout) +
           ",\"expected_exit\":" + std::to_string(e.expected_exit) + "}";
  }
  return out + "]";
}

std::string App::line_json(const ConsoleLine& c) const {
  return "{\"thread\":" + json_string(thread_label(c.line.thread)) + ",\"stream\":\"" +
         (c.line.stream == 2 ? "stderr" : "stdout") + "\",\"time\":" +
         std::to_string(static_cast<double>(c.line.time_ns) / 1e9) + ",\"text\":" + json_string(c.line.text) + "}";
}

std::string App::output_json(std::uint64_t from) const {
  std::string out = "{\"generation\":" + std::to_string(status_.generation) + ",\"phase\":\"" + phase_name(status_.phase) +
                    "\",\"running\":" + (running() ? "true" : "false") +
                    ",\"next\":" + std::to_string(console_dropped_ + console_.size()) + ",\"lines\":[";
  std::uint64_t first = std::max<std::uint64_t>(from, console_dropped_);
  for (std::uint64_t i = first; i < console_dropped_ + console_.size(); ++i) {
    if (i != first) out += ",";
    out += line_json(console_[static_cast<std::size_t>(i - console_dropped_)]);
  }
  return out + "]}";
}

void App::paste(const std::string& text) {
  if (editor_.stats().focused) editor_.paste(text);
}

std::string App::a11y_text() const {
  std::string out;
  const double t = static_cast<double>(status_.program_ns) / 1e9;
  char head[160];
  switch (status_.phase) {
    case Phase::Running:
      std::snprintf(head, sizeof head, "%s, %.1f s of program time.\n", status_.paused ? "Paused" : "Running", t);
      break;
    case Phase::Ended:
      std::snprintf(head, sizeof head, "Finished after %.1f s of program time, exit code %d.\n", t, status_.result.exit_code);
      break;
    case Phase::CompileFailed:
      std::snprintf(head, sizeof head, "Did not compile.\n");
      break;
    default:
      std::snprintf(head, sizeof head, "Ready. Press Run (Control+Enter).\n");
      break;
  }
  out += head;
  for (const Problem& p : shown_problems()) {
    out += "Error at line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " + p.message +
           (p.code.empty() ? "" : " (" + p.code + ")") + ".\n";
  }
  out += describe(shown(), static_cast<std::uint64_t>(std::max<std::int64_t>(0, status_.program_ns)));
  // The console's last lines.
  const std::size_t from = console_.size() > 3 ? console_.size() - 3 : 0;
  for (std::size_t i = from; i < console_.size(); ++i) {
    out += std::string(console_[i].line.stream == 2 ? "Error output: " : "Output: ") + console_[i].line.text + "\n";
  }
  return out;
}

std::string App::state_json() const {
  const ImGuiIO& io = ImGui::GetIO();
  char head[768];
  std::snprintf(head, sizeof head,
                "{\"frames\":%llu,\"frame_ms\":%.3f,\"theme\":\"%s\",\"width\":%.0f,\"height\":%.0f,\"scale\":%.2f,"
                "\"gl_error\":%s,\"running\":%s,\"paused\":%s,\"phase\":\"%s\",\"generation\":%llu,\"time\":%.6f,"
                "\"speed\":%g,\"example\":%s,",
                static_cast<unsigned long long>(frames_), frame_ms_, theme_ == Theme::Dark ? "dark" : "light",
                static_cast<double>(io.DisplaySize.x), static_cast<double>(io.DisplaySize.y),
                static_cast<double>(fonts_.scale), gl_error_.empty() ? "null" : "\"shader error\"",
                running() ? "true" : "false", status_.paused ? "true" : "false", phase_name(status_.phase),
                static_cast<unsigned long long>(status_.generation), static_cast<double>(status_.program_ns) / 1e9,
                speed_, example_id_.empty() ? "null" : json_string(example_id_).c_str());
  std::string out = head;
  out += std::string("\"edited\":") + (example_edited() ? "true" : "false") + ",";
  if (outcomes_) {  // what the Outcomes tab lists
    out += "\"explored\":{\"outcomes\":" + std::to_string(outcomes_->outcomes.size()) +
           ",\"schedules\":" + std::to_string(outcomes_->schedules) + ",\"complete\":" + (outcomes_->complete ? "true" : "false") + "},";
  } else {
    out += "\"explored\":null,";
  }
  // What runs (or, before the first run, what will): without threads, always virtual time.
  const bool virtual_time = status_.generation > 0 ? status_.mode.virtual_time : mode_.virtual_time;
  out += "\"mode\":\"" + std::string(virtual_time ? "virtual" : "threads") + "\",\"threads_available\":" +
         (threads_available() ? "true" : "false") + ",\"seed\":" +
         std::to_string(status_.mode.seed) + ",";
  if (status_.phase == Phase::Ended) {
    out += "\"outcome\":\"" + outcome_name(status_.result.outcome) + "\",\"exit_code\":" +
           std::to_string(status_.result.exit_code) + ",\"schedule\":" +
           (status_.mode.virtual_time ? json_string(status_.result.schedule) : std::string("null")) +
           ",\"left_waiting\":" + (status_.result.left_waiting.empty() ? std::string("null") : json_string(status_.result.left_waiting)) + ",";
  } else {
    out += "\"outcome\":null,\"exit_code\":null,\"schedule\":null,\"left_waiting\":null,";
  }
  auto problems_json = [&](const std::vector<Problem>& list) {
    std::string o = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Problem& p = list[i];
      if (i) o += ",";
      o += "{\"line\":" + std::to_string(p.line) + ",\"column\":" + std::to_string(p.column) + ",\"code\":" +
           json_string(p.code) + ",\"message\":" + json_string(p.message) + ",\"rendered\":" + json_string(p.rendered) + "}";
    }
    return o + "]";
  };
  out += "\"problems\":" + problems_json(status_.problems) + ",";
  // What the check as you type found, once typing paused (null: not checked yet).
  out += "\"checked\":" + (live_check_.current(editor_.text()) ? problems_json(live_check_.problems()) : std::string("null"));
  out += ",\"editor\":{\"length\":" + std::to_string(editor_.text().size()) +
         ",\"caret_line\":" + std::to_string(editor_.stats().caret_line) +
         ",\"caret_column\":" + std::to_string(editor_.stats().caret_column) +
         ",\"markers\":" + std::to_string(editor_.stats().markers_drawn) +
         ",\"focused\":" + (editor_.stats().focused ? "true" : "false") + "}";
  out += ",\"output\":[";
  bool first = true;
  for (const ConsoleLine& c : console_) {
    if (!first) out += ",";
    first = false;
    out += line_json(c);
  }
  out += "],\"output_dropped\":" + std::to_string(console_dropped_ + status_.output_dropped);
  out += ",\"scene\":{\"waiters\":" + std::to_string(scene_stats_.waiters) + ",\"chefs\":" +
         std::to_string(scene_stats_.chefs) + ",\"stages\":" + std::to_string(scene_stats_.stages) +
         ",\"passes\":" + std::to_string(scene_stats_.passes) + ",\"tickets\":" + std::to_string(scene_stats_.tickets_drawn) +
         ",\"flights\":" + std::to_string(scene_stats_.flights) + ",\"bubbles\":" + std::to_string(scene_stats_.bubbles) +
         ",\"candidates_marked\":" + std::to_string(scene_stats_.candidates_marked) +
         ",\"workers\":" + std::to_string(scene_stats_.workers) + ",\"orders\":" + std::to_string(scene_stats_.orders) +
         ",\"labels\":" + std::to_string(scene_stats_.labels) +
         ",\"worst_label_overlaps\":" + std::to_string(worst_label_overlaps_) +
         ",\"worst_labels_outside\":" + std::to_string(worst_labels_outside_) + "}";
  out += ",\"timeline\":{\"lanes\":" + std::to_string(timeline_stats_.lanes) +
         ",\"segments_drawn\":" + std::to_string(timeline_stats_.segments_drawn) +
         ",\"links_drawn\":" + std::to_string(timeline_stats_.links_drawn) + "}";
  out += ",\"stepping\":" + std::string(mode_.stepping || status_.mode.stepping ? "true" : "false") + ",\"step\":";
  if (running() && status_.step.waiting) {
    out += "{\"waiting\":true,\"candidates\":[";
    for (std::size_t i = 0; i < status_.step.threads.size(); ++i) {
      std::uint64_t n = status_.step.threads[i];
      std::string name = thread_name(n);
      out += std::string(i ? "," : "") + "{\"thread\":" + std::to_string(n) + ",\"name\":" + json_string(name) + "}";
    }
    out += "],\"proposed\":" + std::to_string(status_.step.proposed) + ",\"points\":" + std::to_string(status_.step.number) + "}";
  } else {
    out += "{\"waiting\":false,\"points\":" + std::to_string(status_.step.number) + "}";
  }
  if (moment_) {
    char moment[160];
    std::snprintf(moment, sizeof moment, ",\"moment\":{\"time\":%.6f,\"event\":%zu,\"of\":%zu,\"truncated\":%s}",
                  static_cast<double>(moment_ns()) / 1e9, *moment_, recording_.size(),
                  recording_.truncated() ? "true" : "false");
    out += moment;
  } else {
    out += ",\"moment\":null";
  }
  // The threads and channels, as the trace shows them (at the moment shown, under time travel).
  std::string model = shown().json();
  out += "," + model.substr(1);
  return out;
}

}  // namespace brigade::app
