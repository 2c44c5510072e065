// compiler/control.cpp — assignment, if, match, loops, break and continue, closures.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "brigade/lang/check.hpp"
#include "compiler.hpp"

namespace brigade::lang::compiler {

// `place = value` and `place op= value`. The place's container is evaluated once; a compound
// assignment reads the place's current value first and combines it with the right-hand side
// (Binary with a = 1 appends to a String in place).
void Compiler::assign_expr(const Expr& e, bool compound) {
  const Expr& place = *e.lhs;
  auto new_value = [&] {
    if (!compound) {
      expr(*e.rhs);
      return;
    }
    expr(*e.rhs, Use::Borrow);
    emit(Op::Binary, e.span, 1, 0, static_cast<std::uint8_t>(e.binary_op));
  };
  switch (place.kind) {
    case Expr::Kind::Path: {
      std::optional<std::uint32_t> slot;
      if (place.path.segments.size() == 1) slot = resolve_local(place.path.segments[0]);
      if (slot) {
        if (compound) emit(Op::Load, e.span, *slot);
        new_value();
        emit(Op::Store, e.span, *slot);
      } else if (!compound && place.path.segments.size() == 1 && place.path.segments[0] == "_") {
        expr(*e.rhs);
        emit(Op::Pop, e.span);
      } else {
        error(place.span, "cannot find value `" + place.path.str() + "` in this scope", "not found in this scope");
      }
      break;
    }
    case Expr::Kind::Field:
    case Expr::Kind::TupleIndex: {
      bool by_index = place.kind == Expr::Kind::TupleIndex;
      std::uint32_t a = by_index ? static_cast<std::uint32_t>(place.index) : kNoSlot;
      std::uint32_t b = by_index ? 0 : name_id(place.text);
      expr(*place.lhs, Use::Borrow);
      if (compound) {
        emit(Op::Dup, e.span);
        emit(Op::Field, e.span, a, b);
      }
      new_value();
      emit(Op::SetField, e.span, a, b);
      break;
    }
    case Expr::Kind::Index:
      expr(*place.lhs, Use::Borrow);
      expr(*place.rhs, Use::Borrow);
      if (compound) {
        emit(Op::Dup2, e.span);
        emit(Op::Index, place.name_span);
      }
      new_value();
      emit(Op::SetIndex, place.name_span);  // a panic's place: the `[`
      break;
    default:
      if (place.kind == Expr::Kind::Unary && place.unary_op == UnaryOp::Deref && place.lhs->kind == Expr::Kind::Path &&
          place.lhs->path.segments.size() == 1) {
        // `*r = v`, `*r += v` where r is a `&mut` local: Store writes through the reference.
        auto slot = resolve_local(place.lhs->path.segments[0]);
        if (slot && fn_->ref_slots.count(*slot)) {
          if (compound) emit(Op::Load, e.span, *slot);
          new_value();
          emit(Op::Store, e.span, *slot);
          break;
        }
      }
      if (place.kind == Expr::Kind::Unary && place.unary_op == UnaryOp::Deref) {
        // `*guard = v`, `*counter.lock().unwrap() += 1`: through a MutexGuard (checked at run time).
        expr(*place.lhs, Use::Borrow);
        if (compound) {
          emit(Op::Dup, e.span);
          emit(Op::Deref, e.span);
        }
        new_value();
        emit(Op::SetDeref, e.span);
      } else {
        error(place.span, "invalid left-hand side of assignment", "cannot assign to this expression");
      }
      break;
  }
  emit(Op::Unit, e.span);
}

void Compiler::if_expr(const Expr& e) {
  if (e.cond->kind == Expr::Kind::Let) {
    // if let PATTERN = value { .. } else { .. }
    const Expr& let = *e.cond;
    push_scope();
    std::uint32_t temp = hidden_slot();
    fn_->scopes.back().locals.push_back(Local{"", temp});
    expr(*let.rhs, Use::Borrow);
    emit(Op::Store, let.span, temp);
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> fails;
    test_pattern(*let.pattern, temp, path, fails);
    path.clear();
    bind_pattern(*let.pattern, temp, path);
    block(*e.block);
    pop_scope(e.block->span);
    std::size_t end = emit(Op::Jump, e.span);
    for (auto f : fails) patch(f, here());
    emit(Op::Drop, e.span, temp);
    if (e.else_expr) {
      expr(*e.else_expr);
    } else {
      emit(Op::Unit, e.span);
    }
    patch(end, here());
    return;
  }
  std::size_t guards = guard_slots_.size();
  expr(*e.cond, Use::Borrow);
  drop_guards_since(guards, e.cond->span);  // an `if` condition's temporaries end with it
  std::size_t else_jump = emit(Op::JumpIfFalse, e.cond->span);
  block(*e.block);
  std::size_t end = emit(Op::Jump, e.span);
  patch(else_jump, here());
  if (e.else_expr) {
    expr(*e.else_expr);
  } else {
    emit(Op::Unit, e.span);
  }
  patch(end, here());
}

void Compiler::match_expr(const Expr& e) {
  push_scope();
  std::uint32_t temp = hidden_slot();
  fn_->scopes.back().locals.push_back(Local{"", temp});  // dropped when the match ends
  expr(*e.lhs, Use::Borrow);
  emit(Op::Store, e.lhs->span, temp);
  std::vector<std::size_t> ends;
  for (const auto& arm : e.arms) {
    push_scope();
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> fails;
    test_pattern(*arm.pattern, temp, path, fails);
    path.clear();
    bind_pattern(*arm.pattern, temp, path);
    if (arm.guard) {
      expr(*arm.guard, Use::Borrow);
      std::size_t guard_ok = emit(Op::JumpIfFalse, arm.guard->span);
      std::size_t skip = emit(Op::Jump, arm.guard->span);
      patch(guard_ok, here());
      // Guard failed: drop this arm's bindings and try the next arm.
      emit_drops(fn_->scopes.size() - 1, arm.guard->span);
      fails.push_back(emit(Op::Jump, arm.guard->span));
      patch(skip, here());
    }
    expr(*arm.body);
    pop_scope(arm.body->span);
    ends.push_back(emit(Op::Jump, arm.span));
    for (auto f : fails) patch(f, here());
  }
  push_str("internal error: entered unreachable code: no match arm matched", e.span);
  emit(Op::Panic, e.span);
  for (auto j : ends) patch(j, here());
  pop_scope(e.span);
}

std::optional<std::size_t> Compiler::find_loop(const std::string& label, Span s) {
  if (fn_->loops.empty()) {
    error(s, "`break` outside of a loop or labeled block", "cannot `break` outside of a loop or labeled block");
    return std::nullopt;
  }
  if (label.empty()) return fn_->loops.size() - 1;
  for (std::size_t i = fn_->loops.size(); i-- > 0;) {
    if (fn_->loops[i].label == label) return i;
  }
  error(s, "use of undeclared label `" + label + "`", "undeclared label `" + label + "`");
  return std::nullopt;
}

void Compiler::break_expr(const Expr& e, bool is_continue) {
  auto index = find_loop(e.text, e.span);
  if (!index) {
    emit(Op::Unit, e.span);
    return;
  }
  if (!is_continue && e.lhs) {
    if (fn_->loops[*index].result_slot == kNoSlot) {
      error(e.span, std::string("`break` with value from a `") + (fn_->loops[*index].is_for ? "for" : "while") + "` loop",
            "can only break with a value inside `loop`");
    } else {
      expr(*e.lhs);  // may contain loops of its own: fn_->loops is read again below
      emit(Op::Store, e.span, fn_->loops[*index].result_slot);
    }
  }
  LoopCtx& loop = fn_->loops[*index];
  emit(Op::Unwind, e.span, loop.mark_slot);
  emit_drops(loop.scope_depth, e.span);
  (is_continue ? loop.continues : loop.breaks).push_back(emit(Op::Jump, e.span));
  emit(Op::Unit, e.span);  // unreachable; keeps the stack shape of an expression
}

void Compiler::loop_expr(const Expr& e) {
  LoopCtx loop;
  loop.label = e.text;
  loop.scope_depth = fn_->scopes.size();
  loop.mark_slot = hidden_slot();
  loop.result_slot = hidden_slot();
  emit(Op::Unit, e.span);
  emit(Op::Store, e.span, loop.result_slot);
  emit(Op::Mark, e.span, loop.mark_slot);
  fn_->loops.push_back(loop);
  std::size_t top = here();
  block(*e.block, false);
  emit(Op::CheckLimit, e.span);
  emit(Op::Jump, e.span, static_cast<std::uint32_t>(top));
  LoopCtx done = std::move(fn_->loops.back());
  fn_->loops.pop_back();
  for (auto j : done.continues) patch(j, top);
  for (auto j : done.breaks) patch(j, here());
  emit(Op::Move, e.span, done.result_slot);
}

void Compiler::while_expr(const Expr& e) {
  LoopCtx loop;
  loop.label = e.text;
  loop.scope_depth = fn_->scopes.size();
  loop.mark_slot = hidden_slot();
  loop.result_slot = kNoSlot;
  emit(Op::Mark, e.span, loop.mark_slot);
  std::size_t top = here();
  std::vector<std::size_t> exits;
  bool is_let = e.cond->kind == Expr::Kind::Let;
  std::uint32_t temp = 0;
  std::size_t let_guards = guard_slots_.size();  // the scrutinee's: they live in the let scope
  if (is_let) {
    push_scope();
    temp = hidden_slot();
    fn_->scopes.back().locals.push_back(Local{"", temp});
    expr(*e.cond->rhs, Use::Borrow);
    emit(Op::Store, e.cond->span, temp);
    std::vector<std::uint32_t> path;
    test_pattern(*e.cond->pattern, temp, path, exits);
    path.clear();
    bind_pattern(*e.cond->pattern, temp, path);
  } else {
    std::size_t guards = guard_slots_.size();
    expr(*e.cond, Use::Borrow);
    drop_guards_since(guards, e.cond->span);  // a `while` condition's temporaries end with it
    exits.push_back(emit(Op::JumpIfFalse, e.cond->span));
  }
  fn_->loops.push_back(loop);
  block(*e.block, false);
  LoopCtx done = std::move(fn_->loops.back());
  fn_->loops.pop_back();
  std::size_t cont = here();
  if (is_let) pop_scope(e.span);
  emit(Op::CheckLimit, e.span);
  emit(Op::Jump, e.span, static_cast<std::uint32_t>(top));
  // Continues drop the body's scopes (done at the jump) and land where the let scope ends.
  for (auto j : done.continues) patch(j, cont);
  std::size_t exit = here();
  for (auto j : exits) patch(j, exit);
  if (is_let) {
    emit(Op::Drop, e.span, temp);
    drop_guards_since(let_guards, e.span);  // the pattern failed: the last lock ends here
  }
  for (auto j : done.breaks) patch(j, here());
  emit(Op::Unit, e.span);
}

void Compiler::for_expr(const Expr& e) {
  LoopCtx loop;
  loop.label = e.text;
  loop.mark_slot = hidden_slot();
  loop.result_slot = kNoSlot;
  push_scope();
  std::uint32_t iter = hidden_slot();
  fn_->scopes.back().locals.push_back(Local{"", iter});  // the iterator (and what it owns)
  expr(*e.rhs, Use::Move);
  emit(Op::IterInit, e.rhs->span);
  emit(Op::Store, e.rhs->span, iter);
  emit(Op::Mark, e.span, loop.mark_slot);
  loop.scope_depth = fn_->scopes.size();
  std::size_t top = emit(Op::IterNext, e.rhs->span, iter);
  push_scope();
  destructure(*e.pattern);
  loop.is_for = true;
  fn_->loops.push_back(loop);
  block(*e.block, false);
  LoopCtx done = std::move(fn_->loops.back());
  fn_->loops.pop_back();
  std::size_t cont = here();
  pop_scope(e.span);
  emit(Op::CheckLimit, e.span);
  emit(Op::Jump, e.span, static_cast<std::uint32_t>(top));
  for (auto j : done.continues) patch(j, cont);
  patch_b(top, here());
  for (auto j : done.breaks) patch(j, here());
  pop_scope(e.span);
  emit(Op::Unit, e.span);
}

void Compiler::closure_expr(const Expr& e) {
  std::uint32_t index = new_function(e.is_async ? "{async block}" : "{closure}", e.span);
  FnCtx ctx;
  ctx.index = index;
  ctx.parent = fn_;
  ctx.is_closure = true;
  ctx.is_async = e.is_async;
  ctx.self_type = fn_->self_type;
  FnCtx* saved = fn_;
  fn_ = &ctx;
  std::vector<std::uint32_t> outer_guards = std::move(guard_slots_);
  guard_slots_.clear();
  push_scope();
  std::vector<std::uint32_t> param_slots;
  for (std::size_t i = 0; i < e.params.size(); ++i) param_slots.push_back(hidden_slot());
  F().arity = static_cast<std::uint32_t>(e.params.size());
  for (std::size_t i = 0; i < e.params.size(); ++i) {
    const Param& p = e.params[i];
    if (std::uint32_t d = desc_of(p.type.get())) emit(Op::CoerceLocal, p.span, param_slots[i], d);
    if (p.type && p.type->kind == TypeExpr::Kind::Ref && p.type->mut_ref) fn_->ref_slots.insert(param_slots[i]);
    if (p.type && p.type->kind == TypeExpr::Kind::Ref && !p.type->mut_ref) fn_->shared_ref_slots.insert(param_slots[i]);
    if (p.pattern->kind == Pattern::Kind::Binding && !p.pattern->sub) {
      fn_->scopes.back().locals.push_back(Local{p.pattern->name, param_slots[i]});
    } else {
      emit(Op::Move, p.span, param_slots[i]);
      destructure(*p.pattern);
    }
  }
  ctx.ret_desc = desc_of(e.type.get());
  expr(*e.lhs);
  if (ctx.ret_desc) emit(Op::Coerce, e.span, ctx.ret_desc);
  emit(Op::Return, e.lhs->span);
  pop_scope(e.span);
  F().locals = ctx.next_slot;
  for (const auto& c : ctx.captures) F().capture_slots.push_back(c.slot);
  std::vector<Capture> captures = ctx.captures;
  fn_ = saved;
  guard_slots_ = std::move(outer_guards);
  // What it borrows is checked after (check/captures.cpp: rustc's E0373).
  if (spawn_argument_ == &e) spawned_.insert(&e);
  // In the enclosing function: the captured values, moved (`move ||`), or referenced — a
  // non-move closure sees (and changes) the enclosing function's variables themselves.
  // Without `move`, a variable a use takes (`drop(v)`, `for m in rx`) is moved in all the same.
  const std::set<std::string> taken = e.is_move || captures.empty() ? std::set<std::string>{} : check::taken_by_value(e);
  for (const auto& c : captures) {
    bool copy = fn_->shared_ref_slots.count(c.outer_slot) != 0;  // a `&T` moved in is copied
    const bool moved = e.is_move || taken.count(c.name) != 0;
    emit(moved ? (copy ? Op::Load : Op::Move) : Op::MakeRef, e.span, c.outer_slot);
  }
  emit(Op::MakeClosure, e.span, index, 0, static_cast<std::uint8_t>(std::min<std::size_t>(captures.size(), 255)));
  if (captures.size() > 255) unsupported(e.span, "a closure capturing more than 255 variables");
  if (e.is_async) emit(Op::MakeFuture, e.span);
}

std::uint32_t Compiler::function_value(const std::string& key, std::uint32_t arity, Op op, std::uint32_t a,
                                       std::uint32_t b, std::uint8_t c, Span s) {
  if (auto it = fn_values_.find(key); it != fn_values_.end()) return it->second;
  std::uint32_t index = new_function(key, s);
  fn_values_[key] = index;
  FnCtx ctx;
  ctx.index = index;
  FnCtx* saved = fn_;
  fn_ = &ctx;
  push_scope();
  F().arity = arity;
  for (std::uint32_t i = 0; i < arity; ++i) emit(Op::Move, s, hidden_slot());
  emit(op, s, a, b, c);
  fn_->scopes.pop_back();
  emit(Op::Return, s);
  F().locals = ctx.next_slot;
  fn_ = saved;
  return index;
}

}  // namespace brigade::lang::compiler
