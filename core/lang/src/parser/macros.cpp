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

bool Parser::is_tokio_macro(const Path& path) {
  const auto& s = path.segments;
  bool name = !s.empty() && (s.back() == "join" || s.back() == "try_join" || s.back() == "select" || s.back() == "pin");
  return name && (s.size() == 1 || (s.size() == 2 && s[0] == "tokio"));
}

// tokio::join!(a, b)      => tokio::runtime::<join>((a, b)).await        (a tuple of outputs)
// tokio::try_join!(a, b)  => tokio::runtime::<try_join>((a, b)).await    (Ok of the tuple, or the first Err)
// tokio::select! { [biased;] p0 = f0 [, if c0] => h0, ..., [else => e] } =>
//   match tokio::runtime::<select>(biased, has_else, (c0, ..), (f0, ..), (|v| matches!(v, p0), ..)).await {
//       (0, p0) => h0, ..., _ => e   (without an else, <select> panics as tokio does when every
//   }                                 branch is disabled)
// <select> completes with (i, output) for the first branch (in order when biased, else from a
// random one) whose output matches its pattern; a branch whose output does not is disabled. The
// handlers are the match's arms, so a `break` or `continue` in one is the enclosing loop's.
ExprPtr Parser::parse_tokio_macro(Path path) {
  Span start = path.span;
  const std::string name = path.segments.back();
  advance();  // !
  auto runtime_call = [&](const char* callee, std::vector<ExprPtr> args, Span at) {
    auto call = node(Expr::Kind::Call, at);
    auto fn = node(Expr::Kind::Path, at);
    fn->path.segments = {"tokio", "runtime", callee};
    fn->path.span = at;
    call->lhs = std::move(fn);
    call->args = std::move(args);
    call->span = at;
    auto await = node(Expr::Kind::Await, at);
    await->lhs = std::move(call);
    await->name_span = at;
    await->span = at;
    return await;
  };
  auto tuple = [&](std::vector<ExprPtr> items, Span at) {
    auto t = node(Expr::Kind::Tuple, at);
    t->args = std::move(items);
    t->span = at;
    return t;
  };
  if (name == "pin") {  // tokio::pin!(f): a future here never moves once polled; nothing to do
    if (!expect(Tok::LParen)) return node(Expr::Kind::Tuple, start);
    (void)parse_call_args(Tok::RParen);
    return node(Expr::Kind::Tuple, start);
  }
  if (name != "select") {
    Tok open = peek().kind;
    Tok close = open == Tok::LParen ? Tok::RParen : open == Tok::LBracket ? Tok::RBracket : Tok::RBrace;
    if (open != Tok::LParen && open != Tok::LBracket && open != Tok::LBrace) {
      expected("one of `(`, `[`, or `{`");
      return node(Expr::Kind::Tuple, start);
    }
    advance();
    std::vector<ExprPtr> futures = parse_call_args(close);
    Span at = span_from(start);
    std::vector<ExprPtr> args;
    args.push_back(tuple(std::move(futures), at));
    return runtime_call(name == "join" ? "<join>" : "<try_join>", std::move(args), at);
  }
  if (!expect(Tok::LBrace)) return node(Expr::Kind::Tuple, start);
  bool biased = false;
  if (at(Tok::Ident) && peek().text == "biased" && peek(1).kind == Tok::Semi) {
    advance();
    advance();
    biased = true;
  }
  std::vector<ExprPtr> conditions, futures, checks;
  std::vector<MatchArm> arms;
  ExprPtr otherwise;
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    Span arm_start = here();
    if (at(Tok::KwElse)) {
      advance();
      if (!expect(Tok::FatArrow)) return node(Expr::Kind::Tuple, start);
      otherwise = parse_expr();
      eat(Tok::Comma);
      continue;
    }
    const std::size_t pattern_at = pos_;
    PatternPtr pattern = parse_pattern();
    const std::size_t pattern_end = pos_;
    if (!expect(Tok::Eq)) return node(Expr::Kind::Tuple, start);
    futures.push_back(parse_expr());
    if (eat(Tok::Comma)) {
      if (!expect(Tok::KwIf)) return node(Expr::Kind::Tuple, start);
      conditions.push_back(parse_expr());
    } else {
      auto yes = node(Expr::Kind::Bool, arm_start);
      yes->boolean = true;
      conditions.push_back(std::move(yes));
    }
    if (!expect(Tok::FatArrow)) return node(Expr::Kind::Tuple, start);
    ExprPtr body = parse_expr();
    bool block_body = body && body->kind == Expr::Kind::Block;
    if (panicking_) return node(Expr::Kind::Tuple, start);
    // The check of a refutable pattern: |v| matches!(v, pattern); an irrefutable one needs none.
    bool irrefutable = pattern->kind == Pattern::Kind::Wildcard ||
                       (pattern->kind == Pattern::Kind::Binding && !pattern->sub);
    if (irrefutable) {
      checks.push_back(tuple({}, arm_start));
    } else {
      auto check = node(Expr::Kind::Closure, arm_start);
      Param p;
      p.span = arm_start;
      p.pattern = std::make_unique<Pattern>();
      p.pattern->kind = Pattern::Kind::Binding;
      p.pattern->name = "<selected>";
      p.pattern->span = arm_start;
      check->params.push_back(std::move(p));
      auto test = node(Expr::Kind::Macro, arm_start);
      test->text = "matches";
      auto v = node(Expr::Kind::Path, arm_start);
      v->path.segments = {"<selected>"};
      v->path.span = arm_start;
      test->lhs = std::move(v);
      const std::size_t resume = pos_;  // the pattern once more, for the check
      pos_ = pattern_at;
      test->pattern = parse_pattern();
      if (pos_ != pattern_end) return node(Expr::Kind::Tuple, start);
      pos_ = resume;
      check->lhs = std::move(test);
      check->span = arm_start;
      checks.push_back(std::move(check));
    }
    MatchArm arm;
    arm.span = span_from(arm_start);
    arm.pattern = std::make_unique<Pattern>();
    arm.pattern->kind = Pattern::Kind::Tuple;
    arm.pattern->span = arm.span;
    auto index = std::make_unique<Pattern>();
    index->kind = Pattern::Kind::Literal;
    index->span = arm.span;
    index->literal = node(Expr::Kind::Int, arm_start);
    index->literal->text = std::to_string(arms.size());
    index->literal->suffix = "usize";
    arm.pattern->items.push_back(std::move(index));
    arm.pattern->items.push_back(std::move(pattern));
    arm.body = std::move(body);
    arms.push_back(std::move(arm));
    if (!eat(Tok::Comma) && !block_body && !at(Tok::RBrace)) {
      expected("`,` following a `select!` branch");
      return node(Expr::Kind::Tuple, start);
    }
  }
  expect(Tok::RBrace);
  Span at = span_from(start);
  std::vector<ExprPtr> args;
  for (bool b : {biased, otherwise != nullptr}) {
    auto flag = node(Expr::Kind::Bool, start);
    flag->boolean = b;
    args.push_back(std::move(flag));
  }
  args.push_back(tuple(std::move(conditions), at));
  args.push_back(tuple(std::move(futures), at));
  args.push_back(tuple(std::move(checks), at));
  auto m = node(Expr::Kind::Match, start);
  m->lhs = runtime_call("<select>", std::move(args), at);
  m->arms = std::move(arms);
  MatchArm rest;
  rest.span = at;
  rest.pattern = std::make_unique<Pattern>();
  rest.pattern->kind = Pattern::Kind::Wildcard;
  rest.pattern->span = at;
  rest.body = otherwise ? std::move(otherwise) : tuple({}, at);  // (without else, <select> panics first)
  m->arms.push_back(std::move(rest));
  m->span = at;
  return m;
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
  if (!is_format_macro(name) && name != "vec" && name != "matches" && name != "dbg") {
    error(path.span, "cannot find macro `" + name + "` in this scope", "",
          "Brigade supports println!, print!, eprintln!, eprint!, format!, vec!, panic!, assert!, assert_eq!, "
          "assert_ne!, unreachable!, todo!, matches! and dbg!");
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
  } else if (name == "dbg") {  // dbg!(a, b, ..): expressions, no format string
    e->args = parse_call_args(close);
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
