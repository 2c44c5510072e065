// check/check.cpp — the checks run together, their errors put in rustc's order: its borrow
// checker works body by body (each function in turn, the closures inside one before the
// function itself) and sorts the errors of a body by where they point.
#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

#include "brigade/lang/check.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

struct Range {
  std::uint32_t begin = 0, end = 0;
  [[nodiscard]] bool holds(std::uint32_t at) const { return at >= begin && at < end; }
};
Range range_of(Span s) { return {s.offset, s.offset + s.length}; }

// Every function's span, and every closure's, in source order.
void closures_in(const Expr& e, std::vector<Range>& out);
void closures_in(const ast::Block& b, std::vector<Range>& out) {
  for (const auto& s : b.stmts) {
    for (const Expr* x : {s.expr.get()}) {
      if (x) closures_in(*x, out);
    }
    if (s.else_block) closures_in(*s.else_block, out);
  }
  if (b.tail) closures_in(*b.tail, out);
}
void closures_in(const Expr& e, std::vector<Range>& out) {
  if (e.kind == Expr::Kind::Closure) out.push_back(range_of(e.span));
  for (const Expr* x : {e.lhs.get(), e.rhs.get(), e.cond.get(), e.else_expr.get()}) {
    if (x) closures_in(*x, out);
  }
  for (const auto& a : e.args) closures_in(*a, out);
  for (const auto& f : e.fields) {
    if (f.value) closures_in(*f.value, out);
  }
  for (const auto& arm : e.arms) {
    if (arm.guard) closures_in(*arm.guard, out);
    if (arm.body) closures_in(*arm.body, out);
  }
  if (e.block) closures_in(*e.block, out);
}

void functions_in(const ast::Item& item, std::vector<Range>& out) {
  if (item.kind == ast::Item::Kind::Fn && item.body) out.push_back(range_of(item.span));
  for (const auto& m : item.items) functions_in(*m, out);
}

// rustc finds these while typing, before any borrow checking.
bool typing_error(const Diagnostic& d) {
  return d.code == "E0106" || d.code == "E0277" || d.code == "E0282" || d.code == "E0308" || d.code == "E0599";
}

}  // namespace

void check_program(const Source& source, const ast::Program& program, const std::set<const ast::Expr*>& spawned,
                   Diagnostics& diagnostics) {
  Diagnostics found;
  check_moves(source, program, found);
  check_mutability(source, program, found);
  check_borrows(source, program, found);
  check_captures(source, program, spawned, found);
  check_format_traits(source, program, found);
  check_arguments(program, found);
  check_lifetimes(source, program, found);
  if (!found.has_errors()) return;

  std::vector<Range> functions, closures;
  for (const auto& item : program.items) functions_in(*item, functions);
  for (const auto& item : program.items) {
    std::vector<const ast::Item*> fns{item.get()};
    for (const auto& m : item->items) fns.push_back(m.get());
    for (const ast::Item* f : fns) {
      if (f->kind == ast::Item::Kind::Fn && f->body) closures_in(*f->body, closures);
    }
  }
  // An error's body: the function it points into, and the innermost closure (a closure's head
  // belongs to the body the closure is written in: that is where "may outlive" is found).
  auto key = [&](const Diagnostic& d) {
    const std::uint32_t at = d.span.offset;
    std::uint32_t fn = UINT32_MAX;
    for (const auto& f : functions) {
      if (f.holds(at)) fn = f.begin;
    }
    std::uint32_t closure = UINT32_MAX;
    for (const auto& c : closures) {
      if (c.holds(at) && at != c.begin) closure = c.begin;
    }
    return std::make_tuple(fn, closure, at);
  };
  // A body with an error of the stages before is not borrow-checked (rustc borrow-checks only
  // the bodies that typed); the type errors found here (E0106, E0277, E0282, E0308, E0599) are such errors too, and come
  // first.
  std::set<std::uint32_t> failed;
  for (const auto& d : diagnostics.errors()) failed.insert(std::get<0>(key(d)));
  std::vector<const Diagnostic*> typing, order;
  for (const auto& d : found.errors()) {
    if (typing_error(d)) typing.push_back(&d);
  }
  for (const Diagnostic* d : typing) failed.insert(std::get<0>(key(*d)));
  for (const auto& d : found.errors()) {
    if (!typing_error(d) && !failed.count(std::get<0>(key(d)))) order.push_back(&d);
  }
  auto by_key = [&](const Diagnostic* a, const Diagnostic* b) { return key(*a) < key(*b); };
  std::stable_sort(typing.begin(), typing.end(), by_key);
  std::stable_sort(order.begin(), order.end(), by_key);
  order.insert(order.begin(), typing.begin(), typing.end());
  for (const Diagnostic* d : order) diagnostics.add(*d);
}

}  // namespace brigade::lang::check
