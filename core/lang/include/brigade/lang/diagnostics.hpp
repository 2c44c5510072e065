// diagnostics.hpp — the one sink every stage reports compile errors to, and their rustc-shaped
// rendering:
//
//   error: expected expression, found `;`
//    --> src/main.rs:2:13
//     |
//   2 |     let x = ;
//     |             ^ expected expression
//
// Independent errors are collected (the parser synchronises after each), then printed together
// with rustc's closing line.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "brigade/lang/source.hpp"

namespace brigade::lang {

// A secondary label: `-` under another span, with its text (rustc's "value moved here").
struct Label {
  Span span;
  std::string text;
};

// A suggested insertion, shown as rustc shows it: the help line, the line with `text` inserted
// at `at` (a character position on its line), and `+` under what was added.
struct Suggestion {
  std::string help;
  Span at;
  std::string text;
  // Or lines rewritten, shown as rustc shows a multi-line change (`N ~ text`): the line numbers
  // they would have, with their new text.
  std::vector<std::pair<std::uint32_t, std::string>> rewritten;
  // More insertions on the same line as `at` (`fn longest<'a>(x: &'a str, ...)`).
  std::vector<std::pair<Span, std::string>> more;
  // `rewritten`'s one line replaces the line at `at`, shown as `N - old` / `N + new`.
  bool replaces_line = false;

  Suggestion(std::string help_, Span at_, std::string text_,
             std::vector<std::pair<std::uint32_t, std::string>> rewritten_ = {})
      : help(std::move(help_)), at(at_), text(std::move(text_)), rewritten(std::move(rewritten_)) {}
};

// A note with a place of its own, shown as its own snippet (a span may cover several lines).
struct Note {
  Span span;
  std::string message;
  std::string elsewhere;  // or a place outside the program (std's source), shown without a snippet
};

struct Diagnostic {
  std::string message;  // after "error: "
  Span span;
  std::string label;  // beside the caret (may be empty)
  std::string help;   // a "help:" line (may be empty)
  std::string code;   // rustc's error code ("E0425"), or empty where rustc gives none
  std::vector<Label> labels;  // secondary labels, on any line of the file
  std::vector<Suggestion> suggestions;
  std::vector<std::string> plain_notes;  // "= note:" lines
  std::vector<Note> notes;  // "note:" snippets, after the error's own
};

// rustc's error code for a message of ours, by the words it starts with (rustc 1.95's: each
// family of messages has one code); empty for the errors rustc prints without one (syntax
// errors, lints, Brigade's own "not supported").
std::string rustc_code_for(std::string_view message);

class Diagnostics {
 public:
  void error(Span span, std::string message, std::string label = {}, std::string help = {}, std::vector<Label> labels = {});
  // A suggestion for the error reported last.
  void suggest(Suggestion s) {
    if (!repeated_) errors_.back().suggestions.push_back(std::move(s));
  }
  // A "= note:" line, or a note with its own snippet, for the error reported last.
  void note(std::string text) {
    if (!repeated_) errors_.back().plain_notes.push_back(std::move(text));
  }
  void note_at(Span span, std::string text, std::string elsewhere = {}) {
    if (!repeated_) errors_.back().notes.push_back(Note{span, std::move(text), std::move(elsewhere)});
  }
  // A "= help:" line for the error reported last.
  void add_help(std::string text) {
    if (!repeated_) errors_.back().help = std::move(text);
  }
  // An error made elsewhere (another stage's sink), added as the next one.
  void add(Diagnostic d);
  [[nodiscard]] bool has_errors() const noexcept { return !errors_.empty(); }
  [[nodiscard]] const std::vector<Diagnostic>& errors() const noexcept { return errors_; }
  // Every error as rustc prints it, then "error: aborting due to N previous error(s)" and the
  // `rustc --explain` line for the codes among them.
  [[nodiscard]] std::string render(const Source& source) const;
  static std::string render_one(const Source& source, const Diagnostic& d);

 private:
  std::vector<Diagnostic> errors_;
  bool repeated_ = false;  // the last error() was one already reported, and is left out
};

}  // namespace brigade::lang
