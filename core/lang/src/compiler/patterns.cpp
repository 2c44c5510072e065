// compiler/patterns.cpp — patterns: what a `match` arm, `if let` or `let` tests, and what it binds.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

// Irrefutable patterns made only of bindings, `_` and tuples/structs of those.
bool Compiler::pattern_is_simple(const Pattern& p) const {
  switch (p.kind) {
    case Pattern::Kind::Wildcard:
      return true;
    case Pattern::Kind::Binding:
      return !p.sub;
    case Pattern::Kind::Tuple:
      for (const auto& i : p.items) {
        if (i->kind == Pattern::Kind::Rest || !pattern_is_simple(*i)) return false;
      }
      return true;
    case Pattern::Kind::Ref:
      return p.sub && pattern_is_simple(*p.sub);
    default:
      return false;
  }
}

// A bare name in a pattern is a binding unless it names a unit variant or a constant in scope
// (`None`, `MAX`): then it is compared, as in Rust. The parser cannot tell (names resolve
// later), so the pattern is rewritten into a path pattern here, before any use.
void Compiler::resolve_bare_names(const Pattern& p) {
  auto& node = const_cast<Pattern&>(p);  // the tree is ours (compile() owns no const objects)
  if (node.kind == Pattern::Kind::Binding && !node.sub && !node.by_ref && !node.mutable_) {
    Path path;
    path.segments = {node.name};
    path.span = node.span;
    Entity e = resolve_path(path, false);
    bool unit_variant = (e.kind == Entity::Kind::Variant || e.kind == Entity::Kind::StdVariant) &&
                        !m_->types[e.index].variants[e.variant].tuple &&
                        m_->types[e.index].variants[e.variant].fields.empty();
    if (unit_variant || e.kind == Entity::Kind::Const || e.kind == Entity::Kind::IntConst) {
      node.kind = Pattern::Kind::Path;
      node.path = std::move(path);
    }
  }
  for (const auto& item : node.items) resolve_bare_names(*item);
  if (node.sub) resolve_bare_names(*node.sub);
}

// The value on top of the stack is taken apart by an irrefutable pattern.
void Compiler::destructure(const Pattern& p) {
  resolve_bare_names(p);
  switch (p.kind) {
    case Pattern::Kind::Wildcard:
      emit(Op::Pop, p.span);
      return;
    case Pattern::Kind::Binding:
      emit(Op::Store, p.span, declare_local(p.name));
      return;
    case Pattern::Kind::Ref:
      destructure(*p.sub);
      return;
    case Pattern::Kind::Tuple: {
      emit(Op::Unpack, p.span, static_cast<std::uint32_t>(p.items.size()));
      // The last element is on top: bind from the back, but declare in source order so that
      // drops happen in reverse declaration order.
      std::vector<std::uint32_t> slots;
      for (const auto& item : p.items) {
        if (item->kind == Pattern::Kind::Binding && !item->sub) {
          slots.push_back(declare_local(item->name));
        } else {
          slots.push_back(hidden_slot());
        }
      }
      for (std::size_t i = p.items.size(); i-- > 0;) emit(Op::Store, p.items[i]->span, slots[i]);
      for (std::size_t i = 0; i < p.items.size(); ++i) {
        const Pattern& item = *p.items[i];
        if (item.kind == Pattern::Kind::Binding && !item.sub) continue;
        emit(Op::Move, item.span, slots[i]);
        destructure(item);
      }
      return;
    }
    default: {
      // A refutable-looking pattern in an irrefutable place (a struct pattern, `Some(x)` in
      // a let-else is handled elsewhere): test it and bind, panicking if it does not match.
      std::uint32_t temp = hidden_slot();
      emit(Op::Store, p.span, temp);
      std::vector<std::uint32_t> path;
      std::vector<std::size_t> fails;
      test_pattern(p, temp, path, fails);
      std::size_t ok = emit(Op::Jump, p.span);
      for (auto f : fails) patch(f, here());
      push_str("internal error: entered unreachable code: refutable pattern did not match", p.span);
      emit(Op::Panic, p.span);
      patch(ok, here());
      path.clear();
      bind_pattern(p, temp, path);
      return;
    }
  }
}

void Compiler::load_path(std::uint32_t temp, const std::vector<std::uint32_t>& path, Span s) {
  emit(Op::Load, s, temp);
  for (auto i : path) emit(Op::Field, s, i);
}

std::optional<std::pair<std::uint32_t, std::uint32_t>> Compiler::variant_of(const Path& path, bool report) {
  Entity e = resolve_path(path, report);
  if (e.kind == Entity::Kind::Variant || e.kind == Entity::Kind::StdVariant) return std::make_pair(e.index, e.variant);
  if (e.kind == Entity::Kind::Type || (e.kind == Entity::Kind::StdType && surface::builtin_id(join(e.path)))) {
    return std::make_pair(e.index, 0u);
  }
  if (report && e.kind != Entity::Kind::None) error(path.span, "expected tuple struct or tuple variant, found `" + path.str() + "`");
  return std::nullopt;
}

std::optional<Value> Compiler::pattern_literal(const Expr* e) {
  if (!e) return std::nullopt;
  bool negate = false;
  if (e->kind == Expr::Kind::Unary && e->unary_op == UnaryOp::Neg && e->lhs) {
    negate = true;
    e = e->lhs.get();
  }
  switch (e->kind) {
    case Expr::Kind::Int: {
      std::string t = e->text;
      int base = 10;
      if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b')) {
        base = t[1] == 'x' ? 16 : t[1] == 'o' ? 8 : 2;
        t = t.substr(2);
      }
      UInt128 v = 0;
      for (char c : t) {
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10;
        v = v * base + d;
        if (v > (static_cast<UInt128>(1) << 64)) break;
      }
      vm::IntKind k = int_kind_of(e->suffix).value_or(vm::IntKind::Infer);
      Int128 sv = negate ? -static_cast<Int128>(v) : static_cast<Int128>(v);
      bool fits = k == vm::IntKind::Infer ? (sv >= INT64_MIN && sv <= static_cast<Int128>(UINT64_MAX)) : vm::int_fits(sv, k);
      if (!fits) {
        error(e->span, "literal out of range for `" + std::string(e->suffix.empty() ? "i64" : e->suffix) + "`",
              "", "the literal does not fit the integer type");
        return Value::integer(0, k);
      }
      return Value::integer(static_cast<std::int64_t>(sv), k);
    }
    case Expr::Kind::Float: {
      double d = std::strtod(e->text.c_str(), nullptr);
      return Value::floating(negate ? -d : d);
    }
    case Expr::Kind::Bool:
      return Value::boolean(e->boolean);
    case Expr::Kind::Char: {
      // text is the UTF-8 of one character
      const std::string& s = e->text;
      char32_t c = 0;
      auto u = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
      if (s.empty()) return Value::character(0);
      if (u(0) < 0x80) c = u(0);
      else if (u(0) < 0xE0 && s.size() >= 2) c = ((u(0) & 0x1F) << 6) | (u(1) & 0x3F);
      else if (u(0) < 0xF0 && s.size() >= 3) c = ((u(0) & 0x0F) << 12) | ((u(1) & 0x3F) << 6) | (u(2) & 0x3F);
      else if (s.size() >= 4) c = ((u(0) & 0x07) << 18) | ((u(1) & 0x3F) << 12) | ((u(2) & 0x3F) << 6) | (u(3) & 0x3F);
      if (e->suffix == "u8") return Value::integer(static_cast<std::int64_t>(c), vm::IntKind::U8);
      return Value::character(c);
    }
    case Expr::Kind::Str:
      return vm::make_static_str(e->text);
    default:
      return std::nullopt;
  }
}

bool has_binding(const Pattern& p) {
  if (p.kind == Pattern::Kind::Binding) return true;
  for (const auto& i : p.items) {
    if (has_binding(*i)) return true;
  }
  return p.sub && has_binding(*p.sub);
}

// Emits the tests of a refutable pattern against temp.path; each failing test jumps to a
// placeholder recorded in `fails`.
void Compiler::test_pattern(const Pattern& p, std::uint32_t temp, std::vector<std::uint32_t>& path,
                            std::vector<std::size_t>& fails) {
  resolve_bare_names(p);
  auto fail_jump = [&] { fails.push_back(emit(Op::JumpIfFalse, p.span)); };
  switch (p.kind) {
    case Pattern::Kind::Wildcard:
    case Pattern::Kind::Rest:
      return;
    case Pattern::Kind::Binding:
      if (p.sub) test_pattern(*p.sub, temp, path, fails);
      return;
    case Pattern::Kind::Ref:
      if (p.sub) test_pattern(*p.sub, temp, path, fails);
      return;
    case Pattern::Kind::Literal: {
      auto v = pattern_literal(p.literal.get());
      if (!v) {
        error(p.span, "this pattern is not supported", "expected a literal");
        return;
      }
      load_path(temp, path, p.span);
      emit(Op::TestEq, p.span, constant(std::move(*v)));
      fail_jump();
      return;
    }
    case Pattern::Kind::Range: {
      auto lo = pattern_literal(p.literal.get());
      auto hi = pattern_literal(p.high.get());
      if (!lo && !hi) {
        error(p.span, "this range pattern is not supported");
        return;
      }
      load_path(temp, path, p.span);
      emit(Op::TestRange, p.span, lo ? constant(std::move(*lo)) : kNoSlot, hi ? constant(std::move(*hi)) : kNoSlot,
           p.inclusive ? 1 : 0);
      fail_jump();
      return;
    }
    case Pattern::Kind::Tuple: {
      for (std::size_t i = 0; i < p.items.size(); ++i) {
        if (p.items[i]->kind == Pattern::Kind::Rest) {
          if (i + 1 != p.items.size()) unsupported(p.items[i]->span, "`..` before the end of a tuple pattern");
          break;
        }
        path.push_back(static_cast<std::uint32_t>(i));
        test_pattern(*p.items[i], temp, path, fails);
        path.pop_back();
      }
      return;
    }
    case Pattern::Kind::TupleStruct:
    case Pattern::Kind::Path:
    case Pattern::Kind::Struct: {
      // A constant in a pattern: compare.
      if (p.kind == Pattern::Kind::Path) {
        Entity e = resolve_path(p.path, false);
        if (e.kind == Entity::Kind::Const || e.kind == Entity::Kind::IntConst) {
          if (e.kind == Entity::Kind::IntConst) {
            load_path(temp, path, p.span);
            emit(Op::TestEq, p.span, constant(e.constant));
            fail_jump();
            return;
          }
          if (auto v = pattern_literal(e.item->value.get())) {
            load_path(temp, path, p.span);
            emit(Op::TestEq, p.span, constant(std::move(*v)));
            fail_jump();
            return;
          }
          unsupported(p.span, "a constant of this kind in a pattern");
          return;
        }
      }
      auto tv = variant_of(p.path, true);
      if (!tv) return;
      const auto& type = m_->types[tv->first];
      if (type.is_enum) {
        load_path(temp, path, p.span);
        emit(Op::TestVariant, p.span, tv->first, tv->second);
        fail_jump();
      }
      const auto& variant = type.variants[tv->second];
      if (p.kind == Pattern::Kind::TupleStruct) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < p.items.size(); ++i) {
          if (p.items[i]->kind == Pattern::Kind::Rest) break;
          path.push_back(static_cast<std::uint32_t>(i));
          test_pattern(*p.items[i], temp, path, fails);
          path.pop_back();
          ++n;
        }
        if (n > variant.fields.size() && !(tv->first < vm::builtin::Count)) {
          auto fields = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " field" : " fields"); };
          error(p.span, "this pattern has " + fields(n) + ", but the corresponding tuple " +
                            (type.is_enum ? "variant" : "struct") + " has " + fields(variant.fields.size()));
        }
      } else if (p.kind == Pattern::Kind::Struct) {
        for (std::size_t i = 0; i < p.items.size(); ++i) {
          auto at = std::find(variant.fields.begin(), variant.fields.end(), p.field_names[i]);
          if (at == variant.fields.end()) {
            error(p.items[i]->span, (type.is_enum ? "variant `" + type.name + "::" : std::string("struct `")) + variant.name +
                                        "` does not have a field named `" + p.field_names[i] + "`");
            continue;
          }
          path.push_back(static_cast<std::uint32_t>(at - variant.fields.begin()));
          test_pattern(*p.items[i], temp, path, fails);
          path.pop_back();
        }
      }
      return;
    }
    case Pattern::Kind::Or: {
      std::vector<std::size_t> to_body;
      for (std::size_t a = 0; a < p.items.size(); ++a) {
        std::vector<std::size_t> alt_fails;
        test_pattern(*p.items[a], temp, path, a + 1 == p.items.size() ? fails : alt_fails);
        if (a + 1 == p.items.size()) break;
        to_body.push_back(emit(Op::Jump, p.span));
        for (auto f : alt_fails) patch(f, here());
      }
      for (auto j : to_body) patch(j, here());
      return;
    }
  }
}

void Compiler::bind_pattern(const Pattern& p, std::uint32_t temp, std::vector<std::uint32_t>& path) {
  resolve_bare_names(p);
  switch (p.kind) {
    case Pattern::Kind::Binding:
      load_path(temp, path, p.span);
      emit(Op::Store, p.span, declare_local(p.name));
      if (p.sub) bind_pattern(*p.sub, temp, path);
      return;
    case Pattern::Kind::Ref:
      if (p.sub) bind_pattern(*p.sub, temp, path);
      return;
    case Pattern::Kind::Tuple:
    case Pattern::Kind::TupleStruct:
      for (std::size_t i = 0; i < p.items.size(); ++i) {
        if (p.items[i]->kind == Pattern::Kind::Rest) break;
        path.push_back(static_cast<std::uint32_t>(i));
        bind_pattern(*p.items[i], temp, path);
        path.pop_back();
      }
      return;
    case Pattern::Kind::Struct: {
      auto tv = variant_of(p.path, false);
      if (!tv) return;
      const auto& variant = m_->types[tv->first].variants[tv->second];
      for (std::size_t i = 0; i < p.items.size(); ++i) {
        auto at = std::find(variant.fields.begin(), variant.fields.end(), p.field_names[i]);
        if (at == variant.fields.end()) continue;
        path.push_back(static_cast<std::uint32_t>(at - variant.fields.begin()));
        bind_pattern(*p.items[i], temp, path);
        path.pop_back();
      }
      return;
    }
    case Pattern::Kind::Or:
      for (const auto& alt : p.items) {
        if (has_binding(*alt)) unsupported(alt->span, "a binding inside a `|` pattern");
      }
      return;
    default:
      return;
  }
}

}  // namespace brigade::lang::compiler
