// parser/parser.cpp — stage 2: the cursor over the tokens, errors as rustc words them, recovery
// after one (so that one mistake is one error), and the stage's entry points.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang {

using namespace ast;

std::string Path::str() const {
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out += "::";
    out += s;
  }
  return out;
}

const char* ast::binary_op_text(BinaryOp op) noexcept {
  switch (op) {
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::Div:
      return "/";
    case BinaryOp::Rem:
      return "%";
    case BinaryOp::And:
      return "&&";
    case BinaryOp::Or:
      return "||";
    case BinaryOp::BitAnd:
      return "&";
    case BinaryOp::BitOr:
      return "|";
    case BinaryOp::BitXor:
      return "^";
    case BinaryOp::Shl:
      return "<<";
    case BinaryOp::Shr:
      return ">>";
    case BinaryOp::Eq:
      return "==";
    case BinaryOp::Ne:
      return "!=";
    case BinaryOp::Lt:
      return "<";
    case BinaryOp::Le:
      return "<=";
    case BinaryOp::Gt:
      return ">";
    case BinaryOp::Ge:
      return ">=";
  }
  return "?";
}

namespace parser {

Program Parser::program() {
  Program p;
  skip_inner_attributes();
  while (!at(Tok::Eof)) {
    std::size_t before = pos_;
    if (auto item = parse_item()) p.items.push_back(std::move(item));
    if (panicking_) synchronize_items();
    if (pos_ == before) advance();  // always make progress
  }
  return p;
}

const Token& Parser::peek(std::size_t ahead) const {
  std::size_t i = pos_ + ahead;
  return i < toks_.size() ? toks_[i] : toks_.back();
}

const Token& Parser::advance() {
  const Token& t = peek();
  if (pos_ < toks_.size() - 1) ++pos_;
  prev_ = &t;
  return t;
}

bool Parser::eat(Tok k) {
  if (!at(k)) return false;
  advance();
  return true;
}

// A span from `start` to the end of the previous token.
Span Parser::span_from(Span start) const {
  Span end = prev_span();
  Span s = start;
  if (end.offset + end.length > start.offset) s.length = end.offset + end.length - start.offset;
  return s;
}

std::string Parser::describe(const Token& t) {
  switch (t.kind) {
    case Tok::Eof:
      return "end of file";
    case Tok::Int:
    case Tok::Float:
    case Tok::Str:
    case Tok::Char:
      return "`" + std::string(t.text) + "`";
    default:
      break;
  }
  if (t.kind >= Tok::KwAs) return "keyword `" + std::string(t.text) + "`";
  return "`" + std::string(t.text) + "`";
}

void Parser::error(Span span, std::string message, std::string label, std::string help) {
  if (panicking_) return;  // one error per mistake
  diag_.error(span, std::move(message), std::move(label), std::move(help));
  panicking_ = true;
}

// rustc's "expected `;`, found `}`".
void Parser::expected(const std::string& what) {
  const Token& t = peek();
  std::string found = describe(t);
  error(t.kind == Tok::Eof ? prev_span() : t.span, "expected " + what + ", found " + found, "expected " + what);
}

// A missing `;` is pointed at just after the previous token, as rustc does.
void Parser::expected_semi() {
  if (panicking_) return;
  Span after = prev_span();
  after.offset += after.length;
  after.column += static_cast<std::uint32_t>(prev_ != nullptr ? utf8_length(prev_->text) : 0);
  after.length = 0;
  error(after, "expected `;`, found " + describe(peek()), "help: add `;` here");
}

std::size_t Parser::utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool Parser::expect(Tok k) {
  if (eat(k)) return true;
  expected("`" + std::string(token_text(k)) + "`");
  return false;
}

// `>` in generics, splitting `>>`, `>=` and `>>=` as rustc does.
bool Parser::expect_gt() {
  if (eat(Tok::Gt)) return true;
  Token& t = toks_[std::min(pos_, toks_.size() - 1)];
  auto split = [&](Tok rest) {
    t.kind = rest;
    t.text.remove_prefix(1);
    t.span.offset += 1;
    t.span.column += 1;
    t.span.length -= 1;
    return true;
  };
  if (t.kind == Tok::Shr) return split(Tok::Gt);
  if (t.kind == Tok::Ge) return split(Tok::Eq);
  if (t.kind == Tok::ShrEq) return split(Tok::Ge);
  expected("`>`");
  return false;
}

std::string Parser::expect_ident(const char* what) {
  if (at(Tok::Ident)) return std::string(advance().text);
  expected(what);
  return "<error>";
}

// The statement in error was complete (it ended with its `;` or `}`): nothing to skip.
bool Parser::at_boundary() {
  if (prev_ == nullptr || (prev_->kind != Tok::Semi && prev_->kind != Tok::RBrace)) return false;
  panicking_ = false;
  return true;
}

// Panic-mode recovery inside a block: skip to the end of the current statement.
void Parser::synchronize_stmts() {
  if (at_boundary()) return;
  int depth = 0;
  while (!at(Tok::Eof)) {
    Tok k = peek().kind;
    if (depth == 0) {
      if (k == Tok::Semi) {
        advance();
        break;
      }
      if (k == Tok::RBrace) break;
      if (k == Tok::KwLet || k == Tok::KwFn || k == Tok::KwStruct || k == Tok::KwEnum || k == Tok::KwUse ||
          k == Tok::KwImpl) {
        break;
      }
    }
    if (k == Tok::LBrace || k == Tok::LParen || k == Tok::LBracket) ++depth;
    if (k == Tok::RBrace || k == Tok::RParen || k == Tok::RBracket) --depth;
    if (depth < 0) break;
    advance();
  }
  panicking_ = false;
}

// ... and at the top level: skip to the next item.
void Parser::synchronize_items() {
  if (at_boundary()) return;
  int depth = 0;
  while (!at(Tok::Eof)) {
    Tok k = peek().kind;
    if (depth == 0 && (k == Tok::KwFn || k == Tok::KwStruct || k == Tok::KwEnum || k == Tok::KwUse ||
                       k == Tok::KwImpl || k == Tok::KwConst || k == Tok::KwStatic || k == Tok::Pound ||
                       k == Tok::KwPub || k == Tok::KwMod || k == Tok::KwTrait)) {
      break;
    }
    if (k == Tok::LBrace || k == Tok::LParen || k == Tok::LBracket) ++depth;
    if (k == Tok::RBrace || k == Tok::RParen || k == Tok::RBracket) {
      --depth;
      if (depth < 0) depth = 0;
    }
    advance();
  }
  panicking_ = false;
}

}  // namespace parser

Program parse(const Source& source, std::vector<Token> tokens, Diagnostics& diagnostics) {
  return parser::Parser(source, std::move(tokens), diagnostics).program();
}

Program parse_source(const Source& source, Diagnostics& diagnostics) {
  std::vector<Token> tokens = lex(source, diagnostics);
  // A literal or comment left open swallowed the rest of the file: parsing what is left would
  // only add errors about the same mistake (rustc stops there too).
  if (tokens.size() >= 2 && tokens[tokens.size() - 2].kind == Tok::Error &&
      tokens[tokens.size() - 2].span.offset + tokens[tokens.size() - 2].span.length >= source.text().size()) {
    return {};
  }
  return parse(source, std::move(tokens), diagnostics);
}

}  // namespace brigade::lang
