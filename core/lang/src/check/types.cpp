// check/types.cpp — see types.hpp.
#include "types.hpp"

namespace brigade::lang::check {

using ast::Expr;

std::string rustc_type_of(const Expr& e, bool settled) {
  switch (e.kind) {
    case Expr::Kind::Int:
      return e.suffix.empty() ? (settled ? "i32" : "{integer}") : e.suffix;
    case Expr::Kind::Float:
      return e.suffix.empty() ? (settled ? "f64" : "{float}") : e.suffix;
    case Expr::Kind::Tuple: {
      if (e.args.empty()) return "()";
      std::string out = "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        std::string t = rustc_type_of(*e.args[i], settled);
        if (t.empty()) return {};
        out += (i ? ", " : "") + t;
      }
      return out + (e.args.size() == 1 ? ",)" : ")");
    }
    case Expr::Kind::Bool:
      return "bool";
    case Expr::Kind::Char:
      return "char";
    case Expr::Kind::Str:
      return "&str";
    case Expr::Kind::Macro:
      if (e.text == "format") return "String";
      if (e.text == "vec" && !e.args.empty()) {
        std::string item = rustc_type_of(*e.args[0], settled);
        return item.empty() ? "" : "Vec<" + item + ">";
      }
      return {};
    case Expr::Kind::MethodCall:
      if ((e.text == "to_string" || e.text == "to_owned") && e.lhs && e.lhs->kind == Expr::Kind::Str) return "String";
      return {};
    case Expr::Kind::Call: {
      if (!e.lhs || e.lhs->kind != Expr::Kind::Path || e.lhs->path.segments.size() < 2) return {};
      const auto& segs = e.lhs->path.segments;
      const std::string& type = segs[segs.size() - 2];
      if (type == "String" && (segs.back() == "from" || segs.back() == "new")) return "String";
      if (segs.back() != "new" || e.args.size() != 1) return {};
      std::string inner = rustc_type_of(*e.args[0], settled);
      if (inner.empty()) return {};
      // rustc's trimmed paths: a name no other crate has is printed alone.
      if (type == "Mutex" || type == "RwLock") return "std::sync::" + type + "<" + inner + ">";
      if (type == "Arc" || type == "Rc" || type == "RefCell" || type == "Cell" || type == "Box") return type + "<" + inner + ">";
      return {};
    }
    default:
      return {};
  }
}

}  // namespace brigade::lang::check
