// editor.hpp — the program editor: ImGui's multiline text input for editing (selection, undo
// and redo, clipboard, keyboard navigation), with our own drawing on top of it: Rust syntax
// colours (app/model/source_tools), line numbers, the current line, the caret, and compile
// errors underlined at their line:col with the message on hover.
//
// How the overlay stays aligned: the input is sized to its whole text, so it never scrolls
// itself; an outer child window scrolls instead, and the editor keeps the caret in view.
// The input draws only the selection (its text and frame are transparent).
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "session.hpp"
#include "source_tools.hpp"
#include "theme.hpp"

namespace brigade::app {

struct EditorStats {
  int markers_drawn = 0;  // compile-error underlines visible
  std::uint32_t caret_line = 1, caret_column = 1;
  bool focused = false;
};

class Editor {
 public:
  Editor();
  void set_text(std::string text);  // a new document: the undo history starts over
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  // Inserts `text` at the caret, replacing the selection (a paste from the system clipboard).
  void paste(std::string text);
  // Moves the caret to line:col (1-based) and focuses the editor.
  void go_to(std::uint32_t line, std::uint32_t column);
  // Draws in a child of `size`; true when the text changed this frame.
  bool draw(ImVec2 size, ImFont* mono, const Palette& palette, Theme theme, const std::vector<Problem>& problems);
  [[nodiscard]] const EditorStats& stats() const noexcept { return stats_; }

 private:
  static int on_input(ImGuiInputTextCallbackData* data);
  [[nodiscard]] std::uint32_t offset_of(std::uint32_t line, std::uint32_t column) const;
  void recompute();  // line starts and colours, after a change

  std::string text_;
  std::vector<std::uint32_t> line_starts_;  // byte offset of each line
  std::vector<Highlight> colours_;
  float longest_line_w_ = 0;
  int document_ = 0;          // bumps on set_text: a fresh widget, a fresh undo history
  int pending_cursor_ = -1;   // a caret move to apply from the next callback
  std::string pending_paste_;  // text to insert from the next callback
  int cursor_ = 0, last_cursor_ = -1;
  EditorStats stats_;
};

}  // namespace brigade::app
