// main.cpp (web) — the browser entry. The browser's main thread runs only the frame loop and
// never blocks; everything that waits runs on pthreads (web workers from the pool).
//
// Exports for the page's JavaScript (web/brigade-page.js wraps them as window.brigade):
//   brigade_state_json()          the App's state as JSON (a pointer to a C string)
//   brigade_set_system_dark(int)  the page's prefers-color-scheme
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "host_sdl.hpp"

namespace {
brigade::app::App* g_app = nullptr;
brigade::app::Host* g_host = nullptr;
std::string g_state;

// #stage fills the page (CSS); the window follows its size each frame (SDL pins the canvas's
// own CSS size, so the container is what follows the browser window).
void follow_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#stage", &css_w, &css_h);
  if (css_w >= 1 && css_h >= 1) g_host->set_window_size(static_cast<int>(std::lround(css_w)), static_cast<int>(std::lround(css_h)));
}

void frame() {
  follow_canvas_size();
  g_host->step(emscripten_get_now() / 1000.0);
}
}  // namespace

EM_JS(int, page_prefers_dark, (), {
  return (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches) ? 1 : 0;
});

extern "C" {
EMSCRIPTEN_KEEPALIVE const char* brigade_state_json() {
  g_state = g_app != nullptr ? g_app->state_json() : std::string("{\"frames\":0}");
  return g_state.c_str();
}
EMSCRIPTEN_KEEPALIVE void brigade_set_system_dark(int dark) {
  if (g_app != nullptr) g_app->set_system_dark(dark != 0);
}
}

int main() {
  g_app = new brigade::app::App();  // lives for the page's lifetime
  g_app->set_system_dark(page_prefers_dark() != 0);
  g_host = new brigade::app::Host();
  std::string error;
  double css_w = 1280, css_h = 800;
  emscripten_get_element_css_size("#stage", &css_w, &css_h);
  brigade::app::HostOptions options;
  options.width = static_cast<int>(std::lround(css_w));
  options.height = static_cast<int>(std::lround(css_h));
  if (!g_host->open(*g_app, options, error)) {
    std::fprintf(stderr, "brigade: %s\n", error.c_str());
    return 1;
  }
  // The browser paces frames (requestAnimationFrame); main returns and the loop runs on.
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
