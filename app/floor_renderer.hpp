// floor_renderer.hpp — the restaurant's floor, drawn by shaders/floor.* in the middle of
// ImGui's own drawing (an ImDrawList callback), so windows and tickets draw on top of it.
#pragma once
#include <GLES3/gl3.h>
#include <imgui.h>

#include <string>

#include "theme.hpp"

namespace brigade::app {

class FloorRenderer {
 public:
  bool init(std::string& error);  // needs a current GL context
  void shutdown();
  // Queue the floor under `rect` (UI units) into `list`; drawn when ImGui renders.
  void queue(ImDrawList* list, ImVec2 min, ImVec2 max, float time, const Palette& palette);

 private:
  static void draw_callback(const ImDrawList* list, const ImDrawCmd* cmd);
  void draw() const;

  GLuint program_ = 0, vao_ = 0, vbo_ = 0;
  GLint u_rect_ = -1, u_viewport_ = -1, u_time_ = -1, u_scale_ = -1, u_dining_ = -1, u_kitchen_ = -1, u_pass_ = -1;
  // What the next draw uses (one floor a frame).
  ImVec2 min_{}, max_{};
  float time_ = 0;
  Palette palette_{};
};

}  // namespace brigade::app
