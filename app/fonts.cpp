// fonts.cpp — the embedded fonts into ImGui's atlas.
#include "fonts.hpp"

#include "brigade_embedded.hpp"

namespace brigade::app {

namespace {
ImFont* add(const unsigned char* data, std::size_t size, float pixels) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
  config.OversampleH = 2;
  config.OversampleV = 1;
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0x2190, 0x22FF, 0x2500, 0x257F, 0};  // dashes, …, arrows, ∞, box drawing
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size),
                                                    pixels, &config, ranges);
}
}  // namespace

Fonts build_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  fonts.scale = scale;
  fonts.ui = add(embedded::font_inter, embedded::font_inter_size, 16.0f * scale);
  fonts.ui_bold = add(embedded::font_inter_semibold, embedded::font_inter_semibold_size, 17.0f * scale);
  fonts.mono = add(embedded::font_mono, embedded::font_mono_size, 15.0f * scale);
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / scale;  // laid out in UI units, rasterised in pixels
  io.FontDefault = fonts.ui;
  return fonts;
}

}  // namespace brigade::app
