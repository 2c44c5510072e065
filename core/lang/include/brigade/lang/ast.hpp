// ast.hpp — stage 2's output: the syntax tree of one program. Every node has its Span.
//
// Nodes are plain structs owned through unique_ptr; a `kind` says which fields are in use
// (listed beside each kind). The compiler (stage 3) walks this tree; nothing else depends on it.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brigade/lang/format.hpp"
#include "brigade/lang/source.hpp"

namespace brigade::lang::ast {

struct Expr;
struct Pattern;
struct TypeExpr;
struct Block;
struct Item;
using ExprPtr = std::unique_ptr<Expr>;
using PatternPtr = std::unique_ptr<Pattern>;
using TypePtr = std::unique_ptr<TypeExpr>;
using BlockPtr = std::unique_ptr<Block>;
using ItemPtr = std::unique_ptr<Item>;

// A path as written: `mpsc::sync_channel`, `Vec::<i32>::new`, `TryRecvError::Empty`.
struct Path {
  std::vector<std::string> segments;
  std::vector<TypePtr> generics;  // turbofish / type arguments on the last segment that has them
  Span span;
  [[nodiscard]] std::string str() const;  // "a::b::c"
};

struct TypeExpr {
  enum class Kind {
    Path,   // path (+ path.generics): i32, String, Vec<T>, mpsc::Sender<String>, Option<T>
    Ref,    // & / &mut (mut_ref) elems[0]
    Tuple,  // elems; () is the empty tuple
    Slice,  // [elems[0]]
    Array,  // [elems[0]; length]
    Infer,  // _
    Never,  // !
    Fn,     // fn(elems...) -> ret / impl Fn...(elems) -> ret / Box<dyn Fn..>
  };
  Kind kind = Kind::Infer;
  Span span;
  Path path;
  std::vector<TypePtr> elems;
  TypePtr ret;
  bool mut_ref = false;
  std::unique_ptr<Expr> length;
};

struct Pattern {
  enum class Kind {
    Wildcard,     // _
    Rest,         // ..  (inside tuple patterns)
    Binding,      // [ref] [mut] name [@ sub]
    Literal,      // literal (a literal Expr, possibly negated)
    Range,        // literal ..= hi / literal .. hi
    Tuple,        // (items...)
    TupleStruct,  // path(items...): Some(x), Err(TrySendError::Full(v))
    Path,         // path: None, TryRecvError::Empty, MAX
    Struct,       // path { field: pattern, .. }
    Or,           // items[0] | items[1] | ...
    Ref,          // &sub
  };
  Kind kind = Kind::Wildcard;
  Span span;
  std::string name;
  bool by_ref = false;
  bool mutable_ = false;
  Path path;
  std::vector<PatternPtr> items;
  std::vector<std::string> field_names;  // Struct: the name of items[i]
  bool has_rest = false;                 // Struct: `..`
  std::unique_ptr<Expr> literal, high;   // Literal / Range
  bool inclusive = true;                 // Range: ..= (true) or .. (false)
  PatternPtr sub;                        // Binding @ sub, Ref
};

enum class BinaryOp { Add, Sub, Mul, Div, Rem, And, Or, BitAnd, BitOr, BitXor, Shl, Shr, Eq, Ne, Lt, Le, Gt, Ge };
enum class UnaryOp { Neg, Not, Deref, Ref, RefMut };
const char* binary_op_text(BinaryOp op) noexcept;

struct MatchArm {
  PatternPtr pattern;
  std::unique_ptr<Expr> guard;
  std::unique_ptr<Expr> body;
  Span span;
};

struct Param {
  PatternPtr pattern;
  TypePtr type;  // may be null for closure parameters
  Span span;
};

struct FieldInit {
  std::string name;
  std::unique_ptr<Expr> value;  // shorthand `Point { x }` has value = path `x`
  Span span;
};

struct Expr {
  enum class Kind {
    Int,
    Float,
    Str,
    Char,
    Bool,            // text = literal value (decoded), suffix for numbers; Bool: boolean
    Path,            // path
    Unary,           // unary_op lhs
    Binary,          // lhs binary_op rhs
    Assign,          // lhs = rhs
    CompoundAssign,  // lhs binary_op= rhs
    Call,            // lhs(args)
    MethodCall,      // lhs.name::<generics>(args)
    Field,           // lhs.name
    TupleIndex,      // lhs.index
    Index,           // lhs[rhs]
    Tuple,           // (args...)
    Array,           // [args...]
    ArrayRepeat,     // [lhs; rhs]
    StructLit,       // path { fields, ..lhs }
    Block,           // block (unsafe blocks too)
    If,              // if cond block else else_expr   (cond may be a Let)
    Let,             // let pattern = rhs   (only as an if/while condition)
    While,           // [label:] while cond block
    Loop,            // [label:] loop block
    For,             // [label:] for pattern in rhs block
    Match,           // match lhs { arms }
    Closure,         // [move] |params| [-> ret] body(lhs)
    Return,          // return [lhs]
    Break,           // break ['label] [lhs]
    Continue,        // continue ['label]
    Range,           // [lhs] .. / ..= [rhs]
    Cast,            // lhs as type
    Try,             // lhs?
    Macro,           // name!(args) — println!, format!, vec!, panic!, assert!, ...
    Await,           // lhs.await
  };
  Kind kind = Kind::Tuple;
  Span span;
  std::string text;    // literal value / identifier-ish names / macro name / label
  std::string suffix;  // numeric suffix
  bool boolean = false;
  Path path;
  UnaryOp unary_op = UnaryOp::Neg;
  BinaryOp binary_op = BinaryOp::Add;
  std::unique_ptr<Expr> lhs, rhs, cond, else_expr;
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<FieldInit> fields;
  BlockPtr block;
  std::vector<MatchArm> arms;
  PatternPtr pattern;
  std::vector<Param> params;                        // closures
  TypePtr type;                                     // Cast target, closure return type
  std::vector<TypePtr> generics;                    // method call turbofish
  bool is_move = false;                             // closures
  bool is_async = false;                            // a Closure that is an `async [move] { .. }` block
  bool inclusive = false;                           // ranges
  std::size_t index = 0;                            // TupleIndex
  bool repeat = false;                              // vec![x; n]
  std::shared_ptr<const fmt::FormatString> format;  // format macros: the parsed format string
  std::size_t format_arg = 0;                       // format macros: which of args is the format string
  Span name_span;                                   // method name / field name / macro name
};

struct Stmt {
  enum class Kind {
    Let,    // let pattern [: type] [= init] [else block];
    Expr,   // expr [;]  (semi says whether the semicolon was there)
    Item,   // a nested item (fn, struct, use, ...)
    Empty,  // a lone ;
  };
  Kind kind = Kind::Empty;
  Span span;
  PatternPtr pattern;
  TypePtr type;
  std::unique_ptr<Expr> expr;  // init / expression
  BlockPtr else_block;
  bool semi = false;
  ItemPtr item;
};

struct Block {
  std::vector<Stmt> stmts;
  std::unique_ptr<Expr> tail;  // the value of the block, if its last expression has no `;`
  Span span;
};

struct StructField {
  std::string name;  // empty for tuple-struct fields
  TypePtr type;
  Span span;
};

struct Variant {
  std::string name;
  std::vector<StructField> fields;
  bool tuple = false;  // Name(T, U) rather than Name { a: T }
  bool unit = true;
  std::unique_ptr<Expr> discriminant;
  Span span;
};

struct UseTree {
  Path prefix;                    // `std::sync::mpsc`
  std::vector<UseTree> children;  // `{a, b::c}` (empty: a simple path)
  bool glob = false;              // `::*`
  bool braced = false;
  std::string alias;  // `as x`
  Span span;
};

struct Item {
  enum class Kind { Fn, Struct, Enum, Use, Impl, Trait, Const, Static, TypeAlias, Other };
  Kind kind = Kind::Other;
  Span span;
  Span name_span;
  std::string name;
  std::vector<std::string> derives;  // #[derive(Debug, Clone)]
  bool is_pub = false;
  // Fn
  std::vector<Param> params;
  bool has_self = false;  // a method taking self / &self / &mut self
  TypePtr ret;
  BlockPtr body;  // a trait's method without a default has none
  std::vector<std::string> generic_params;
  // Struct / Enum
  std::vector<StructField> fields;
  bool tuple_struct = false;
  bool unit_struct = false;
  std::vector<Variant> variants;
  // Use
  UseTree use;
  // Impl: methods for `self_type` (`name`: the trait's path, for `impl Trait for Type`)
  // Trait: `name`, its methods in `items`
  TypePtr self_type;
  std::vector<ItemPtr> items;
  // Const / Static / TypeAlias
  TypePtr type;
  std::unique_ptr<Expr> value;
};

struct Program {
  std::vector<ItemPtr> items;
};

}  // namespace brigade::lang::ast
