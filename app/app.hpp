// app.hpp — the App: one object that owns the document, the live feed and the views.
// Platform-free: the host (host_sdl.cpp) gives it a GL context, input through ImGuiIO and a
// clock; it draws with ImGui and the floor shader.
#pragma once
#include <brigade/trace.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "feed.hpp"
#include "floor_renderer.hpp"
#include "fonts.hpp"
#include "run_model.hpp"
#include "theme.hpp"
#include "timeline_view.hpp"

namespace brigade::app {

class App {
 public:
  App();
  ~App();

  bool init_gl(std::string& error);  // after the GL context exists
  void shutdown_gl();
  // Rebuild the font atlas when the pixel density changed; true if the host must re-upload it.
  bool ensure_fonts(float scale);
  // The system's light/dark preference; the theme follows it unless the user picked one.
  void set_system_dark(bool dark);
  // One UI frame, between ImGui::NewFrame() and ImGui::Render(). `seconds` since start.
  void frame(double seconds);

  // For automation (window.brigade.state() on the web, tests natively): a JSON object.
  [[nodiscard]] std::string state_json() const;
  [[nodiscard]] std::uint64_t frames() const noexcept { return frames_; }
  [[nodiscard]] Theme theme() const noexcept { return theme_; }

 private:
  void draw_top_bar();
  void draw_program(float height);
  void draw_restaurant(float height, double seconds);
  void draw_bottom_panel();  // tabs: timeline, console, channels
  void draw_console();
  void draw_channels();

  trace::Ring ring_{1u << 16};  // core's trace events; drained into model_ once a frame
  RunModel model_;
  TimelineView timeline_;
  TimelineStats timeline_stats_;
  std::unique_ptr<Feed> feed_;  // after ring_: its channels are traced from their creation
  FeedSample last_{};
  std::string console_;  // recent feed lines
  int console_lines_ = 0;
  FloorRenderer floor_;
  Fonts fonts_;
  Theme theme_ = Theme::Dark;
  bool theme_chosen_ = false;  // the user overrode the system preference
  bool system_dark_ = true;
  std::optional<Theme> styled_theme_;  // the theme ImGui's style was last set to
  std::uint64_t frames_ = 0;
  std::string gl_error_;
};

}  // namespace brigade::app
