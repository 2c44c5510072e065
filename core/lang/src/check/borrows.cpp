// check/borrows.cpp — a variable used in a way its live borrow forbids, with rustc's
// non-lexical lifetimes: a borrow `let r = &x;` (or `&mut x`, `&x[0]`, `&x.field`) lives until
// r's last use, and meanwhile
//   E0502  x is borrowed mutably (`v.push(6)` while `let first = &v[0]` is still to be used —
//          the Book's Listing 8-6), or read while the borrow is mutable;
//   E0499  x is borrowed mutably a second time;
//   E0506  x is assigned;
//   E0505  x is moved (into a thread's `move` closure, say).
// Only what is certain from the text: the access happens at the borrow's own nesting (not in a
// branch or a loop it may skip), and r is used after it; a reference that goes anywhere but a
// plain variable (a struct, a function's result) is not followed.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "brigade/lang/check.hpp"
#include "holds.hpp"
#include "types.hpp"
#include "walk.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

class BorrowChecker : public BodyWalker {
 public:
  BorrowChecker(const Source& source, Diagnostics& d) : d_(d), source_(source) {}

 private:
  struct Borrow {
    std::size_t ref = 0, root = 0;  // the reference's binding, the borrowed one's
    bool mut = false;
    Span at;          // what rustc underlines: `&s`, `&mut s`, or `v` in `&v[0]`
    bool in_place = false;  // `&v[0]`, `&o.id`: a part of the variable
    std::uint32_t end = 0;  // where the `let` is over: uses of the root after it conflict
    int conditional = 0, closures = 0;
  };
  enum class Access { Read, MutBorrow, Assign, Move };
  struct Use {
    std::size_t binding = 0;
    Access access = Access::Read;
    Span at;                       // what the error points at
    bool classified = true;        // false: a use that is no access we check (still a use of a reference)
    std::optional<Span> in_closure;  // a move into a closure: the use inside it
    int conditional = 0, closures = 0;
  };

  // Per function (functions nest): push its state, analyse it when its body is over.
  void enter_function(const ast::Item&) override { frames_.emplace_back(); }
  void leave_function(const ast::Item&) override {
    analyse();
    frames_.pop_back();
  }

  void declared(const Binding& b) override {
    decls().push_back(b);
    if (!b.init || b.element >= 0) return;
    const Expr& init = *b.init;
    if (init.kind != Expr::Kind::Unary || (init.unary_op != ast::UnaryOp::Ref && init.unary_op != ast::UnaryOp::RefMut)) {
      return;
    }
    const Expr* place = init.lhs.get();
    Span at = init.span;
    // `&v[0]`, `&order.id`: the borrow of v; rustc underlines `v` itself.
    while (place && (place->kind == Expr::Kind::Index || place->kind == Expr::Kind::Field ||
                     place->kind == Expr::Kind::TupleIndex)) {
      place = place->lhs.get();
      if (place && place->kind == Expr::Kind::Path) at = place->span;
    }
    const bool in_place = at.offset != init.span.offset;
    if (!place || place->kind != Expr::Kind::Path || place->path.segments.size() != 1) return;
    const Binding* root = lookup(place->path.segments[0]);
    if (!root || root->by_ref) return;
    Borrow br;
    br.ref = b.id;
    br.root = root->id;
    br.mut = init.unary_op == ast::UnaryOp::RefMut;
    br.at = at;
    br.in_place = in_place;
    br.end = init.span.offset + init.span.length;
    br.conditional = b.conditional_depth;
    br.closures = b.closure_depth;
    borrows().push_back(br);
  }

  // A use of `b` at `at`; true when it is a move into a `move` closure (recorded as such).
  bool moved_into_closure(const Binding& b, Span at) {
    for (std::size_t i = static_cast<std::size_t>(std::max(b.closure_depth, 0)); i < closures().size(); ++i) {
      const Expr& c = *closures()[i];
      if (!c.is_move) continue;
      Use u;
      u.binding = b.id;
      u.access = Access::Move;
      u.in_closure = at;
      u.at = closure_head(source_, c);  // rustc points at the closure's head
      u.closures = static_cast<int>(i);
      u.conditional = conditional_depth_outside(i);
      uses().push_back(u);
      return true;
    }
    return false;
  }

  void visit(const Expr& e, const Expr* parent) override {
    if (e.kind == Expr::Kind::Assign) assigned_reference(e);
    if (e.kind != Expr::Kind::Path || e.path.segments.size() != 1) return;
    const Binding* b = lookup(e.path.segments[0]);
    if (!b || moved_into_closure(*b, e.span)) return;
    Use u;
    u.binding = b->id;
    u.at = e.span;
    u.conditional = conditional_depth();
    u.closures = closure_depth();
    if (parent && (parent->kind == Expr::Kind::Assign || parent->kind == Expr::Kind::CompoundAssign) &&
        parent->lhs.get() == &e) {
      u.access = Access::Assign;
      u.at = parent->span;
    } else if (parent && parent->kind == Expr::Kind::Unary && parent->unary_op == ast::UnaryOp::RefMut) {
      u.access = Access::MutBorrow;
      u.at = parent->span;
    } else if (parent && parent->kind == Expr::Kind::MethodCall && parent->lhs.get() == &e &&
               takes_mut_self(holds(*b), parent->text)) {
      u.access = Access::MutBorrow;
      u.at = parent->span;
    } else if (parent && parent->kind == Expr::Kind::Macro) {
      u.access = Access::Read;  // a format argument: borrowed
    } else if (parent && (parent->kind == Expr::Kind::Unary && parent->unary_op == ast::UnaryOp::Ref)) {
      u.access = Access::Read;
      u.at = parent->span;
    } else {
      u.classified = false;  // a use of a reference all the same
    }
    uses().push_back(u);
  }
  void visit_inline_name(const std::string& name, Span at, const Expr&) override {
    const Binding* b = lookup(name);
    if (!b || moved_into_closure(*b, at)) return;
    Use u;
    u.binding = b->id;
    u.at = at;
    u.conditional = conditional_depth();
    u.closures = closure_depth();
    uses().push_back(u);
  }

  // `r = &x;` (r declared outside x's block): the Book's Listing 10-16 when r is used after
  // x's block ends.
  struct Dangling {
    std::size_t ref = 0;
    Binding referent;
    Span borrow;
  };
  void assigned_reference(const Expr& e) {
    if (!e.lhs || e.lhs->kind != Expr::Kind::Path || e.lhs->path.segments.size() != 1 || !e.rhs) return;
    const Expr& rhs = *e.rhs;
    if (rhs.kind != Expr::Kind::Unary || rhs.unary_op != ast::UnaryOp::Ref || !rhs.lhs || rhs.lhs->kind != Expr::Kind::Path ||
        rhs.lhs->path.segments.size() != 1) {
      return;
    }
    const Binding* r = lookup(e.lhs->path.segments[0]);
    const Binding* x = lookup(rhs.lhs->path.segments[0]);
    if (!r || !x || x->scope.length == 0 || r->closure_depth != x->closure_depth) return;
    // Dropped before r goes out of scope: x's block ends inside r's.
    if (x->scope.offset + x->scope.length >= r->scope.offset + r->scope.length) return;
    dangling().push_back(Dangling{r->id, *x, rhs.span});
  }
  void report_dangling() {
    for (const Dangling& d : dangling()) {
      const std::uint32_t dropped = d.referent.scope.offset + d.referent.scope.length;
      for (const Use& u : uses()) {
        if (u.binding != d.ref || u.at.offset < dropped) continue;
        const std::string& x = d.referent.name;
        d_.error(d.borrow, "`" + x + "` does not live long enough", "borrowed value does not live long enough", {},
                 {{d.referent.decl, "binding `" + x + "` declared here"},
                  {closing_brace(d.referent.scope), "`" + x + "` dropped here while still borrowed"},
                  {u.at, "borrow later used here"}});
        break;
      }
    }
    dangling().clear();
  }
  [[nodiscard]] Span closing_brace(Span block) const { return source_.locate(block.offset + block.length - 1, 1); }

  // Each access of a borrowed variable that its live borrow forbids: one error, naming the
  // earliest such borrow.
  void analyse() {
    report_dangling();
    for (const Use& u : uses()) {
      for (const Borrow& br : borrows()) {
        if (u.binding != br.root || u.at.offset < br.end || !u.classified) continue;
        if (u.conditional != br.conditional || u.closures != br.closures) continue;
        if (!br.mut && u.access == Access::Read) continue;
        const Use* later = nullptr;
        bool reassigned = false;
        for (const Use& r : uses()) {
          if (r.binding != br.ref) continue;
          reassigned |= r.access == Access::Assign;
          if (!later && r.at.offset > u.at.offset + u.at.length) later = &r;
        }
        if (!later || reassigned) continue;
        report(u, br, *later);
        break;
      }
    }
  }

  void report(const Use& u, const Borrow& br, const Use& later) {
    const std::string& x = decls()[br.root].name;
    switch (u.access) {
      case Access::MutBorrow:
        if (br.mut) {
          d_.error(u.at, "cannot borrow `" + x + "` as mutable more than once at a time", "second mutable borrow occurs here", {},
                   {{br.at, "first mutable borrow occurs here"}, {later.at, "first borrow later used here"}});
        } else {
          d_.error(u.at, "cannot borrow `" + x + "` as mutable because it is also borrowed as immutable",
                   "mutable borrow occurs here", {},
                   {{br.at, "immutable borrow occurs here"}, {later.at, "immutable borrow later used here"}});
        }
        return;
      case Access::Read:
        d_.error(u.at, "cannot borrow `" + x + "` as immutable because it is also borrowed as mutable",
                 "immutable borrow occurs here", {},
                 {{br.at, "mutable borrow occurs here"}, {later.at, "mutable borrow later used here"}});
        return;
      case Access::Assign:
        d_.error(u.at, "cannot assign to `" + x + "` because it is borrowed",
                 "`" + x + "` is assigned to here but it was already borrowed", {},
                 {{br.at, "`" + x + "` is borrowed here"}, {later.at, "borrow later used here"}});
        return;
      case Access::Move: {
        std::vector<Label> labels{{decls()[br.root].decl, "binding `" + x + "` declared here"},
                                  {br.at, "borrow of `" + x + "` occurs here"}};
        if (u.in_closure) labels.push_back({*u.in_closure, "move occurs due to use in closure"});
        labels.push_back({later.at, "borrow later used here"});
        d_.error(u.at, "cannot move out of `" + x + "` because it is borrowed", "move out of `" + x + "` occurs here", {},
                 std::move(labels));
        if (br.in_place) {  // `&orders.clone()[0]`
          Span after = just_after(br.at);
          d_.suggest({"consider cloning the value if the performance cost is acceptable", after, ".clone()", {}});
        }
        return;
      }
    }
  }



  Diagnostics& d_;
  const Source& source_;
  struct Frame {
    std::vector<Borrow> borrows;
    std::vector<Use> uses;
    std::vector<Binding> decls;  // by id
    std::vector<Dangling> dangling;
  };
  std::vector<Frame> frames_;
  std::vector<Borrow>& borrows() { return frames_.back().borrows; }
  std::vector<Use>& uses() { return frames_.back().uses; }
  std::vector<Binding>& decls() { return frames_.back().decls; }
  std::vector<Dangling>& dangling() { return frames_.back().dangling; }
};

}  // namespace

void check_borrows(const Source& source, const ast::Program& program, Diagnostics& diagnostics) {
  BorrowChecker checker(source, diagnostics);
  checker.run(program);
}

}  // namespace brigade::lang::check
