// check/captures.cpp — E0373: a closure given to `thread::spawn` (or an async block given to
// `tokio::spawn`) that borrows a local of the function spawning it — the Book's Listing 16-3,
// `thread::spawn(|| println!("{v:?}"))`. The thread may outlive the function, so it must own
// what it uses: `move`.
//
// A closure without `move` captures each variable as little as its uses need (rustc's capture
// analysis): by reference when every use only reads or writes it in place (a format argument,
// `tx.send(..)`, `&v`, `count += 1`), by value when a use takes it (`drop(v)`, `for m in rx`,
// `handle.join()`). A value of a `Copy` type is only ever borrowed. Reported: each variable
// certainly borrowed; a variable with a use we cannot classify is left alone.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "brigade/lang/check.hpp"
#include "types.hpp"
#include "walk.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

enum class Use { Ref, Value, Unknown };

// How `e` (a name) is used by the expression it is part of.
Use use_of(const Expr& e, const Expr* parent) {
  if (parent == nullptr) return Use::Value;  // a statement's value, a `let`'s initializer
  switch (parent->kind) {
    case Expr::Kind::Macro:
      if (any_of(parent->text, {"println", "print", "eprintln", "eprint", "format", "write", "writeln", "panic",
                                "assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "unreachable",
                                "todo"})) {
        return Use::Ref;
      }
      return Use::Value;  // vec![x], dbg!(x)
    case Expr::Kind::Unary:
      if (parent->unary_op == ast::UnaryOp::Ref || parent->unary_op == ast::UnaryOp::RefMut) return Use::Ref;
      if (parent->unary_op == ast::UnaryOp::Deref) return Use::Unknown;
      return Use::Value;
    case Expr::Kind::Binary:
      switch (parent->binary_op) {
        case ast::BinaryOp::Eq:
        case ast::BinaryOp::Ne:
        case ast::BinaryOp::Lt:
        case ast::BinaryOp::Le:
        case ast::BinaryOp::Gt:
        case ast::BinaryOp::Ge:
          return Use::Ref;
        default:
          return Use::Value;
      }
    case Expr::Kind::Assign:
    case Expr::Kind::CompoundAssign:
      return parent->lhs.get() == &e ? Use::Ref : Use::Value;
    case Expr::Kind::MethodCall:
      if (parent->lhs.get() != &e) return Use::Value;
      // The receiver: borrowed by the methods that take `&self`/`&mut self`, taken by those
      // that take `self`; any other may be either.
      if (any_of(parent->text, {"send", "try_send", "recv", "try_recv", "recv_timeout", "lock", "try_lock", "read",
                                "write", "len", "is_empty", "iter", "iter_mut", "clone", "get", "contains",
                                "contains_key", "push", "push_str", "pop", "insert", "remove", "load", "store",
                                "fetch_add", "fetch_sub", "swap", "borrow", "borrow_mut", "as_str", "to_string",
                                "to_owned", "to_vec", "first", "last", "keys", "values", "wait", "notify_one",
                                "notify_all", "is_finished", "thread", "extend", "clear", "sort"})) {
        return Use::Ref;
      }
      if (any_of(parent->text, {"join", "into_iter", "into_inner", "unwrap", "expect", "unwrap_or", "unwrap_or_default",
                                "into_bytes", "into_boxed_slice"})) {
        return Use::Value;
      }
      return Use::Unknown;
    case Expr::Kind::Index:
      return parent->lhs.get() == &e ? Use::Ref : Use::Value;
    case Expr::Kind::Field:
    case Expr::Kind::TupleIndex:
    case Expr::Kind::Match:
    case Expr::Kind::Let:
      return Use::Unknown;  // a place: what is taken of it depends on more than this
    case Expr::Kind::Call:
      return parent->lhs.get() == &e ? Use::Unknown : Use::Value;  // calling a closure: Fn or FnOnce
    default:
      return Use::Value;
  }
}

// A variable whose value is certainly `Copy` (a number, a bool, a char, a `&str`): a closure
// only ever borrows it.
bool certainly_copy(const Binding& b) {
  if (b.type) {
    if (b.type->kind == ast::TypeExpr::Kind::Ref) return !b.type->mut_ref;
    if (b.type->kind != ast::TypeExpr::Kind::Path || b.type->path.segments.size() != 1) return false;
    return primitive_type(b.type->path.segments[0]);
  }
  if (!b.init || b.element >= 0) return false;
  const Expr& e = *b.init;
  if (e.kind == Expr::Kind::Unary && e.unary_op == ast::UnaryOp::Neg && e.lhs) return e.lhs->kind == Expr::Kind::Int;
  return e.kind == Expr::Kind::Int || e.kind == Expr::Kind::Float || e.kind == Expr::Kind::Bool ||
         e.kind == Expr::Kind::Char || e.kind == Expr::Kind::Str;
}

// The variables a closure uses but does not declare: whether a use takes one, whether one
// changes it in place.
class FreeUses : public BodyWalker {
 public:
  struct Uses {
    bool taken = false;
    bool changed = false;
  };
  std::map<std::string, Uses> uses;

 private:
  void visit(const Expr& e, const Expr* parent) override {
    if (e.kind != Expr::Kind::Path || e.path.segments.size() != 1 || lookup(e.path.segments[0])) return;
    Uses& u = uses[e.path.segments[0]];
    u.taken |= use_of(e, parent) == Use::Value;
    u.changed |= parent && ((parent->kind == Expr::Kind::Assign || parent->kind == Expr::Kind::CompoundAssign) &&
                            parent->lhs.get() == &e);
    u.changed |= parent && parent->kind == Expr::Kind::Unary && parent->unary_op == ast::UnaryOp::RefMut;
  }
};

class CaptureChecker : public BodyWalker {
 public:
  CaptureChecker(const Source& source, const std::set<const Expr*>& spawned, Diagnostics& d)
      : d_(d), source_(source), spawned_(spawned) {}

 private:
  struct Captured {
    Binding decl;
    Span first;  // its first use in the closure
    bool borrowed_only = true;
  };
  struct Open {
    const Expr* closure;
    const Expr* call;  // the spawn call it is the argument of
    std::vector<Captured> captured;
  };

  void visit(const Expr& e, const Expr* parent) override {
    // A spawned closure's end: every visit inside it has been seen once the walk leaves it,
    // which is when a later expression (or the function's end) is visited outside it.
    close_finished(e.span.offset);
    if (e.kind == Expr::Kind::Closure && spawned_.count(&e) && parent) {
      open_.push_back(Open{&e, parent, {}});
      return;
    }
    if (e.kind == Expr::Kind::Path && e.path.segments.size() == 1) used(e.path.segments[0], e.span, use_of(e, parent));
  }
  void visit_inline_name(const std::string& name, Span at, const Expr&) override { used(name, at, Use::Ref); }
  void enter_function(const ast::Item&) override { frames_.emplace_back(); }
  void leave_function(const ast::Item& fn) override {
    close_finished(fn.span.offset + fn.span.length);  // its spawned closures, all seen
    frames_.pop_back();
  }
  void declared(const Binding& b) override {
    if (b.init && b.element < 0) {
      if (std::string t = rustc_type_of(*b.init); !t.empty()) init_types()[b.id] = t;
    }
    if (std::string t = single_threaded_type(b); !t.empty()) shared_types()[b.id] = t;
    // `let r = &name;`: a reference to a local, which a thread may not take.
    if (b.init && b.element < 0 && b.init->kind == Expr::Kind::Unary && b.init->unary_op == ast::UnaryOp::Ref &&
        b.init->lhs && b.init->lhs->kind == Expr::Kind::Path && b.init->lhs->path.segments.size() == 1) {
      if (const Binding* referent = lookup(b.init->lhs->path.segments[0])) local_borrows()[b.id] = {*referent, b.init->span};
    }
  }

  // `m.lock().unwrap()` (or `.expect(..)`, `.read()`, `.write()`): a guard, which stays with
  // the thread that locked. Its type as rustc names it, with the Mutex's content type.
  std::string guard_type(const Expr& e) const {
    if ((e.text != "unwrap" && e.text != "expect") || !e.lhs || e.lhs->kind != Expr::Kind::MethodCall) return {};
    const Expr& lock = *e.lhs;
    const char* guard = lock.text == "lock" ? "MutexGuard" : lock.text == "read" ? "RwLockReadGuard"
                        : lock.text == "write"                                 ? "RwLockWriteGuard"
                                                                               : nullptr;
    if (!guard || !lock.lhs || lock.lhs->kind != Expr::Kind::Path || lock.lhs->path.segments.size() != 1) return {};
    const Binding* m = lookup(lock.lhs->path.segments[0]);
    if (!m) return {};
    std::string inner = "_";
    if (auto it = init_types().find(m->id); it != init_types().end()) {
      const std::string& t = it->second;
      const std::string wrapper = lock.text == "lock" ? "Mutex<" : "RwLock<";
      if (std::size_t at = t.find(wrapper); at != std::string::npos) {
        std::size_t from = at + wrapper.size(), depth = 1, i = from;
        for (; i < t.size() && depth > 0; ++i) depth += t[i] == '<' ? 1 : t[i] == '>' ? -1 : 0;
        inner = t.substr(from, i - from - 1);
      } else {
        return {};  // not a std lock we know
      }
    }
    return std::string("std::sync::") + guard + "<'_, " + inner + ">";
  }

  // The type of a variable holding an `Rc` or an `Arc` of a `RefCell`/`Cell` — what may not
  // go to another thread — as rustc names it, from its initializer; empty for anything else.
  std::string single_threaded_type(const Binding& b) const {
    if (!b.init || b.element >= 0) return {};
    const Expr& e = *b.init;
    if (e.kind == Expr::Kind::MethodCall && e.text == "clone" && e.args.empty()) return shared_type_of(e.lhs.get());
    if (e.kind == Expr::Kind::MethodCall) return guard_type(e);
    if (e.kind != Expr::Kind::Call || !e.lhs || e.lhs->kind != Expr::Kind::Path || e.lhs->path.segments.size() < 2 ||
        e.args.size() != 1) {
      return {};
    }
    const auto& segs = e.lhs->path.segments;
    const std::string& type = segs[segs.size() - 2];
    if (type != "Rc" && type != "Arc") return {};
    if (segs.back() == "clone") {
      const Expr* a = e.args[0].get();
      if (a->kind == Expr::Kind::Unary && a->unary_op == ast::UnaryOp::Ref) return shared_type_of(a->lhs.get());
      return {};
    }
    if (segs.back() != "new") return {};
    std::string inner = value_type(*e.args[0]);
    if (type == "Arc" && inner.rfind("RefCell<", 0) != 0 && inner.rfind("Cell<", 0) != 0) return {};
    return type + "<" + inner + ">";
  }
  std::string shared_type_of(const Expr* e) const {
    if (!e || e->kind != Expr::Kind::Path || e->path.segments.size() != 1) return {};
    const Binding* b = lookup(e->path.segments[0]);
    if (!b) return {};
    auto it = shared_types().find(b->id);
    return it == shared_types().end() ? std::string{} : it->second;
  }
  static std::string value_type(const Expr& e) {
    std::string t = rustc_type_of(e);
    return t.empty() ? "_" : t;
  }

  // E0597: a thread's closure that takes a reference to a local (`let r = &name;` moved in):
  // the thread may run after the local is dropped.
  void outlived(const Open& o) {
    for (const auto& cap : o.captured) {
      auto it = local_borrows().find(cap.decl.id);
      if (it == local_borrows().end()) continue;
      const auto& [referent, borrow] = it->second;
      const std::string& n = referent.name;
      std::vector<Label> labels{{referent.decl, "binding `" + n + "` declared here"},
                                {o.call->span, "argument requires that `" + n + "` is borrowed for `'static`"}};
      if (referent.scope.length > 0) {
        labels.push_back({source_.locate(referent.scope.offset + referent.scope.length - 1, 1),
                          "`" + n + "` dropped here while still borrowed"});
      }
      d_.error(borrow, "`" + n + "` does not live long enough", "borrowed value does not live long enough", {},
               std::move(labels));
      d_.note_at(borrow, "requirement that the value outlives `'static` introduced here",
                 std::string(kStdSource) + "std/src/thread/functions.rs:128:14");
      return;
    }
  }

  // E0277: a thread's closure that captures an `Rc` or a lock's guard (not Send) or an
  // `Arc<RefCell<..>>` (its RefCell is not Sync). The Book's Listing 16-14.
  bool not_send(const Open& o) {
    const Expr& c = *o.closure;
    for (const auto& cap : o.captured) {
      auto it = shared_types().find(cap.decl.id);
      if (it == shared_types().end()) continue;
      const std::string& type = it->second;
      const bool rc = type.rfind("Arc<", 0) != 0;  // an Rc or a guard: not Send itself
      const std::string inner = rc ? type : type.substr(4, type.size() - 5);  // Arc<RefCell<T>>: the RefCell
      const std::string what = rc ? "sent" : "shared";
      const Span head = closure_head(source_, c);
      Span head_end = source_.locate(head.offset + head.length);
      const std::string closure = "{closure@" + source_.name() + ":" + std::to_string(c.span.line) + ":" +
                                  std::to_string(c.span.column) + ": " + std::to_string(head_end.line) + ":" +
                                  std::to_string(head_end.column) + "}";
      Span callee = o.call->lhs ? o.call->lhs->span : o.call->span;
      d_.error(c.span, "`" + inner + "` cannot be " + what + " between threads safely",
               "`" + inner + "` cannot be " + what + " between threads safely", {},
               {{callee, "required by a bound introduced by this call"}});
      d_.add_help(rc ? "within `" + closure + "`, the trait `Send` is not implemented for `" + inner + "`"
                     : "the trait `Sync` is not implemented for `" + inner + "`");
      if (!rc) {
        d_.note("if you want to do aliasing and mutation between multiple threads, use `std::sync::RwLock` instead");
        d_.note("required for `" + type + "` to implement `Send`");
      }
      d_.note_at(head, "required because it's used within this closure");
      const std::string& fn = o.call->lhs && o.call->lhs->kind == Expr::Kind::Path ? o.call->lhs->path.segments.back() : "";
      if (fn == "spawn" && !c.is_async) {
        d_.note_at(head, "required by a bound in `spawn`",
                   std::string(kStdSource) + "std/src/thread/functions.rs:125:0");
      }
      return true;  // rustc names the first one
    }
    return false;
  }

  void used(const std::string& name, Span at, Use how) {
    if (open_.empty()) return;
    const Binding* b = lookup(name);
    if (b == nullptr) return;
    for (auto& o : open_) {
      // A local of the function around the closure (not one declared inside it).
      if (b->closure_depth >= depth_of(o.closure)) continue;
      auto it = std::find_if(o.captured.begin(), o.captured.end(), [&](const Captured& c) { return c.decl.id == b->id; });
      if (it == o.captured.end()) {
        o.captured.push_back(Captured{*b, at, true});
        it = o.captured.end() - 1;
      }
      if (how != Use::Ref && !certainly_copy(it->decl)) it->borrowed_only = false;
    }
  }

  // How many closures enclose the closure `c` itself, plus one: the depth of code inside it.
  int depth_of(const Expr* c) const {
    const auto& cs = closures();
    for (std::size_t i = 0; i < cs.size(); ++i) {
      if (cs[i] == c) return static_cast<int>(i) + 1;
    }
    return closure_depth() + 1;
  }

  void close_finished(std::uint32_t offset) {
    while (!open_.empty()) {
      const Open& o = open_.back();
      if (offset < o.closure->span.offset + o.closure->span.length) return;
      report(o);
      open_.pop_back();
    }
  }

  void report(const Open& o) {
    const Expr& c = *o.closure;
    if (!c.is_async && not_send(o)) return;  // a type error: rustc does not borrow-check the body
    if (c.is_move) {
      if (!c.is_async) outlived(o);
      return;
    }
    const char* what = c.is_async ? "async block" : "closure";
    // rustc reports the borrowed ones last declared first.
    std::vector<const Captured*> borrowed;
    for (const auto& cap : o.captured) {
      if (cap.borrowed_only) borrowed.push_back(&cap);
    }
    std::sort(borrowed.begin(), borrowed.end(), [](const Captured* a, const Captured* b) { return a->decl.id > b->decl.id; });
    const Span head = closure_head(source_, c);
    for (const Captured* cap : borrowed) {
      const std::string& n = cap->decl.name;
      d_.error(head, std::string(what) + " may outlive the current function, but it borrows `" + n + "`, which is owned by the current function",
               "may outlive borrowed value `" + n + "`", {}, {{cap->first, "`" + n + "` is borrowed here"}});
      if (c.is_async) {
        d_.note("async blocks are not executed immediately and must either take a reference or ownership of outside variables they use");
      } else {
        d_.note_at(o.call->span, "function requires argument type to outlive `'static`");
      }
      const Span at = inside(c.span, c.is_async ? 6 : 0);  // (after `async `)
      d_.suggest({std::string("to force the ") + what + " to take ownership of `" + n +
                      "` (and any other referenced variables), use the `move` keyword",
                  at, "move ", {}});
    }
  }




  Diagnostics& d_;
  const Source& source_;
  const std::set<const Expr*>& spawned_;
  std::vector<Open> open_;
  // Per function being walked (functions nest), by binding id.
  struct Frame {
    std::map<std::size_t, std::string> shared;  // its Rc / Arc<RefCell> / guard type
    std::map<std::size_t, std::string> types;   // its type, where its initializer says it
    std::map<std::size_t, std::pair<Binding, Span>> borrows;  // `let r = &x;` → x, and `&x`
  };
  std::vector<Frame> frames_;
  std::map<std::size_t, std::string>& shared_types() { return frames_.back().shared; }
  const std::map<std::size_t, std::string>& shared_types() const { return frames_.back().shared; }
  std::map<std::size_t, std::string>& init_types() { return frames_.back().types; }
  const std::map<std::size_t, std::string>& init_types() const { return frames_.back().types; }
  std::map<std::size_t, std::pair<Binding, Span>>& local_borrows() { return frames_.back().borrows; }
};

}  // namespace

std::set<std::string> taken_by_value(const ast::Expr& closure) {
  FreeUses free;
  free.run(closure);
  std::set<std::string> out;
  // One it also changes in place is borrowed: a `Copy` counter (`count += 1; count`) is only
  // ever borrowed, and a value both changed and taken is the closure's either way.
  for (const auto& [name, u] : free.uses) {
    if (u.taken && !u.changed) out.insert(name);
  }
  return out;
}

void check_captures(const Source& source, const ast::Program& program, const std::set<const ast::Expr*>& spawned,
                    Diagnostics& diagnostics) {
  CaptureChecker checker(source, spawned, diagnostics);
  checker.run(program);
}

}  // namespace brigade::lang::check
