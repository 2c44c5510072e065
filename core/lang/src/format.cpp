// format.cpp — format-string parsing and std::fmt's renderers.
#include "brigade/lang/format.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace brigade::lang::fmt {

namespace {

std::size_t utf8_len(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
std::size_t utf8_char_bytes(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}
bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class SpecParser {
 public:
  SpecParser(std::string_view text, FormatError& error) : s_(text), err_(error) {}

  std::optional<FormatString> run() {
    FormatString out;
    std::string literal;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '{') {
        if (at(i_ + 1) == '{') {
          literal += '{';
          i_ += 2;
          continue;
        }
        if (!literal.empty()) {
          out.pieces.push_back(Piece{true, std::move(literal), {}, {}, 0, 0});
          literal.clear();
        }
        Piece piece;
        piece.is_literal = false;
        piece.offset = i_;
        ++i_;
        if (!argument(piece, out)) return std::nullopt;
        piece.length = i_ - piece.offset;
        out.pieces.push_back(std::move(piece));
      } else if (c == '}') {
        if (at(i_ + 1) == '}') {
          literal += '}';
          i_ += 2;
          continue;
        }
        return fail(i_, "unmatched `}` found", "unmatched `}` in format string");
      } else {
        literal += c;
        ++i_;
      }
    }
    if (!literal.empty()) out.pieces.push_back(Piece{true, std::move(literal), {}, {}, 0, 0});
    return out;
  }

 private:
  [[nodiscard]] char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  std::nullopt_t fail(std::size_t offset, std::string message, std::string label) {
    err_.message = std::move(message);
    err_.label = std::move(label);
    err_.offset = offset;
    return std::nullopt;
  }
  std::string found() const {
    if (i_ >= s_.size()) return "";
    return std::string(s_.substr(i_, utf8_char_bytes(static_cast<unsigned char>(s_[i_]))));
  }
  std::optional<std::size_t> integer() {
    std::size_t start = i_;
    std::size_t v = 0;
    while (std::isdigit(static_cast<unsigned char>(at(i_)))) {
      v = v * 10 + static_cast<std::size_t>(s_[i_] - '0');
      if (v > 1'000'000) v = 1'000'000;  // absurd widths are clamped, never overflow
      ++i_;
    }
    if (i_ == start) return std::nullopt;
    return v;
  }
  std::string identifier() {
    std::size_t start = i_;
    if (!is_ident_start(at(i_))) return {};
    while (is_ident_char(at(i_))) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  // The closing `}` (after optional spaces? no: Rust allows none) or an error.
  bool close(std::size_t open) {
    if (at(i_) == '}') {
      ++i_;
      return true;
    }
    if (i_ >= s_.size()) {
      fail(open, "expected `}` but string was terminated", "expected `}` in format string");
      return false;
    }
    fail(i_, "expected `}`, found `" + found() + "`", "expected `}` in format string");
    return false;
  }

  // After `{`: [argument][:spec]}
  bool argument(Piece& piece, FormatString& out) {
    std::size_t open = i_ - 1;
    if (auto n = integer()) {
      piece.arg.kind = ArgRef::Kind::Index;
      piece.arg.index = *n;
    } else if (is_ident_start(at(i_))) {
      piece.arg.kind = ArgRef::Kind::Name;
      piece.arg.name = identifier();
    } else {
      piece.arg.kind = ArgRef::Kind::Next;
    }
    if (at(i_) == ':') {
      ++i_;
      if (!spec(piece.spec, out)) return false;
    }
    if (piece.arg.kind == ArgRef::Kind::Next) piece.arg.index = out.implicit_args++;
    return close(open);
  }

  // A count that may be a parameter: 5, 5$, name$ (a plain name without $ is an error).
  bool count(Count& c, FormatString& out, bool allow_star) {
    std::size_t save = i_;
    if (allow_star && at(i_) == '*') {
      ++i_;
      c.kind = Count::Kind::Arg;
      c.arg.kind = ArgRef::Kind::Index;
      c.arg.index = out.implicit_args++;  // `.*` takes the next argument as the precision
      return true;
    }
    if (auto n = integer()) {
      if (at(i_) == '$') {
        ++i_;
        c.kind = Count::Kind::Arg;
        c.arg.kind = ArgRef::Kind::Index;
        c.arg.index = *n;
      } else {
        c.kind = Count::Kind::Literal;
        c.value = *n;
      }
      return true;
    }
    if (is_ident_start(at(i_))) {
      std::string name = identifier();
      if (at(i_) == '$') {
        ++i_;
        c.kind = Count::Kind::Arg;
        c.arg.kind = ArgRef::Kind::Name;
        c.arg.name = std::move(name);
        return true;
      }
      i_ = save;  // not a count: it is the type (e.g. `x`)
    }
    return true;
  }

  bool spec(Spec& spec, FormatString& out) {
    // [[fill]align]
    auto is_align = [](char c) { return c == '<' || c == '^' || c == '>'; };
    if (i_ < s_.size()) {
      std::size_t n = utf8_char_bytes(static_cast<unsigned char>(s_[i_]));
      if (is_align(at(i_ + n)) && s_[i_] != '}') {
        spec.fill = std::string(s_.substr(i_, n));
        i_ += n;
      }
    }
    if (is_align(at(i_))) {
      spec.align = at(i_) == '<' ? Align::Left : at(i_) == '^' ? Align::Center : Align::Right;
      ++i_;
    }
    if (at(i_) == '+') {
      spec.plus = true;
      ++i_;
    } else if (at(i_) == '-') {
      spec.minus = true;
      ++i_;
    }
    if (at(i_) == '#') {
      spec.alternate = true;
      ++i_;
    }
    if (at(i_) == '0' && at(i_ + 1) != '$') {
      spec.zero = true;
      ++i_;
    }
    if (!count(spec.width, out, false)) return false;
    if (at(i_) == '.') {
      ++i_;
      std::size_t before = i_;
      if (!count(spec.precision, out, true)) return false;
      if (spec.precision.kind == Count::Kind::None) {
        fail(before, "expected `}`, found `" + found() + "`", "expected `}` in format string");
        return false;
      }
    }
    // type
    if (at(i_) == '?') {
      spec.type = "?";
      ++i_;
    } else if ((at(i_) == 'x' || at(i_) == 'X') && at(i_ + 1) == '?') {
      spec.type = std::string(s_.substr(i_, 2));
      i_ += 2;
    } else if (is_ident_start(at(i_))) {
      std::size_t start = i_;
      std::string t = identifier();
      if (t != "x" && t != "X" && t != "o" && t != "b" && t != "e" && t != "E") {
        fail(start, "unknown format trait `" + t + "`", "unknown format trait");
        err_.length = t.size();
        err_.message = "unknown format trait `" + t + "`";
        return false;
      }
      spec.type = std::move(t);
    }
    return true;
  }

  std::string_view s_;
  FormatError& err_;
  std::size_t i_ = 0;
};

// Shortest decimal digits that read back as `value` (> 0, finite): digits and exponent such
// that value = 0.d1d2d3... * 10^exp10.
void shortest_digits(double value, std::string& digits, int& exp10) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  // buf = "d.ddddde[+-]XX"
  std::string s(buf);
  auto e = s.find('e');
  int exponent = std::atoi(s.c_str() + e + 1);
  digits.clear();
  for (std::size_t i = 0; i < e; ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) digits += s[i];
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  exp10 = exponent + 1;
}

std::string positional(const std::string& digits, int exp10) {
  std::string out;
  if (exp10 <= 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exp10), '0') + digits;
  } else if (static_cast<std::size_t>(exp10) >= digits.size()) {
    out = digits + std::string(static_cast<std::size_t>(exp10) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<std::size_t>(exp10)) + "." + digits.substr(static_cast<std::size_t>(exp10));
  }
  return out;
}

// Sign-aware zero padding (`{:08.2}`, `{:+05}`): zeros go after the sign/prefix.
std::string numeric_pad(std::string sign_and_prefix, std::string digits, const Spec& spec, std::size_t width) {
  if (spec.zero) {
    std::size_t len = utf8_len(sign_and_prefix) + utf8_len(digits);
    if (len < width) digits.insert(0, width - len, '0');
    return sign_and_prefix + digits;
  }
  Spec plain = spec;
  return pad(sign_and_prefix + digits, plain, Align::Right);
}

std::size_t literal_width(const Spec& spec) {
  return spec.width.kind == Count::Kind::Literal ? spec.width.value : 0;
}

}  // namespace

std::optional<FormatString> parse_format(std::string_view text, FormatError& error) {
  return SpecParser(text, error).run();
}

std::string pad(std::string_view body, const Spec& spec, Align default_align) {
  std::size_t width = literal_width(spec);
  std::size_t len = utf8_len(body);
  if (len >= width) return std::string(body);
  std::size_t total = width - len;
  Align align = spec.align == Align::None ? default_align : spec.align;
  std::size_t before = align == Align::Left ? 0 : align == Align::Right ? total : total / 2;
  std::string out;
  for (std::size_t i = 0; i < before; ++i) out += spec.fill;
  out += body;
  for (std::size_t i = before; i < total; ++i) out += spec.fill;
  return out;
}

std::string format_int(std::int64_t raw, unsigned bits, bool is_signed, const Spec& spec) {
  const std::string& t = spec.type;
  bool negative = is_signed && raw < 0;
  std::string digits, prefix;
  if (t == "x" || t == "X" || t == "o" || t == "b" || t == "x?" || t == "X?") {
    std::uint64_t bitsv = static_cast<std::uint64_t>(raw);
    if (bits < 64) bitsv &= (std::uint64_t{1} << bits) - 1;  // two's complement in the type's width
    unsigned base = (t[0] == 'x' || t[0] == 'X') ? 16 : t == "o" ? 8 : 2;
    const char* alphabet = t[0] == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
      digits.insert(digits.begin(), alphabet[bitsv % base]);
      bitsv /= base;
    } while (bitsv != 0);
    if (spec.alternate) prefix = base == 16 ? "0x" : base == 8 ? "0o" : "0b";
    negative = false;
  } else if (t == "e" || t == "E") {
    return format_float(static_cast<double>(raw), spec);
  } else {
    std::uint64_t magnitude = negative ? (~static_cast<std::uint64_t>(raw) + 1) : static_cast<std::uint64_t>(raw);
    digits = std::to_string(magnitude);
  }
  std::string sign = negative ? "-" : spec.plus ? "+" : "";
  return numeric_pad(sign + prefix, digits, spec, literal_width(spec));
}

std::string display_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  std::string digits;
  int exp10 = 0;
  shortest_digits(std::fabs(value), digits, exp10);
  return (value < 0 ? "-" : "") + positional(digits, exp10);
}

std::string debug_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  std::string digits;
  int exp10 = 0;
  shortest_digits(std::fabs(value), digits, exp10);
  std::string sign = value < 0 ? "-" : "";
  int sci = exp10 - 1;          // the exponent in d.ddd form
  if (sci < -4 || sci >= 16) {  // Debug switches to exponent form outside 1e-4 .. 1e16
    std::string mantissa = digits.substr(0, 1);
    if (digits.size() > 1) mantissa += "." + digits.substr(1);
    return sign + mantissa + "e" + std::to_string(sci);
  }
  std::string out = positional(digits, exp10);
  if (out.find('.') == std::string::npos) out += ".0";
  return sign + out;
}

std::string format_float(double value, const Spec& spec) {
  bool negative = std::signbit(value) && !std::isnan(value);
  double magnitude = std::fabs(value);
  std::string body;
  if (spec.type == "e" || spec.type == "E") {
    if (std::isnan(value) || std::isinf(magnitude)) {
      body = std::isnan(value) ? "NaN" : "inf";
    } else if (spec.precision.kind == Count::Kind::Literal) {
      char buf[512];
      std::snprintf(buf, sizeof buf, "%.*e", static_cast<int>(std::min<std::size_t>(spec.precision.value, 300)),
                    magnitude);
      std::string s(buf);
      auto e = s.find('e');
      body = s.substr(0, e) + "e" + std::to_string(std::atoi(s.c_str() + e + 1));
    } else if (magnitude == 0) {
      body = "0e0";
    } else {
      std::string digits;
      int exp10 = 0;
      shortest_digits(magnitude, digits, exp10);
      body = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "") + "e" + std::to_string(exp10 - 1);
    }
    if (spec.type == "E") {
      for (char& c : body) c = static_cast<char>(c == 'e' ? 'E' : c);
    }
  } else if (std::isnan(value)) {
    body = "NaN";
    negative = false;
  } else if (std::isinf(value)) {
    body = "inf";
  } else if (spec.precision.kind == Count::Kind::Literal) {
    std::vector<char> buf(std::min<std::size_t>(spec.precision.value, 1000) + 400);
    std::snprintf(buf.data(), buf.size(), "%.*f", static_cast<int>(std::min<std::size_t>(spec.precision.value, 1000)),
                  magnitude);
    body = buf.data();
  } else if (spec.type == "?") {
    body = debug_float(magnitude);
  } else {
    body = display_float(magnitude);
  }
  std::string sign = negative ? "-" : spec.plus ? "+" : "";
  if (std::isnan(value) || std::isinf(value)) {  // no zero padding for these
    Spec plain = spec;
    plain.zero = false;
    return pad(sign + body, plain, Align::Right);
  }
  return numeric_pad(sign, body, spec, literal_width(spec));
}

std::string format_str(std::string_view value, const Spec& spec) {
  if (spec.precision.kind == Count::Kind::Literal) {  // at most N characters
    std::size_t chars = 0, i = 0;
    while (i < value.size() && chars < spec.precision.value) {
      i += utf8_char_bytes(static_cast<unsigned char>(value[i]));
      ++chars;
    }
    value = value.substr(0, std::min(i, value.size()));
  }
  return pad(value, spec, Align::Left);
}

namespace {
void escape_into(std::string& out, std::string_view s, char quote) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = utf8_char_bytes(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += quote;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\0') {
      out += "\\0";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%x}", c);
      out += buf;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
}
}  // namespace

std::string debug_str(std::string_view value) {
  std::string out = "\"";
  escape_into(out, value, '"');
  return out + "\"";
}

std::string debug_char(std::string_view utf8_char) {
  std::string out = "'";
  escape_into(out, utf8_char, '\'');
  return out + "'";
}

}  // namespace brigade::lang::fmt
