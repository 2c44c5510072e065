// source.cpp — line tables and rendering of diagnostics.
#include "brigade/lang/source.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

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

std::string rustc_code_for(std::string_view message) {
  // Checked against rustc 1.95 on this machine, one program per family (a prefix may stand
  // for several codes only where the words differ further on: the longer prefix comes first).
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"cannot find value `", "E0425"},
      {"cannot find function `", "E0425"},
      {"cannot find type `", "E0425"},
      {"cannot find tuple struct or tuple variant `", "E0531"},
      {"cannot find struct, variant or union type `", "E0422"},
      {"cannot find trait `", "E0405"},
      {"use of undeclared label `", "E0426"},
      {"undeclared label `", "E0426"},
      {"unresolved import `", "E0432"},
      {"failed to resolve", "E0433"},
      {"cannot find module or crate `", "E0433"},
      {"expected value, found ", "E0423"},
      {"expected function, tuple struct or tuple variant, found ", "E0423"},
      {"expected function, found ", "E0618"},
      {"expected tuple struct or tuple variant, found ", "E0532"},
      {"expected a pattern, found ", "E0532"},
      {"this function takes ", "E0061"},
      {"this method takes ", "E0061"},
      {"this enum variant takes ", "E0061"},
      {"this struct takes ", "E0061"},
      {"this pattern has ", "E0023"},
      {"the name `", "E0428"},
      {"not all trait items implemented", "E0046"},
      {"non-primitive cast", "E0605"},
      {"no method named `", "E0599"},
      {"no function or associated item named `", "E0599"},
      {"no variant or associated item named `", "E0599"},
      {"no variant named `", "E0599"},
      {"no field `", "E0609"},
      {"missing field", "E0063"},
      {"missing fields", "E0063"},
      {"invalid left-hand side of assignment", "E0070"},
      {"`main` function not found", "E0601"},
      {"`main` function is not allowed to be `async`", "E0752"},
      {"`break` with value from a ", "E0571"},
      {"`break` outside of a loop", "E0268"},
      {"`continue` outside of a loop", "E0268"},
      {"`await` is only allowed inside `async` functions and blocks", "E0728"},
      {"async block may outlive the current function", "E0373"},
      {"closure may outlive the current function", "E0373"},
      {"mismatched types", "E0308"},
      {"borrow of moved value", "E0382"},
      {"use of moved value", "E0382"},
      {"cannot assign twice to immutable variable", "E0384"},
  };
  for (const auto& [prefix, code] : kCodes) {
    if (message.substr(0, prefix.size()) == prefix) return std::string(code);
  }
  // "struct `S` has no field named `x`" (E0560), "variant `E::V` has no field named" (E0559),
  // "struct `S` does not have a field named `x`" in a pattern (E0026).
  if (message.find("` has no field named `") != std::string_view::npos) {
    return message.substr(0, 8) == "variant " ? "E0559" : "E0560";
  }
  if (message.find("` does not have a field named `") != std::string_view::npos) return "E0026";
  return {};
}

void Diagnostics::error(Span span, std::string message, std::string label, std::string help) {
  std::string code = rustc_code_for(message);
  errors_.push_back(Diagnostic{std::move(message), span, std::move(label), std::move(help), std::move(code)});
}

std::string Diagnostics::render_one(const Source& source, const Diagnostic& d) {
  std::string line_no = std::to_string(d.span.line);
  std::string gutter(line_no.size(), ' ');
  std::string out = (d.code.empty() ? "error: " : "error[" + d.code + "]: ") + d.message + "\n";
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
    std::set<std::string> codes;
    for (const auto& d : errors_) {
      if (!d.code.empty()) codes.insert(d.code);
    }
    if (codes.size() == 1) {
      out += "\nFor more information about this error, try `rustc --explain " + *codes.begin() + "`.\n";
    } else if (codes.size() > 1) {
      std::string list;
      for (const auto& c : codes) list += (list.empty() ? "" : ", ") + c;
      out += "\nSome errors have detailed explanations: " + list + ".\n";
      out += "For more information about an error, try `rustc --explain " + *codes.begin() + "`.\n";
    }
  }
  return out;
}

}  // namespace brigade::lang
