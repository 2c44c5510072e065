// check/walk.hpp — a function body visited in program order with rustc's scoping: each
// expression seen with the expression it is part of, each name resolved to the binding it
// means at that point (a `let`'s initializer before its pattern binds, a match arm's bindings
// only in that arm, a closure's parameters only in it). The checks that need no more than
// that (mutability, captures) are visits over it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "brigade/lang/ast.hpp"

namespace brigade::lang::check {

// A variable as its pattern declared it.
struct Binding {
  enum class Origin {
    Let,           // `let x = init;`
    LetDeferred,   // `let x;` (assigned later)
    Param,         // a function's parameter
    For,           // a `for` loop's pattern
    Pattern,       // a match arm's, an `if let`'s or a `while let`'s pattern
    ClosureParam,  // a closure's parameter
  };
  std::string name;
  Span decl;  // the binding in its pattern (`mut x` with its `mut`)
  bool mutable_ = false;
  bool by_ref = false;  // `ref x`
  Origin origin = Origin::Let;
  const ast::Expr* init = nullptr;      // the `let`'s initializer (the whole of it for a tuple pattern)
  int element = -1;                     // the position in `let (a, b) = init`, or -1
  const ast::TypeExpr* type = nullptr;  // its declared type
  int closure_depth = 0;                // the closures around its declaration
  int conditional_depth = 0;            // the branches, loop bodies and closures around it
  Span scope;                           // the block it is declared in (it is dropped at its `}`)
  std::size_t id = 0;                   // its index among the body's bindings, in declaration order
};

class BodyWalker {
 public:
  virtual ~BodyWalker() = default;
  void run(const ast::Program& program);
  // One expression alone (a closure): a name it does not declare itself is free in it.
  void run(const ast::Expr& e);

 protected:
  // Each expression, before what it contains; `parent` is the expression it is part of
  // (null for a statement's expression and a `let`'s initializer).
  virtual void visit(const ast::Expr& e, const ast::Expr* parent) = 0;
  // `{name}` inside a format string, at the name.
  virtual void visit_inline_name(const std::string& /*name*/, Span /*at*/, const ast::Expr& /*macro*/) {}
  // A function's body begins / has been walked. Functions nest (an `fn` item inside a body): a
  // check that keeps state per function keeps a stack of it.
  virtual void enter_function(const ast::Item& /*fn*/) {}
  virtual void leave_function(const ast::Item& /*fn*/) {}
  // A binding about to come into scope (names in its initializer still mean what they meant).
  virtual void declared(const Binding& /*b*/) {}

  // The binding `name` means here, or null (a static, a function, an unknown name).
  const Binding* lookup(const std::string& name) const;
  [[nodiscard]] int closure_depth() const { return static_cast<int>(closures_.size()); }
  [[nodiscard]] const std::vector<const ast::Expr*>& closures() const { return closures_; }
  // The branches, loop bodies and closures around this point: code that may run not at all,
  // or more than once, for each time the code around it runs.
  [[nodiscard]] int conditional_depth() const { return conditional_; }
  // The conditional depth just outside closures()[i] (where it is written).
  [[nodiscard]] int conditional_depth_outside(std::size_t i) const { return closure_conditionals_[i]; }

 private:
  void item(const ast::Item& item);
  void block(const ast::Block& b, const ast::Expr* parent);
  void expr(const ast::Expr& e, const ast::Expr* parent);
  void bind(const ast::Pattern& p, Binding::Origin origin, const ast::Expr* init, const ast::TypeExpr* type, int element);
  void push() { scopes_.emplace_back(); }
  void pop() { scopes_.pop_back(); }

  std::vector<Binding> bindings_;
  std::vector<std::map<std::string, std::size_t>> scopes_;
  std::vector<const ast::Expr*> closures_;
  std::vector<int> closure_conditionals_;  // conditional_ outside each of closures_
  std::vector<Span> blocks_;  // the blocks being walked, innermost last
  int conditional_ = 0;
};

}  // namespace brigade::lang::check
