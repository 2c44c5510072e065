// check/traits.cpp — E0277 for what a format string asks of its arguments: `{}` needs Display
// (a Vec, a tuple, a struct without `impl Display` has none: "`Vec<{integer}>` doesn't implement
// `std::fmt::Display`"), `{:?}` needs Debug (a struct without `#[derive(Debug)]`). Only for an
// argument whose type the text says: a variable made by a literal, `vec![..]`, a struct literal,
// or declared with its type.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "brigade/lang/check.hpp"
#include "types.hpp"
#include "walk.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

struct UserType {
  Span decl;  // `struct Order`
  bool display = false, debug = false;
};

class FormatTraitChecker : public BodyWalker {
 public:
  FormatTraitChecker(const Source& source, const ast::Program& program, Diagnostics& d) : d_(d), source_(source) {
    for (const auto& item : program.items) note_type(*item);
    for (const auto& item : program.items) note_impl(*item);
  }

 private:
  void note_type(const ast::Item& item) {
    if (item.kind != ast::Item::Kind::Struct && item.kind != ast::Item::Kind::Enum) return;
    UserType t;
    t.decl = item.span;
    // `struct Order` / `enum Dish`: up to the name's end.
    t.decl.length = item.name_span.offset + item.name_span.length - item.span.offset;
    for (const auto& d : item.derives) t.debug |= d == "Debug";
    types_[item.name] = t;
  }
  // `impl fmt::Display for Order` (the parser keeps the trait's path as the item's name).
  void note_impl(const ast::Item& item) {
    if (item.kind != ast::Item::Kind::Impl || !item.self_type || item.self_type->kind != ast::TypeExpr::Kind::Path ||
        item.self_type->path.segments.empty() || item.name.empty()) {
      return;
    }
    auto it = types_.find(item.self_type->path.segments.back());
    if (it == types_.end()) return;
    const std::string trait = item.name.substr(item.name.rfind(':') == std::string::npos ? 0 : item.name.rfind(':') + 1);
    it->second.display |= trait == "Display";
    it->second.debug |= trait == "Debug";
  }

  void visit(const Expr& e, const Expr*) override {
    if (e.kind != Expr::Kind::Macro || !e.format || e.format_arg >= e.args.size()) return;
    std::vector<const Expr*> positional;
    std::map<std::string, const Expr*> named;
    for (std::size_t i = e.format_arg + 1; i < e.args.size(); ++i) {
      const Expr& a = *e.args[i];
      if (a.kind == Expr::Kind::Assign && a.lhs && a.lhs->kind == Expr::Kind::Path && a.lhs->path.segments.size() == 1) {
        named[a.lhs->path.segments[0]] = a.rhs.get();
      } else {
        positional.push_back(&a);
      }
    }
    const Expr& format = *e.args[e.format_arg];
    for (const auto& piece : e.format->pieces) {
      if (piece.is_literal || (piece.spec.type != "" && piece.spec.type != "?")) continue;
      Span placeholder = format.span;  // `{}` in the string: after its opening quote
      placeholder.offset += static_cast<std::uint32_t>(piece.offset + 1);
      placeholder.column += static_cast<std::uint32_t>(piece.offset + 1);
      placeholder.length = static_cast<std::uint32_t>(piece.length);
      const Expr* arg = nullptr;
      std::string type;
      if (piece.arg.kind == fmt::ArgRef::Kind::Name) {
        if (auto it = named.find(piece.arg.name); it != named.end()) {
          arg = it->second;
          if (arg) type = type_of(*arg);
        } else {
          type = type_of_name(piece.arg.name);  // `{v}`: rustc points at the placeholder alone
        }
      } else if (piece.arg.index < positional.size()) {
        arg = positional[piece.arg.index];
        type = type_of(*arg);
      }
      if (type.empty()) continue;
      const bool debug = piece.spec.type == "?";
      if (!lacks(type, debug)) continue;
      std::vector<Label> labels;
      if (arg) labels.push_back({placeholder, "required by this formatting parameter"});
      const std::string trait = debug ? "Debug" : "std::fmt::Display";
      d_.error(arg ? arg->span : placeholder, "`" + type + "` doesn't implement `" + trait + "`",
               debug ? "`" + type + "` cannot be formatted using `{:?}` because it doesn't implement `Debug`"
                     : "`" + type + "` cannot be formatted with the default formatter",
               "the trait `" + trait + "` is not implemented for `" + type + "`", std::move(labels));
      if (debug) {
        d_.note("add `#[derive(Debug)]` to `" + type + "` or manually `impl Debug for " + type + "`");
        const UserType& t = types_.at(type);
        Span at = source_.locate(t.decl.offset - (t.decl.column - 1), 0);  // the struct's line, where it starts
        d_.suggest({"consider annotating `" + type + "` with `#[derive(Debug)]`", at, "#[derive(Debug)]\n", {}});
      } else {
        d_.note("in format strings you may be able to use `{:?}` (or {:#?} for pretty-print) instead");
      }
    }
  }

  // Whether a value of `type` lacks what the placeholder needs.
  bool lacks(const std::string& type, bool debug) const {
    auto user = types_.find(type);
    if (user != types_.end()) return debug ? !user->second.debug : !user->second.display;
    if (debug) return false;  // std's types are Debug when what they hold is
    for (const char* prefix : {"Vec<", "VecDeque<", "HashMap<", "HashSet<", "BTreeMap<", "BTreeSet<", "Option<", "("}) {
      if (type.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }

  std::string type_of(const Expr& arg) const {
    if (arg.kind == Expr::Kind::Path && arg.path.segments.size() == 1) return type_of_name(arg.path.segments[0]);
    return expression_type(arg);
  }
  std::string type_of_name(const std::string& name) const {
    const Binding* b = lookup(name);
    if (!b || b->by_ref) return {};
    if (b->type) {
      if (b->type->kind == ast::TypeExpr::Kind::Path && b->type->path.segments.size() == 1 &&
          b->type->path.generics.empty() && types_.count(b->type->path.segments[0])) {
        return b->type->path.segments[0];
      }
      return {};
    }
    if (!b->init || b->element >= 0 || b->origin != Binding::Origin::Let) return {};
    return expression_type(*b->init);
  }
  std::string expression_type(const Expr& e) const {
    if (e.kind == Expr::Kind::StructLit && e.path.segments.size() == 1 && types_.count(e.path.segments[0])) {
      return e.path.segments[0];
    }
    return rustc_type_of(e, false);
  }

  Diagnostics& d_;
  const Source& source_;
  std::map<std::string, UserType> types_;
};

}  // namespace

void check_format_traits(const Source& source, const ast::Program& program, Diagnostics& diagnostics) {
  FormatTraitChecker checker(source, program, diagnostics);
  checker.run(program);
}

}  // namespace brigade::lang::check
