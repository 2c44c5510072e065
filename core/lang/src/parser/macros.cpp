// parser/macros.cpp — macro calls, and the format strings of println!, format!, panic!, write!, ...: their
// placeholders checked against the arguments as rustc checks them.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang::parser {

bool is_format_macro(const std::string& name) {
  return name == "println" || name == "print" || name == "eprintln" || name == "eprint" || name == "format" ||
         name == "panic" || name == "assert" || name == "assert_eq" || name == "assert_ne" || name == "write" ||
         name == "writeln" || name == "unreachable" || name == "todo" || name == "unimplemented" ||
         name == "debug_assert" || name == "debug_assert_eq" || name == "debug_assert_ne";
}

ExprPtr Parser::parse_macro(Path path) {
  Span start = path.span;
  std::string name = path.segments.back();
  advance();  // !
  auto e = node(Expr::Kind::Macro, start);
  e->text = name;
  e->name_span = path.span;
  Tok open = peek().kind;
  Tok close = open == Tok::LParen ? Tok::RParen : open == Tok::LBracket ? Tok::RBracket : Tok::RBrace;
  if (open != Tok::LParen && open != Tok::LBracket && open != Tok::LBrace) {
    expected("one of `(`, `[`, or `{`");
    return e;
  }
  if (!is_format_macro(name) && name != "vec" && name != "matches") {
    error(path.span, "cannot find macro `" + name + "` in this scope", "",
          "Brigade supports println!, print!, eprintln!, eprint!, format!, vec!, panic!, assert!, assert_eq!, "
          "assert_ne!, unreachable!, todo! and matches!");
    skip_balanced();
    return e;
  }
  advance();
  if (name == "matches") {  // matches!(expr, pattern [if guard])
    e->lhs = parse_expr();
    expect(Tok::Comma);
    e->pattern = parse_pattern();
    if (eat(Tok::KwIf)) e->cond = parse_expr();
    eat(Tok::Comma);
    expect(close);
  } else if (name == "vec" && !at(close)) {
    ExprPtr first = parse_expr();
    if (eat(Tok::Semi)) {  // vec![x; n]
      e->repeat = true;
      e->args.push_back(std::move(first));
      e->args.push_back(parse_expr());
      expect(close);
    } else {
      e->args.push_back(std::move(first));
      if (eat(Tok::Comma)) {
        auto rest = parse_call_args(close);
        for (auto& r : rest) e->args.push_back(std::move(r));
      } else {
        expect(close);
      }
    }
  } else {
    e->args = parse_call_args(close);
    if (!panicking_) check_format_macro(*e);
  }
  e->span = span_from(start);
  return e;
}

// Where a format macro's format string is: println!(FMT, ..), write!(dest, FMT, ..),
// assert!(cond, FMT, ..), assert_eq!(a, b, FMT, ..). nullopt: it takes none here.
std::optional<std::size_t> Parser::format_position(const std::string& name, std::size_t argc) {
  std::size_t at = 0;
  if (name == "write" || name == "writeln" || name == "assert" || name == "debug_assert") at = 1;
  if (name == "assert_eq" || name == "assert_ne" || name == "debug_assert_eq" || name == "debug_assert_ne") at = 2;
  if (argc <= at) return std::nullopt;  // println!(), panic!(), assert!(c): no format string
  return at;
}

// A span for bytes [offset, offset+length) of a string literal's value, when the literal is
// written plainly ("..." without escapes); otherwise the whole literal.
Span Parser::span_in_literal(const Expr& literal, std::size_t offset, std::size_t length) const {
  std::string_view text = src_.text().substr(literal.span.offset, literal.span.length);
  if (text.size() < 2 || text[0] != '"' || text.find('\\') != std::string_view::npos) return literal.span;
  Span s =
      src_.locate(literal.span.offset + 1 + static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(length));
  return s;
}

// rustc's checks on format_args!: the string parses, every placeholder has an argument, and
// every argument is used.
void Parser::check_format_macro(Expr& e) {
  auto at = format_position(e.text, e.args.size());
  if (!at) return;
  Expr& literal = *e.args[*at];
  if (literal.kind != Expr::Kind::Str) {
    error(literal.span, "format argument must be a string literal", "",
          "you might be missing a string literal to format with: `\"{}\", `");
    return;
  }
  fmt::FormatError ferr;
  auto parsed = fmt::parse_format(literal.text, ferr);
  if (!parsed) {
    error(span_in_literal(literal, ferr.offset, ferr.length), "invalid format string: " + ferr.message, ferr.label);
    return;
  }
  // Positional arguments come first, then `name = value` ones.
  std::vector<std::size_t> positional;
  std::vector<std::pair<std::string, std::size_t>> named;
  for (std::size_t i = *at + 1; i < e.args.size(); ++i) {
    const Expr& a = *e.args[i];
    if (a.kind == Expr::Kind::Assign && a.lhs && a.lhs->kind == Expr::Kind::Path &&
        a.lhs->path.segments.size() == 1) {
      named.emplace_back(a.lhs->path.segments[0], i);
    } else {
      if (!named.empty()) {
        error(a.span, "positional arguments cannot follow named arguments",
              "positional arguments must be before named arguments");
        return;
      }
      positional.push_back(i);
    }
  }
  std::vector<bool> used(positional.size(), false);
  std::vector<bool> named_used(named.size(), false);
  std::optional<std::size_t> bad_index;
  auto use = [&](const fmt::ArgRef& ref) {
    if (ref.kind == fmt::ArgRef::Kind::Name) {
      for (std::size_t k = 0; k < named.size(); ++k) {
        if (named[k].first == ref.name) named_used[k] = true;
      }
      return;  // otherwise an inline variable from the scope: the compiler resolves it
    }
    if (ref.index < used.size()) {
      used[ref.index] = true;
    } else if (ref.kind == fmt::ArgRef::Kind::Index && !bad_index) {
      bad_index = ref.index;
    }
  };
  for (const auto& piece : parsed->pieces) {
    if (piece.is_literal) continue;
    use(piece.arg);
    if (piece.spec.width.kind == fmt::Count::Kind::Arg) use(piece.spec.width.arg);
    if (piece.spec.precision.kind == fmt::Count::Kind::Arg) use(piece.spec.precision.arg);
  }
  auto plural = [](std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
  if (parsed->implicit_args > positional.size()) {
    std::size_t n = parsed->implicit_args;
    std::string message = plural(n, "positional argument") + " in format string, but ";
    message += positional.empty() ? "no arguments were given"
                                  : std::string(positional.size() == 1 ? "there is " : "there are ") +
                                        plural(positional.size(), "argument");
    error(literal.span, message);
    return;
  }
  if (bad_index) {
    std::string there =
        positional.size() == 1 ? "there is 1 argument" : "there are " + plural(positional.size(), "argument");
    if (positional.empty()) there = "no arguments were given";
    error(literal.span,
          "invalid reference to positional argument " + std::to_string(*bad_index) + " (" + there + ")");
    return;
  }
  for (std::size_t k = 0; k < used.size(); ++k) {
    if (!used[k]) {
      error(e.args[positional[k]]->span, "argument never used", "argument never used");
      return;
    }
  }
  for (std::size_t k = 0; k < named.size(); ++k) {
    if (!named_used[k]) {
      error(e.args[named[k].second]->span, "named argument never used", "named argument never used");
      return;
    }
  }
  e.format = std::make_shared<const fmt::FormatString>(std::move(*parsed));
  e.format_arg = *at;
}

}  // namespace brigade::lang::parser
