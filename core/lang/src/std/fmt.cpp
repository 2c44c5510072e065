// std/fmt.cpp — std::fmt: format templates, and user Display and Debug impls run as
// continuations before a format is assembled.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "brigade/chan/backoff.hpp"
#include "../stack.hpp"
#include "lib.hpp"

namespace brigade::lang::vm {

// The function of a user `impl fmt::Display` (debug: `impl fmt::Debug`) for v's type, or kNone.
std::uint32_t user_fmt_fn(const Module& m, const Value& v, bool debug) {
  if (!v.is(ObjKind::Struct) && !v.is(ObjKind::Enum)) return TypeInfo::kNone;
  std::uint32_t type = as_record(v).type;
  if (type < builtin::Count) return TypeInfo::kNone;
  return debug ? m.types[type].debug_fn : m.types[type].display_fn;
}

// A user fmt(&self, f) (Display or Debug) as a continuation: the formatter (a String here)
// waits in `formatter` while the impl runs, then `text` is what it wrote.
NS run_user_fmt(Ctx& cx, bool& awaiting, Value& formatter, std::uint32_t function, const Value& v,
                std::string& text) {
  if (!awaiting) formatter = make_str(std::string());
  Value result;
  NS s = invoke(cx, awaiting, Value::scalar(Tag::Fn, function), CallArgs{v, formatter}, result);
  if (s != NS::Ok) return s;
  if (result.is(ObjKind::Enum) && as_record(result).type == builtin::Result && as_record(result).variant == 1) {
    return cx.fail("a Display implementation returned an error unexpectedly: Error");
  }
  text = as_str(formatter).s;
  formatter = Value::empty();
  return NS::Ok;
}

// `shown`: for each argument, what its user Display impl wrote, if it has one. Rust pads
// nothing a `write!`-based impl writes, so neither does this.
std::string format(const Module& m, const FormatTemplate& t, const Value* args,
                   const std::vector<std::optional<std::string>>* shown) {
  std::string out;
  for (const auto& p : t.pieces) {
    if (p.literal) {
      out += p.text;
      continue;
    }
    if (shown && p.spec.type.empty() && (*shown)[p.arg]) {
      out += *(*shown)[p.arg];
      continue;
    }
    fmt::Spec spec = p.spec;
    if (p.width_arg >= 0) {
      spec.width.kind = fmt::Count::Kind::Literal;
      spec.width.value = static_cast<std::size_t>(args[p.width_arg].i);
    }
    if (p.precision_arg >= 0) {
      spec.precision.kind = fmt::Count::Kind::Literal;
      spec.precision.value = static_cast<std::size_t>(args[p.precision_arg].i);
    }
    if (spec.width.kind == fmt::Count::Kind::Literal) spec.width.value = std::min<std::size_t>(spec.width.value, 1 << 16);
    const Value& v = args[p.arg];
    if (spec.type.empty()) {
      out += display(m, v, spec);
    } else if (spec.type == "?" || spec.type == "x?" || spec.type == "X?") {
      out += debug(m, v, spec);
    } else if (v.tag == Tag::Int) {
      out += display(m, v, spec);
    } else if (v.tag == Tag::Float && (spec.type == "e" || spec.type == "E")) {
      out += fmt::format_float(v.f, spec);
    } else {
      out += display(m, v, spec);
    }
  }
  return out;
}

// What a format must ask user impls for before it runs (see Op::Format), into `work`:
// values[1 + w] the value, order[w] its argument (Display) or kDebugWork (a record with a user
// Debug impl found inside a `{:?}` argument: debug() walks into everything else, and asks
// UserDebugTexts for these), texts[w] what the impl will have written. values[0] is the
// formatter of the impl that runs.
void collect_user_debug(const Module& m, const Value& v, StateObj& work, std::unordered_set<const Obj*>& seen) {
  if (!v.is_obj() || v.o->kind == ObjKind::Str) return;
  Nesting level;
  if (level.too_deep()) return;
  auto visit = [&](const Value& x) { collect_user_debug(m, x, work, seen); };
  switch (v.o->kind) {
    case ObjKind::Struct:
    case ObjKind::Enum:
      if (user_fmt_fn(m, v, true) != TypeInfo::kNone) {
        if (seen.insert(v.o).second) {
          work.values.push_back(v);
          work.order.push_back(UserDebugTexts::kDebugWork);
        }
        return;
      }
      for (const auto& f : as_record(v).fields) visit(f);
      return;
    case ObjKind::Vec:
    case ObjKind::Tuple:
      for (const auto& x : as_list(v).items) visit(x);
      return;
    case ObjKind::Map:
      for (const auto& [key, value] : static_cast<const MapObj*>(v.o)->entries) {
        visit(key);
        visit(value);
      }
      return;
    case ObjKind::Arc:
    case ObjKind::Guard:
    case ObjKind::SlotRef:
      visit(deref(v));
      return;
    case ObjKind::Mutex:
      visit(as<MutexObj>(v).inner);
      return;
    default:
      return;
  }
}

void format_work(const Module& m, const FormatTemplate& tpl, const Value* args, std::size_t n, StateObj& work) {
  work.values.assign(1, Value::empty());
  std::unordered_set<const Obj*> seen;
  std::vector<bool> displayed(n, false);
  for (const auto& p : tpl.pieces) {
    if (p.literal) continue;
    const Value& v = args[p.arg];
    if (p.spec.type.empty()) {
      if (user_fmt_fn(m, v, false) == TypeInfo::kNone) continue;
      if (displayed[p.arg]) continue;
      displayed[p.arg] = true;
      work.values.push_back(v);
      work.order.push_back(p.arg);
    } else if (p.spec.type == "?" || p.spec.type == "x?" || p.spec.type == "X?") {
      collect_user_debug(m, v, work, seen);
    }
  }
  work.texts.resize(work.order.size());
}

}  // namespace brigade::lang::vm
