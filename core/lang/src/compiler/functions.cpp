// compiler/functions.cpp — functions: their bytecode, scopes, locals and captures.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

std::uint32_t Compiler::new_function(std::string name, Span span) {
  vm::Function f;
  f.name = std::move(name);
  f.span = span;
  m_->functions.push_back(std::move(f));
  return static_cast<std::uint32_t>(m_->functions.size() - 1);
}

std::uint32_t Compiler::declare_local(const std::string& name) {
  std::uint32_t slot = fn_->next_slot++;
  fn_->scopes.back().locals.push_back(Local{name, slot});
  return slot;
}

std::optional<std::uint32_t> Compiler::lookup_local(FnCtx* ctx, const std::string& name) {
  for (auto s = ctx->scopes.rbegin(); s != ctx->scopes.rend(); ++s) {
    for (auto l = s->locals.rbegin(); l != s->locals.rend(); ++l) {
      if (l->name == name) return l->slot;
    }
  }
  for (const auto& c : ctx->captures) {
    if (c.name == name) return c.slot;
  }
  // A closure sees its enclosing function's locals: capture them.
  if (ctx->is_closure && ctx->parent) {
    if (auto outer = lookup_local(ctx->parent, name)) {
      std::uint32_t slot = ctx->next_slot++;
      ctx->captures.push_back(Capture{name, slot, *outer});
      if (ctx->parent->shared_ref_slots.count(*outer)) ctx->shared_ref_slots.insert(slot);
      return slot;
    }
  }
  return std::nullopt;
}

void Compiler::emit_drops(std::size_t down_to, Span s) {
  for (std::size_t i = fn_->scopes.size(); i > down_to; --i) {
    const auto& locals = fn_->scopes[i - 1].locals;
    for (auto l = locals.rbegin(); l != locals.rend(); ++l) emit(Op::Drop, s, l->slot);
  }
}

void Compiler::pop_scope(Span s) {
  emit_drops(fn_->scopes.size() - 1, s);
  fn_->scopes.pop_back();
}

void Compiler::compile_fn(const PendingFn& fn) {
  const Item& item = *fn.item;
  FnCtx ctx;
  ctx.index = fn.index;
  ctx.self_type = fn.self_type;
  FnCtx* saved = fn_;
  ctx.parent = nullptr;
  fn_ = &ctx;
  push_scope();
  if (fn.outer_items) fn_->scopes.back().items = *fn.outer_items;
  Span end_span = item.body ? item.body->span : item.span;
  if (!item.generic_params.empty()) {
    for (const auto& g : item.generic_params) fn_->scopes.back().items[g].kind = Entity::Kind::Generic;
  }
  std::uint32_t arity = 0;
  if (item.has_self) {
    declare_local("self");
    ++arity;
  }
  std::vector<std::pair<const Param*, std::uint32_t>> params;
  for (const auto& p : item.params) {
    check_type(p.type.get());
    std::uint32_t slot = hidden_slot();
    params.emplace_back(&p, slot);
    ++arity;
  }
  F().arity = arity;
  for (const auto& [p, slot] : params) {
    if (std::uint32_t d = desc_of(p->type.get())) emit(Op::CoerceLocal, p->span, slot, d);
    if (p->type && p->type->kind == TypeExpr::Kind::Ref && p->type->mut_ref) fn_->ref_slots.insert(slot);
    if (p->type && p->type->kind == TypeExpr::Kind::Ref && !p->type->mut_ref) fn_->shared_ref_slots.insert(slot);
    if (p->pattern->kind == Pattern::Kind::Binding && !p->pattern->sub) {
      fn_->scopes.back().locals.push_back(Local{p->pattern->name, slot});
    } else {
      emit(Op::Move, p->span, slot);
      destructure(*p->pattern);
    }
  }
  if (item.ret) check_type(item.ret.get());
  ctx.ret_desc = desc_of(item.ret.get());
  if (item.body) {
    if (item.ret && item.body->tail && item.body->tail->kind == Expr::Kind::MethodCall && item.body->tail->text == "collect") {
      collect_into_ = item.body->tail.get();
      collect_mode_ = collect_mode(item.ret.get());
    }
    block(*item.body);
  } else {
    emit(Op::Unit, end_span);
  }
  if (ctx.ret_desc) emit(Op::Coerce, end_span, ctx.ret_desc);
  Span close = end_span;
  if (close.length > 0) close = src_.locate(close.offset + close.length - 1, 1);
  emit(Op::Return, close);
  F().locals = ctx.next_slot;
  fn_ = saved;
}

}  // namespace brigade::lang::compiler
