// check/holds.cpp — see holds.hpp.
#include "holds.hpp"

#include "types.hpp"

namespace brigade::lang::check {

using ast::Expr;

namespace {

Holds holds_type(const ast::TypeExpr& t) {
  if (t.kind == ast::TypeExpr::Kind::Ref) return Holds::Copy;  // a reference: Copy (a `&mut` is not, but is never reborrowed here)
  if (t.kind != ast::TypeExpr::Kind::Path || t.path.segments.empty()) return Holds::Unknown;
  const std::string& last = t.path.segments.back();
  if (last == "Vec") return Holds::Vec;
  if (last == "String") return Holds::String;
  if (any_of(last, {"HashMap", "BTreeMap"})) return Holds::Map;
  if (any_of(last, {"HashSet", "BTreeSet"})) return Holds::Set;
  if (any_of(last, {"VecDeque", "BinaryHeap"})) return Holds::Deque;
  if (primitive_type(last)) return Holds::Copy;
  return Holds::Unknown;
}

Holds holds_init(const Expr& e, int element) {
  if (element >= 0) {
    // `let (tx, rx) = mpsc::channel(8)`: tokio's channels take their capacity (std's take none).
    if (element == 1 && e.kind == Expr::Kind::Call && e.lhs && e.lhs->kind == Expr::Kind::Path) {
      const std::string& last = e.lhs->path.segments.back();
      if ((last == "channel" && e.args.size() == 1) || last == "unbounded_channel") return Holds::TokioReceiver;
    }
    return Holds::Unknown;
  }
  switch (e.kind) {
    case Expr::Kind::Int:
    case Expr::Kind::Float:
    case Expr::Kind::Bool:
    case Expr::Kind::Char:
    case Expr::Kind::Str:
      return Holds::Copy;
    case Expr::Kind::Macro:
      if (e.text == "vec") return Holds::Vec;
      if (e.text == "format") return Holds::String;
      return Holds::Unknown;
    case Expr::Kind::Call: {
      if (!e.lhs || e.lhs->kind != Expr::Kind::Path || e.lhs->path.segments.size() < 2) return Holds::Unknown;
      const auto& segs = e.lhs->path.segments;
      const std::string& type = segs[segs.size() - 2];
      if (!any_of(segs.back(), {"new", "with_capacity", "from"})) return Holds::Unknown;
      ast::TypeExpr t;
      t.kind = ast::TypeExpr::Kind::Path;
      t.path.segments = {type};
      Holds h = holds_type(t);
      if (h != Holds::Unknown && h != Holds::Copy) return h;
      if (any_of(type, {"Arc", "Rc", "Mutex", "RwLock", "Box"})) return Holds::Owned;
      return Holds::Unknown;
    }
    case Expr::Kind::MethodCall: {
      if (any_of(e.text, {"to_string", "to_owned"}) && e.lhs && e.lhs->kind == Expr::Kind::Str) return Holds::String;
      // `m.lock().unwrap()`, `lock.write().expect(..)`, tokio's `m.lock().await`, `cell.borrow_mut()`.
      if (e.text == "borrow_mut") return Holds::Guard;
      const Expr* inner = e.lhs.get();
      if (any_of(e.text, {"unwrap", "expect"}) && inner && inner->kind == Expr::Kind::MethodCall &&
          any_of(inner->text, {"lock", "write"})) {
        return Holds::Guard;
      }
      return Holds::Unknown;
    }
    case Expr::Kind::Await:
      if (e.lhs && e.lhs->kind == Expr::Kind::MethodCall && any_of(e.lhs->text, {"lock", "write"})) return Holds::Guard;
      return Holds::Unknown;
    default:
      return Holds::Unknown;
  }
}

}  // namespace

Holds holds(const Binding& b) {
  if (b.type) return holds_type(*b.type);
  if (b.init) return holds_init(*b.init, b.element);
  return Holds::Unknown;
}

Holds holds_behind_shared_ref(const Binding& b) {
  if (!b.type || b.type->kind != ast::TypeExpr::Kind::Ref || b.type->mut_ref || b.type->elems.empty()) return Holds::Unknown;
  return holds_type(*b.type->elems[0]);
}

bool takes_mut_self(Holds h, const std::string& m) {
  switch (h) {
    case Holds::Vec:
      return any_of(m, {"push", "pop", "insert", "remove", "clear", "truncate", "sort", "sort_by", "sort_by_key",
                        "sort_unstable", "sort_unstable_by", "dedup", "reverse", "extend", "append", "drain", "retain",
                        "swap_remove", "resize", "iter_mut", "swap", "fill", "split_off", "extend_from_slice",
                        "first_mut", "last_mut", "get_mut", "rotate_left", "rotate_right"});
    case Holds::String:
      return any_of(m, {"push", "push_str", "pop", "clear", "insert", "insert_str", "truncate", "remove", "extend",
                        "retain", "drain"});
    case Holds::Map:
      return any_of(m, {"insert", "remove", "entry", "clear", "get_mut", "retain", "extend", "drain", "values_mut",
                        "iter_mut", "remove_entry", "pop_first", "pop_last"});
    case Holds::Set:
      return any_of(m, {"insert", "remove", "clear", "retain", "extend", "take", "drain", "pop_first", "pop_last"});
    case Holds::Deque:
      return any_of(m, {"push_back", "push_front", "pop_back", "pop_front", "push", "pop", "insert", "remove", "clear",
                        "extend", "truncate", "retain", "drain", "iter_mut", "get_mut", "front_mut", "back_mut",
                        "append", "peek_mut"});
    case Holds::TokioReceiver:
      return any_of(m, {"recv", "try_recv", "recv_many", "blocking_recv", "close", "changed", "borrow_and_update"});
    default:
      return false;
  }
}

}  // namespace brigade::lang::check
