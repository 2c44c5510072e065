// host_sdl.cpp — SDL2 + OpenGL ES 3 + Dear ImGui backends around the App.
#include "host_sdl.hpp"

#include <GLES3/gl3.h>
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "app.hpp"

namespace brigade::app {

bool Host::open(App& app, const HostOptions& options, std::string& error) {
  app_ = &app;
  // No SDL_INIT_TIMER: it starts a thread of its own, and the app has no use for it.
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    error = std::string("SDL_Init failed: ") + SDL_GetError();
    return false;
  }
  // OpenGL ES 3.0 everywhere (WebGL2 in the browser), so one set of shaders serves both.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  window_ = SDL_CreateWindow("Brigade", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height,
                             flags);
  if (window_ == nullptr) {
    error = std::string("SDL_CreateWindow failed: ") + SDL_GetError();
    return false;
  }
  gl_context_ = SDL_GL_CreateContext(window_);
  if (gl_context_ == nullptr) {
    error = std::string("no OpenGL ES 3 context: ") + SDL_GetError();
    return false;
  }
  SDL_GL_MakeCurrent(window_, gl_context_);
  SDL_GL_SetSwapInterval(options.vsync ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is the app's, not a file's
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_context_);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  std::string gl_error;
  app.init_gl(gl_error);  // on failure the app draws without its shader and says so
  return true;
}

bool Host::step(double seconds) {
  bool running = true;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) running = false;
    if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
        event.window.windowID == SDL_GetWindowID(window_)) {
      running = false;
    }
  }
  int w = 0, h = 0, fb_w = 0, fb_h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  SDL_GL_GetDrawableSize(window_, &fb_w, &fb_h);
  float scale = w > 0 ? static_cast<float>(fb_w) / static_cast<float>(w) : 1.0f;
  if (app_->ensure_fonts(scale)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  app_->frame(seconds);
  ImGui::Render();
  glViewport(0, 0, fb_w, fb_h);
  ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (capture_requested_) read_back_buffer();  // before the swap leaves it undefined
  SDL_GL_SwapWindow(window_);
  return running;
}

void Host::set_window_size(int width, int height) {
  int w = 0, h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  if (w != width || h != height) SDL_SetWindowSize(window_, width, height);
}

void Host::read_back_buffer() {
  capture_requested_ = false;
  int width = 0, height = 0;
  SDL_GL_GetDrawableSize(window_, &width, &height);
  if (width <= 0 || height <= 0) return;
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  if (glGetError() != GL_NO_ERROR) return;
  captured_.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  for (int y = 0; y < height; ++y) {  // GL rows run bottom to top
    const std::uint8_t* src = &rgba[static_cast<std::size_t>(height - 1 - y) * static_cast<std::size_t>(width) * 4];
    std::uint8_t* dst = &captured_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 3];
    for (int x = 0; x < width; ++x) {
      dst[x * 3 + 0] = src[x * 4 + 0];
      dst[x * 3 + 1] = src[x * 4 + 1];
      dst[x * 3 + 2] = src[x * 4 + 2];
    }
  }
  captured_w_ = width;
  captured_h_ = height;
}

bool Host::take_capture(std::vector<std::uint8_t>& rgb, int& width, int& height) {
  if (captured_.empty()) return false;
  rgb = std::move(captured_);
  captured_.clear();
  width = captured_w_;
  height = captured_h_;
  return true;
}

void Host::close() {
  if (app_ != nullptr) app_->shutdown_gl();
  if (ImGui::GetCurrentContext() != nullptr) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  if (gl_context_ != nullptr) SDL_GL_DeleteContext(gl_context_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  gl_context_ = nullptr;
  window_ = nullptr;
  SDL_Quit();
}

}  // namespace brigade::app
