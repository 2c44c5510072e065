// host_sdl.hpp — the backend leaf both entries share: an SDL2 window with an OpenGL ES 3
// context (WebGL2 in the browser), Dear ImGui's SDL and OpenGL3 backends, and the App's frame.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct SDL_Window;

namespace brigade::app {

class App;

struct HostOptions {
  int width = 1280;
  int height = 800;
  bool vsync = true;
};

class Host {
 public:
  bool open(App& app, const HostOptions& options, std::string& error);
  // Handle input and draw one frame. False once the user closed the window.
  bool step(double seconds);
  void close();
  void set_window_size(int width, int height);  // the web entry follows the canvas's CSS size
  // Ask the next step() to keep its frame's pixels (screenshots for tests), then take them:
  // RGB rows top to bottom.
  void request_capture() { capture_requested_ = true; }
  bool take_capture(std::vector<std::uint8_t>& rgb, int& width, int& height);

 private:
  App* app_ = nullptr;
  SDL_Window* window_ = nullptr;
  void* gl_context_ = nullptr;
  bool capture_requested_ = false;
  std::vector<std::uint8_t> captured_;
  int captured_w_ = 0, captured_h_ = 0;
  void read_back_buffer();
};

}  // namespace brigade::app
