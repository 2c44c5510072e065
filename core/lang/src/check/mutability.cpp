// check/mutability.cpp — what rustc refuses for a variable not declared `mut`:
//   E0384  assigned a second time (`let count = 0; ... count += i;`), or an argument assigned;
//   E0594  assigned from inside a closure that captured it;
//   E0596  borrowed mutably: `&mut v`, a method that takes `&mut self` called on a value of a
//          type we know (`v.push(1)` on a Vec, `rx.recv()` on tokio's receiver), a guard
//          written through (`*num += 1` on what `lock().unwrap()` gave).
// Each only where it is certain from the text: a variable whose type is not known is reported
// only for what needs `mut` whatever its type (an assignment, `&mut x`).
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "brigade/lang/check.hpp"
#include "holds.hpp"
#include "types.hpp"
#include "walk.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

class MutabilityChecker : public BodyWalker {
 public:
  MutabilityChecker(const Source& source, Diagnostics& d) : d_(d), source_(source) {}

 private:
  void enter_function(const ast::Item&) override { first_assignments_.emplace_back(); }
  void leave_function(const ast::Item&) override { first_assignments_.pop_back(); }

  void visit(const Expr& e, const Expr*) override {
    switch (e.kind) {
      case Expr::Kind::Assign:
      case Expr::Kind::CompoundAssign:
        if (const Binding* b = local(e.lhs.get())) {
          assigned(*b, e);
        } else if (e.lhs && e.lhs->kind == Expr::Kind::Unary && e.lhs->unary_op == ast::UnaryOp::Deref) {
          // `*num += 1`: DerefMut borrows the guard itself mutably.
          if (const Binding* g = local(e.lhs->lhs.get()); g && holds(*g) == Holds::Guard) borrowed(*g, e.lhs->lhs->span);
        }
        return;
      case Expr::Kind::Unary:
        if (e.unary_op == ast::UnaryOp::RefMut) {
          if (const Binding* b = local(e.lhs.get())) borrowed(*b, e.span);
        }
        return;
      case Expr::Kind::MethodCall:
        if (const Binding* b = local(e.lhs.get())) {
          if (takes_mut_self(holds(*b), e.text)) borrowed(*b, e.lhs->span);
          if (takes_mut_self(holds_behind_shared_ref(*b), e.text)) behind_shared_ref(*b, e.lhs->span);
        }
        return;
      case Expr::Kind::Call:
        // `add()` where `let add = || total += 1;`: a closure that changes what it captured is
        // FnMut, and calling it borrows it mutably.
        if (const Binding* b = local(e.lhs.get()); b && b->init && b->element < 0 && b->init->kind == Expr::Kind::Closure) {
          if (auto place = mutated_capture(*b->init)) {
            borrowed(*b, e.lhs->span, Label{*place, "calling `" + b->name + "` requires mutable binding due to mutable borrow of `" +
                                                        std::string(source_text(*place)) + "`"});
          }
        }
        return;
      default:
        return;
    }
  }

  // The binding a plain name means, when it is one not declared `mut`.
  const Binding* local(const Expr* e) const {
    if (!e || e->kind != Expr::Kind::Path || e->path.segments.size() != 1) return nullptr;
    const Binding* b = lookup(e->path.segments[0]);
    return b && !b->mutable_ && !b->by_ref ? b : nullptr;
  }

  void assigned(const Binding& b, const Expr& e) {
    const bool captured = closure_depth() > b.closure_depth;
    if (captured) {
      d_.error(e.span, "cannot assign to `" + b.name + "`, as it is not declared as mutable", "cannot assign");
      suggest_mut(b, "consider changing this to be mutable");
      return;
    }
    if (b.origin == Binding::Origin::Param || b.origin == Binding::Origin::ClosureParam) {
      d_.error(e.span, "cannot assign to immutable argument `" + b.name + "`", "cannot assign to immutable argument");
      suggest_mut(b, "consider making this binding mutable");
      return;
    }
    Span first = b.decl;
    if (b.origin == Binding::Origin::LetDeferred) {
      // `let x; x = 1;` is its first assignment; a second one is certain only after a first
      // one that certainly ran (not in a branch or a loop).
      auto& firsts = first_assignments_.back();
      auto it = firsts.find(b.id);
      if (it == firsts.end()) {
        if (e.kind == Expr::Kind::Assign && conditional_depth() == b.conditional_depth) firsts[b.id] = e.span;
        if (conditional_depth() != b.conditional_depth) firsts[b.id] = Span{};  // unsure from here on
        return;
      }
      if (it->second.length == 0) return;
      first = it->second;
    }
    // Assigning a value that is dropped first (a String, a Vec): rustc points at the place.
    Holds h = holds(b);
    const bool dropped = h != Holds::Unknown && h != Holds::Copy;
    d_.error(dropped ? e.lhs->span : e.span, "cannot assign twice to immutable variable `" + b.name + "`",
             "cannot assign twice to immutable variable", {}, {{first, "first assignment to `" + b.name + "`"}});
    if (b.origin == Binding::Origin::For) {
      insert_before(b, "consider making this binding mutable", "(mut " + b.name + ") ");
    } else {
      suggest_mut(b, "consider making this binding mutable");
    }
    if (b.origin == Binding::Origin::Pattern) insert_before(b, "to modify the original value, take a borrow instead", "ref mut ");
  }

  void borrowed(const Binding& b, Span at, std::optional<Label> why = std::nullopt) {
    std::vector<Label> labels;
    if (why) labels.push_back(*why);
    d_.error(at, "cannot borrow `" + b.name + "` as mutable, as it is not declared as mutable", "cannot borrow as mutable", {},
             std::move(labels));
    suggest_mut(b, "consider changing this to be mutable");
  }

  // `fn change(s: &String) { s.push_str(..) }`: the Book's Listing 4-6.
  void behind_shared_ref(const Binding& b, Span at) {
    d_.error(at, "cannot borrow `*" + b.name + "` as mutable, as it is behind a `&` reference",
             "`" + b.name + "` is a `&` reference, so it cannot be borrowed as mutable");
    // `&String` → `&mut String`
    d_.suggest({"consider changing this to be a mutable reference", inside(b.type->span, 1), "mut ", {}});
  }

  std::string_view source_text(Span s) const { return source_.text().substr(s.offset, s.length); }

  // The first variable a closure's body assigns that the closure did not declare: the place
  // that makes it FnMut.
  static std::optional<Span> mutated_capture(const Expr& closure) {
    std::set<std::string> declared;
    for (const auto& p : closure.params) {
      if (p.pattern) names_of(*p.pattern, declared);
    }
    std::optional<Span> found;
    scan(*closure.lhs, declared, found);
    return found;
  }
  static void names_of(const ast::Pattern& p, std::set<std::string>& out) {
    if (p.kind == ast::Pattern::Kind::Binding) out.insert(p.name);
    for (const auto& i : p.items) names_of(*i, out);
    if (p.sub) names_of(*p.sub, out);
  }
  static void scan(const Expr& e, std::set<std::string>& declared, std::optional<Span>& found) {
    if (found) return;
    if ((e.kind == Expr::Kind::Assign || e.kind == Expr::Kind::CompoundAssign) && e.lhs &&
        e.lhs->kind == Expr::Kind::Path && e.lhs->path.segments.size() == 1 && !declared.count(e.lhs->path.segments[0])) {
      found = e.lhs->span;
      return;
    }
    for (const Expr* x : {e.lhs.get(), e.rhs.get(), e.cond.get(), e.else_expr.get()}) {
      if (x) scan(*x, declared, found);
    }
    for (const auto& a : e.args) scan(*a, declared, found);
    for (const auto& arm : e.arms) {
      if (arm.body) scan(*arm.body, declared, found);
    }
    if (e.block) {
      for (const auto& st : e.block->stmts) {
        if (st.pattern) names_of(*st.pattern, declared);
        if (st.expr) scan(*st.expr, declared, found);
      }
      if (e.block->tail) scan(*e.block->tail, declared, found);
    }
  }

  void suggest_mut(const Binding& b, const std::string& help) { insert_before(b, help, "mut "); }
  void insert_before(const Binding& b, const std::string& help, const std::string& text) {
    d_.suggest({help, inside(b.decl, 0), text, {}});
  }

  Diagnostics& d_;
  const Source& source_;
  // Per function being walked: a deferred `let`'s first assignment (length 0: unsure).
  std::vector<std::unordered_map<std::size_t, Span>> first_assignments_;
};

}  // namespace

void check_mutability(const Source& source, const ast::Program& program, Diagnostics& diagnostics) {
  MutabilityChecker checker(source, diagnostics);
  checker.run(program);
}

}  // namespace brigade::lang::check
