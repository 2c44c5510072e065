// main.cpp (web) — the browser entry. The browser's main thread runs only the frame loop and
// never blocks; everything that waits runs on pthreads (web workers from the pool). Built
// without pthreads (brigade-virtual.js, for a page that is not cross-origin isolated), the
// frame loop itself advances each run under virtual time, a few ms per frame.
//
// Exports for the page's JavaScript (web/brigade-page.js wraps them as window.brigade). All
// run on the main thread between frames and return at once (a run starts on the session's
// controller thread):
//   brigade_state_json()              the App's state as JSON (a pointer to a C string)
//   brigade_a11y_text()               the scene, status, console and problems in words (#brigade-a11y)
//   brigade_examples_json()           the examples, with their expected output
//   brigade_source()                  the editor's text
//   brigade_load(text)                put a program in the editor
//   brigade_load_example(id)          1 if there is such an example (with its edits, if kept)
//   brigade_reset_example()           the example as written; its kept edits dropped
//   brigade_run(speed, capacity)      speed <= 0: the current one; capacity -2: as written,
//                                     -1: unbounded, n >= 0: sync_channel(n)
//   brigade_set_mode(virtual, seed, schedule, stepping)  real threads (0) or virtual time (1),
//                                     the learner choosing at each choice point (stepping 1),
//                                     for the runs that follow
//   brigade_step(thread)              while stepping: that thread number goes next (0: the run's
//                                     own pick); 0 when the run does not wait or it is no candidate
//   brigade_set_stepping(on)          stepping on or off, for this run and the next
//   brigade_seek(seconds)             time travel to that moment of the run (< 0: live again)
//   brigade_explore_start(max)        explore the editor's program on a worker (0: one is under
//                                     way already, whose result comes)
//   brigade_explore_result()          "" while it runs, then its JSON (explore.hpp)
//   brigade_stop(), brigade_pause(paused), brigade_set_speed(speed)
//   brigade_set_system_dark(int)      the page's prefers-color-scheme
//   brigade_set_theme(int)            1 dark, 0 light (the user's choice)
//   brigade_output_json(from)         console lines from number `from` on, and the run's phase
//   brigade_paste(text)               the page's paste event: typed into the focused editor
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <SDL.h>
#include <imgui.h>

#include "app.hpp"
#include "brigade/lang/runtime.hpp"
#include "host_sdl.hpp"

// On a tutorial page (embed.js sets Module.brigadeEmbed), the module draws only the restaurant,
// in the widget that holds the canvas (#brigade-stage), and takes keys only on its canvas: the
// page's own text fields (each widget's code) must get theirs.
EM_JS(int, page_is_embed, (), { return Module.brigadeEmbed ? 1 : 0; });

namespace {
brigade::app::App* g_app = nullptr;
brigade::app::Host* g_host = nullptr;
std::string g_state;
std::string g_a11y;  // brigade_a11y_text()'s last answer
const char* g_stage = "#stage";

// The stage fills its place (CSS); the window follows its size each frame (SDL pins the
// canvas's own CSS size, so the container is what follows the browser window).
void follow_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(g_stage, &css_w, &css_h);
  if (css_w >= 1 && css_h >= 1) g_host->set_window_size(static_cast<int>(std::lround(css_w)), static_cast<int>(std::lround(css_h)));
}

void frame() {
  follow_canvas_size();
  g_host->step(emscripten_get_now() / 1000.0);
}
}  // namespace

// The system clipboard: ImGui's copy and cut go to navigator.clipboard; its own paste is
// disabled, because the page's paste event (brigade-page.js) brings the system's text instead.
EM_JS(void, page_write_clipboard, (const char* text), {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(UTF8ToString(text)).catch(() => {});
  }
});
static void set_clipboard(void*, const char* text) {
  page_write_clipboard(text);
}
static const char* get_clipboard(void*) {
  return "";
}

// The editor's text of each example, kept in the page's localStorage between visits (nothing, and
// no error, where storage is refused: a private window, a sandboxed frame).
EM_JS(char*, page_kept, (const char* key), {
  try {
    const text = window.localStorage.getItem(UTF8ToString(key));
    return text === null ? 0 : stringToNewUTF8(text);
  } catch (e) {
    return 0;
  }
});
EM_JS(void, page_keep, (const char* key, const char* text), {
  try {
    if (text) window.localStorage.setItem(UTF8ToString(key), UTF8ToString(text));
    else window.localStorage.removeItem(UTF8ToString(key));
  } catch (e) {
    // full, or refused: the edit stays in the editor only
  }
});

class PageStorage final : public brigade::app::Keeper {
 public:
  std::optional<std::string> kept(std::string_view example) override {
    char* text = page_kept(key(example).c_str());
    if (text == nullptr) return std::nullopt;
    std::string out(text);
    std::free(text);
    return out;
  }
  void keep(std::string_view example, const std::string& text) override { page_keep(key(example).c_str(), text.c_str()); }
  void forget(std::string_view example) override { page_keep(key(example).c_str(), nullptr); }

 private:
  static std::string key(std::string_view example) { return "brigade.example." + std::string(example); }
};

EM_JS(int, page_prefers_dark, (), {
  return (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches) ? 1 : 0;
});

extern "C" {
EMSCRIPTEN_KEEPALIVE const char* brigade_state_json() {
  g_state = g_app != nullptr ? g_app->state_json() : std::string("{\"frames\":0}");
  return g_state.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* brigade_a11y_text() {
  g_a11y = g_app != nullptr ? g_app->a11y_text() : std::string();
  return g_a11y.c_str();
}
EMSCRIPTEN_KEEPALIVE void brigade_set_system_dark(int dark) {
  if (g_app != nullptr) g_app->set_system_dark(dark != 0);
}
EMSCRIPTEN_KEEPALIVE void brigade_set_theme(int dark) {
  if (g_app != nullptr) g_app->set_theme(dark != 0 ? brigade::app::Theme::Dark : brigade::app::Theme::Light);
}
EMSCRIPTEN_KEEPALIVE const char* brigade_examples_json() {
  static const std::string examples = brigade::app::App::examples_json();
  return examples.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* brigade_source() {
  g_state = g_app != nullptr ? g_app->source() : std::string();
  return g_state.c_str();
}
EMSCRIPTEN_KEEPALIVE void brigade_load(const char* text) {
  if (g_app != nullptr) g_app->load(text);
}
EMSCRIPTEN_KEEPALIVE int brigade_load_example(const char* id) {
  return g_app != nullptr && g_app->load_example(id) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void brigade_reset_example() {
  if (g_app != nullptr) g_app->reset_example();
}
EMSCRIPTEN_KEEPALIVE void brigade_run(double speed, int capacity) {
  if (g_app == nullptr) return;
  brigade::app::Capacity c;
  if (capacity == -1) c.kind = brigade::app::Capacity::Kind::Unbounded;
  if (capacity >= 0) {
    c.kind = brigade::app::Capacity::Kind::Bounded;
    c.bound = static_cast<std::size_t>(capacity);
  }
  g_app->run(speed > 0 ? std::optional<double>(speed) : std::nullopt, c);
}
EMSCRIPTEN_KEEPALIVE void brigade_set_mode(int virtual_time, double seed, const char* schedule, int stepping) {
  if (g_app == nullptr) return;
  brigade::app::RunMode mode;
  mode.virtual_time = virtual_time != 0 || stepping != 0;
  mode.seed = seed > 0 ? static_cast<std::uint64_t>(seed) : 0;
  mode.schedule = schedule != nullptr ? schedule : "";
  mode.stepping = stepping != 0;
  g_app->set_mode(std::move(mode));
}
EMSCRIPTEN_KEEPALIVE int brigade_step(double thread) {
  return g_app != nullptr && g_app->step(thread > 0 ? static_cast<std::uint64_t>(thread) : 0) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void brigade_set_stepping(int on) {
  if (g_app != nullptr) g_app->set_stepping(on != 0);
}
EMSCRIPTEN_KEEPALIVE void brigade_seek(double seconds) {
  if (g_app != nullptr) g_app->seek(seconds >= 0 ? std::optional<double>(seconds) : std::nullopt);
}
EMSCRIPTEN_KEEPALIVE int brigade_explore_start(double max_schedules) {
  return g_app != nullptr && g_app->explore_start(max_schedules >= 1 ? static_cast<std::size_t>(max_schedules) : 10000) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* brigade_explore_result() {
  g_state = g_app != nullptr ? g_app->explore_result() : std::string("{}");
  return g_state.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* brigade_output_json(double from) {
  if (g_app != nullptr) g_app->refresh();  // the pump also polls between frames
  g_state = g_app != nullptr ? g_app->output_json(static_cast<std::uint64_t>(from)) : std::string("{}");
  return g_state.c_str();
}
EMSCRIPTEN_KEEPALIVE void brigade_paste(const char* text) {
  if (g_app != nullptr) g_app->paste(text);
}
EMSCRIPTEN_KEEPALIVE void brigade_stop() {
  if (g_app != nullptr) g_app->stop();
}
EMSCRIPTEN_KEEPALIVE void brigade_pause(int paused) {
  if (g_app != nullptr) g_app->set_paused(paused != 0);
}
EMSCRIPTEN_KEEPALIVE void brigade_set_speed(double speed) {
  if (g_app != nullptr) g_app->set_speed(speed);
}
}

int main() {
#if defined(__EMSCRIPTEN_PTHREADS__)
  g_app = new brigade::app::App();  // lives for the page's lifetime
#else
  g_app = new brigade::app::App(brigade::app::Threading::None);
#endif
  g_app->set_system_dark(page_prefers_dark() != 0);
  static PageStorage storage;
  const bool embed = page_is_embed() != 0;
  if (embed) {
    g_stage = "#brigade-stage";
    g_app->set_scene_only(true);
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  } else {
    g_app->set_keeper(&storage);  // a widget's code is the page's: the page keeps it, if anyone
  }
  g_host = new brigade::app::Host();
  std::string error;
  double css_w = 1280, css_h = 800;
  emscripten_get_element_css_size(g_stage, &css_w, &css_h);
  brigade::app::HostOptions options;
  options.width = static_cast<int>(std::lround(css_w));
  options.height = static_cast<int>(std::lround(css_h));
  if (!g_host->open(*g_app, options, error)) {
    std::fprintf(stderr, "brigade: %s\n", error.c_str());
    return 1;
  }
  // Program threads start from a pool made now, while this thread is free to hand out workers:
  // a spawn during a run then starts at once, and so a run stops at once. Every program thread
  // the limit allows (main included), and one for the run's time limit.
#if defined(__EMSCRIPTEN_PTHREADS__)
  brigade::lang::prestart_threads(brigade::lang::RunLimits{}.max_threads + 1);
#endif
  ImGui::GetIO().SetClipboardTextFn = set_clipboard;
  ImGui::GetIO().GetClipboardTextFn = get_clipboard;
  // The browser paces frames (requestAnimationFrame); main returns and the loop runs on.
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
