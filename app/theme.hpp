// theme.hpp — light and dark themes: ImGui's style plus the restaurant's palette.
#pragma once
#include <imgui.h>

#include <cstdint>

namespace brigade::app {

struct Palette {
  ImVec4 dining, kitchen, pass;        // the floor (shaders/floor.frag)
  ImU32 ink, muted, accent, warn, ok;  // drawing on top of it
  ImU32 ticket, ticket_edge, carousel;
};

enum class Theme { Light, Dark };
void apply_theme(Theme theme);  // ImGui's colours and sizes (in UI units)
const Palette& palette(Theme theme);
// A colour per program thread (its console tag and timeline label), by its number in the run.
ImU32 thread_color(std::uint32_t ordinal, Theme theme);

}  // namespace brigade::app
