// check/check.cpp — the checks run together, their errors put in rustc's order: its borrow
// checker works body by body (each function in turn, the closures inside one before the
// function itself) and sorts the errors of a body by where they point.
#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

#include "brigade/lang/check.hpp"
#include "walk.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

struct Range {
  std::uint32_t begin = 0, end = 0;
  [[nodiscard]] bool holds(std::uint32_t at) const { return at >= begin && at < end; }
};
Range range_of(Span s) { return {s.offset, s.offset + s.length}; }

// Every function's span, and every closure's, in source order (nested ones after those around
// them).
class Bodies : public BodyWalker {
 public:
  std::vector<Range> functions, closures;

 private:
  void enter_function(const ast::Item& fn) override { functions.push_back(range_of(fn.span)); }
  void visit(const Expr& e, const Expr*) override {
    if (e.kind == Expr::Kind::Closure) closures.push_back(range_of(e.span));
  }
};

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

  Bodies bodies;
  bodies.run(program);
  const std::vector<Range>& functions = bodies.functions;
  const std::vector<Range>& closures = bodies.closures;
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
