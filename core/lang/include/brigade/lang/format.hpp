// format.hpp — Rust's format strings (std::fmt): parsing `{..}` specs and rendering values.
//
//   "{}"  "{:?}"  "{:#?}"  "{0}"  "{name}"  "{:>8}"  "{:*^10.3}"  "{:+}"  "{:08.2}"  "{:x}"
//   "{:#b}"  "{:width$}"  "{:.prec$}"  "{:.*}"  "{{" / "}}"
//
// parse_format() turns the string into pieces, or reports rustc's error ("invalid format
// string: ...") with the byte offset in the string. The renderers implement what Display and
// Debug do for numbers, strings and chars, and padding; the VM formats its values with them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brigade::lang::fmt {

enum class Align { None, Left, Center, Right };

// A reference to an argument: by position, by name, or the next implicit one.
struct ArgRef {
  enum class Kind { Next, Index, Name } kind = Kind::Next;
  std::size_t index = 0;  // Index; for Next, filled in by parse_format (0, 1, 2, ...)
  std::string name;       // Name
};

// A width or precision: a literal count, or taken from an argument (`width$`, `.*`).
struct Count {
  enum class Kind { None, Literal, Arg } kind = Kind::None;
  std::size_t value = 0;
  ArgRef arg;
};

struct Spec {
  std::string fill = " ";  // one character (UTF-8)
  Align align = Align::None;
  bool plus = false;       // `+`
  bool minus = false;      // `-` (accepted, no effect, as in Rust)
  bool alternate = false;  // `#`
  bool zero = false;       // `0`
  Count width;
  Count precision;
  std::string type;  // "" (Display), "?" (Debug), "x", "X", "o", "b", "e", "E", "x?", "X?"
};

struct Piece {
  bool is_literal = true;
  std::string literal;  // with {{ }} already unescaped
  ArgRef arg;
  Spec spec;
  std::size_t offset = 0;  // where the `{` is, in the format string
  std::size_t length = 0;
};

struct FormatString {
  std::vector<Piece> pieces;
  std::size_t implicit_args = 0;  // how many `{}` took the next argument
};

struct FormatError {
  std::string message;  // after "invalid format string: "
  std::string label;
  std::size_t offset = 0;
  std::size_t length = 1;
};

// Parses `text`; on a malformed string returns nullopt and fills `error`.
std::optional<FormatString> parse_format(std::string_view text, FormatError& error);

// ---- rendering (what std::fmt does)
std::string pad(std::string_view body, const Spec& spec, Align default_align);
// An integer of `bits` bits (8..64); `raw` holds its value (sign-extended when is_signed).
// Hex/octal/binary of a negative number show its two's complement, as Rust does.
std::string format_int(std::int64_t raw, unsigned bits, bool is_signed, const Spec& spec);
std::string format_float(double value, const Spec& spec);
std::string format_str(std::string_view value, const Spec& spec);  // Display: precision truncates
std::string debug_str(std::string_view value);                     // "a\"b\n" as Debug prints it
std::string debug_char(std::string_view utf8_char);                // 'a' / '\n' / '\''
std::string display_float(double value);                           // 1.0 -> "1", 0.1 -> "0.1"
std::string debug_float(double value);                             // 1.0 -> "1.0"

}  // namespace brigade::lang::fmt
