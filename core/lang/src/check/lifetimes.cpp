// check/lifetimes.cpp — E0106: a function returning a reference without saying what it
// borrows from. Rust's elision fills in the lifetime when the parameters hold exactly one
// reference (or the method takes `&self`); with none (the Book's `fn dangle() -> &String`) or
// with two (Listing 10-20, `fn longest(x: &str, y: &str) -> &str`) the signature must name it.
#include <string>
#include <vector>

#include "brigade/lang/check.hpp"
#include "types.hpp"

namespace brigade::lang::check {

namespace {

using ast::TypeExpr;

class LifetimeChecker {
 public:
  LifetimeChecker(const Source& source, Diagnostics& d) : source_(source), d_(d) {}

  void item(const ast::Item& it) {
    if (it.kind == ast::Item::Kind::Fn && it.ret && !it.has_self) signature(it);
    if (it.kind == ast::Item::Kind::Impl || it.kind == ast::Item::Kind::Trait) {
      for (const auto& m : it.items) item(*m);
    }
  }

 private:
  // The references in a type: `&str`, the `&` in `Vec<&str>`.
  static void refs(const TypeExpr& t, std::vector<const TypeExpr*>& out) {
    if (t.kind == TypeExpr::Kind::Ref) out.push_back(&t);
    for (const auto& e : t.elems) refs(*e, out);
    for (const auto& g : t.path.generics) refs(*g, out);
    if (t.ret) refs(*t.ret, out);
  }
  // `&'a str` names its lifetime; `&str` leaves it to elision.
  [[nodiscard]] bool named(const TypeExpr& ref) const {
    std::string_view rest = source_.text().substr(ref.span.offset + 1);
    std::size_t at = rest.find_first_not_of(" \t");
    return at != std::string_view::npos && rest[at] == '\'';
  }

  void signature(const ast::Item& fn) {
    if (fn.ret->kind == TypeExpr::Kind::Fn) return;  // `impl Fn(&str) -> &str`: its own elision
    std::vector<const TypeExpr*> out;
    refs(*fn.ret, out);
    const TypeExpr* unnamed = nullptr;
    for (const TypeExpr* r : out) {
      if (!named(*r)) {
        unnamed = r;
        break;
      }
    }
    if (!unnamed) return;
    std::vector<std::pair<const ast::Param*, const TypeExpr*>> inputs;
    for (const auto& p : fn.params) {
      if (!p.type) continue;
      std::vector<const TypeExpr*> in;
      refs(*p.type, in);
      for (const TypeExpr* r : in) inputs.push_back({&p, r});
    }
    if (inputs.size() == 1) return;  // elided: the one input's
    Span at = unnamed->span;
    at.length = 1;  // the `&`
    std::vector<Label> labels;
    for (const auto& [p, r] : inputs) labels.push_back({r->span, ""});
    d_.error(at, "missing lifetime specifier", "expected named lifetime parameter", {}, std::move(labels));
    Span after_amp = inside(at, 1);
    if (inputs.empty()) {
      d_.add_help("this function's return type contains a borrowed value, but there is no value for it to be borrowed from");
      d_.suggest({"consider using the `'static` lifetime, but this is uncommon unless you're returning a borrowed value from a "
                  "`const` or a `static`",
                  after_amp, "'static ", {}});
      // Or return the owned value: the line without the `&`.
      std::string line(source_.line_text(at.line));
      std::size_t byte = at.offset - (source_.text().substr(0, at.offset).rfind('\n') + 1);
      std::string owned = line.substr(0, byte) + line.substr(byte + 1);
      Suggestion s{"instead, you are more likely to want to return an owned value", at, "", {{at.line, owned}}};
      s.replaces_line = true;
      d_.suggest(std::move(s));
      return;
    }
    if (inputs.size() == 2 && inputs[0].first != inputs[1].first && inputs[0].first->pattern &&
        inputs[1].first->pattern) {
      d_.add_help("this function's return type contains a borrowed value, but the signature does not say whether it is "
                  "borrowed from `" + inputs[0].first->pattern->name + "` or `" + inputs[1].first->pattern->name + "`");
      // `fn longest<'a>(x: &'a str, y: &'a str) -> &'a str`, when it has no generics yet.
      Span name_end = just_after(fn.name_span);
      if (source_.text().substr(name_end.offset, 1) == "<" || inputs[0].second->span.line != at.line ||
          inputs[1].second->span.line != at.line) {
        return;
      }
      Suggestion s{"consider introducing a named lifetime parameter", name_end, "<'a>", {}};
      for (const TypeExpr* r : {inputs[0].second, inputs[1].second, unnamed}) {
        Span a = inside(r->span, 1);
        s.more.push_back({a, "'a "});
      }
      d_.suggest(std::move(s));
    }
  }

  const Source& source_;
  Diagnostics& d_;
};

}  // namespace

void check_lifetimes(const Source& source, const ast::Program& program, Diagnostics& diagnostics) {
  LifetimeChecker checker(source, diagnostics);
  for (const auto& item : program.items) checker.item(*item);
}

}  // namespace brigade::lang::check
