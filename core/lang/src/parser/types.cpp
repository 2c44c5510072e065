// parser/types.cpp — types: paths with generic arguments, references, tuples, arrays, fn types.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang::parser {

// Generic arguments after `<` (the `<` already eaten): types, skipping lifetimes.
void Parser::parse_generic_args(std::vector<TypePtr>& out) {
  while (!at(Tok::Gt) && !at(Tok::Shr) && !at(Tok::Ge) && !at(Tok::ShrEq) && !at(Tok::Eof)) {
    if (at(Tok::Lifetime)) {
      advance();
    } else {
      out.push_back(parse_type());
    }
    if (panicking_) return;
    if (!eat(Tok::Comma)) break;
  }
  expect_gt();
}

Path Parser::parse_type_path() {
  Path path;
  path.span = here();
  eat(Tok::PathSep);
  for (;;) {
    if (at(Tok::Ident) || at(Tok::KwSelfType) || at(Tok::KwCrate) || at(Tok::KwSuper) || at(Tok::KwSelfValue)) {
      path.segments.emplace_back(advance().text);
    } else {
      expected("type");
      return path;
    }
    if (at(Tok::Lt) || (at(Tok::PathSep) && peek(1).kind == Tok::Lt)) {
      eat(Tok::PathSep);
      advance();  // <
      path.generics.clear();
      parse_generic_args(path.generics);
    } else if (at(Tok::LParen) && (path.segments.back() == "Fn" || path.segments.back() == "FnMut" ||
                                   path.segments.back() == "FnOnce")) {
      return path;  // the caller reads Fn(..) -> R
    }
    if (!(at(Tok::PathSep) && peek(1).kind == Tok::Ident)) break;
    advance();
  }
  path.span = span_from(path.span);
  return path;
}

TypePtr Parser::parse_type() {
  DepthGuard guard(*this);
  auto t = std::make_unique<TypeExpr>();
  Span start = here();
  if (!guard.ok) return t;
  switch (peek().kind) {
    case Tok::And:
    case Tok::AndAnd: {  // && is two references
      bool twice = at(Tok::AndAnd);
      advance();
      if (at(Tok::Lifetime)) advance();
      t->kind = TypeExpr::Kind::Ref;
      t->mut_ref = eat(Tok::KwMut);
      auto inner = parse_type();
      if (twice) {
        auto mid = std::make_unique<TypeExpr>();
        mid->kind = TypeExpr::Kind::Ref;
        mid->elems.push_back(std::move(inner));
        mid->span = span_from(start);
        inner = std::move(mid);
      }
      t->elems.push_back(std::move(inner));
      break;
    }
    case Tok::LParen:
      advance();
      t->kind = TypeExpr::Kind::Tuple;
      while (!at(Tok::RParen) && !at(Tok::Eof)) {
        t->elems.push_back(parse_type());
        if (panicking_) return t;
        if (!eat(Tok::Comma)) {
          if (t->elems.size() == 1) {  // (T) is just T
            expect(Tok::RParen);
            auto inner = std::move(t->elems[0]);
            return inner;
          }
          break;
        }
      }
      expect(Tok::RParen);
      break;
    case Tok::LBracket:
      advance();
      t->elems.push_back(parse_type());
      if (eat(Tok::Semi)) {
        t->kind = TypeExpr::Kind::Array;
        t->length = parse_expr();
      } else {
        t->kind = TypeExpr::Kind::Slice;
      }
      expect(Tok::RBracket);
      break;
    case Tok::Underscore:
      advance();
      t->kind = TypeExpr::Kind::Infer;
      break;
    case Tok::Not:
      advance();
      t->kind = TypeExpr::Kind::Never;
      break;
    case Tok::KwFn:
      advance();
      t->kind = TypeExpr::Kind::Fn;
      parse_fn_type_tail(*t);
      break;
    case Tok::KwImpl:
    case Tok::KwDyn: {
      advance();
      t->kind = TypeExpr::Kind::Path;
      t->path = parse_type_path();
      if (!t->path.segments.empty() && t->path.segments.back().rfind("Fn", 0) == 0 && at(Tok::LParen)) {
        t->kind = TypeExpr::Kind::Fn;
        parse_fn_type_tail(*t);
      }
      while (eat(Tok::Plus)) {  // + Send + 'static
        if (at(Tok::Lifetime)) {
          advance();
        } else {
          parse_type_path();
        }
      }
      break;
    }
    default:
      t->kind = TypeExpr::Kind::Path;
      t->path = parse_type_path();
      break;
  }
  t->span = span_from(start);
  return t;
}

void Parser::parse_fn_type_tail(TypeExpr& t) {
  if (!expect(Tok::LParen)) return;
  while (!at(Tok::RParen) && !at(Tok::Eof)) {
    t.elems.push_back(parse_type());
    if (panicking_) return;
    if (!eat(Tok::Comma)) break;
  }
  expect(Tok::RParen);
  if (eat(Tok::Arrow)) t.ret = parse_type();
}

}  // namespace brigade::lang::parser
