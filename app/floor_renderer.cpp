// floor_renderer.cpp — GL state for the floor pass.
#include "floor_renderer.hpp"

#include "brigade_embedded.hpp"
#include "gl_shader.hpp"

namespace brigade::app {

bool FloorRenderer::init(std::string& error) {
  program_ = build_program("floor.vert", reinterpret_cast<const char*>(embedded::shader_floor_vert), "floor.frag",
                           reinterpret_cast<const char*>(embedded::shader_floor_frag), error);
  if (program_ == 0) return false;
  u_rect_ = glGetUniformLocation(program_, "u_rect");
  u_viewport_ = glGetUniformLocation(program_, "u_viewport");
  u_time_ = glGetUniformLocation(program_, "u_time");
  u_scale_ = glGetUniformLocation(program_, "u_scale");
  u_dining_ = glGetUniformLocation(program_, "u_dining");
  u_kitchen_ = glGetUniformLocation(program_, "u_kitchen");
  u_pass_ = glGetUniformLocation(program_, "u_pass");
  static const float corners[] = {0, 0, 1, 0, 0, 1, 1, 1};
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindVertexArray(0);
  return true;
}

void FloorRenderer::shutdown() {
  if (program_ != 0) glDeleteProgram(program_);
  if (vbo_ != 0) glDeleteBuffers(1, &vbo_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
  program_ = vao_ = vbo_ = 0;
}

void FloorRenderer::queue(ImDrawList* list, ImVec2 min, ImVec2 max, float time, const Palette& palette) {
  if (program_ == 0) {  // no GL program (it failed to build): a flat floor instead
    list->AddRectFilled(min, max, ImGui::ColorConvertFloat4ToU32(palette.kitchen));
    return;
  }
  min_ = min;
  max_ = max;
  time_ = time;
  palette_ = palette;
  list->AddCallback(&FloorRenderer::draw_callback, this);
  list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void FloorRenderer::draw_callback(const ImDrawList*, const ImDrawCmd* cmd) {
  static_cast<const FloorRenderer*>(cmd->UserCallbackData)->draw();
}

void FloorRenderer::draw() const {
  const ImGuiIO& io = ImGui::GetIO();
  float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  float fb_w = io.DisplaySize.x * sx, fb_h = io.DisplaySize.y * sy;
  float x = min_.x * sx, w = (max_.x - min_.x) * sx;
  float h = (max_.y - min_.y) * sy, y = fb_h - max_.y * sy;  // GL's origin is bottom-left
  glViewport(0, 0, static_cast<GLsizei>(fb_w), static_cast<GLsizei>(fb_h));
  glDisable(GL_BLEND);
  glUseProgram(program_);
  glUniform4f(u_rect_, x, y, w, h);
  glUniform2f(u_viewport_, fb_w, fb_h);
  glUniform1f(u_time_, time_);
  glUniform1f(u_scale_, sx);
  glUniform3f(u_dining_, palette_.dining.x, palette_.dining.y, palette_.dining.z);
  glUniform3f(u_kitchen_, palette_.kitchen.x, palette_.kitchen.y, palette_.kitchen.z);
  glUniform3f(u_pass_, palette_.pass.x, palette_.pass.y, palette_.pass.z);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
}

}  // namespace brigade::app
