// source.hpp — a program's text, and places in it.
//
// Every token, node and (later) instruction carries a Span, so that each error can point at its
// line and column the way rustc does. Lines and columns are 1-based; columns count characters
// (UTF-8 code points), as rustc's do.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brigade::lang {

struct Span {
  std::uint32_t offset = 0;  // byte offset of the first character
  std::uint32_t length = 0;  // in bytes
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// A Unicode scalar value as UTF-8: appended to `out`, or as a string of its own.
void append_utf8(std::string& out, char32_t c);
std::string utf8(char32_t c);

class Source {
 public:
  Source(std::string name, std::string text);
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;  // without the newline
  [[nodiscard]] std::uint32_t line_count() const noexcept { return static_cast<std::uint32_t>(line_starts_.size()); }
  // The line and column of a byte offset.
  [[nodiscard]] Span locate(std::uint32_t offset, std::uint32_t length = 0) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace brigade::lang
