// editor.cpp — see editor.hpp.
#include "editor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace brigade::app {

namespace {
ImU32 colour_of(TokenClass c, Theme theme, const Palette& p) {
  bool dark = theme == Theme::Dark;
  switch (c) {
    case TokenClass::Keyword:
      return dark ? IM_COL32(199, 146, 234, 255) : IM_COL32(137, 55, 180, 255);
    case TokenClass::Type:
      return dark ? IM_COL32(229, 192, 123, 255) : IM_COL32(166, 100, 0, 255);
    case TokenClass::Macro:
      return dark ? IM_COL32(86, 182, 194, 255) : IM_COL32(0, 128, 140, 255);
    case TokenClass::Function:
      return dark ? IM_COL32(97, 175, 239, 255) : IM_COL32(38, 99, 201, 255);
    case TokenClass::String:
      return dark ? IM_COL32(152, 195, 121, 255) : IM_COL32(48, 130, 36, 255);
    case TokenClass::Number:
      return dark ? IM_COL32(209, 154, 102, 255) : IM_COL32(190, 82, 0, 255);
    case TokenClass::Comment:
      return dark ? IM_COL32(127, 132, 142, 255) : IM_COL32(125, 130, 140, 255);
    case TokenClass::Lifetime:
      return dark ? IM_COL32(224, 108, 117, 255) : IM_COL32(190, 40, 60, 255);
    case TokenClass::Plain:
      break;
  }
  return p.ink;
}

std::string expand_tabs(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\t') {
      out += "    ";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}
}  // namespace

Editor::Editor() {
  recompute();
}

void Editor::set_text(std::string text) {
  text_ = expand_tabs(std::move(text));
  ++document_;
  cursor_ = 0;
  last_cursor_ = -1;
  pending_cursor_ = -1;
  recompute();
}

void Editor::recompute() {
  line_starts_.assign(1, 0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  colours_ = highlight(text_);
  longest_line_w_ = 0;  // measured in draw(), where the font is known
}

std::uint32_t Editor::offset_of(std::uint32_t line, std::uint32_t column) const {
  line = std::clamp<std::uint32_t>(line, 1, static_cast<std::uint32_t>(line_starts_.size()));
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
  return std::min(start + (column > 0 ? column - 1 : 0), end);
}

void Editor::paste(std::string text) {
  pending_paste_ += expand_tabs(std::move(text));
}

void Editor::go_to(std::uint32_t line, std::uint32_t column) {
  pending_cursor_ = static_cast<int>(offset_of(line, column));
}

int Editor::on_input(ImGuiInputTextCallbackData* data) {
  auto* self = static_cast<Editor*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    self->text_.resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = self->text_.data();
    return 0;
  }
  // Tab indents with four spaces, as rustfmt does.
  for (int i = 0; i < data->BufTextLen; ++i) {
    if (data->Buf[i] == '\t') {
      data->DeleteChars(i, 1);
      data->InsertChars(i, "    ");
      if (data->CursorPos > i) data->CursorPos += 3;
      data->SelectionStart = data->SelectionEnd = data->CursorPos;
    }
  }
  if (!self->pending_paste_.empty()) {
    if (data->HasSelection()) {
      int from = std::min(data->SelectionStart, data->SelectionEnd);
      data->DeleteChars(from, std::abs(data->SelectionEnd - data->SelectionStart));
      data->CursorPos = from;
    }
    data->InsertChars(data->CursorPos, self->pending_paste_.c_str());
    data->SelectionStart = data->SelectionEnd = data->CursorPos;
    self->pending_paste_.clear();
  }
  if (self->pending_cursor_ >= 0) {
    data->CursorPos = data->SelectionStart = data->SelectionEnd = std::min(self->pending_cursor_, data->BufTextLen);
    self->pending_cursor_ = -1;
  }
  self->cursor_ = data->CursorPos;
  return 0;
}

bool Editor::draw(ImVec2 size, ImFont* mono, const Palette& palette, Theme theme, const std::vector<Problem>& problems) {
  stats_.markers_drawn = 0;
  ImGui::PushFont(mono);
  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 pad(8.0f, 6.0f);
  const float digit_w = ImGui::CalcTextSize("0").x;
  const float gutter_w = digit_w * static_cast<float>(std::max<std::size_t>(3, std::to_string(line_starts_.size()).size())) + 18.0f;
  if (longest_line_w_ == 0) {
    for (std::size_t i = 0; i < line_starts_.size(); ++i) {
      std::uint32_t end = i + 1 < line_starts_.size() ? line_starts_[i + 1] - 1 : static_cast<std::uint32_t>(text_.size());
      longest_line_w_ = std::max(longest_line_w_, ImGui::CalcTextSize(text_.data() + line_starts_[i], text_.data() + end).x);
    }
    longest_line_w_ = std::max(longest_line_w_, 1.0f);
  }

  bool dark = theme == Theme::Dark;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, dark ? IM_COL32(22, 24, 29, 255) : IM_COL32(255, 255, 255, 255));
  ImGui::BeginChild("editor-scroll", size, true, ImGuiWindowFlags_HorizontalScrollbar);
  ImDrawList* list = ImGui::GetWindowDrawList();
  ImVec2 top_left = ImGui::GetCursorScreenPos();
  float text_h = static_cast<float>(line_starts_.size() + 1) * line_h + pad.y * 2;
  float input_w = std::max(ImGui::GetContentRegionAvail().x - gutter_w, longest_line_w_ + digit_w * 4 + pad.x * 2);
  ImVec2 text_origin(top_left.x + gutter_w + pad.x, top_left.y + pad.y);
  float visible_top = ImGui::GetScrollY(), visible_h = ImGui::GetWindowHeight();

  // Caret line, known from the last frame's callback.
  auto line_of = [&](std::uint32_t offset) {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  };
  std::uint32_t caret = static_cast<std::uint32_t>(std::clamp(cursor_, 0, static_cast<int>(text_.size())));
  std::uint32_t caret_line = line_of(caret);
  stats_.caret_line = caret_line;
  stats_.caret_column = caret - line_starts_[caret_line - 1] + 1;
  float caret_y = text_origin.y + static_cast<float>(caret_line - 1) * line_h;
  list->AddRectFilled(ImVec2(top_left.x, caret_y), ImVec2(top_left.x + gutter_w + input_w, caret_y + line_h),
                      dark ? IM_COL32(255, 255, 255, 14) : IM_COL32(47, 111, 222, 18));

  // The input: transparent text and frame; only the selection shows.
  ImGui::SetCursorScreenPos(ImVec2(top_left.x + gutter_w, top_left.y));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
  ImGui::PushID(document_);
  if (pending_cursor_ >= 0) ImGui::SetKeyboardFocusHere();
  bool changed = ImGui::InputTextMultiline(
      "##code", text_.data(), text_.capacity() + 1, ImVec2(input_w, text_h),
      ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackAlways,
      &Editor::on_input, this);
  stats_.focused = ImGui::IsItemActive();
  ImGui::PopID();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  if (changed) {
    text_.resize(std::strlen(text_.c_str()));
    recompute();
  }

  // Keep the caret in view when it moved (typing, arrows, a jump from the problems list).
  if (cursor_ != last_cursor_ && stats_.focused) {
    float rel = caret_y - top_left.y;
    if (rel < visible_top) ImGui::SetScrollY(rel);
    if (rel + line_h * 2 > visible_top + visible_h) ImGui::SetScrollY(rel + line_h * 2 - visible_h);
    last_cursor_ = cursor_;
  }

  // Gutter and coloured text, for the visible lines only.
  std::size_t first = static_cast<std::size_t>(std::max(0.0f, (visible_top - pad.y) / line_h));
  std::size_t last = std::min(line_starts_.size(), first + static_cast<std::size_t>(visible_h / line_h) + 2);
  ImFont* font = ImGui::GetFont();
  float font_size = ImGui::GetFontSize();
  auto x_at = [&](std::uint32_t line_start, std::uint32_t offset) {
    return font->CalcTextSizeA(font_size, 1e9f, 0, text_.data() + line_start, text_.data() + offset).x;
  };
  auto colour_it = colours_.begin();
  for (std::size_t i = first; i < last; ++i) {
    std::uint32_t start = line_starts_[i];
    std::uint32_t end = i + 1 < line_starts_.size() ? line_starts_[i + 1] - 1 : static_cast<std::uint32_t>(text_.size());
    float y = text_origin.y + static_cast<float>(i) * line_h;
    char number[24];
    std::snprintf(number, sizeof number, "%zu", i + 1);
    float number_w = ImGui::CalcTextSize(number).x;
    list->AddText(ImVec2(top_left.x + gutter_w - 10.0f - number_w, y), i + 1 == caret_line ? palette.ink : palette.muted,
                  number);
    // Coloured runs: plain text between highlights.
    while (colour_it != colours_.end() && colour_it->offset + colour_it->length <= start) ++colour_it;
    std::uint32_t at = start;
    float x = text_origin.x;
    for (auto it = colour_it; at < end;) {
      while (it != colours_.end() && it->offset + it->length <= at) ++it;
      std::uint32_t run_end = end;
      ImU32 col = palette.ink;
      if (it != colours_.end() && it->offset < end) {
        if (it->offset > at) {
          run_end = it->offset;  // plain text up to the next highlight
        } else {
          run_end = std::min(end, it->offset + it->length);
          col = colour_of(it->cls, theme, palette);
        }
      }
      list->AddText(font, font_size, ImVec2(x, y), col, text_.data() + at, text_.data() + run_end);
      x += font->CalcTextSizeA(font_size, 1e9f, 0, text_.data() + at, text_.data() + run_end).x;
      at = run_end;
    }
  }
  list->AddLine(ImVec2(top_left.x + gutter_w - 4, top_left.y + visible_top),
                ImVec2(top_left.x + gutter_w - 4, top_left.y + visible_top + visible_h), palette.muted & 0x40FFFFFF);

  // The caret (the input's own is transparent with the text), blinking while focused.
  if (stats_.focused && std::fmod(ImGui::GetTime(), 1.0) < 0.6) {
    float cx = text_origin.x + x_at(line_starts_[caret_line - 1], caret);
    list->AddLine(ImVec2(cx, caret_y), ImVec2(cx, caret_y + line_h), palette.ink, 1.5f);
  }

  // Compile errors: a wavy underline at line:col, the message on hover.
  ImU32 error_col = dark ? IM_COL32(255, 95, 95, 255) : IM_COL32(214, 40, 40, 255);
  for (const Problem& p : problems) {
    if (p.line == 0 || p.line > line_starts_.size()) continue;
    std::uint32_t line_start = line_starts_[p.line - 1];
    std::uint32_t line_end = p.line < line_starts_.size() ? line_starts_[p.line] - 1 : static_cast<std::uint32_t>(text_.size());
    std::uint32_t from = std::min(offset_of(p.line, p.column), line_end);
    std::uint32_t to = std::min(from + p.length, line_end);
    float xa = text_origin.x + x_at(line_start, from);
    float xb = std::max(text_origin.x + x_at(line_start, to), xa + digit_w);
    float y = text_origin.y + static_cast<float>(p.line) * line_h - 2.0f;
    for (float x = xa; x < xb; x += 4.0f) {
      list->AddLine(ImVec2(x, y), ImVec2(std::min(x + 2.0f, xb), y - 2.0f), error_col, 1.5f);
      list->AddLine(ImVec2(std::min(x + 2.0f, xb), y - 2.0f), ImVec2(std::min(x + 4.0f, xb), y), error_col, 1.5f);
    }
    // The line number turns red too.
    list->AddRectFilled(ImVec2(top_left.x + 2, y - line_h + 2), ImVec2(top_left.x + 5, y), error_col);
    ++stats_.markers_drawn;
    if (ImGui::IsMouseHoveringRect(ImVec2(xa, y - line_h), ImVec2(xb, y + 2)) && ImGui::IsWindowHovered()) {
      ImGui::PopFont();
      ImGui::SetTooltip("error: %s (line %u, column %u)", p.message.c_str(), p.line, p.column);
      ImGui::PushFont(mono);
    }
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::PopFont();
  return changed;
}

}  // namespace brigade::app
