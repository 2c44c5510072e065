// theme.cpp — the two themes. Colours chosen for contrast on both the UI and the scene.
#include "theme.hpp"

#include <cstddef>

namespace brigade::app {

namespace {
ImVec4 rgb(int hex, float alpha = 1.0f) {
  return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, alpha);
}
ImU32 rgba(int hex, int alpha = 255) {
  return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, alpha);
}
}  // namespace

void apply_theme(Theme theme) {
  ImGuiStyle style;
  if (theme == Theme::Dark) {
    ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = rgb(0x1b1d23);
    c[ImGuiCol_ChildBg] = rgb(0x1f2229);
    c[ImGuiCol_PopupBg] = rgb(0x23262e);
    c[ImGuiCol_MenuBarBg] = rgb(0x16181d);
    c[ImGuiCol_TitleBg] = rgb(0x16181d);
    c[ImGuiCol_TitleBgActive] = rgb(0x16181d);
    c[ImGuiCol_Border] = rgb(0x2e323c);
    c[ImGuiCol_FrameBg] = rgb(0x272b34);
    c[ImGuiCol_Button] = rgb(0x2f6fde, 0.85f);
    c[ImGuiCol_ButtonHovered] = rgb(0x4384f0);
    c[ImGuiCol_ButtonActive] = rgb(0x255cc0);
    c[ImGuiCol_Header] = rgb(0x2f6fde, 0.35f);
    c[ImGuiCol_Text] = rgb(0xe6e8ee);
    c[ImGuiCol_TextDisabled] = rgb(0x8a91a0);
  } else {
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = rgb(0xf7f7f5);
    c[ImGuiCol_ChildBg] = rgb(0xffffff);
    c[ImGuiCol_PopupBg] = rgb(0xffffff);
    c[ImGuiCol_MenuBarBg] = rgb(0xeeeeea);
    c[ImGuiCol_TitleBg] = rgb(0xeeeeea);
    c[ImGuiCol_TitleBgActive] = rgb(0xeeeeea);
    c[ImGuiCol_Border] = rgb(0xd9d9d4);
    c[ImGuiCol_FrameBg] = rgb(0xececE8);
    c[ImGuiCol_Button] = rgb(0x2f6fde);
    c[ImGuiCol_ButtonHovered] = rgb(0x4384f0);
    c[ImGuiCol_ButtonActive] = rgb(0x255cc0);
    c[ImGuiCol_Header] = rgb(0x2f6fde, 0.25f);
    c[ImGuiCol_Text] = rgb(0x1d2129);
    c[ImGuiCol_TextDisabled] = rgb(0x6b7280);
  }
  style.WindowRounding = 0.0f;
  style.ChildRounding = 6.0f;
  style.FrameRounding = 5.0f;
  style.GrabRounding = 5.0f;
  style.WindowBorderSize = 0.0f;
  style.ChildBorderSize = 1.0f;
  style.WindowPadding = ImVec2(12, 10);
  style.FramePadding = ImVec2(10, 5);
  style.ItemSpacing = ImVec2(8, 6);
  ImGui::GetStyle() = style;
}

const Palette& palette(Theme theme) {
  static const Palette dark{rgb(0x2a2420), rgb(0x262b30), rgb(0x8d6e4f),
                            rgba(0xf1efe9), rgba(0x9aa1ad), rgba(0x4c8dff), rgba(0xf2a33a), rgba(0x3fbf7f),
                            rgba(0xfff6dc), rgba(0xb08a3c), rgba(0x4a4f5a)};
  static const Palette light{rgb(0xe9dcc8), rgb(0xdfe5ea), rgb(0xa07a52),
                             rgba(0x1d2129), rgba(0x5b6270), rgba(0x2f6fde), rgba(0xc7771a), rgba(0x1f9d5a),
                             rgba(0xfffaf0), rgba(0xb08a3c), rgba(0x8b909b)};
  return theme == Theme::Dark ? dark : light;
}

ImU32 thread_color(std::uint32_t ordinal, Theme theme) {
  static const int dark[] = {0x8ab4ff, 0xf2a33a, 0x6fdc9c, 0xe58ee0, 0x5fd4e6, 0xf07b6e, 0xd4c95a, 0xb59cff};
  static const int light[] = {0x2f5fbf, 0xb86200, 0x1c8a4a, 0xa3329c, 0x00829a, 0xc23a2c, 0x857a00, 0x6a4fd1};
  std::size_t i = ordinal == 0 ? 0 : (ordinal - 1) % 8;
  return rgba(theme == Theme::Dark ? dark[i] : light[i]);
}

}  // namespace brigade::app
