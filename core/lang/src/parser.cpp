// parser.cpp — the recursive-descent parser.
//
// Index
//   [SECTION] Cursor, errors and recovery
//   [SECTION] Items (fn, struct, enum, use, impl, const, attributes)
//   [SECTION] Types
//   [SECTION] Patterns
//   [SECTION] Statements and blocks
//   [SECTION] Expressions (precedence climbing, postfix, primaries, macros)
#include "brigade/lang/parser.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

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

namespace {

constexpr int kMaxDepth = 200;  // nesting beyond this is reported, never a stack overflow

bool is_format_macro(const std::string& name) {
  return name == "println" || name == "print" || name == "eprintln" || name == "eprint" || name == "format" ||
         name == "panic" || name == "assert" || name == "assert_eq" || name == "assert_ne" || name == "write" ||
         name == "writeln" || name == "unreachable" || name == "todo" || name == "unimplemented" ||
         name == "debug_assert" || name == "debug_assert_eq" || name == "debug_assert_ne";
}

class Parser {
 public:
  Parser(const Source& source, std::vector<Token> tokens, Diagnostics& diagnostics)
      : src_(source), toks_(std::move(tokens)), diag_(diagnostics) {}

  Program program() {
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

 private:
  // ==================================================================== [SECTION] Cursor, errors and recovery

  [[nodiscard]] const Token& peek(std::size_t ahead = 0) const {
    std::size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }
  [[nodiscard]] bool at(Tok k) const { return peek().kind == k; }
  [[nodiscard]] bool at_ident(std::string_view text) const { return at(Tok::Ident) && peek().text == text; }
  const Token& advance() {
    const Token& t = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    prev_ = &t;
    return t;
  }
  bool eat(Tok k) {
    if (!at(k)) return false;
    advance();
    return true;
  }
  [[nodiscard]] Span here() const { return peek().span; }
  [[nodiscard]] Span prev_span() const { return prev_ != nullptr ? prev_->span : here(); }
  // A span from `start` to the end of the previous token.
  [[nodiscard]] Span span_from(Span start) const {
    Span end = prev_span();
    Span s = start;
    if (end.offset + end.length > start.offset) s.length = end.offset + end.length - start.offset;
    return s;
  }

  static std::string describe(const Token& t) {
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

  void error(Span span, std::string message, std::string label = {}, std::string help = {}) {
    if (panicking_) return;  // one error per mistake
    diag_.error(span, std::move(message), std::move(label), std::move(help));
    panicking_ = true;
  }
  // rustc's "expected `;`, found `}`".
  void expected(const std::string& what) {
    const Token& t = peek();
    std::string found = describe(t);
    error(t.kind == Tok::Eof ? prev_span() : t.span, "expected " + what + ", found " + found, "expected " + what);
  }
  // A missing `;` is pointed at just after the previous token, as rustc does.
  void expected_semi() {
    if (panicking_) return;
    Span after = prev_span();
    after.offset += after.length;
    after.column += static_cast<std::uint32_t>(prev_ != nullptr ? utf8_length(prev_->text) : 0);
    after.length = 0;
    error(after, "expected `;`, found " + describe(peek()), "help: add `;` here");
  }
  static std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  }
  bool expect(Tok k) {
    if (eat(k)) return true;
    expected("`" + std::string(token_text(k)) + "`");
    return false;
  }
  // `>` in generics, splitting `>>`, `>=` and `>>=` as rustc does.
  bool expect_gt() {
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
  std::string expect_ident(const char* what = "identifier") {
    if (at(Tok::Ident)) return std::string(advance().text);
    expected(what);
    return "<error>";
  }

  // The statement in error was complete (it ended with its `;` or `}`): nothing to skip.
  bool at_boundary() {
    if (prev_ == nullptr || (prev_->kind != Tok::Semi && prev_->kind != Tok::RBrace)) return false;
    panicking_ = false;
    return true;
  }

  // Panic-mode recovery inside a block: skip to the end of the current statement.
  void synchronize_stmts() {
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
  void synchronize_items() {
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

  struct DepthGuard {
    Parser& p;
    bool ok;
    explicit DepthGuard(Parser& parser) : p(parser), ok(++parser.depth_ <= kMaxDepth) {
      if (!ok) parser.error(parser.here(), "this program is nested too deeply (more than 200 levels)");
    }
    ~DepthGuard() { --p.depth_; }
  };

  // ==================================================================== [SECTION] Items

  void skip_inner_attributes() {
    while (at(Tok::Pound) && peek(1).kind == Tok::Not) {
      advance();
      advance();
      skip_balanced();
    }
  }
  // Skip a bracketed group: [..], (..) or {..}.
  void skip_balanced() {
    Tok open = peek().kind;
    Tok close = open == Tok::LBracket ? Tok::RBracket : open == Tok::LParen ? Tok::RParen : Tok::RBrace;
    if (open != Tok::LBracket && open != Tok::LParen && open != Tok::LBrace) {
      expected("`[`");
      return;
    }
    int depth = 0;
    while (!at(Tok::Eof)) {
      Tok k = advance().kind;
      if (k == open) ++depth;
      if (k == close && --depth == 0) return;
    }
    error(prev_span(), "this file contains an unclosed delimiter");
  }

  // #[derive(Debug, Clone)] and friends; returns the derive names.
  std::vector<std::string> outer_attributes() {
    std::vector<std::string> derives;
    while (at(Tok::Pound) && peek(1).kind == Tok::LBracket) {
      advance();
      if (peek(1).kind == Tok::Ident && peek(1).text == "derive" && peek(2).kind == Tok::LParen) {
        advance();  // [
        advance();  // derive
        advance();  // (
        while (!at(Tok::RParen) && !at(Tok::Eof)) {
          derives.push_back(expect_ident("a trait name"));
          while (eat(Tok::PathSep)) derives.back() = expect_ident("a trait name");
          if (!eat(Tok::Comma)) break;
        }
        expect(Tok::RParen);
        expect(Tok::RBracket);
      } else {
        skip_balanced();
      }
    }
    return derives;
  }

  ItemPtr parse_item() {
    auto derives = outer_attributes();
    auto item = std::make_unique<Item>();
    item->derives = std::move(derives);
    Span start = here();
    if (eat(Tok::KwPub)) {
      item->is_pub = true;
      if (at(Tok::LParen)) skip_balanced();  // pub(crate)
    }
    switch (peek().kind) {
      case Tok::KwFn:
        parse_fn(*item);
        break;
      case Tok::KwStruct:
        parse_struct(*item);
        break;
      case Tok::KwEnum:
        parse_enum(*item);
        break;
      case Tok::KwUse:
        advance();
        item->kind = Item::Kind::Use;
        item->use = parse_use_tree();
        expect(Tok::Semi);
        break;
      case Tok::KwImpl:
        parse_impl(*item);
        break;
      case Tok::KwConst:
      case Tok::KwStatic:
        item->kind = advance().kind == Tok::KwConst ? Item::Kind::Const : Item::Kind::Static;
        eat(Tok::KwMut);
        item->name_span = here();
        item->name = expect_ident();
        if (expect(Tok::Colon)) item->type = parse_type();
        if (expect(Tok::Eq)) item->value = parse_expr();
        expect(Tok::Semi);
        break;
      case Tok::KwType:
        advance();
        item->kind = Item::Kind::TypeAlias;
        item->name_span = here();
        item->name = expect_ident();
        if (expect(Tok::Eq)) item->type = parse_type();
        expect(Tok::Semi);
        break;
      case Tok::KwAsync:
        error(here(), "`async fn` is not supported in Brigade's Rust subset", "not supported",
              "the playground runs std::sync::mpsc with threads; async runtimes are out of scope");
        return nullptr;
      case Tok::KwTrait:
        parse_trait(*item);
        break;
      case Tok::KwMod:
      case Tok::KwUnsafe: {
        std::string what(peek().text);
        error(here(), "`" + what + "` items are not supported in Brigade's Rust subset", "not supported");
        return nullptr;
      }
      default:
        expected("item (`fn`, `struct`, `enum`, `use`, `impl`, `const`)");
        return nullptr;
    }
    item->span = span_from(start);
    return item;
  }

  void parse_generic_params(std::vector<std::string>& names) {
    if (!eat(Tok::Lt)) return;
    while (!at(Tok::Gt) && !at(Tok::Eof)) {
      if (at(Tok::Lifetime)) {
        advance();
      } else {
        eat(Tok::KwConst);
        names.push_back(expect_ident("a generic parameter"));
      }
      if (eat(Tok::Colon)) {  // bounds: skip to , or >
        int depth = 0;
        while (!at(Tok::Eof)) {
          if (depth == 0 && (at(Tok::Comma) || at(Tok::Gt))) break;
          if (at(Tok::Lt)) ++depth;
          if (at(Tok::Gt)) --depth;
          advance();
        }
      }
      if (!eat(Tok::Comma)) break;
    }
    expect_gt();
  }
  void skip_where_clause() {
    if (!eat(Tok::KwWhere)) return;
    while (!at(Tok::LBrace) && !at(Tok::Semi) && !at(Tok::Eof)) advance();
  }

  void parse_fn(Item& item) {
    advance();  // fn
    item.kind = Item::Kind::Fn;
    item.name_span = here();
    item.name = expect_ident("a function name");
    parse_generic_params(item.generic_params);
    if (!expect(Tok::LParen)) return;
    while (!at(Tok::RParen) && !at(Tok::Eof)) {
      Span ps = here();
      // self, &self, &mut self, mut self
      std::size_t save = pos_;
      bool reference = eat(Tok::And);
      eat(Tok::KwMut);
      if (at(Tok::KwSelfValue)) {
        advance();
        item.has_self = true;
        if (eat(Tok::Colon)) parse_type();
        (void)reference;
      } else {
        pos_ = save;
        Param p;
        p.pattern = parse_pattern();
        if (expect(Tok::Colon)) p.type = parse_type();
        p.span = span_from(ps);
        item.params.push_back(std::move(p));
      }
      if (panicking_) return;
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::RParen);
    if (eat(Tok::Arrow)) item.ret = parse_type();
    skip_where_clause();
    if (panicking_) return;
    if (at(Tok::Semi)) {
      if (in_trait_) {  // a required method: each impl gives the body
        advance();
        return;
      }
      error(here(), "free function without a body", "expected `{`");
      return;
    }
    item.body = parse_block();
  }

  void parse_fields(std::vector<StructField>& fields) {  // { name: Type, ... }
    expect(Tok::LBrace);
    while (!at(Tok::RBrace) && !at(Tok::Eof)) {
      outer_attributes();
      if (eat(Tok::KwPub) && at(Tok::LParen)) skip_balanced();
      StructField f;
      f.span = here();
      f.name = expect_ident("a field name");
      if (expect(Tok::Colon)) f.type = parse_type();
      fields.push_back(std::move(f));
      if (panicking_) return;
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::RBrace);
  }
  void parse_tuple_fields(std::vector<StructField>& fields) {  // (Type, ...)
    expect(Tok::LParen);
    while (!at(Tok::RParen) && !at(Tok::Eof)) {
      if (eat(Tok::KwPub) && at(Tok::LParen)) skip_balanced();
      StructField f;
      f.span = here();
      f.type = parse_type();
      fields.push_back(std::move(f));
      if (panicking_) return;
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::RParen);
  }

  void parse_struct(Item& item) {
    advance();
    item.kind = Item::Kind::Struct;
    item.name_span = here();
    item.name = expect_ident("a struct name");
    parse_generic_params(item.generic_params);
    if (at(Tok::LBrace)) {
      parse_fields(item.fields);
    } else if (at(Tok::LParen)) {
      item.tuple_struct = true;
      parse_tuple_fields(item.fields);
      expect(Tok::Semi);
    } else {
      item.unit_struct = true;
      expect(Tok::Semi);
    }
  }

  void parse_enum(Item& item) {
    advance();
    item.kind = Item::Kind::Enum;
    item.name_span = here();
    item.name = expect_ident("an enum name");
    parse_generic_params(item.generic_params);
    expect(Tok::LBrace);
    while (!at(Tok::RBrace) && !at(Tok::Eof)) {
      outer_attributes();
      Variant v;
      v.span = here();
      v.name = expect_ident("a variant name");
      if (at(Tok::LParen)) {
        v.tuple = true;
        v.unit = false;
        parse_tuple_fields(v.fields);
      } else if (at(Tok::LBrace)) {
        v.unit = false;
        parse_fields(v.fields);
      } else if (eat(Tok::Eq)) {
        v.discriminant = parse_expr();
      }
      item.variants.push_back(std::move(v));
      if (panicking_) return;
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::RBrace);
  }

  UseTree parse_use_tree() {
    UseTree tree;
    tree.span = here();
    eat(Tok::PathSep);
    for (;;) {
      if (at(Tok::LBrace)) {
        advance();
        tree.braced = true;
        while (!at(Tok::RBrace) && !at(Tok::Eof)) {
          tree.children.push_back(parse_use_tree());
          if (panicking_) return tree;
          if (!eat(Tok::Comma)) break;
        }
        expect(Tok::RBrace);
        break;
      }
      if (eat(Tok::Star)) {
        tree.glob = true;
        break;
      }
      if (at(Tok::Ident) || at(Tok::KwCrate) || at(Tok::KwSelfValue) || at(Tok::KwSuper)) {
        tree.prefix.segments.emplace_back(advance().text);
      } else {
        expected("identifier");
        return tree;
      }
      if (!eat(Tok::PathSep)) break;
    }
    if (eat(Tok::KwAs)) tree.alias = at(Tok::Underscore) ? std::string(advance().text) : expect_ident();
    tree.span = span_from(tree.span);
    return tree;
  }

  // trait Name<T>: Bound { fn required(&self) -> T; fn provided(&self) { ... } }
  void parse_trait(Item& item) {
    advance();  // trait
    item.kind = Item::Kind::Trait;
    item.name_span = here();
    item.name = expect_ident("a trait name");
    parse_generic_params(item.generic_params);
    if (eat(Tok::Colon)) {  // supertraits: their methods are not inherited here, only named
      while (!at(Tok::LBrace) && !at(Tok::KwWhere) && !at(Tok::Eof)) advance();
    }
    skip_where_clause();
    expect(Tok::LBrace);
    bool outer = in_trait_;
    in_trait_ = true;
    while (!at(Tok::RBrace) && !at(Tok::Eof)) {
      std::size_t before = pos_;
      if (auto m = parse_item()) item.items.push_back(std::move(m));
      if (panicking_) break;
      if (pos_ == before) advance();
    }
    in_trait_ = outer;
    expect(Tok::RBrace);
  }

  void parse_impl(Item& item) {
    advance();
    item.kind = Item::Kind::Impl;
    parse_generic_params(item.generic_params);
    item.self_type = parse_type();
    if (eat(Tok::KwFor)) {  // impl Trait for Type: keep the type; the trait is recorded by name
      item.name = item.self_type->path.str();
      item.self_type = parse_type();
    }
    skip_where_clause();
    expect(Tok::LBrace);
    while (!at(Tok::RBrace) && !at(Tok::Eof)) {
      std::size_t before = pos_;
      if (auto m = parse_item()) item.items.push_back(std::move(m));
      if (panicking_) return;
      if (pos_ == before) advance();
    }
    expect(Tok::RBrace);
  }

  // ==================================================================== [SECTION] Types

  // Generic arguments after `<` (the `<` already eaten): types, skipping lifetimes.
  void parse_generic_args(std::vector<TypePtr>& out) {
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

  Path parse_type_path() {
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

  TypePtr parse_type() {
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
  void parse_fn_type_tail(TypeExpr& t) {  // (A, B) -> R
    if (!expect(Tok::LParen)) return;
    while (!at(Tok::RParen) && !at(Tok::Eof)) {
      t.elems.push_back(parse_type());
      if (panicking_) return;
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::RParen);
    if (eat(Tok::Arrow)) t.ret = parse_type();
  }

  // ==================================================================== [SECTION] Patterns

  PatternPtr parse_pattern() {
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

  bool at_literal_start() const {
    Tok k = peek().kind;
    return k == Tok::Int || k == Tok::Float || k == Tok::Str || k == Tok::Char || k == Tok::KwTrue ||
           k == Tok::KwFalse || (k == Tok::Minus && (peek(1).kind == Tok::Int || peek(1).kind == Tok::Float));
  }

  ExprPtr parse_literal_expr() {
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

  PatternPtr parse_pattern_no_or() {
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

  // ==================================================================== [SECTION] Statements and blocks

  BlockPtr parse_block() {
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

  static bool is_block_like(const Expr& e) {
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

  bool at_item_start() const {
    Tok k = peek().kind;
    if (k == Tok::KwFn || k == Tok::KwStruct || k == Tok::KwEnum || k == Tok::KwUse || k == Tok::KwImpl ||
        k == Tok::KwStatic || k == Tok::KwTrait || k == Tok::KwMod || k == Tok::KwPub) {
      return true;
    }
    if (k == Tok::KwConst && peek(1).kind == Tok::Ident) return true;
    return k == Tok::Pound;
  }

  void parse_stmt(Block& block) {
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
  ExprPtr parse_expr_stmt() {
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

  // ==================================================================== [SECTION] Expressions

  ExprPtr node(Expr::Kind kind, Span start) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = start;
    return e;
  }

  ExprPtr parse_expr() { return parse_expr_with(false); }
  ExprPtr parse_expr_no_struct() { return parse_expr_with(true); }

  ExprPtr parse_expr_with(bool no_struct) {
    DepthGuard guard(*this);
    if (!guard.ok) return node(Expr::Kind::Tuple, here());
    bool saved = no_struct_;
    no_struct_ = no_struct;
    ExprPtr e = parse_assignment();
    no_struct_ = saved;
    return e;
  }

  ExprPtr parse_assignment() {
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

  bool at_expr_end() const {
    Tok k = peek().kind;
    return k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace || k == Tok::Comma || k == Tok::Semi ||
           k == Tok::Eof || k == Tok::FatArrow || (k == Tok::LBrace && no_struct_) || k == Tok::Eq;
  }

  ExprPtr parse_range() {
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
  static int precedence(Tok k, BinaryOp& op) {
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

  ExprPtr parse_binary(int min_prec) {
    ExprPtr lhs = parse_unary();
    return parse_binary_rest(std::move(lhs), min_prec);
  }
  ExprPtr parse_binary_rest(ExprPtr lhs, int min_prec) {
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

  // Unary operators bind tighter than `as`: `-1i32 as u32` is `(-1i32) as u32`.
  ExprPtr parse_unary() { return parse_cast_tail(parse_prefix()); }

  ExprPtr parse_prefix() {
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

  ExprPtr parse_cast_tail(ExprPtr e) {
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

  std::vector<ExprPtr> parse_call_args(Tok close) {
    std::vector<ExprPtr> args;
    while (!at(close) && !at(Tok::Eof)) {
      args.push_back(parse_expr());
      if (panicking_) return args;
      if (!eat(Tok::Comma)) break;
    }
    expect(close);
    return args;
  }

  ExprPtr parse_postfix(ExprPtr e) {
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
        advance();
        auto index = node(Expr::Kind::Index, start);
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
          error(here(), "`.await` is not supported in Brigade's Rust subset", "not supported",
                "the playground runs std::sync::mpsc with threads; async runtimes are out of scope");
          return e;
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
  std::size_t tuple_index(const std::string& digits, Span span) {
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
  Path parse_expr_path() {
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

  ExprPtr parse_block_expr(Span start) {
    auto e = node(Expr::Kind::Block, start);
    e->block = parse_block();
    e->span = span_from(start);
    return e;
  }

  ExprPtr parse_if() {
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
  ExprPtr parse_condition() {
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

  ExprPtr parse_closure(Span start, bool is_move) {
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

  ExprPtr parse_macro(Path path) {
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
  static std::optional<std::size_t> format_position(const std::string& name, std::size_t argc) {
    std::size_t at = 0;
    if (name == "write" || name == "writeln" || name == "assert" || name == "debug_assert") at = 1;
    if (name == "assert_eq" || name == "assert_ne" || name == "debug_assert_eq" || name == "debug_assert_ne") at = 2;
    if (argc <= at) return std::nullopt;  // println!(), panic!(), assert!(c): no format string
    return at;
  }

  // A span for bytes [offset, offset+length) of a string literal's value, when the literal is
  // written plainly ("..." without escapes); otherwise the whole literal.
  Span span_in_literal(const Expr& literal, std::size_t offset, std::size_t length) const {
    std::string_view text = src_.text().substr(literal.span.offset, literal.span.length);
    if (text.size() < 2 || text[0] != '"' || text.find('\\') != std::string_view::npos) return literal.span;
    Span s =
        src_.locate(literal.span.offset + 1 + static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(length));
    return s;
  }

  // rustc's checks on format_args!: the string parses, every placeholder has an argument, and
  // every argument is used.
  void check_format_macro(Expr& e) {
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

  ExprPtr parse_struct_literal(Path path) {
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

  ExprPtr parse_primary() {
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
      case Tok::KwMatch: {
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
      case Tok::KwAsync:
        error(here(), "`async` blocks are not supported in Brigade's Rust subset", "not supported",
              "the playground runs std::sync::mpsc with threads; async runtimes are out of scope");
        return node(Expr::Kind::Tuple, start);
      case Tok::Ident:
      case Tok::PathSep:
      case Tok::KwSelfValue:
      case Tok::KwSelfType:
      case Tok::KwCrate:
      case Tok::KwSuper: {
        Path path = parse_expr_path();
        if (panicking_) return node(Expr::Kind::Tuple, start);
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

  const Source& src_;
  std::vector<Token> toks_;  // owned: expect_gt() splits `>>` in place
  Diagnostics& diag_;
  std::size_t pos_ = 0;
  const Token* prev_ = nullptr;
  bool panicking_ = false;
  bool in_trait_ = false;  // a method may end in `;` (no default body)
  bool no_struct_ = false;
  int depth_ = 0;
};

}  // namespace

Program parse(const Source& source, std::vector<Token> tokens, Diagnostics& diagnostics) {
  return Parser(source, std::move(tokens), diagnostics).program();
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
