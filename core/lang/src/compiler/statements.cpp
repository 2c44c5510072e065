// compiler/statements.cpp — blocks and statements, `let` among them.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

void Compiler::block(const Block& b, bool value_needed) {
  push_scope();
  // Items inside the block are visible in all of it.
  std::vector<const Item*> items;
  for (const auto& s : b.stmts) {
    if (s.kind == Stmt::Kind::Item && s.item) items.push_back(s.item.get());
  }
  if (!items.empty()) {
    std::size_t first = pending_fns_.size();
    declare_items(items, fn_->scopes.back().items);
    if (pending_fns_.size() > first) {
      // The fns declared here will compile later, when this block's scopes are gone: they keep
      // the items visible here (innermost first), which is all of it a nested fn may use.
      auto visible = std::make_shared<std::unordered_map<std::string, Entity>>();
      for (FnCtx* f = fn_; f != nullptr; f = f->parent) {
        for (auto s = f->scopes.rbegin(); s != f->scopes.rend(); ++s) {
          for (const auto& [name, entity] : s->items) {
            if (entity.kind != Entity::Kind::Generic) visible->emplace(name, entity);
          }
        }
      }
      for (std::size_t i = first; i < pending_fns_.size(); ++i) pending_fns_[i].outer_items = visible;
    }
  }
  for (const auto& s : b.stmts) stmt(s);
  if (b.tail) {
    expr(*b.tail);
    if (!value_needed) emit(Op::Pop, b.tail->span);
  } else if (value_needed) {
    emit(Op::Unit, b.span);
  }
  Span close = b.span;
  if (close.length > 0) close = src_.locate(close.offset + close.length - 1, 1);
  pop_scope(close);
}

void Compiler::stmt(const Stmt& s) {
  std::size_t guards = guard_slots_.size();
  switch (s.kind) {
    case Stmt::Kind::Empty:
    case Stmt::Kind::Item:
      return;
    case Stmt::Kind::Let:
      let_stmt(s);
      drop_guards_since(guards, s.span);
      return;
    case Stmt::Kind::Expr:
      expr(*s.expr);
      emit(Op::Pop, s.expr->span);
      drop_guards_since(guards, s.expr->span);
      return;
  }
}

void Compiler::let_stmt(const Stmt& s) {
  check_type(s.type.get());
  std::uint32_t desc = desc_of(s.type.get());
  if (!s.expr) {  // `let x;` assigned later
    if (s.pattern->kind == Pattern::Kind::Binding) {
      std::uint32_t slot = declare_local(s.pattern->name);
      emit(Op::Drop, s.span, slot);  // starts Empty
    } else {
      unsupported(s.span, "a `let` with a pattern and no value");
    }
    return;
  }
  // `let _ = place;` neither moves nor drops the place.
  if (s.pattern->kind == Pattern::Kind::Wildcard && s.expr->kind == Expr::Kind::Path && !s.else_block) return;
  // `let r = &mut x;`: r refers to x's slot; `*r += 1` changes x.
  if (s.pattern->kind == Pattern::Kind::Binding && !s.pattern->sub && !s.else_block &&
      s.expr->kind == Expr::Kind::Unary && s.expr->unary_op == UnaryOp::RefMut) {
    if (auto target = mut_ref_target(*s.expr)) {
      emit(Op::MakeRef, s.expr->span, *target);
      std::uint32_t slot = declare_local(s.pattern->name);
      emit(Op::Drop, s.span, slot);  // a slot reused by a loop may still hold last turn's reference
      emit(Op::Store, s.span, slot);
      fn_->ref_slots.insert(slot);
      return;
    }
  }
  if (s.type && s.expr->kind == Expr::Kind::MethodCall && s.expr->text == "collect") {
    collect_into_ = s.expr.get();
    collect_mode_ = collect_mode(s.type.get());
  }
  expr(*s.expr);
  if (desc) emit(Op::Coerce, s.expr->span, desc);
  if (!s.else_block) {
    destructure(*s.pattern);
    bool shared_ref = (s.expr->kind == Expr::Kind::Unary && s.expr->unary_op == UnaryOp::Ref) ||
                      (s.type && s.type->kind == TypeExpr::Kind::Ref && !s.type->mut_ref);
    if (shared_ref && s.pattern->kind == Pattern::Kind::Binding && !s.pattern->sub) {
      if (auto slot = resolve_local(s.pattern->name)) fn_->shared_ref_slots.insert(*slot);
    }
    return;
  }
  // let PATTERN = value else { diverge };
  std::uint32_t temp = hidden_slot();
  emit(Op::Store, s.span, temp);
  std::vector<std::uint32_t> path;
  std::vector<std::size_t> fails;
  test_pattern(*s.pattern, temp, path, fails);
  std::size_t ok = emit(Op::Jump, s.span);
  for (auto f : fails) patch(f, here());
  block(*s.else_block, false);
  push_str("internal error: entered unreachable code: let-else fell through", s.span);
  emit(Op::Panic, s.span);
  patch(ok, here());
  path.clear();
  bind_pattern(*s.pattern, temp, path);
  emit(Op::Drop, s.span, temp);
}

}  // namespace brigade::lang::compiler
