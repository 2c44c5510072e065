// check/walk.cpp — the scoped traversal under the checks (see walk.hpp).
#include "walk.hpp"

namespace brigade::lang::check {

using ast::Expr;
using ast::Pattern;
using ast::Stmt;

void BodyWalker::run(const ast::Program& program) {
  for (const auto& i : program.items) item(*i);
}

void BodyWalker::run(const ast::Expr& e) {
  scopes_.clear();
  closures_.clear();
  closure_conditionals_.clear();
  bindings_.clear();
  blocks_.clear();
  conditional_ = 0;
  push();
  expr(e, nullptr);
  pop();
}

const Binding* BodyWalker::lookup(const std::string& name) const {
  for (auto s = scopes_.rbegin(); s != scopes_.rend(); ++s) {
    if (auto it = s->find(name); it != s->end()) return &bindings_[it->second];
  }
  return nullptr;
}

void BodyWalker::item(const ast::Item& it) {
  if (it.kind == ast::Item::Kind::Fn && it.body) {
    // A function sees no local of the body it is nested in.
    auto saved_scopes = std::move(scopes_);
    auto saved_closures = std::move(closures_);
    auto saved_closure_conditionals = std::move(closure_conditionals_);
    auto saved_bindings = std::move(bindings_);
    auto saved_blocks = std::move(blocks_);
    const int saved_conditional = conditional_;
    conditional_ = 0;
    scopes_.clear();
    closures_.clear();
    closure_conditionals_.clear();
    bindings_.clear();
    enter_function(it);
    push();
    blocks_.push_back(it.body->span);  // the parameters live as long as the body
    for (const auto& p : it.params) {
      if (p.pattern) bind(*p.pattern, Binding::Origin::Param, nullptr, p.type.get(), -1);
    }
    blocks_.pop_back();
    block(*it.body, nullptr);
    pop();
    leave_function(it);
    scopes_ = std::move(saved_scopes);
    closures_ = std::move(saved_closures);
    closure_conditionals_ = std::move(saved_closure_conditionals);
    bindings_ = std::move(saved_bindings);
    blocks_ = std::move(saved_blocks);
    conditional_ = saved_conditional;
  } else if (it.kind == ast::Item::Kind::Impl || it.kind == ast::Item::Kind::Trait) {
    for (const auto& m : it.items) item(*m);
  }
}

void BodyWalker::bind(const Pattern& p, Binding::Origin origin, const Expr* init, const ast::TypeExpr* type, int element) {
  if (p.kind == Pattern::Kind::Binding) {
    Binding b;
    b.name = p.name;
    b.decl = p.span;
    b.mutable_ = p.mutable_;
    b.by_ref = p.by_ref;
    b.origin = origin;
    b.init = init;
    b.element = element;
    b.type = p.sub ? nullptr : type;
    b.closure_depth = closure_depth();
    b.conditional_depth = conditional_;
    if (!blocks_.empty()) b.scope = blocks_.back();
    b.id = bindings_.size();
    bindings_.push_back(b);
    declared(b);
    scopes_.back()[p.name] = b.id;
    if (p.sub) bind(*p.sub, origin, nullptr, nullptr, -1);
    return;
  }
  // `let (tx, rx) = channel()`: each element knows where it came from.
  const bool tuple = p.kind == Pattern::Kind::Tuple && element < 0;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    bind(*p.items[i], origin, tuple ? init : nullptr, nullptr, tuple ? static_cast<int>(i) : -1);
  }
  if (p.sub) bind(*p.sub, origin, nullptr, nullptr, -1);
}

void BodyWalker::block(const ast::Block& b, const Expr* parent) {
  push();
  blocks_.push_back(b.span);
  for (const auto& s : b.stmts) {
    switch (s.kind) {
      case Stmt::Kind::Let:
        if (s.expr) expr(*s.expr, nullptr);
        if (s.else_block) block(*s.else_block, nullptr);
        if (s.pattern) {
          bind(*s.pattern, s.expr ? Binding::Origin::Let : Binding::Origin::LetDeferred, s.expr.get(), s.type.get(), -1);
        }
        break;
      case Stmt::Kind::Expr:
        if (s.expr) expr(*s.expr, nullptr);
        break;
      case Stmt::Kind::Item:
        if (s.item) item(*s.item);
        break;
      case Stmt::Kind::Empty:
        break;
    }
  }
  if (b.tail) expr(*b.tail, parent);
  blocks_.pop_back();
  pop();
}

void BodyWalker::expr(const Expr& e, const Expr* parent) {
  visit(e, parent);
  // A condition that is a `let`: its pattern binds in the block it guards.
  auto guarded = [&](const Expr& cond) {
    const bool let_ = cond.kind == Expr::Kind::Let;
    if (!let_) expr(cond, &e);
    if (let_ && cond.rhs) expr(*cond.rhs, &cond);
    ++conditional_;
    push();
    if (let_ && cond.pattern) bind(*cond.pattern, Binding::Origin::Pattern, nullptr, nullptr, -1);
    if (e.block) block(*e.block, &e);
    pop();
    --conditional_;
  };
  switch (e.kind) {
    case Expr::Kind::Macro:
      for (const auto& a : e.args) expr(*a, &e);
      if (e.format) {
        for (const auto& piece : e.format->pieces) {
          if (piece.is_literal || piece.arg.kind != fmt::ArgRef::Kind::Name) continue;
          // The name inside the string: after its opening quote and the `{`.
          Span at = e.args[e.format_arg]->span;
          at.offset += static_cast<std::uint32_t>(piece.offset + 2);
          at.column += static_cast<std::uint32_t>(piece.offset + 2);
          at.length = static_cast<std::uint32_t>(piece.arg.name.size());
          visit_inline_name(piece.arg.name, at, e);
        }
      }
      return;
    case Expr::Kind::Block:
      if (e.block) block(*e.block, &e);
      return;
    case Expr::Kind::If:
      if (e.cond) guarded(*e.cond);
      ++conditional_;
      if (e.else_expr) expr(*e.else_expr, &e);
      --conditional_;
      return;
    case Expr::Kind::While:
      if (e.cond) guarded(*e.cond);
      return;
    case Expr::Kind::For:
      if (e.rhs) expr(*e.rhs, &e);
      ++conditional_;
      push();
      if (e.pattern) bind(*e.pattern, Binding::Origin::For, nullptr, nullptr, -1);
      if (e.block) block(*e.block, &e);
      pop();
      --conditional_;
      return;
    case Expr::Kind::Loop:
      ++conditional_;
      if (e.block) block(*e.block, &e);
      --conditional_;
      return;
    case Expr::Kind::Match:
      if (e.lhs) expr(*e.lhs, &e);
      ++conditional_;
      for (const auto& arm : e.arms) {
        push();
        if (arm.pattern) bind(*arm.pattern, Binding::Origin::Pattern, nullptr, nullptr, -1);
        if (arm.guard) expr(*arm.guard, &e);
        if (arm.body) expr(*arm.body, &e);
        pop();
      }
      --conditional_;
      return;
    case Expr::Kind::Closure:
      closures_.push_back(&e);
      closure_conditionals_.push_back(conditional_);
      ++conditional_;
      push();
      for (const auto& p : e.params) {
        if (p.pattern) bind(*p.pattern, Binding::Origin::ClosureParam, nullptr, p.type.get(), -1);
      }
      if (e.lhs) expr(*e.lhs, &e);
      pop();
      --conditional_;
      closure_conditionals_.pop_back();
      closures_.pop_back();
      return;
    default:
      break;
  }
  for (const Expr* x : {e.lhs.get(), e.rhs.get(), e.cond.get(), e.else_expr.get()}) {
    if (x) expr(*x, &e);
  }
  for (const auto& a : e.args) expr(*a, &e);
  for (const auto& f : e.fields) {
    if (f.value) expr(*f.value, &e);
  }
  if (e.block) block(*e.block, &e);
}

}  // namespace brigade::lang::check
