// source.cpp — line tables and rendering of diagnostics.
#include "brigade/lang/source.hpp"

#include <algorithm>
#include <string>

#include "brigade/lang/diagnostics.hpp"

namespace brigade::lang {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string utf8(char32_t c) {
  std::string out;
  append_utf8(out, c);
  return out;
}

Source::Source(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view Source::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
  std::string_view s(text_.data() + start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

namespace {
bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
std::uint32_t count_chars(std::string_view s) {
  return static_cast<std::uint32_t>(std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}
}  // namespace

Span Source::locate(std::uint32_t offset, std::uint32_t length) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  std::uint32_t start = line_starts_[line - 1];
  return Span{offset, length, line, count_chars(std::string_view(text_).substr(start, offset - start)) + 1};
}

void Diagnostics::error(Span span, std::string message, std::string label, std::string help) {
  errors_.push_back(Diagnostic{std::move(message), span, std::move(label), std::move(help)});
}

std::string Diagnostics::render_one(const Source& source, const Diagnostic& d) {
  std::string line_no = std::to_string(d.span.line);
  std::string gutter(line_no.size(), ' ');
  std::string out = "error: " + d.message + "\n";
  out +=
      gutter + "--> " + source.name() + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + "\n";
  out += gutter + " |\n";
  std::string_view text = source.line_text(d.span.line);
  out += line_no + " | " + std::string(text) + "\n";
  // The caret under the span's characters (tabs kept as tabs so they line up).
  std::string pad;
  std::uint32_t col = 1;
  for (char c : text) {
    if (col >= d.span.column) break;
    if (is_continuation(c)) continue;
    pad += c == '\t' ? '\t' : ' ';
    ++col;
  }
  std::uint32_t start_in_line = d.span.offset;
  std::string_view rest = source.text().substr(std::min<std::size_t>(start_in_line, source.text().size()));
  std::string_view spanned = rest.substr(0, std::min<std::size_t>(d.span.length, rest.find('\n')));
  std::uint32_t carets = std::max<std::uint32_t>(1, count_chars(spanned));
  out += gutter + " | " + pad + std::string(carets, '^');
  if (!d.label.empty()) out += " " + d.label;
  out += "\n";
  if (!d.help.empty()) out += gutter + " |\n" + gutter + " = help: " + d.help + "\n";
  return out;
}

std::string Diagnostics::render(const Source& source) const {
  std::string out;
  for (const auto& d : errors_) out += render_one(source, d) + "\n";
  if (!errors_.empty()) {
    out += "error: aborting due to " + (errors_.size() == 1 ? std::string("1 previous error")
                                                            : std::to_string(errors_.size()) + " previous errors");
    out += "\n";
  }
  return out;
}

}  // namespace brigade::lang
