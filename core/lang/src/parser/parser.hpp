// parser/parser.hpp — stage 2's internals: the recursive-descent Parser, whose members the files
// beside this one define, one per part of the grammar (internal header; parser.hpp is the
// stage's interface).
//
//   parser.cpp       the cursor over the tokens, errors as rustc words them, recovery; parse()
//   items.cpp        fn, struct, enum, use, trait, impl, const, attributes
//   types.cpp        types
//   patterns.cpp     patterns
//   statements.cpp   blocks and statements
//   expressions.cpp  expressions: precedence climbing, prefix, postfix, primaries
//   macros.cpp       macro calls, and the format strings of println!, format!, panic!, ...
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brigade/lang/parser.hpp"

namespace brigade::lang::parser {

using namespace ast;

constexpr int kMaxDepth = 200;  // nesting beyond this is reported, never a stack overflow

// println!, format!, panic!, assert!, write!, ...: the macros whose first argument (after the
// writer or the condition) is a format string.
bool is_format_macro(const std::string& name);

class Parser {
 public:
  Parser(const Source& source, std::vector<Token> tokens, Diagnostics& diagnostics)
      : src_(source), toks_(std::move(tokens)), diag_(diagnostics) {}
  Program program();
 private:

  // ---- parser.cpp: the cursor, errors and recovery
  [[nodiscard]] const Token& peek(std::size_t ahead = 0) const;
  [[nodiscard]] bool at(Tok k) const { return peek().kind == k; }
  [[nodiscard]] bool at_ident(std::string_view text) const { return at(Tok::Ident) && peek().text == text; }
  const Token& advance();
  bool eat(Tok k);
  [[nodiscard]] Span here() const { return peek().span; }
  [[nodiscard]] Span prev_span() const { return prev_ != nullptr ? prev_->span : here(); }
  [[nodiscard]] Span span_from(Span start) const;
  static std::string describe(const Token& t);
  void error(Span span, std::string message, std::string label = {}, std::string help = {});
  void expected(const std::string& what);
  void expected_semi();
  static std::size_t utf8_length(std::string_view s);
  bool expect(Tok k);
  bool expect_gt();
  std::string expect_ident(const char* what = "identifier");
  bool at_boundary();
  void synchronize_stmts();
  void synchronize_items();
  struct DepthGuard {
    Parser& p;
    bool ok;
    explicit DepthGuard(Parser& parser) : p(parser), ok(++parser.depth_ <= kMaxDepth) {
      if (!ok) parser.error(parser.here(), "this program is nested too deeply (more than 200 levels)");
    }
    ~DepthGuard() { --p.depth_; }
  };

  // ---- items.cpp: fn, struct, enum, use, trait, impl, const, attributes
  void skip_inner_attributes();
  void skip_balanced();
  std::vector<std::string> outer_attributes();
  ItemPtr parse_item();
  void parse_generic_params(std::vector<std::string>& names);
  void skip_where_clause();
  void parse_fn(Item& item);
  void parse_fields(std::vector<StructField>& fields);  // { name: Type, ... }
  void parse_tuple_fields(std::vector<StructField>& fields);  // (Type, ...)
  void parse_struct(Item& item);
  void parse_enum(Item& item);
  UseTree parse_use_tree();
  void parse_trait(Item& item);
  void parse_impl(Item& item);

  // ---- types.cpp: types
  void parse_generic_args(std::vector<TypePtr>& out);
  Path parse_type_path();
  TypePtr parse_type();
  void parse_fn_type_tail(TypeExpr& t);  // (A, B) -> R

  // ---- patterns.cpp: patterns
  PatternPtr parse_pattern();
  bool at_literal_start() const;
  ExprPtr parse_literal_expr();
  PatternPtr parse_pattern_no_or();

  // ---- statements.cpp: statements and blocks
  BlockPtr parse_block();
  static bool is_block_like(const Expr& e);
  bool at_item_start() const;
  void parse_stmt(Block& block);
  ExprPtr parse_expr_stmt();

  // ---- expressions.cpp: precedence climbing, postfix, primaries
  ExprPtr node(Expr::Kind kind, Span start);
  ExprPtr parse_expr() { return parse_expr_with(false); }
  ExprPtr parse_expr_no_struct() { return parse_expr_with(true); }
  ExprPtr parse_expr_with(bool no_struct);
  ExprPtr parse_assignment();
  bool at_expr_end() const;
  ExprPtr parse_range();
  static int precedence(Tok k, BinaryOp& op);
  ExprPtr parse_binary(int min_prec);
  ExprPtr parse_binary_rest(ExprPtr lhs, int min_prec);
  // Unary operators bind tighter than `as`: `-1i32 as u32` is `(-1i32) as u32`.
  ExprPtr parse_unary() { return parse_cast_tail(parse_prefix()); }
  ExprPtr parse_prefix();
  ExprPtr parse_cast_tail(ExprPtr e);
  std::vector<ExprPtr> parse_call_args(Tok close);
  ExprPtr parse_postfix(ExprPtr e);
  std::size_t tuple_index(const std::string& digits, Span span);
  Path parse_expr_path();
  ExprPtr parse_block_expr(Span start);
  ExprPtr parse_if();
  ExprPtr parse_condition();
  ExprPtr parse_closure(Span start, bool is_move);
  ExprPtr parse_macro(Path path);
  static std::optional<std::size_t> format_position(const std::string& name, std::size_t argc);
  Span span_in_literal(const Expr& literal, std::size_t offset, std::size_t length) const;
  void check_format_macro(Expr& e);
  ExprPtr parse_struct_literal(Path path);
  ExprPtr parse_match(Span start);
  ExprPtr parse_loop(Span start);
  ExprPtr parse_primary();
  const Source& src_;
  std::vector<Token> toks_;  // owned: expect_gt() splits `>>` in place
  Diagnostics& diag_;
  std::size_t pos_ = 0;
  const Token* prev_ = nullptr;
  bool panicking_ = false;
  // `#[tokio::main]` seen among the attributes before the item being parsed (items.cpp).
  struct TokioMain {
    Span span;
    unsigned workers = 0;  // 0: the runtime's default
    bool current_thread = false;
  };
  std::optional<TokioMain> tokio_main_;
  void parse_tokio_main_attribute(Span attribute);
  // tokio::join!, try_join!, select! (macros.cpp): written out as a call of the runtime's own
  // future (`tokio::runtime::<join>`, `<select>`) and its `.await`.
  static bool is_tokio_macro(const Path& path);
  ExprPtr parse_tokio_macro(Path path);
  void desugar_async_fn(Item& item, Span async_span);
  bool in_trait_ = false;  // a method may end in `;` (no default body)
  bool no_struct_ = false;
  int depth_ = 0;
};

}  // namespace brigade::lang::parser
