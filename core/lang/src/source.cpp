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
      {"type annotations needed", "E0282"},
      {"missing lifetime specifier", "E0106"},
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
  // "cannot borrow `v` as mutable, as it is not declared as mutable" (E0596), "cannot assign to
  // `x`, as it is not declared as mutable" (E0594), "cannot assign to immutable argument" (E0384).
  if (message.find(", as it is behind a `&` reference") != std::string_view::npos) {
    return message.substr(0, 14) == "cannot borrow " ? "E0596" : "E0594";
  }
  if (message.find(", as it is not declared as mutable") != std::string_view::npos) {
    return message.substr(0, 14) == "cannot borrow " ? "E0596" : "E0594";
  }
  if (message.substr(0, 35) == "cannot assign to immutable argument") return "E0384";
  // Borrow conflicts: "cannot borrow `v` as mutable because it is also borrowed as immutable"
  // (E0502), "... as mutable more than once at a time" (E0499), "cannot assign to `x` because
  // it is borrowed" (E0506), "cannot move out of `x` because it is borrowed" (E0505).
  if (message.find(" because it is also borrowed as ") != std::string_view::npos) return "E0502";
  if (message.find(" as mutable more than once at a time") != std::string_view::npos) return "E0499";
  if (message.substr(0, 17) == "cannot assign to " && message.find("` because it is borrowed") != std::string_view::npos) return "E0506";
  if (message.substr(0, 19) == "cannot move out of " && message.find("` because it is borrowed") != std::string_view::npos) return "E0505";
  if (message.size() > 27 && message.substr(message.size() - 27) == "` does not live long enough") return "E0597";
  if (message.find("` doesn't implement `") != std::string_view::npos) return "E0277";
  // "`Rc<i32>` cannot be sent between threads safely", "... cannot be shared ...": a trait bound (E0277).
  if (message.find("` cannot be sent between threads safely") != std::string_view::npos ||
      message.find("` cannot be shared between threads safely") != std::string_view::npos) {
    return "E0277";
  }
  return {};
}

void Diagnostics::add(Diagnostic d) {
  repeated_ = false;
  errors_.push_back(std::move(d));
}

void Diagnostics::error(Span span, std::string message, std::string label, std::string help, std::vector<Label> labels) {
  // The same error at the same place once (a static's initialiser is compiled at each use).
  repeated_ = false;
  for (const auto& d : errors_) {
    if (d.span.offset == span.offset && d.span.length == span.length && d.message == message) {
      repeated_ = true;
      return;
    }
  }
  std::string code = rustc_code_for(message);
  errors_.push_back(Diagnostic{std::move(message), span, std::move(label), std::move(help), std::move(code), std::move(labels), {}, {}, {}});
}

namespace {

struct Mark {
  Span span;
  const std::string* text;
  bool primary;
};

// The spaces (tabs kept as tabs, so they line up) before character column `column` of `text`.
std::string pad_to(std::string_view text, std::uint32_t column) {
  std::string pad;
  std::uint32_t col = 1;
  for (char c : text) {
    if (col >= column) break;
    if (is_continuation(c)) continue;
    pad += c == '\t' ? '\t' : ' ';
    ++col;
  }
  while (col < column) {  // past the line's end
    pad += ' ';
    ++col;
  }
  return pad;
}

}  // namespace

namespace {

// The last line a diagnostic shows: its number's width is the gutter's.
std::uint32_t last_line_of(const Source& source, const Diagnostic& d) {
  std::uint32_t last = d.span.line;
  for (const auto& l : d.labels) last = std::max(last, l.span.line);
  for (const auto& n : d.notes) {
    if (n.elsewhere.empty()) last = std::max(last, source.locate(n.span.offset + std::max<std::uint32_t>(n.span.length, 1) - 1).line);
  }
  for (const auto& sg : d.suggestions) {
    last = std::max(last, sg.at.line + (!sg.text.empty() && sg.text.back() == '\n' ? 1 : 0));
    for (const auto& [line, text] : sg.rewritten) last = std::max(last, line);
  }
  return last;
}

class Snippets {
 public:
  Snippets(const Source& source, std::size_t width) : source_(source), width_(width), gutter_(width, ' ') {}

  [[nodiscard]] std::string numbered(std::uint32_t line) const {
    std::string n = std::to_string(line);
    return std::string(width_ - n.size(), ' ') + n;
  }
  [[nodiscard]] const std::string& gutter() const { return gutter_; }
  [[nodiscard]] std::string bar() const { return gutter_ + " |\n"; }
  [[nodiscard]] std::string arrow(Span at) const {
    return gutter_ + "--> " + source_.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + "\n";
  }
  [[nodiscard]] std::string source_line(std::uint32_t line, std::string_view prefix = {}) const {
    std::string_view text = source_.line_text(line);
    if (text.empty() && prefix.empty()) return numbered(line) + " |\n";
    return numbered(line) + " | " + std::string(prefix) + std::string(text) + "\n";
  }

  // Marks on single lines: each line with its underlines ('^' the error's own, '-' the others)
  // and labels (the rightmost beside them, the others below on stems).
  [[nodiscard]] std::string lines(const std::vector<Mark>& marks) const {
    std::string out;
    std::vector<std::uint32_t> lines;
    for (const auto& m : marks) lines.push_back(m.span.line);
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    std::uint32_t previous = 0;
    for (std::uint32_t line : lines) {
      if (previous != 0 && line == previous + 2) out += source_line(previous + 1);  // one line between: shown
      if (previous != 0 && line > previous + 2) out += "...\n";
      previous = line;
      out += source_line(line);
      std::string_view text = source_.line_text(line);
      std::vector<const Mark*> here;
      for (const auto& m : marks) {
        if (m.span.line == line) here.push_back(&m);
      }
      std::sort(here.begin(), here.end(), [](const Mark* a, const Mark* b) { return a->span.column < b->span.column; });
      std::string under;
      std::uint32_t at = 1;
      for (const Mark* m : here) {
        if (m->span.column < at) continue;  // overlapping: the first one drawn wins
        under += pad_to(text, m->span.column).substr(pad_to(text, at).size());
        std::string_view rest = source_.text().substr(std::min<std::size_t>(m->span.offset, source_.text().size()));
        std::string_view spanned = rest.substr(0, std::min<std::size_t>(m->span.length, rest.find('\n')));
        std::uint32_t n = std::max<std::uint32_t>(1, count_chars(spanned));
        under += std::string(n, m->primary ? '^' : '-');
        at = m->span.column + n;
      }
      if (!here.back()->text->empty()) under += " " + *here.back()->text;
      out += gutter_ + " | " + under + "\n";
      for (std::size_t k = here.size() - 1; k-- > 0;) {
        if (here[k]->text->empty()) continue;  // an underline alone: no stem, no line of its own
        auto stems = [&](std::size_t upto) {
          std::string s;
          std::uint32_t col = 1;
          for (std::size_t i = 0; i < upto; ++i) {
            if (here[i]->text->empty()) continue;
            std::string pad = pad_to(text, here[i]->span.column);
            s += pad.substr(std::min(pad.size(), pad_to(text, col).size())) + "|";
            col = here[i]->span.column + 1;
          }
          return s;
        };
        out += gutter_ + " | " + stems(k + 1) + "\n";
        std::string s = stems(k);
        std::uint32_t col = k == 0 ? 1 : here[k - 1]->span.column + 1;
        std::string pad = pad_to(text, here[k]->span.column);
        out += gutter_ + " | " + s + pad.substr(std::min(pad.size(), pad_to(text, col).size())) + *here[k]->text + "\n";
      }
    }
    return out;
  }

  // One span over several lines, as rustc draws it: a rail on the left from its first
  // character to its last, the lines between shown (the first four and the last two of a
  // long one).
  [[nodiscard]] std::string multiline(Span span) const {
    Span end = source_.locate(span.offset + span.length - 1);
    std::string out;
    std::string_view first = source_.line_text(span.line);
    const std::size_t byte = span.offset - (source_.text().substr(0, span.offset).rfind('\n') + 1);
    const bool from_start = first.substr(0, byte).find_first_not_of(" \t") == std::string_view::npos;
    if (from_start) {
      out += source_line(span.line, "/ ");
    } else {
      out += source_line(span.line, "  ");
      out += gutter_ + " |  " + std::string(span.column, '_') + "^\n";
    }
    // rustc's choice of lines: up to four from the start (not ending on blank or bracket-only
    // ones), the one before the last, the last; a single line left out is shown, more are "...".
    auto telling = [&](std::uint32_t line) {
      std::string_view t = source_.line_text(line);
      std::size_t a = t.find_first_not_of(" \t");
      if (a == std::string_view::npos) return false;
      t = t.substr(a);
      if (t.substr(0, 2) == "//") return false;
      return t.find_first_not_of("(){}[]; \t,") != std::string_view::npos;
    };
    std::vector<std::uint32_t> shown;
    const std::uint32_t middle = std::min(span.line + 4, end.line);
    std::uint32_t until = span.line;
    for (std::uint32_t l = middle; l-- > span.line;) {
      if (telling(l)) {
        until = l + 1;
        break;
      }
    }
    for (std::uint32_t l = span.line + 1; l < until; ++l) shown.push_back(l);
    if (middle < end.line - 1 && telling(end.line - 1)) shown.push_back(end.line - 1);
    shown.push_back(end.line);
    std::uint32_t previous = span.line;
    for (std::uint32_t l : shown) {
      if (l == previous + 2) out += source_line(previous + 1, "| ");
      if (l > previous + 2) out += "..." + std::string(width_ + 3 - std::min<std::size_t>(width_ + 3, 3), ' ') + "|\n";
      if (l != end.line) out += source_line(l, "| ");
      previous = l;
    }
    out += source_line(end.line, "| ");
    out += gutter_ + " | |" + std::string(end.column, '_') + "^\n";
    return out;
  }

 private:
  const Source& source_;
  std::size_t width_;
  std::string gutter_;
};

}  // namespace

std::string Diagnostics::render_one(const Source& source, const Diagnostic& d) {
  std::vector<Mark> marks{{d.span, &d.label, true}};
  for (const auto& l : d.labels) marks.push_back({l.span, &l.text, false});
  const Snippets snip(source, std::to_string(last_line_of(source, d)).size());
  const std::string& gutter = snip.gutter();
  std::string out = (d.code.empty() ? "error: " : "error[" + d.code + "]: ") + d.message + "\n";
  out += snip.arrow(d.span);
  out += snip.bar();
  out += snip.lines(marks);
  // What follows the error's own snippet, after one empty bar: its `= help`/`= note` lines,
  // its notes with their snippets, its suggestions.
  if (!d.help.empty() || !d.plain_notes.empty() || !d.notes.empty() || !d.suggestions.empty()) out += snip.bar();
  if (!d.help.empty()) out += gutter + " = help: " + d.help + "\n";
  for (const auto& n : d.plain_notes) out += gutter + " = note: " + n + "\n";
  for (const auto& n : d.notes) {
    if (!n.elsewhere.empty()) {
      out += "note: " + n.message + "\n" + gutter + "--> " + n.elsewhere + "\n";
      continue;
    }
    out += "note: " + n.message + "\n" + snip.arrow(n.span) + snip.bar();
    if (source.locate(n.span.offset + std::max<std::uint32_t>(n.span.length, 1) - 1).line != n.span.line) {
      out += snip.multiline(n.span);
    } else {
      static const std::string kNone;
      out += snip.lines({{n.span, &kNone, true}});
    }
  }
  for (const auto& sg : d.suggestions) {
    out += "help: " + sg.help + "\n";
    out += snip.bar();
    if (sg.replaces_line && !sg.rewritten.empty()) {
      out += snip.numbered(sg.at.line) + " - " + std::string(source.line_text(sg.at.line)) + "\n";
      out += snip.numbered(sg.at.line) + " + " + sg.rewritten[0].second + "\n";
      out += snip.bar();
      continue;
    }
    if (!sg.rewritten.empty()) {
      for (const auto& [line, text] : sg.rewritten) out += snip.numbered(line) + " ~ " + text + "\n";
      out += snip.bar();
      continue;
    }
    if (!sg.more.empty()) {  // several insertions on one line, each underlined where it lands
      std::vector<std::pair<Span, std::string>> all{{sg.at, sg.text}};
      all.insert(all.end(), sg.more.begin(), sg.more.end());
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first.offset < b.first.offset; });
      std::string_view text = source.line_text(sg.at.line);
      const auto line_start = static_cast<std::uint32_t>(source.text().substr(0, sg.at.offset).rfind('\n') + 1);
      std::string changed, pluses;
      std::size_t from = 0;
      for (const auto& [where, added] : all) {
        std::size_t byte = std::min<std::size_t>(where.offset - line_start, text.size());
        changed += std::string(text.substr(from, byte - from));
        pluses += std::string(count_chars(text.substr(from, byte - from)), ' ');
        changed += added;
        std::string_view shown = added;
        while (!shown.empty() && shown.back() == ' ') shown.remove_suffix(1);
        pluses += std::string(count_chars(shown), '+') + std::string(count_chars(added) - count_chars(shown), ' ');
        from = byte;
      }
      changed += std::string(text.substr(from));
      while (!pluses.empty() && pluses.back() == ' ') pluses.pop_back();
      out += snip.numbered(sg.at.line) + " | " + changed + "\n";
      out += gutter + " | " + pluses + "\n";
      continue;
    }
    if (!sg.text.empty() && sg.text.back() == '\n') {  // a whole line added before the line at `at`
      out += snip.numbered(sg.at.line) + " + " + sg.text.substr(0, sg.text.size() - 1) + "\n";
      out += snip.numbered(sg.at.line + 1) + " | " + std::string(source.line_text(sg.at.line)) + "\n";
      out += snip.bar();
      continue;
    }
    std::string_view text = source.line_text(sg.at.line);
    std::string pad = pad_to(text, sg.at.column);
    std::size_t byte = sg.at.offset - (source.text().substr(0, sg.at.offset).rfind('\n') + 1);
    std::string changed = std::string(text.substr(0, byte)) + sg.text + std::string(text.substr(std::min(byte, text.size())));
    out += snip.numbered(sg.at.line) + " | " + changed + "\n";
    // What was added, underlined: its trailing space is not (`mut ` shows `+++`).
    std::string_view added = sg.text;
    while (!added.empty() && added.back() == ' ') added.remove_suffix(1);
    out += gutter + " | " + pad + std::string(count_chars(added), '+') + "\n";
  }
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
