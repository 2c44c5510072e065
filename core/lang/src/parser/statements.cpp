// parser/statements.cpp — blocks and statements.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang::parser {

BlockPtr Parser::parse_block() {
  DepthGuard guard(*this);
  auto block = std::make_unique<Block>();
  Span start = here();
  if (!guard.ok || !expect(Tok::LBrace)) return block;
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    std::size_t before = pos_;
    parse_stmt(*block);
    if (panicking_) synchronize_stmts();
    if (pos_ == before) advance();
  }
  if (at(Tok::Eof)) {
    error(start, "this file contains an unclosed delimiter", "unclosed delimiter");
  } else {
    advance();
  }
  block->span = span_from(start);
  return block;
}

bool Parser::is_block_like(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Block:
    case Expr::Kind::If:
    case Expr::Kind::While:
    case Expr::Kind::Loop:
    case Expr::Kind::For:
    case Expr::Kind::Match:
      return true;
    default:
      return false;
  }
}

bool Parser::at_item_start() const {
  Tok k = peek().kind;
  if (k == Tok::KwFn || k == Tok::KwStruct || k == Tok::KwEnum || k == Tok::KwUse || k == Tok::KwImpl ||
      k == Tok::KwStatic || k == Tok::KwTrait || k == Tok::KwMod || k == Tok::KwPub) {
    return true;
  }
  if (k == Tok::KwConst && peek(1).kind == Tok::Ident) return true;
  if (k == Tok::KwAsync && peek(1).kind == Tok::KwFn) return true;
  return k == Tok::Pound;
}

void Parser::parse_stmt(Block& block) {
  // A previous expression without `;` that was not block-like must have been the tail.
  if (block.tail) {
    expected("`;` or `}`");
    return;
  }
  Stmt s;
  Span start = here();
  if (eat(Tok::Semi)) {
    s.kind = Stmt::Kind::Empty;
    s.span = start;
    return;  // stray semicolons are harmless
  }
  if (at_item_start()) {
    s.kind = Stmt::Kind::Item;
    s.item = parse_item();
    s.span = span_from(start);
    if (s.item) block.stmts.push_back(std::move(s));
    return;
  }
  if (eat(Tok::KwLet)) {
    s.kind = Stmt::Kind::Let;
    s.pattern = parse_pattern();
    if (eat(Tok::Colon)) s.type = parse_type();
    if (eat(Tok::Eq)) {
      s.expr = parse_expr();
      if (at(Tok::KwElse)) {
        advance();
        s.else_block = parse_block();
      }
    }
    if (!panicking_ && !eat(Tok::Semi)) expected_semi();
    s.span = span_from(start);
    block.stmts.push_back(std::move(s));
    return;
  }
  ExprPtr e = parse_expr_stmt();
  if (!e) return;
  if (eat(Tok::Semi)) {
    s.kind = Stmt::Kind::Expr;
    s.semi = true;
    s.expr = std::move(e);
    s.span = span_from(start);
    block.stmts.push_back(std::move(s));
  } else if (at(Tok::RBrace)) {
    block.tail = std::move(e);
  } else if (is_block_like(*e)) {
    s.kind = Stmt::Kind::Expr;
    s.expr = std::move(e);
    s.span = span_from(start);
    block.stmts.push_back(std::move(s));
  } else if (!panicking_) {
    expected_semi();
  }
}

// An expression in statement position: a block-like expression ends the statement unless a
// method call or `?` follows it (rustc's rule, so `if c {} -1` is two statements).
ExprPtr Parser::parse_expr_stmt() {
  Tok k = peek().kind;
  bool labelled = at(Tok::Lifetime) && peek(1).kind == Tok::Colon;
  if (k == Tok::KwIf || k == Tok::KwMatch || k == Tok::KwWhile || k == Tok::KwLoop || k == Tok::KwFor ||
      k == Tok::LBrace || k == Tok::KwUnsafe || labelled) {
    ExprPtr e = parse_primary();
    if (at(Tok::Dot) || at(Tok::Question)) {
      e = parse_postfix(std::move(e));
      return parse_binary_rest(std::move(e), 0);
    }
    return e;
  }
  return parse_expr();
}

}  // namespace brigade::lang::parser
