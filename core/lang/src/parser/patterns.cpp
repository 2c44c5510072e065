// parser/patterns.cpp — patterns: literals, ranges, bindings, tuples, structs, variants, `|`.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang::parser {

PatternPtr Parser::parse_pattern() {
  DepthGuard guard(*this);
  Span start = here();
  eat(Tok::Or);  // a leading | is allowed
  auto first = parse_pattern_no_or();
  if (!guard.ok || !at(Tok::Or)) return first;
  auto alt = std::make_unique<Pattern>();
  alt->kind = Pattern::Kind::Or;
  alt->items.push_back(std::move(first));
  while (eat(Tok::Or)) alt->items.push_back(parse_pattern_no_or());
  alt->span = span_from(start);
  return alt;
}

bool Parser::at_literal_start() const {
  Tok k = peek().kind;
  return k == Tok::Int || k == Tok::Float || k == Tok::Str || k == Tok::Char || k == Tok::KwTrue ||
         k == Tok::KwFalse || (k == Tok::Minus && (peek(1).kind == Tok::Int || peek(1).kind == Tok::Float));
}

ExprPtr Parser::parse_literal_expr() {
  Span start = here();
  bool negative = eat(Tok::Minus);
  ExprPtr e = parse_primary();
  if (negative) {
    auto neg = std::make_unique<Expr>();
    neg->kind = Expr::Kind::Unary;
    neg->unary_op = UnaryOp::Neg;
    neg->lhs = std::move(e);
    neg->span = span_from(start);
    return neg;
  }
  return e;
}

PatternPtr Parser::parse_pattern_no_or() {
  DepthGuard guard(*this);
  auto p = std::make_unique<Pattern>();
  Span start = here();
  if (!guard.ok) return p;
  if (eat(Tok::Underscore)) {
    p->kind = Pattern::Kind::Wildcard;
  } else if (eat(Tok::DotDot)) {
    p->kind = Pattern::Kind::Rest;
  } else if (at(Tok::And) || at(Tok::AndAnd)) {
    advance();
    eat(Tok::KwMut);
    p->kind = Pattern::Kind::Ref;
    p->sub = parse_pattern_no_or();
  } else if (at(Tok::LParen)) {
    advance();
    p->kind = Pattern::Kind::Tuple;
    bool trailing_comma = false;
    while (!at(Tok::RParen) && !at(Tok::Eof)) {
      p->items.push_back(parse_pattern());
      if (panicking_) return p;
      trailing_comma = eat(Tok::Comma);
      if (!trailing_comma) break;
    }
    expect(Tok::RParen);
    if (p->items.size() == 1 && !trailing_comma) {  // (p) is just p
      auto inner = std::move(p->items[0]);
      return inner;
    }
  } else if (at_literal_start()) {
    p->kind = Pattern::Kind::Literal;
    p->literal = parse_literal_expr();
    if (at(Tok::DotDotEq) || at(Tok::DotDot)) {
      p->kind = Pattern::Kind::Range;
      p->inclusive = advance().kind == Tok::DotDotEq;
      if (at_literal_start()) p->high = parse_literal_expr();
    }
  } else if (at(Tok::KwRef) || at(Tok::KwMut) ||
             (at(Tok::Ident) && peek(1).kind != Tok::PathSep && peek(1).kind != Tok::LParen &&
              peek(1).kind != Tok::LBrace)) {
    p->kind = Pattern::Kind::Binding;
    p->by_ref = eat(Tok::KwRef);
    p->mutable_ = eat(Tok::KwMut);
    p->name = expect_ident();
    if (eat(Tok::At)) p->sub = parse_pattern_no_or();
  } else if (at(Tok::Ident) || at(Tok::PathSep) || at(Tok::KwSelfType) || at(Tok::KwCrate)) {
    p->path = parse_expr_path();
    if (at(Tok::LParen)) {
      advance();
      p->kind = Pattern::Kind::TupleStruct;
      while (!at(Tok::RParen) && !at(Tok::Eof)) {
        p->items.push_back(parse_pattern());
        if (panicking_) return p;
        if (!eat(Tok::Comma)) break;
      }
      expect(Tok::RParen);
    } else if (at(Tok::LBrace)) {
      advance();
      p->kind = Pattern::Kind::Struct;
      while (!at(Tok::RBrace) && !at(Tok::Eof)) {
        if (eat(Tok::DotDot)) {
          p->has_rest = true;
          break;
        }
        Span fs = here();
        bool by_ref = eat(Tok::KwRef);
        bool mut = eat(Tok::KwMut);
        std::string field = expect_ident("a field name");
        p->field_names.push_back(field);
        if (eat(Tok::Colon)) {
          p->items.push_back(parse_pattern());
        } else {  // shorthand: `Point { x, y }` binds x and y
          auto b = std::make_unique<Pattern>();
          b->kind = Pattern::Kind::Binding;
          b->name = field;
          b->by_ref = by_ref;
          b->mutable_ = mut;
          b->span = span_from(fs);
          p->items.push_back(std::move(b));
        }
        if (panicking_) return p;
        if (!eat(Tok::Comma)) break;
      }
      expect(Tok::RBrace);
    } else if ((at(Tok::DotDotEq) || at(Tok::DotDot))) {  // a constant range like i32::MIN..=0
      p->kind = Pattern::Kind::Range;
      auto lo = std::make_unique<Expr>();
      lo->kind = Expr::Kind::Path;
      lo->path = std::move(p->path);
      lo->span = lo->path.span;
      p->literal = std::move(lo);
      p->inclusive = advance().kind == Tok::DotDotEq;
      if (at_literal_start()) p->high = parse_literal_expr();
    } else {
      p->kind = Pattern::Kind::Path;
    }
  } else {
    expected("pattern");
  }
  p->span = span_from(start);
  return p;
}

}  // namespace brigade::lang::parser
