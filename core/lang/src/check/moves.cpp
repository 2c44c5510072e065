// check/moves.cpp — rustc's E0382 (use of a moved value), before anything runs: the Book's
// Listing 16-9 (a String sent down a channel, then printed), a sender used after it moved into
// a thread, a value used after `let b = a;`.
//
// A pass over each function body in program order, with one rule against refusing a valid
// program: a move is recorded only where it certainly happened before what follows — at the
// nesting of the variable's own declaration (not inside an `if`, a `match` arm, a loop body or a
// closure that may not run), and only for a variable whose type is certainly not `Copy` (from
// its initializer or its declared type: a String, a Vec, a channel's endpoints, a JoinHandle, a
// struct without `derive(Copy)`, ...). Anything unsure is left to the runtime, which still
// marks a moved value. Assigning the variable again makes it usable again.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "brigade/lang/check.hpp"
#include "types.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;
using ast::Pattern;
using ast::Stmt;
using ast::TypeExpr;

struct Var {
  std::string name;
  Span decl;
  std::string type;       // as rustc names it, when known ("String"); empty: not known exactly
  bool non_copy = false;  // certainly not Copy
  int depth = 0;          // the uncertainty depth at its declaration
  bool moved = false;
  Span moved_at;           // the move: the use itself, or a `move` closure's head
  std::optional<Span> capture;  // a `move` closure's first use of it inside
  bool into_closure = false;
  bool into_async = false;  // ... an `async move` block
  std::string channel;      // a std channel's end: its type's path, its element type still to learn
  std::size_t peer = SIZE_MAX;  // the other end (index in vars_)
  std::string move_label;   // what the move's label says, when not "value moved here"
  bool clone_help = false;  // rustc suggests `.clone()` at the move
  bool reported = false;
  bool join_handle = false;  // a thread's JoinHandle: join() takes it
  bool used = false;         // named anywhere after its declaration
  std::optional<Span> untyped_channel;  // a sender whose channel() names no type: the call's path
  std::string move_note;     // rustc's note on the method that took it
  // Moved by a move the loop around it repeats (rustc: "in previous iteration of loop"): the
  // error is at the first use after the loop, or at that move when there is none.
  std::optional<Span> loop_header;
  bool loop_error_pending = false;
  Span loop_move;                  // the repeated move (a closure's head, or the use)
  std::optional<Span> loop_capture;  // its use inside a closure
  bool loop_move_in_closure = false;  // the repeated move is inside a closure's body
  // Its type is known and has clone(): what rustc's clone suggestions need.
  [[nodiscard]] bool clonable() const {
    return type == "String" || type.rfind("Vec<", 0) == 0 || type.rfind("Arc<", 0) == 0 ||
           type.rfind("std::sync::mpsc::Sender<", 0) == 0 ||
           type.rfind("std::sync::mpsc::SyncSender<", 0) == 0;
  }
};

// Types whose values are never Copy, by the last segment of their path.
bool non_copy_type_name(const std::string& last) {
  static const std::set<std::string> kNames = {"String", "Vec", "Sender", "SyncSender", "Receiver", "JoinHandle",
                                               "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque", "Box",
                                               "Arc", "Rc", "Mutex", "RwLock", "UnboundedSender", "UnboundedReceiver"};
  return kNames.count(last) != 0;
}

std::string type_text(const TypeExpr& t) {
  if (t.kind != TypeExpr::Kind::Path) return {};
  std::string out = t.path.str();
  if (!t.path.generics.empty()) {
    out += "<";
    for (std::size_t i = 0; i < t.path.generics.size(); ++i) {
      std::string g = type_text(*t.path.generics[i]);
      if (g.empty()) return {};
      out += (i ? ", " : "") + g;
    }
    out += ">";
  }
  return out;
}

class MoveChecker {
 public:
  MoveChecker(const Source& source, const ast::Program& program, Diagnostics& d) : d_(d), source_(&source) {
    for (const auto& item : program.items) note_types(*item);
  }

  void run(const ast::Program& program) {
    for (const auto& item : program.items) item_(*item);
  }

 private:
  void note_types(const ast::Item& item) {
    if (item.kind == ast::Item::Kind::Struct || item.kind == ast::Item::Kind::Enum) {
      bool copy = std::find(item.derives.begin(), item.derives.end(), "Copy") != item.derives.end();
      if (!copy) non_copy_structs_.insert(item.name);
    }
  }

  void item_(const ast::Item& item) {
    if (item.kind == ast::Item::Kind::Fn && item.body) {
      vars_.clear();
      scopes_.clear();
      depth_ = 0;
      push();
      for (const auto& p : item.params) {
        if (p.pattern && p.pattern->kind == Pattern::Kind::Binding && !p.pattern->by_ref && p.type) {
          declare(*p.pattern, from_type(*p.type));
        } else if (p.pattern) {
          bind_unknown(*p.pattern);
        }
      }
      block(*item.body);
      pop();
      for (auto& v : vars_) {
        if (v.loop_error_pending) report_loop_move(v);
      }
      for (auto& v : vars_) unused_channel(v);
    } else if (item.kind == ast::Item::Kind::Impl || item.kind == ast::Item::Kind::Trait) {
      for (const auto& m : item.items) item_(*m);
    }
  }

  // What a type says: certainly non-Copy (and its name), or nothing.
  struct Kind {
    bool non_copy = false;
    std::string type;
    bool join_handle = false;  // what thread::spawn returned
    std::size_t clone_of = SIZE_MAX;  // a clone of this variable (index in vars_)
  };
  // What a closure returns, as rustc names it, when its text says it (`()` for a body of
  // statements); empty otherwise.
  static std::string closure_result(const Expr& c) {
    if (c.kind != Expr::Kind::Closure || !c.lhs) return {};
    const Expr* body = c.lhs.get();
    if (body->kind == Expr::Kind::Block && body->block) {
      if (!body->block->tail) return "()";
      body = body->block->tail.get();
    }
    if (body->kind == Expr::Kind::Macro && (body->text == "println" || body->text == "print")) return "()";
    return rustc_type_of(*body);
  }
  Kind from_type(const TypeExpr& t) {
    if (t.kind != TypeExpr::Kind::Path || t.path.segments.empty()) return {};
    const std::string& last = t.path.segments.back();
    if (non_copy_type_name(last) || non_copy_structs_.count(last)) return {true, type_text(t)};
    return {};
  }
  Kind from_init(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Macro:
        if (e.text == "format") return {true, "String"};
        if (e.text == "vec") {  // rustc's name for it when the elements say it at once
          bool ints = !e.args.empty(), strs = !e.args.empty();
          for (const auto& a : e.args) {
            ints = ints && a->kind == Expr::Kind::Int && a->suffix.empty();
            strs = strs && a->kind == Expr::Kind::Str;
          }
          return {true, e.repeat ? "" : ints ? "Vec<i32>" : strs ? "Vec<&str>" : e.args.empty() ? "Vec<" : ""};
        }
        return {};
      case Expr::Kind::Call: {
        if (!e.lhs || e.lhs->kind != Expr::Kind::Path) return {};
        const auto& segs = e.lhs->path.segments;
        std::string p = e.lhs->path.str();
        if (p == "String::from" || p == "String::new" || p == "String::with_capacity") return {true, "String"};
        if (p == "Vec::new" || p == "Vec::with_capacity") return {true, "Vec<"};  // its element: from a push
        if (segs.size() >= 2 && non_copy_type_name(segs[segs.size() - 2])) return {true, rustc_type_of(e)};
        if (segs.back() == "spawn" && (p == "thread::spawn" || p == "std::thread::spawn")) {
          std::string result = e.args.size() == 1 ? closure_result(*e.args[0]) : "";
          return {true, result.empty() ? "" : "JoinHandle<" + result + ">", true};
        }
        return {};
      }
      case Expr::Kind::MethodCall:
        if ((e.text == "to_string" || e.text == "to_owned" || e.text == "to_uppercase" || e.text == "to_lowercase") &&
            e.lhs && e.lhs->kind == Expr::Kind::Str) {
          return {true, "String"};
        }
        if (e.text == "to_string" && e.args.empty()) return {true, "String"};
        if (e.text == "clone" && e.lhs && e.lhs->kind == Expr::Kind::Path && e.lhs->path.segments.size() == 1) {
          // A sender's clone: another end of the same channel.
          if (Var* v = find(e.lhs->path.segments[0])) return {v->non_copy, v->type, false, static_cast<std::size_t>(v - vars_.data())};
        }
        return {};
      case Expr::Kind::StructLit:
        if (!e.path.segments.empty() && non_copy_structs_.count(e.path.segments.back())) return {true, e.path.str()};
        return {};
      default:
        return {};
    }
  }

  void push() { scopes_.emplace_back(); }
  void pop() { scopes_.pop_back(); }
  Var* find(const std::string& name) {
    for (auto s = scopes_.rbegin(); s != scopes_.rend(); ++s) {
      auto it = s->find(name);
      if (it != s->end()) return &vars_[it->second];
    }
    return nullptr;
  }
  void declare(const Pattern& p, Kind k) {
    Var v;
    v.name = p.name;
    v.decl = p.span;
    v.non_copy = k.non_copy;
    v.type = k.type;
    v.join_handle = k.join_handle;
    if (k.clone_of < vars_.size() && !vars_[k.clone_of].channel.empty()) {
      v.channel = vars_[k.clone_of].channel;
      v.peer = vars_[k.clone_of].peer;
    }
    v.depth = depth_;
    vars_.push_back(v);
    scopes_.back()[p.name] = vars_.size() - 1;
  }
  void bind_unknown(const Pattern& p) {
    if (p.kind == Pattern::Kind::Binding) declare(p, {});
    for (const auto& item : p.items) bind_unknown(*item);
    if (p.sub) bind_unknown(*p.sub);
  }
  void bind(const Pattern& p, const Expr* init, const TypeExpr* type) {
    if (p.kind == Pattern::Kind::Binding && !p.by_ref && !p.sub) {
      Kind k = type ? from_type(*type) : Kind{};
      if (!k.non_copy && init) k = from_init(*init);
      declare(p, k);
      return;
    }
    // `let (tx, rx) = mpsc::channel();`: both ends are channel handles.
    if (p.kind == Pattern::Kind::Tuple && p.items.size() == 2 && init && init->kind == Expr::Kind::Call && init->lhs &&
        init->lhs->kind == Expr::Kind::Path) {
      const std::string& last = init->lhs->path.segments.back();
      if (last == "channel" || last == "sync_channel" || last == "unbounded_channel") {
        const bool std_mpsc = last != "unbounded_channel" && init->lhs->path.segments.size() >= 2 &&
                              init->lhs->path.segments[init->lhs->path.segments.size() - 2] == "mpsc" &&
                              init->lhs->path.segments[0] != "tokio";
        std::size_t first = vars_.size();
        for (const auto& item : p.items) {
          if (item->kind == Pattern::Kind::Binding && !item->by_ref) {
            declare(*item, {true, ""});
          } else {
            bind_unknown(*item);
          }
        }
        // rustc names them by their full paths, with the element type the first send shows.
        if (std_mpsc && vars_.size() == first + 2 && !type && init->lhs->path.generics.empty()) {
          vars_[first].untyped_channel = init->lhs->span;
        }
        if (std_mpsc && vars_.size() == first + 2) {
          vars_[first].channel = last == "channel" ? "std::sync::mpsc::Sender" : "std::sync::mpsc::SyncSender";
          vars_[first + 1].channel = "std::sync::mpsc::Receiver";
          vars_[first].peer = first + 1;
          vars_[first + 1].peer = first;
          // `mpsc::channel::<i32>()` says it at once.
          if (init->lhs->path.generics.size() == 1) {
            if (std::string element = type_text(*init->lhs->path.generics[0]); !element.empty()) {
              vars_[first].type = vars_[first].channel + "<" + element + ">";
              vars_[first + 1].type = vars_[first + 1].channel + "<" + element + ">";
              elements_[first + 1] = Element{element, false};
            }
          }
        }
        return;
      }
    }
    bind_unknown(p);
  }

  void block(const ast::Block& b) {
    push();
    for (const auto& s : b.stmts) stmt(s);
    if (b.tail) expr(*b.tail, true);
    pop();
  }

  void stmt(const Stmt& s) {
    switch (s.kind) {
      case Stmt::Kind::Let:
        if (s.expr) expr(*s.expr, true);
        if (s.else_block) {
          ++depth_;
          block(*s.else_block);
          --depth_;
        }
        if (s.pattern) bind(*s.pattern, s.expr.get(), s.type.get());
        break;
      case Stmt::Kind::Expr:
        if (s.expr) expr(*s.expr, false);
        break;
      case Stmt::Kind::Item:
      case Stmt::Kind::Empty:
        break;
    }
  }

  // A use of the variable `name` at `at`: by value (`moving`) or not.
  void use(const std::string& name, Span at, bool moving) {
    Var* v = find(name);
    if (v == nullptr) return;
    v->used = true;
    if (v->moved) {
      // A closure's use of a variable from outside it is reported at the closure.
      const bool outer = !closure_depths_.empty() && v->depth < closure_depths_.back();
      if (!v->reported && !outer) report(*v, at, moving);
      return;
    }
    if (moving && v->non_copy && !for_loop_) {
      if (const LoopScope* l = repeating_move(*v)) {
        report_repeated(*v, *l, at, std::nullopt);
        return;
      }
    }
    if (moving && v->non_copy) {
      if (depth_ == v->depth) {
        v->moved = true;
        v->moved_at = at;
        v->into_closure = false;
        v->capture.reset();
        v->move_label = for_loop_ ? "`" + v->name + "` moved due to this implicit call to `.into_iter()`" : "";
        v->move_note.clear();
        // rustc offers `.clone()` for a plain move of a String or a Vec outside a closure.
        v->clone_help = !for_loop_ && closures_ == 0 && (v->type == "String" || v->type.rfind("Vec<", 0) == 0);
      }
    }
  }

  // rustc's "clone it before the closure" help: a `let value = x.clone();` line before the
  // closure's, and the closure's first use of x renamed — shown when that use is on the line
  // right after the closure's head (as in `thread::spawn(move || {` + its first statement).
  void suggest_clone_before_closure(const Var& v, Span head, Span capture) {
    if ((capture.line != head.line + 1 && capture.line != head.line) || !source_) return;
    std::string_view line = source_->line_text(head.line);
    std::string indent(line.substr(0, line.find_first_not_of(" \t")));
    std::string_view use_line = source_->line_text(capture.line);
    std::size_t start = capture.offset - (source_->text().substr(0, capture.offset).rfind('\n') + 1);
    if (start + capture.length > use_line.size()) return;
    std::string renamed = std::string(use_line.substr(0, start)) + "value" + std::string(use_line.substr(start + capture.length));
    std::vector<std::pair<std::uint32_t, std::string>> lines{{head.line, indent + "let value = " + v.name + ".clone();"}};
    if (capture.line == head.line) {  // `thread::spawn(move || v.push(1))`: one line, renamed
      lines.push_back({head.line + 1, renamed});
    } else {
      lines.push_back({head.line + 1, std::string(line)});
      lines.push_back({head.line + 2, renamed});
    }
    d_.suggest({"consider cloning the value before moving it into the closure", head, "", std::move(lines)});
  }

  static Label type_label(const Var& v) {
    return {v.decl, "move occurs because `" + v.name + "` has type `" + v.type + "`, which does not implement the `Copy` trait"};
  }

  // rustc's `.clone()` help, inserted right after the moved name (ASCII: a byte a character).
  void suggest_clone_at(Span moved) {
    Span after = just_after(moved);
    d_.suggest({"consider cloning the value if the performance cost is acceptable", after, ".clone()", {}});
  }

  // A use of a moved value; `closure`: the use is inside a closure, whose head `at` is.
  void report(Var& v, Span at, bool moving, std::optional<Span> in_closure = std::nullopt) {
    v.reported = true;
    std::vector<Label> labels;
    if (!v.type.empty() && v.type != "Vec<") labels.push_back(type_label(v));  // "Vec<": its element unknown
    if (v.loop_header) {
      v.loop_error_pending = false;
      labels.push_back({*v.loop_header, "inside of this loop"});
      labels.push_back({v.loop_move, v.loop_capture ? "value moved into closure here, in previous iteration of loop"
                                                    : "value moved here, in previous iteration of loop"});
    } else if (v.into_closure) {
      // An `async move` block is a coroutine to rustc.
      labels.push_back({v.moved_at, v.into_async ? "value moved here" : "value moved into closure here"});
      if (v.capture) {
        labels.push_back({*v.capture, v.into_async ? "variable moved due to use in coroutine" : "variable moved due to use in closure"});
      }
    } else {
      labels.push_back({v.moved_at, v.move_label.empty() ? "value moved here" : v.move_label});
    }
    if (in_closure) labels.push_back({*in_closure, moving ? "use occurs due to use in closure" : "borrow occurs due to use in closure"});
    d_.error(at, std::string(moving ? "use" : "borrow") + " of moved value: `" + v.name + "`",
             moving ? "value used here after move" : "value borrowed here after move", {}, std::move(labels));
    if (v.loop_header) return;
    if (!v.move_note.empty()) {
      d_.note_at(v.moved_at, v.move_note,
                 std::string(kStdSource) + "std/src/thread/join_handle.rs:149:16");
    }
    if (v.into_closure && v.capture && v.clonable()) suggest_clone_before_closure(v, v.moved_at, *v.capture);
    if (v.clone_help) suggest_clone_at(v.moved_at);
  }

  // The free variables a closure body uses (names not bound inside it), with their first use.
  void free_uses(const Expr& e, std::vector<std::pair<std::string, Span>>& out, std::set<std::string>& bound) {
    auto add = [&](const std::string& n, Span s) {
      if (bound.count(n)) return;
      for (const auto& [name, span] : out) {
        if (name == n) return;
      }
      out.push_back({n, s});
    };
    walk_names(e, add, bound);
  }

  static void pattern_names(const Pattern& p, std::set<std::string>& bound) {
    if (p.kind == Pattern::Kind::Binding) bound.insert(p.name);
    for (const auto& item : p.items) pattern_names(*item, bound);
    if (p.sub) pattern_names(*p.sub, bound);
  }

  template <class F>
  void walk_block_names(const ast::Block& b, F& add, std::set<std::string> bound) {
    for (const auto& s : b.stmts) {
      if (s.kind == Stmt::Kind::Let) {
        if (s.expr) walk_names(*s.expr, add, bound);
        if (s.pattern) pattern_names(*s.pattern, bound);
      } else if (s.kind == Stmt::Kind::Expr && s.expr) {
        walk_names(*s.expr, add, bound);
      }
    }
    if (b.tail) walk_names(*b.tail, add, bound);
  }

  template <class F>
  void walk_names(const Expr& e, F& add, std::set<std::string> bound) {
    switch (e.kind) {
      case Expr::Kind::Path:
        if (e.path.segments.size() == 1) add(e.path.segments[0], e.span);
        return;
      case Expr::Kind::Macro:
        format_names(e, add);
        break;
      case Expr::Kind::Closure:
        for (const auto& p : e.params) {
          if (p.pattern) pattern_names(*p.pattern, bound);
        }
        break;
      case Expr::Kind::For:
        if (e.rhs) walk_names(*e.rhs, add, bound);
        if (e.pattern) pattern_names(*e.pattern, bound);
        if (e.block) walk_block_names(*e.block, add, bound);
        return;
      case Expr::Kind::Match:
        if (e.lhs) walk_names(*e.lhs, add, bound);
        for (const auto& arm : e.arms) {
          std::set<std::string> inner = bound;
          if (arm.pattern) pattern_names(*arm.pattern, inner);
          if (arm.guard) walk_names(*arm.guard, add, inner);
          if (arm.body) walk_names(*arm.body, add, inner);
        }
        return;
      default:
        break;
    }
    if (e.lhs) walk_names(*e.lhs, add, bound);
    if (e.rhs) walk_names(*e.rhs, add, bound);
    if (e.cond) {
      if (e.cond->kind == Expr::Kind::Let) {
        if (e.cond->rhs) walk_names(*e.cond->rhs, add, bound);
        std::set<std::string> inner = bound;
        if (e.cond->pattern) pattern_names(*e.cond->pattern, inner);
        if (e.block) walk_block_names(*e.block, add, inner);
        if (e.else_expr) walk_names(*e.else_expr, add, bound);
        return;
      }
      walk_names(*e.cond, add, bound);
    }
    if (e.else_expr) walk_names(*e.else_expr, add, bound);
    for (const auto& a : e.args) walk_names(*a, add, bound);
    for (const auto& f : e.fields) {
      if (f.value) walk_names(*f.value, add, bound);
    }
    if (e.block) walk_block_names(*e.block, add, bound);
  }

  // `{val}` inside a format string names a variable too.
  template <class F>
  void format_names(const Expr& e, F& add) {
    if (!e.format) return;
    for (const auto& piece : e.format->pieces) {
      if (!piece.is_literal && piece.arg.kind == fmt::ArgRef::Kind::Name) {
        const Expr& s = *e.args[e.format_arg];
        // rustc points at the name inside the string: `{` + 1, after the opening quote.
        Span at = s.span;
        at.offset += static_cast<std::uint32_t>(piece.offset + 2);
        at.column += static_cast<std::uint32_t>(piece.offset + 2);
        at.length = static_cast<std::uint32_t>(piece.arg.name.size());
        add(piece.arg.name, at);
      }
    }
  }

  // An expression evaluated; `moving`: its value is taken (a let's initializer, an argument).
  void expr(const Expr& e, bool moving) {
    switch (e.kind) {
      case Expr::Kind::Path:
        if (e.path.segments.size() == 1) use(e.path.segments[0], e.span, moving);
        return;
      case Expr::Kind::Int:
      case Expr::Kind::Float:
      case Expr::Kind::Str:
      case Expr::Kind::Char:
      case Expr::Kind::Bool:
      case Expr::Kind::Continue:
        return;
      case Expr::Kind::Unary:
        if (e.lhs) expr(*e.lhs, false);  // &x, *x, -x, !x: not a move of x
        return;
      case Expr::Kind::Binary:
        // `s1 + &s2` takes s1 (String's Add); comparisons and the rest borrow or copy.
        if (e.lhs) expr(*e.lhs, e.binary_op == ast::BinaryOp::Add);
        if (e.rhs) expr(*e.rhs, false);
        return;
      case Expr::Kind::Assign:
        if (e.rhs) expr(*e.rhs, true);
        if (e.lhs && e.lhs->kind == Expr::Kind::Path && e.lhs->path.segments.size() == 1) {
          if (Var* v = find(e.lhs->path.segments[0])) {  // usable again (wherever it happened)
            v->moved = false;
            v->reported = false;
          }
        } else if (e.lhs) {
          expr(*e.lhs, false);
        }
        return;
      case Expr::Kind::CompoundAssign:
        if (e.lhs) expr(*e.lhs, false);
        if (e.rhs) expr(*e.rhs, false);
        return;
      case Expr::Kind::Call:
        if (e.lhs && e.lhs->kind != Expr::Kind::Path) expr(*e.lhs, false);
        for (const auto& a : e.args) expr(*a, true);
        return;
      case Expr::Kind::MethodCall:
        // `h.join()` takes the JoinHandle (rustc: "`h` moved due to this method call").
        if (e.text == "join" && e.args.empty() && e.lhs && e.lhs->kind == Expr::Kind::Path &&
            e.lhs->path.segments.size() == 1) {
          if (Var* v = find(e.lhs->path.segments[0]); v && v->join_handle) {
            Span call = e.name_span;
            call.length = e.span.offset + e.span.length - call.offset;
            use(v->name, e.lhs->span, true);
            if (v->moved && !v->reported && v->moved_at.offset == e.lhs->span.offset) {
              v->moved_at = call;
              v->move_label = "`" + v->name + "` moved due to this method call";
              v->move_note = "`JoinHandle::<T>::join` takes ownership of the receiver `self`, which moves `" + v->name + "`";
              v->clone_help = false;
            }
            return;
          }
        }
        if (e.lhs && e.lhs->kind == Expr::Kind::Path && e.lhs->path.segments.size() == 1) {
          wrong_end(e);
          if (e.text == "push" && e.args.size() == 1) learn_item(e.lhs->path.segments[0], *e.args[0]);
        }
        if (e.text == "send" && e.args.size() == 1 && e.lhs && e.lhs->kind == Expr::Kind::Path &&
            e.lhs->path.segments.size() == 1) {
          learn_element(e.lhs->path.segments[0], *e.args[0], e.name_span);
        }
        if (e.lhs) expr(*e.lhs, false);  // the receiver: by reference for all we know
        for (const auto& a : e.args) expr(*a, true);
        return;
      case Expr::Kind::Field:
      case Expr::Kind::TupleIndex:
        // `order.id` after `order` moved: rustc points at the whole place.
        if (e.lhs && e.lhs->kind == Expr::Kind::Path && e.lhs->path.segments.size() == 1) {
          use(e.lhs->path.segments[0], e.span, false);
          return;
        }
        if (e.lhs) expr(*e.lhs, false);
        return;
      case Expr::Kind::Try:
      case Expr::Kind::Await:
      case Expr::Kind::Cast:
        if (e.lhs) expr(*e.lhs, false);
        return;
      case Expr::Kind::Index:
        if (e.lhs) expr(*e.lhs, false);
        if (e.rhs) expr(*e.rhs, false);
        return;
      case Expr::Kind::Tuple:
      case Expr::Kind::Array:
        for (const auto& a : e.args) expr(*a, moving);
        return;
      case Expr::Kind::ArrayRepeat:
      case Expr::Kind::Range:
        if (e.lhs) expr(*e.lhs, false);
        if (e.rhs) expr(*e.rhs, false);
        return;
      case Expr::Kind::StructLit:
        for (const auto& f : e.fields) {
          if (f.value) expr(*f.value, true);
        }
        if (e.lhs) expr(*e.lhs, false);
        return;
      case Expr::Kind::Macro: {
        // Format macros take references; vec! takes its elements.
        const bool takes = e.text == "vec";
        for (std::size_t i = 0; i < e.args.size(); ++i) expr(*e.args[i], takes);
        std::vector<std::pair<std::string, Span>> names;
        auto add = [&](const std::string& n, Span s) { names.push_back({n, s}); };
        format_names(e, add);
        for (const auto& [n, s] : names) use(n, s, false);
        return;
      }
      case Expr::Kind::Block:
        if (e.block) block(*e.block);
        return;
      case Expr::Kind::If:
        if (e.cond) {
          if (e.cond->kind == Expr::Kind::Let) {
            if (e.cond->rhs) expr(*e.cond->rhs, false);
            ++depth_;
            push();
            if (e.cond->pattern) bind_unknown(*e.cond->pattern);
            if (e.block) block(*e.block);
            pop();
            if (e.else_expr) expr(*e.else_expr, false);
            --depth_;
            return;
          }
          expr(*e.cond, false);
        }
        ++depth_;
        if (e.block) block(*e.block);
        if (e.else_expr) expr(*e.else_expr, false);
        --depth_;
        return;
      case Expr::Kind::Match:
        if (e.lhs) expr(*e.lhs, false);
        ++depth_;
        for (const auto& arm : e.arms) {
          push();
          if (arm.pattern) bind_unknown(*arm.pattern);
          if (arm.guard) expr(*arm.guard, false);
          if (arm.body) expr(*arm.body, false);
          pop();
        }
        --depth_;
        return;
      case Expr::Kind::While: {
        Span header = e.span;
        if (e.cond) header.length = e.cond->span.offset + e.cond->span.length - e.span.offset;
        enter_loop(e, header);
        ++depth_;
        if (e.cond) {
          push();
          if (e.cond->kind == Expr::Kind::Let) {
            if (e.cond->rhs) expr(*e.cond->rhs, false);
            if (e.cond->pattern) bind_unknown(*e.cond->pattern);
          } else {
            expr(*e.cond, false);
          }
          if (e.block) block(*e.block);
          pop();
        }
        --depth_;
        loops_.pop_back();
        return;
      }
      case Expr::Kind::Loop: {
        Span header = e.span;
        header.length = 4;  // `loop`
        enter_loop(e, header);
        ++depth_;
        if (e.block) block(*e.block);
        --depth_;
        loops_.pop_back();
        return;
      }
      case Expr::Kind::For:
        if (e.rhs) {  // `for x in v` takes v
          for_loop_ = e.rhs->kind == Expr::Kind::Path;
          expr(*e.rhs, true);
          for_loop_ = false;
        }
        {
          Span header = e.span;
          if (e.rhs) header.length = e.rhs->span.offset + e.rhs->span.length - e.span.offset;
          enter_loop(e, header);
        }
        ++depth_;
        push();
        if (e.pattern) bind_unknown(*e.pattern);
        if (e.pattern && e.pattern->kind == Pattern::Kind::Binding && e.rhs && e.rhs->kind == Expr::Kind::Range &&
            e.rhs->lhs && e.rhs->lhs->kind == Expr::Kind::Int) {
          vars_.back().type = e.rhs->lhs->suffix.empty() ? "i32" : e.rhs->lhs->suffix;  // `for i in 0..3`: i32
        }
        if (e.block) block(*e.block);
        pop();
        --depth_;
        loops_.pop_back();
        return;
      case Expr::Kind::Closure: {
        std::vector<std::pair<std::string, Span>> uses;
        std::set<std::string> bound;
        for (const auto& p : e.params) {
          if (p.pattern) pattern_names(*p.pattern, bound);
        }
        if (e.lhs) free_uses(*e.lhs, uses, bound);
        if (e.block) {
          auto add = [&](const std::string& n, Span s) {
            if (bound.count(n)) return;
            for (const auto& u : uses) {
              if (u.first == n) return;
            }
            uses.push_back({n, s});
          };
          walk_block_names(*e.block, add, bound);
        }
        // The body first, as code of its own (its locals' moves are certain within it; the
        // outer variables' are not: it may run any number of times, or never).
        ++depth_;
        ++closures_;
        closure_depths_.push_back(depth_);
        push();
        for (const auto& p : e.params) {
          if (p.pattern) bind_unknown(*p.pattern);
        }
        if (e.lhs) expr(*e.lhs, true);
        pop();
        closure_depths_.pop_back();
        --closures_;
        --depth_;
        for (const auto& [n, s] : uses) {
          Var* v = find(n);
          if (v == nullptr) continue;
          if (v->moved) {
            Span head = closure_head(*source_, e);
            if (!v->reported) report(*v, head, e.is_move, s);
            continue;
          }
          if (e.is_move && v->non_copy) {
            if (const LoopScope* l = repeating_move(*v)) {
              Span head = closure_head(*source_, e);
              report_repeated(*v, *l, head, s);
              continue;
            }
          }
          if (e.is_move && v->non_copy && depth_ == v->depth) {
            v->moved = true;
            v->into_closure = true;
            v->into_async = e.is_async;
            Span head = closure_head(*source_, e);
            v->moved_at = head;
            v->capture = s;
          }
        }
        return;
      }
      case Expr::Kind::Return:
      case Expr::Kind::Break:
        if (e.lhs) expr(*e.lhs, true);
        return;
      case Expr::Kind::Let:
        if (e.rhs) expr(*e.rhs, false);
        return;
    }
  }

  // E0282: `let (tx, rx) = mpsc::channel();` and neither end used (nor a clone of the sender):
  // nothing says what it carries (the Book's Listing 16-6, the tutorial's first line).
  void unused_channel(const Var& tx) {
    if (!tx.untyped_channel || tx.used || tx.peer >= vars_.size() || vars_[tx.peer].used) return;
    for (const auto& other : vars_) {
      if (&other != &tx && other.peer == tx.peer && other.used) return;  // a clone that sends
    }
    const std::string fn = tx.channel == "std::sync::mpsc::SyncSender" ? "sync_channel" : "channel";
    d_.error(*tx.untyped_channel, "type annotations needed",
             "cannot infer type of the type parameter `T` declared on the function `" + fn + "`");
    Span after = just_after(*tx.untyped_channel);
    d_.suggest({"consider specifying the generic argument", after, "::<T>", {}});
  }

  // E0599: a receiving method called on a std channel's sending end, or a sending one (or
  // clone) on its receiving end. rustc names the element type as far as it has inferred it there.
  void wrong_end(const Expr& call) {
    Var* v = find(call.lhs->path.segments[0]);
    if (v == nullptr || v->channel.empty()) return;
    const bool receiver = v->channel == "std::sync::mpsc::Receiver";
    static const std::set<std::string> kReceiving = {"recv", "try_recv", "recv_timeout", "iter", "try_iter"};
    static const std::set<std::string> kSending = {"send", "try_send", "clone"};  // one receiving end: no clone
    if (!(receiver ? kSending : kReceiving).count(call.text)) return;
    const std::string base = v->channel == "std::sync::mpsc::SyncSender" ? "SyncSender" : v->channel;
    std::string element = "_";
    if (const auto open = v->type.find('<'); open != std::string::npos) element = v->type.substr(open + 1, v->type.size() - open - 2);
    d_.error(call.name_span, "no method named `" + call.text + "` found for struct `" + base + "<T>` in the current scope",
             "method not found in `" + base + "<" + element + ">`");
  }

  // `v.push(x)` on a Vec made empty (its type "Vec<" until then): what it holds.
  void learn_item(const std::string& vec, const Expr& item) {
    Var* v = find(vec);
    if (v == nullptr || v->type != "Vec<") return;
    std::string element = item.kind == Expr::Kind::Path && item.path.segments.size() == 1 && find(item.path.segments[0])
                              ? find(item.path.segments[0])->type
                              : rustc_type_of(item);
    if (!element.empty() && element != "Vec<") v->type = "Vec<" + element + ">";
  }

  // `tx.send(x)`: what the channel carries, when x says it at once (a literal, a String, a
  // variable of a known type), names both of its ends' types.
  void learn_element(const std::string& sender, const Expr& arg, Span method) {
    Var* tx = find(sender);
    if (tx == nullptr || tx->channel.empty() || tx->peer >= vars_.size()) return;
    if (tx->channel == "std::sync::mpsc::Receiver") return;  // `rx.send(..)`: no such method, nothing learnt
    Element found;
    found.from_literal = (arg.kind == Expr::Kind::Int || arg.kind == Expr::Kind::Float) && arg.suffix.empty();
    if (arg.kind == Expr::Kind::Int) {
      found.type = arg.suffix.empty() ? "i32" : arg.suffix;
    } else if (arg.kind == Expr::Kind::Float) {
      found.type = arg.suffix.empty() ? "f64" : arg.suffix;
    } else if (arg.kind == Expr::Kind::Str) {
      found.type = "&str";
    } else if (arg.kind == Expr::Kind::Path && arg.path.segments.size() == 1) {
      if (Var* v = find(arg.path.segments[0]); v && v->type != "Vec<") found.type = v->type;
      // A variable's number type is a guess here (`for i in 0..n` is i32 unless n says more).
      found.from_literal = integer_type(found.type) || found.type == "f64";
    } else {
      found.type = from_init(arg).type;
    }
    if (found.type.empty()) return;
    Element& carried = elements_[tx->peer];  // the channel's, by its receiver: every sender's the same
    if (carried.type.empty()) {
      carried = found;
    } else if (!compatible(carried, found)) {
      mismatched_send(*tx, carried, found, arg, method);
      return;
    }
    Var& rx = vars_[tx->peer];
    if (tx->type.empty()) tx->type = tx->channel + "<" + carried.type + ">";
    if (rx.type.empty()) rx.type = rx.channel + "<" + carried.type + ">";
  }

  // What a channel carries, once a send or its declaration says it.
  struct Element {
    std::string type;           // as rustc names it ("i32" for an integer literal)
    bool from_literal = false;  // an unsuffixed literal: rustc says "integer", and any integer type fits
  };
  std::map<std::size_t, Element> elements_;  // by the receiver's index in vars_

  static bool integer_type(const std::string& t) {
    return t.size() >= 2 && (t[0] == 'i' || t[0] == 'u') && t != "f32" && t != "f64" && primitive_type(t) && t != "bool";
  }
  static bool compatible(const Element& carried, const Element& found) {
    if (carried.type == found.type) return true;
    // Only where both types are certain from the text: numbers, strings, bool, char.
    auto plain = [](const std::string& t) { return t == "&str" || t == "String" || primitive_type(t); };
    if (!plain(carried.type) || !plain(found.type)) return true;
    const bool int_a = integer_type(carried.type), int_b = integer_type(found.type);
    const bool float_a = carried.type[0] == 'f' && primitive_type(carried.type), float_b = found.type[0] == 'f' && primitive_type(found.type);
    if ((carried.from_literal || found.from_literal) && ((int_a && int_b) || (float_a && float_b))) return true;
    return false;
  }
  static std::string described(const Element& e) {
    if (e.from_literal) return integer_type(e.type) ? "integer" : "floating-point number";
    return "`" + e.type + "`";
  }

  // E0308: a send of another type than the channel carries (`tx.send(1)`, then `tx.send("two")`).
  void mismatched_send(const Var& tx, const Element& carried, const Element& found, const Expr& arg, Span method) {
    d_.error(arg.span, "mismatched types", "expected " + described(carried) + ", found " + described(found), {},
             {{method, "arguments to this method are incorrect"}});
    const bool sync = tx.channel == "std::sync::mpsc::SyncSender";
    d_.note_at(method, "method defined here",
               std::string(kStdSource) + "std/src/sync/mpsc.rs:" +
                   (sync ? "673:11" : "607:11"));
    if (carried.type == "String" && integer_type(found.type)) {
      Span after = just_after(arg.span);
      d_.suggest({"try using a conversion method", after, ".to_string()", {}});
    }
  }


  // Whether a loop body may leave the loop or give a variable a new value (then a move in it
  // need not repeat): a break, a return, a `?`, an assignment — closures' bodies aside.
  static bool may_exit(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Break:
      case Expr::Kind::Return:
      case Expr::Kind::Try:
      case Expr::Kind::Assign:
        return true;
      case Expr::Kind::Closure:
        return false;
      default:
        break;
    }
    for (const Expr* x : {e.lhs.get(), e.rhs.get(), e.cond.get(), e.else_expr.get()}) {
      if (x && may_exit(*x)) return true;
    }
    for (const auto& a : e.args) {
      if (may_exit(*a)) return true;
    }
    for (const auto& f : e.fields) {
      if (f.value && may_exit(*f.value)) return true;
    }
    for (const auto& arm : e.arms) {
      if ((arm.guard && may_exit(*arm.guard)) || (arm.body && may_exit(*arm.body))) return true;
    }
    if (e.block) {
      for (const auto& st : e.block->stmts) {
        if (st.expr && may_exit(*st.expr)) return true;
        if (st.else_block) return true;
      }
      if (e.block->tail && may_exit(*e.block->tail)) return true;
    }
    return false;
  }

  // A loop being checked: a move at its body's own nesting of a variable from just outside it
  // happens again on the next turn (rustc: "in previous iteration of loop").
  struct LoopScope {
    int outer = 0;  // depth_ outside the loop
    Span header;    // `for i in 0..3`, `while cond`, `loop`
    bool repeats = false;  // its body cannot leave early or assign
  };
  std::vector<LoopScope> loops_;

  // A move of `v` that repeats: in the innermost loop, at its body's nesting, of a variable
  // declared just outside it.
  const LoopScope* repeating_move(const Var& v) const {
    if (loops_.empty()) return nullptr;
    const LoopScope& l = loops_.back();
    return l.repeats && depth_ == l.outer + 1 && v.depth == l.outer ? &l : nullptr;
  }

  void report_repeated(Var& v, const LoopScope& l, Span at, std::optional<Span> capture) {
    // Not yet: a use after the loop is where rustc reports it (report() then says why).
    v.moved = true;
    v.loop_header = l.header;
    v.loop_move = at;
    v.loop_capture = capture;
    v.loop_move_in_closure = closures_ > 0;
    v.loop_error_pending = true;
  }

  // A repeated move with no use after its loop: the error at the move itself.
  void report_loop_move(Var& v) {
    v.loop_error_pending = false;
    v.reported = true;
    Span at = v.loop_move;
    std::optional<Span> capture = v.loop_capture;
    LoopScope l;
    l.header = *v.loop_header;
    std::vector<Label> labels;
    if (!v.type.empty() && v.type != "Vec<") labels.push_back(type_label(v));  // "Vec<": its element unknown
    labels.push_back({l.header, "inside of this loop"});
    if (capture) labels.push_back({*capture, "use occurs due to use in closure"});
    d_.error(at, "use of moved value: `" + v.name + "`",
             capture ? "value moved into closure here, in previous iteration of loop"
                     : "value moved here, in previous iteration of loop",
             {}, std::move(labels));
    if (capture && v.clonable()) suggest_clone_before_closure(v, at, *capture);
    if (!capture && !v.loop_move_in_closure && (v.type == "String" || v.type.rfind("Vec<", 0) == 0)) suggest_clone_at(at);
  }

  void enter_loop(const Expr& e, Span header) {
    LoopScope l;
    l.outer = depth_;
    l.header = header;
    l.repeats = !may_exit(e);
    loops_.push_back(l);
  }



  Diagnostics& d_;
  const Source* source_ = nullptr;
  std::set<std::string> non_copy_structs_;
  std::vector<Var> vars_;
  std::vector<std::map<std::string, std::size_t>> scopes_;
  int depth_ = 0;
  int closures_ = 0;        // inside a closure's body
  std::vector<int> closure_depths_;  // the depth inside each closure being checked
  bool for_loop_ = false;   // the expression being checked is a `for` loop's iterable
};

}  // namespace

void check_moves(const Source& source, const ast::Program& program, Diagnostics& diagnostics) {
  MoveChecker checker(source, program, diagnostics);
  checker.run(program);
}

}  // namespace brigade::lang::check
