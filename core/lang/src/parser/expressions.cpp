// parser/expressions.cpp — expressions: assignment, ranges, binary operators by precedence, prefix and
// postfix operators, casts, paths, if/match/loops/closures, struct literals.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang::parser {

ExprPtr Parser::node(Expr::Kind kind, Span start) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = start;
  return e;
}

ExprPtr Parser::parse_expr_with(bool no_struct) {
  DepthGuard guard(*this);
  if (!guard.ok) return node(Expr::Kind::Tuple, here());
  bool saved = no_struct_;
  no_struct_ = no_struct;
  ExprPtr e = parse_assignment();
  no_struct_ = saved;
  return e;
}

ExprPtr Parser::parse_assignment() {
  Span start = here();
  ExprPtr lhs = parse_range();
  Tok k = peek().kind;
  if (k == Tok::Eq) {
    advance();
    auto e = node(Expr::Kind::Assign, start);
    e->lhs = std::move(lhs);
    e->rhs = parse_assignment();
    e->span = span_from(start);
    return e;
  }
  static const std::pair<Tok, BinaryOp> compound[] = {
      {Tok::PlusEq, BinaryOp::Add},  {Tok::MinusEq, BinaryOp::Sub},    {Tok::StarEq, BinaryOp::Mul},
      {Tok::SlashEq, BinaryOp::Div}, {Tok::PercentEq, BinaryOp::Rem},  {Tok::AndEq, BinaryOp::BitAnd},
      {Tok::OrEq, BinaryOp::BitOr},  {Tok::CaretEq, BinaryOp::BitXor}, {Tok::ShlEq, BinaryOp::Shl},
      {Tok::ShrEq, BinaryOp::Shr},
  };
  for (const auto& [tok, op] : compound) {
    if (k == tok) {
      advance();
      auto e = node(Expr::Kind::CompoundAssign, start);
      e->binary_op = op;
      e->lhs = std::move(lhs);
      e->rhs = parse_assignment();
      e->span = span_from(start);
      return e;
    }
  }
  return lhs;
}

bool Parser::at_expr_end() const {
  Tok k = peek().kind;
  return k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace || k == Tok::Comma || k == Tok::Semi ||
         k == Tok::Eof || k == Tok::FatArrow || (k == Tok::LBrace && no_struct_) || k == Tok::Eq;
}

ExprPtr Parser::parse_range() {
  Span start = here();
  if (at(Tok::DotDot) || at(Tok::DotDotEq)) {  // ..b, ..=b, ..
    auto e = node(Expr::Kind::Range, start);
    e->inclusive = advance().kind == Tok::DotDotEq;
    if (!at_expr_end()) e->rhs = parse_binary(0);
    e->span = span_from(start);
    return e;
  }
  ExprPtr lhs = parse_binary(0);
  if (at(Tok::DotDot) || at(Tok::DotDotEq)) {
    auto e = node(Expr::Kind::Range, start);
    e->inclusive = advance().kind == Tok::DotDotEq;
    e->lhs = std::move(lhs);
    if (!at_expr_end()) e->rhs = parse_binary(0);
    e->span = span_from(start);
    return e;
  }
  return lhs;
}

// Binary operators by precedence (higher binds tighter); `as` is handled in parse_unary's tail.
int Parser::precedence(Tok k, BinaryOp& op) {
  switch (k) {
    case Tok::OrOr:
      op = BinaryOp::Or;
      return 1;
    case Tok::AndAnd:
      op = BinaryOp::And;
      return 2;
    case Tok::EqEq:
      op = BinaryOp::Eq;
      return 3;
    case Tok::Ne:
      op = BinaryOp::Ne;
      return 3;
    case Tok::Lt:
      op = BinaryOp::Lt;
      return 3;
    case Tok::Le:
      op = BinaryOp::Le;
      return 3;
    case Tok::Gt:
      op = BinaryOp::Gt;
      return 3;
    case Tok::Ge:
      op = BinaryOp::Ge;
      return 3;
    case Tok::Or:
      op = BinaryOp::BitOr;
      return 4;
    case Tok::Caret:
      op = BinaryOp::BitXor;
      return 5;
    case Tok::And:
      op = BinaryOp::BitAnd;
      return 6;
    case Tok::Shl:
      op = BinaryOp::Shl;
      return 7;
    case Tok::Shr:
      op = BinaryOp::Shr;
      return 7;
    case Tok::Plus:
      op = BinaryOp::Add;
      return 8;
    case Tok::Minus:
      op = BinaryOp::Sub;
      return 8;
    case Tok::Star:
      op = BinaryOp::Mul;
      return 9;
    case Tok::Slash:
      op = BinaryOp::Div;
      return 9;
    case Tok::Percent:
      op = BinaryOp::Rem;
      return 9;
    default:
      return -1;
  }
}

ExprPtr Parser::parse_binary(int min_prec) {
  ExprPtr lhs = parse_unary();
  return parse_binary_rest(std::move(lhs), min_prec);
}

ExprPtr Parser::parse_binary_rest(ExprPtr lhs, int min_prec) {
  for (;;) {
    BinaryOp op{};
    int prec = precedence(peek().kind, op);
    if (prec < 0 || prec < min_prec) break;
    Span start = lhs->span;
    advance();
    ExprPtr rhs = parse_binary(prec + 1);
    BinaryOp next{};
    if (prec == 3 && precedence(peek().kind, next) == 3) {  // a < b < c
      error(here(), "comparison operators cannot be chained", "",
            "use `&&` to combine the comparisons, e.g. `a < b && b < c`");
    }
    auto e = node(Expr::Kind::Binary, start);
    e->binary_op = op;
    e->lhs = std::move(lhs);
    e->rhs = std::move(rhs);
    e->span = span_from(start);
    lhs = std::move(e);
  }
  return lhs;
}

ExprPtr Parser::parse_prefix() {
  DepthGuard guard(*this);
  Span start = here();
  if (!guard.ok) return node(Expr::Kind::Tuple, start);
  Tok k = peek().kind;
  if (k == Tok::Minus || k == Tok::Not || k == Tok::Star || k == Tok::And || k == Tok::AndAnd) {
    advance();
    auto e = node(Expr::Kind::Unary, start);
    if (k == Tok::Minus) e->unary_op = UnaryOp::Neg;
    if (k == Tok::Not) e->unary_op = UnaryOp::Not;
    if (k == Tok::Star) e->unary_op = UnaryOp::Deref;
    if (k == Tok::And || k == Tok::AndAnd) e->unary_op = eat(Tok::KwMut) ? UnaryOp::RefMut : UnaryOp::Ref;
    e->lhs = parse_prefix();
    if (k == Tok::AndAnd) {  // &&x is &(&x)
      auto outer = node(Expr::Kind::Unary, start);
      outer->unary_op = UnaryOp::Ref;
      e->span = span_from(start);
      outer->lhs = std::move(e);
      e = std::move(outer);
    }
    e->span = span_from(start);
    return e;
  }
  return parse_postfix(parse_primary());
}

ExprPtr Parser::parse_cast_tail(ExprPtr e) {
  while (at(Tok::KwAs)) {
    Span start = e->span;
    advance();
    auto cast = node(Expr::Kind::Cast, start);
    cast->lhs = std::move(e);
    cast->type = parse_type();
    cast->span = span_from(start);
    e = std::move(cast);
  }
  return e;
}

std::vector<ExprPtr> Parser::parse_call_args(Tok close) {
  std::vector<ExprPtr> args;
  while (!at(close) && !at(Tok::Eof)) {
    args.push_back(parse_expr());
    if (panicking_) return args;
    if (!eat(Tok::Comma)) break;
  }
  expect(close);
  return args;
}

ExprPtr Parser::parse_postfix(ExprPtr e) {
  for (;;) {
    Span start = e->span;
    if (at(Tok::LParen)) {
      advance();
      auto call = node(Expr::Kind::Call, start);
      call->lhs = std::move(e);
      call->args = parse_call_args(Tok::RParen);
      call->span = span_from(start);
      e = std::move(call);
    } else if (at(Tok::LBracket)) {
      Span bracket = here();  // where rustc 1.95 puts an index's panic
      advance();
      auto index = node(Expr::Kind::Index, start);
      index->name_span = bracket;
      index->lhs = std::move(e);
      index->rhs = parse_expr();
      expect(Tok::RBracket);
      index->span = span_from(start);
      e = std::move(index);
    } else if (at(Tok::Question)) {
      advance();
      auto t = node(Expr::Kind::Try, start);
      t->lhs = std::move(e);
      t->span = span_from(start);
      e = std::move(t);
    } else if (at(Tok::Dot)) {
      advance();
      if (at(Tok::KwAwait)) {
        Span await_span = advance().span;
        auto a = node(Expr::Kind::Await, start);
        a->lhs = std::move(e);
        a->name_span = await_span;
        a->span = span_from(start);
        e = std::move(a);
        continue;
      }
      if (at(Tok::Int)) {  // tuple.0
        const Token& t = advance();
        auto f = node(Expr::Kind::TupleIndex, start);
        f->index = tuple_index(t.value, t.span);
        f->name_span = t.span;
        f->lhs = std::move(e);
        f->span = span_from(start);
        e = std::move(f);
        continue;
      }
      if (at(Tok::Float)) {  // tuple.0.1 lexes as `0.1`
        const Token& t = advance();
        auto dot = t.value.find('.');
        auto f = node(Expr::Kind::TupleIndex, start);
        f->index = tuple_index(t.value.substr(0, dot), t.span);
        f->lhs = std::move(e);
        f->span = span_from(start);
        auto g = node(Expr::Kind::TupleIndex, start);
        g->index = dot == std::string::npos ? 0 : tuple_index(t.value.substr(dot + 1), t.span);
        g->lhs = std::move(f);
        g->span = span_from(start);
        e = std::move(g);
        continue;
      }
      Span name_span = here();
      std::string name = expect_ident("identifier");
      if (panicking_) return e;
      std::vector<TypePtr> generics;
      if (at(Tok::PathSep) && peek(1).kind == Tok::Lt) {
        advance();
        advance();
        parse_generic_args(generics);
      }
      if (at(Tok::LParen)) {
        advance();
        auto m = node(Expr::Kind::MethodCall, start);
        m->text = std::move(name);
        m->name_span = name_span;
        m->generics = std::move(generics);
        m->lhs = std::move(e);
        m->args = parse_call_args(Tok::RParen);
        m->span = span_from(start);
        e = std::move(m);
      } else {
        auto f = node(Expr::Kind::Field, start);
        f->text = std::move(name);
        f->name_span = name_span;
        f->lhs = std::move(e);
        f->span = span_from(start);
        e = std::move(f);
      }
    } else {
      return e;
    }
    if (panicking_) return e;
  }
}

// `t.3`: a small decimal index (never throws, whatever the digits).
std::size_t Parser::tuple_index(const std::string& digits, Span span) {
  std::size_t value = 0;
  bool ok = !digits.empty() && digits.size() <= 6;
  for (char c : digits) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  if (!ok) error(span, "invalid tuple index `" + digits + "`", "expected a field number such as `0`");
  return value;
}

// A path in expression position: a::b::<T>::c.
Path Parser::parse_expr_path() {
  Path path;
  path.span = here();
  eat(Tok::PathSep);
  for (;;) {
    if (at(Tok::Ident) || at(Tok::KwSelfType) || at(Tok::KwSelfValue) || at(Tok::KwCrate) || at(Tok::KwSuper)) {
      path.segments.emplace_back(advance().text);
    } else {
      expected("identifier");
      return path;
    }
    if (!at(Tok::PathSep)) break;
    advance();
    if (at(Tok::Lt)) {  // turbofish
      advance();
      path.generics.clear();
      parse_generic_args(path.generics);
      if (!at(Tok::PathSep)) break;
      advance();
    }
  }
  path.span = span_from(path.span);
  return path;
}

ExprPtr Parser::parse_block_expr(Span start) {
  auto e = node(Expr::Kind::Block, start);
  e->block = parse_block();
  e->span = span_from(start);
  return e;
}

ExprPtr Parser::parse_if() {
  Span start = here();
  advance();  // if
  auto e = node(Expr::Kind::If, start);
  e->cond = parse_condition();
  e->block = parse_block();
  if (eat(Tok::KwElse)) {
    if (at(Tok::KwIf)) {
      e->else_expr = parse_if();
    } else {
      e->else_expr = parse_block_expr(here());
    }
  }
  e->span = span_from(start);
  return e;
}

// `if`/`while` conditions: an expression, or `let PATTERN = EXPR` (if let / while let).
ExprPtr Parser::parse_condition() {
  Span start = here();
  if (eat(Tok::KwLet)) {
    auto e = node(Expr::Kind::Let, start);
    e->pattern = parse_pattern();
    expect(Tok::Eq);
    e->rhs = parse_expr_no_struct();
    e->span = span_from(start);
    return e;
  }
  return parse_expr_no_struct();
}

ExprPtr Parser::parse_closure(Span start, bool is_move) {
  auto e = node(Expr::Kind::Closure, start);
  e->is_move = is_move;
  if (!eat(Tok::OrOr)) {
    expect(Tok::Or);
    while (!at(Tok::Or) && !at(Tok::Eof)) {
      Param p;
      p.span = here();
      p.pattern = parse_pattern_no_or();
      if (eat(Tok::Colon)) p.type = parse_type();
      e->params.push_back(std::move(p));
      if (panicking_) return e;
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::Or);
  }
  if (eat(Tok::Arrow)) {
    e->type = parse_type();
    Span bs = here();
    e->lhs = parse_block_expr(bs);
  } else {
    e->lhs = parse_expr();
  }
  e->span = span_from(start);
  return e;
}

ExprPtr Parser::parse_struct_literal(Path path) {
  Span start = path.span;
  advance();  // {
  auto e = node(Expr::Kind::StructLit, start);
  e->path = std::move(path);
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    if (eat(Tok::DotDot)) {
      e->lhs = parse_expr();
      break;
    }
    FieldInit f;
    f.span = here();
    if (at(Tok::Int)) {
      f.name = advance().value;  // Tuple { 0: x }
    } else {
      f.name = expect_ident("a field name");
    }
    if (eat(Tok::Colon)) {
      f.value = parse_expr();
    } else {  // shorthand
      auto v = node(Expr::Kind::Path, f.span);
      v->path.segments.push_back(f.name);
      v->path.span = f.span;
      f.value = std::move(v);
    }
    e->fields.push_back(std::move(f));
    if (panicking_) return e;
    if (!eat(Tok::Comma)) break;
  }
  expect(Tok::RBrace);
  e->span = span_from(start);
  return e;
}

// `match scrutinee { pattern if guard => body, ... }`.
ExprPtr Parser::parse_match(Span start) {
  advance();
  auto e = node(Expr::Kind::Match, start);
  e->lhs = parse_expr_no_struct();
  if (!expect(Tok::LBrace)) return e;
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    MatchArm arm;
    arm.span = here();
    arm.pattern = parse_pattern();
    if (eat(Tok::KwIf)) arm.guard = parse_expr();
    if (!expect(Tok::FatArrow)) return e;
    arm.body = parse_expr();
    bool block_body = arm.body && arm.body->kind == Expr::Kind::Block;
    arm.span = span_from(arm.span);
    e->arms.push_back(std::move(arm));
    if (panicking_) return e;
    if (!eat(Tok::Comma) && !block_body && !at(Tok::RBrace)) {
      expected("`,` following `match` arm");
      return e;
    }
  }
  expect(Tok::RBrace);
  e->span = span_from(start);
  return e;
}

// `loop`, `while cond`, `for pattern in iterable`, each perhaps under a `'label:`.
ExprPtr Parser::parse_loop(Span start) {
  switch (peek().kind) {
    case Tok::Lifetime: {  // 'label: loop / while / for
      std::string label(advance().text);
      expect(Tok::Colon);
      if (!at(Tok::KwLoop) && !at(Tok::KwWhile) && !at(Tok::KwFor)) {
        expected("`loop`, `while` or `for` after a label");
        return node(Expr::Kind::Tuple, start);
      }
      ExprPtr e = parse_primary();
      e->text = label;
      e->span = span_from(start);
      return e;
    }
    case Tok::KwWhile: {
      advance();
      auto e = node(Expr::Kind::While, start);
      e->cond = parse_condition();
      e->block = parse_block();
      e->span = span_from(start);
      return e;
    }
    case Tok::KwLoop: {
      advance();
      auto e = node(Expr::Kind::Loop, start);
      e->block = parse_block();
      e->span = span_from(start);
      return e;
    }
    case Tok::KwFor: {
      advance();
      auto e = node(Expr::Kind::For, start);
      e->pattern = parse_pattern();
      expect(Tok::KwIn);
      e->rhs = parse_expr_no_struct();
      e->block = parse_block();
      e->span = span_from(start);
      return e;
    }
    default:
      expected("a loop");
      return node(Expr::Kind::Tuple, start);
  }
}

ExprPtr Parser::parse_primary() {
  DepthGuard guard(*this);
  Span start = here();
  if (!guard.ok) return node(Expr::Kind::Tuple, start);
  const Token& t = peek();
  switch (t.kind) {
    case Tok::Int:
    case Tok::Float: {
      advance();
      auto e = node(t.kind == Tok::Int ? Expr::Kind::Int : Expr::Kind::Float, start);
      e->text = t.value;
      e->suffix = t.suffix;
      return e;
    }
    case Tok::Str: {
      advance();
      auto e = node(Expr::Kind::Str, start);
      e->text = t.value;
      return e;
    }
    case Tok::Char: {
      advance();
      auto e = node(Expr::Kind::Char, start);
      e->text = t.value;
      e->suffix = t.suffix;  // b'x' is a u8
      return e;
    }
    case Tok::KwTrue:
    case Tok::KwFalse: {
      advance();
      auto e = node(Expr::Kind::Bool, start);
      e->boolean = t.kind == Tok::KwTrue;
      return e;
    }
    case Tok::LParen: {
      advance();
      auto e = node(Expr::Kind::Tuple, start);
      bool trailing_comma = false;
      while (!at(Tok::RParen) && !at(Tok::Eof)) {
        e->args.push_back(parse_expr());
        if (panicking_) return e;
        trailing_comma = eat(Tok::Comma);
        if (!trailing_comma) break;
      }
      expect(Tok::RParen);
      if (e->args.size() == 1 && !trailing_comma) {  // (x) is x
        auto inner = std::move(e->args[0]);
        return inner;
      }
      e->span = span_from(start);
      return e;
    }
    case Tok::LBracket: {
      advance();
      auto e = node(Expr::Kind::Array, start);
      if (!at(Tok::RBracket)) {
        ExprPtr first = parse_expr();
        if (eat(Tok::Semi)) {
          e->kind = Expr::Kind::ArrayRepeat;
          e->lhs = std::move(first);
          e->rhs = parse_expr();
          expect(Tok::RBracket);
          e->span = span_from(start);
          return e;
        }
        e->args.push_back(std::move(first));
        if (eat(Tok::Comma)) {
          auto rest = parse_call_args(Tok::RBracket);
          for (auto& r : rest) e->args.push_back(std::move(r));
          e->span = span_from(start);
          return e;
        }
      }
      expect(Tok::RBracket);
      e->span = span_from(start);
      return e;
    }
    case Tok::LBrace:
      return parse_block_expr(start);
    case Tok::KwUnsafe:
      advance();
      return parse_block_expr(start);
    case Tok::KwIf:
      return parse_if();
    case Tok::KwMatch:
      return parse_match(start);
    case Tok::Lifetime:
    case Tok::KwWhile:
    case Tok::KwLoop:
    case Tok::KwFor:
      return parse_loop(start);
    case Tok::KwMove:
      advance();
      if (!at(Tok::Or) && !at(Tok::OrOr)) {
        expected("`|`");
        return node(Expr::Kind::Tuple, start);
      }
      return parse_closure(start, true);
    case Tok::Or:
    case Tok::OrOr:
      return parse_closure(start, false);
    case Tok::KwReturn: {
      advance();
      auto e = node(Expr::Kind::Return, start);
      if (!at_expr_end()) e->lhs = parse_expr();
      e->span = span_from(start);
      return e;
    }
    case Tok::KwBreak: {
      advance();
      auto e = node(Expr::Kind::Break, start);
      if (at(Tok::Lifetime)) e->text = std::string(advance().text);
      if (!at_expr_end()) e->lhs = parse_expr();
      e->span = span_from(start);
      return e;
    }
    case Tok::KwContinue: {
      advance();
      auto e = node(Expr::Kind::Continue, start);
      if (at(Tok::Lifetime)) e->text = std::string(advance().text);
      e->span = span_from(start);
      return e;
    }
    case Tok::KwAsync: {
      // `async [move] { .. }`: a future of the block, compiled like a closure without
      // parameters that only an `.await` (or a spawn) calls.
      advance();
      bool is_move = eat(Tok::KwMove);
      if (at(Tok::Or) || at(Tok::OrOr)) {
        error(here(), "async closures are not supported in Brigade's Rust subset", "not supported",
              "write a closure that returns an `async move { .. }` block");
        return node(Expr::Kind::Tuple, start);
      }
      if (!at(Tok::LBrace)) {
        expected("`{`");
        return node(Expr::Kind::Tuple, start);
      }
      auto e = node(Expr::Kind::Closure, start);
      e->is_async = true;
      e->is_move = is_move;
      e->lhs = parse_block_expr(here());
      e->span = span_from(start);
      return e;
    }
    case Tok::Ident:
    case Tok::PathSep:
    case Tok::KwSelfValue:
    case Tok::KwSelfType:
    case Tok::KwCrate:
    case Tok::KwSuper: {
      Path path = parse_expr_path();
      if (panicking_) return node(Expr::Kind::Tuple, start);
      if (at(Tok::Not) && peek(1).kind != Tok::Eq && is_tokio_macro(path)) return parse_tokio_macro(std::move(path));
      if (at(Tok::Not) && peek(1).kind != Tok::Eq && path.segments.size() == 1) return parse_macro(std::move(path));
      if (at(Tok::LBrace) && !no_struct_ && !path.segments.back().empty() &&
          std::isupper(static_cast<unsigned char>(path.segments.back()[0]))) {
        return parse_struct_literal(std::move(path));
      }
      auto e = node(Expr::Kind::Path, start);
      e->path = std::move(path);
      e->span = e->path.span;
      return e;
    }
    default:
      expected("expression");
      if (!at(Tok::Eof) && !at(Tok::RBrace) && !at(Tok::Semi)) advance();
      return node(Expr::Kind::Tuple, start);
  }
}

}  // namespace brigade::lang::parser
