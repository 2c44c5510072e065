// fonts.hpp — Inter for the UI, JetBrains Mono for code, rasterised for the screen's pixel
// density so text stays crisp on high-DPI displays.
#pragma once
#include <imgui.h>

namespace brigade::app {

struct Fonts {
  ImFont* ui = nullptr;
  ImFont* ui_bold = nullptr;
  ImFont* mono = nullptr;
  float scale = 1.0f;  // the density the atlas was built for
};
// Rebuild the atlas for `scale` framebuffer pixels per UI unit. The caller re-uploads the
// texture (the renderer backend's job).
Fonts build_fonts(float scale);

}  // namespace brigade::app
