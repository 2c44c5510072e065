// parser/items.cpp — items: fn, struct, enum, use, trait, impl, const, and their attributes.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <utility>

#include "parser.hpp"

namespace brigade::lang::parser {

void Parser::skip_inner_attributes() {
  while (at(Tok::Pound) && peek(1).kind == Tok::Not) {
    advance();
    advance();
    skip_balanced();
  }
}

// Skip a bracketed group: [..], (..) or {..}.
void Parser::skip_balanced() {
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
std::vector<std::string> Parser::outer_attributes() {
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
    } else if (peek(1).kind == Tok::Ident && peek(1).text == "tokio" && peek(2).kind == Tok::PathSep &&
               peek(3).kind == Tok::Ident && peek(3).text == "main") {
      parse_tokio_main_attribute(prev_span());
    } else {
      skip_balanced();
    }
  }
  return derives;
}

// #[tokio::main], #[tokio::main(flavor = "current_thread")], #[tokio::main(worker_threads = 2)]:
// the runtime `async fn main` runs on, with tokio-macros' own messages for what it refuses.
void Parser::parse_tokio_main_attribute(Span attribute) {
  TokioMain config;
  config.span = attribute;
  advance();  // [
  advance();  // tokio
  advance();  // ::
  advance();  // main
  std::optional<Span> workers_at;
  if (eat(Tok::LParen)) {
    while (!at(Tok::RParen) && !at(Tok::Eof)) {
      Span name_at = here();
      std::string name = expect_ident("an attribute name");
      if (!expect(Tok::Eq)) return;
      const Token& value = advance();
      if (name == "flavor") {
        std::string v(value.text);
        if (value.kind == Tok::Str && v.size() >= 2) v = v.substr(1, v.size() - 2);
        if (v == "current_thread") {
          config.current_thread = true;
        } else if (v != "multi_thread") {
          error(value.span, "No such runtime flavor `" + v +
                                "`. The runtime flavors are `current_thread` and `multi_thread`.");
        }
      } else if (name == "worker_threads") {
        workers_at = value.span;
        std::string digits;
        for (char c : value.text) {
          if (c != '_') digits += c;
        }
        char* end = nullptr;
        std::uint64_t n = std::strtoull(digits.c_str(), &end, 10);
        if (value.kind != Tok::Int || digits.empty() || *end != '\0') {
          error(value.span, "Failed to parse value of `worker_threads` as integer.");
        } else if (n == 0) {
          error(value.span, "`worker_threads` may not be 0.");
        } else {
          config.workers = static_cast<unsigned>(std::min<std::uint64_t>(n, 64));
        }
      } else if (name != "start_paused") {
        error(name_at, "Unknown attribute " + name +
                           " is specified; expected one of: `flavor`, `worker_threads`, `start_paused`");
      }
      if (!eat(Tok::Comma)) break;
    }
    expect(Tok::RParen);
  }
  expect(Tok::RBracket);
  if (config.current_thread && workers_at) {
    error(*workers_at,
          "The `worker_threads` option requires the `multi_thread` runtime flavor. Use `#[tokio::main(flavor = "
          "\"multi_thread\")]`");
  }
  tokio_main_ = config;
}

// `async fn f(params) -> T { body }` is `fn f(params) -> impl Future<Output = T> { async move
// { body } }`: the call makes a future holding its arguments, and nothing of the body runs
// until it is awaited. Under `#[tokio::main]`, `main` becomes `fn main() -> T { <enter the
// runtime>; async move { body }.await }`, as the macro expands it.
void Parser::desugar_async_fn(Item& item, Span async_span) {
  std::optional<TokioMain> tokio = std::exchange(tokio_main_, std::nullopt);
  if (!item.body) return;
  Span body_span = item.body->span;
  auto block = node(Expr::Kind::Closure, body_span);
  block->is_async = true;
  block->is_move = true;
  block->type = std::move(item.ret);
  auto inner = node(Expr::Kind::Block, body_span);
  inner->block = std::move(item.body);
  inner->span = body_span;
  block->lhs = std::move(inner);
  block->span = body_span;
  item.body = std::make_unique<Block>();
  item.body->span = body_span;
  const bool main = item.name == "main" && !in_trait_;
  if (!main) {
    item.body->tail = std::move(block);
    return;
  }
  if (!tokio) {
    Span signature = async_span;  // rustc points at `async fn main()`
    signature.length = item.name_span.offset + item.name_span.length + 2 - async_span.offset;
    error(signature, "`main` function is not allowed to be `async`", "`main` function is not allowed to be `async`");
    return;
  }
  if (!item.params.empty()) error(item.name_span, "the main function cannot accept arguments");
  item.ret = std::move(block->type);  // main returns what the block does
  block->type = nullptr;
  auto enter = node(Expr::Kind::Call, tokio->span);
  auto callee = node(Expr::Kind::Path, tokio->span);
  callee->path.segments = {"tokio", "runtime", "<enter>"};
  callee->path.span = tokio->span;
  enter->lhs = std::move(callee);
  for (unsigned v : {tokio->workers, tokio->current_thread ? 1u : 0u}) {
    auto n = node(Expr::Kind::Int, tokio->span);
    n->text = std::to_string(v);
    n->suffix = "usize";
    enter->args.push_back(std::move(n));
  }
  Stmt s;
  s.kind = Stmt::Kind::Expr;
  s.span = tokio->span;
  s.semi = true;
  s.expr = std::move(enter);
  item.body->stmts.push_back(std::move(s));
  auto await = node(Expr::Kind::Await, body_span);
  await->boolean = true;  // main is not async: this await is the runtime's block_on
  await->lhs = std::move(block);
  item.body->tail = std::move(await);
}

ItemPtr Parser::parse_item() {
  auto derives = outer_attributes();
  auto item = std::make_unique<Item>();
  item->derives = std::move(derives);
  Span start = here();
  if (eat(Tok::KwPub)) {
    item->is_pub = true;
    if (at(Tok::LParen)) skip_balanced();  // pub(crate)
  }
  switch (peek().kind) {
    case Tok::KwFn: {
      Span fn_span = here();
      parse_fn(*item);
      if (std::exchange(tokio_main_, std::nullopt)) {
        error(fn_span, "the `async` keyword is missing from the function declaration");
      }
      break;
    }
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
    case Tok::KwAsync: {
      Span async_span = advance().span;
      if (!at(Tok::KwFn)) {
        expected("`fn`");
        return nullptr;
      }
      parse_fn(*item);
      desugar_async_fn(*item, async_span);
      break;
    }
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

void Parser::parse_generic_params(std::vector<std::string>& names) {
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

void Parser::skip_where_clause() {
  if (!eat(Tok::KwWhere)) return;
  while (!at(Tok::LBrace) && !at(Tok::Semi) && !at(Tok::Eof)) advance();
}

void Parser::parse_fn(Item& item) {
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

void Parser::parse_fields(std::vector<StructField>& fields) {
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

void Parser::parse_tuple_fields(std::vector<StructField>& fields) {
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

void Parser::parse_struct(Item& item) {
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

void Parser::parse_enum(Item& item) {
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

UseTree Parser::parse_use_tree() {
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
void Parser::parse_trait(Item& item) {
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

void Parser::parse_impl(Item& item) {
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

}  // namespace brigade::lang::parser
