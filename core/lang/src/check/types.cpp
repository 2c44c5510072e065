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

Span closure_head(const Source& source, const Expr& c) {
  const std::string_view text = source.text();
  std::size_t end = c.span.offset + 2;
  if (c.is_async) {
    end = c.span.offset + 5;  // `async`
    if (c.is_move) {
      if (std::size_t m = text.find("move", end); m != std::string_view::npos) end = m + 4;
    }
  } else {
    // The `|` that closes the parameters: after the last one, or the second of `||`.
    std::size_t from = c.params.empty() ? text.find('|', c.span.offset)
                                        : c.params.back().span.offset + c.params.back().span.length - 1;
    std::size_t close = from == std::string_view::npos ? from : text.find('|', from + 1);
    if (close != std::string_view::npos) end = close + 1;
  }
  Span head = c.span;
  head.length = static_cast<std::uint32_t>(end - c.span.offset);
  return head;
}

}  // namespace brigade::lang::check
