// compiler/types.cpp — types: descriptors (the integer kinds literals take), Default values, struct literals.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

bool Compiler::check_type(const TypeExpr* t) {
  if (!t) return true;
  switch (t->kind) {
    case TypeExpr::Kind::Path: {
      const std::string& last = t->path.segments.back();
      bool ok = int_kind_of(last).has_value();
      for (const char* p : kPreludeTypes) ok = ok || last == p;
      ok = ok || (last == "Box" && t->path.segments.size() == 1);  // Box<T> is T here: values live on the heap anyway
      if (!ok && t->path.segments.size() == 1) {
        if (last == "Self" && fn_ && fn_->self_type) ok = true;
        if (const Entity* e = find_item(last)) {
          ok = ok || e->kind == Entity::Kind::Type || e->kind == Entity::Kind::Generic || e->kind == Entity::Kind::Trait;
          if (e->kind == Entity::Kind::Alias) ok = ok || surface::find_type(join(e->path)) != nullptr;
        }
        ok = ok || last.size() == 1;  // a generic parameter of a struct: T
      }
      if (!ok && t->path.segments.size() > 1) {
        Path copy;
        copy.segments = t->path.segments;
        copy.span = t->path.span;
        Entity e = resolve_path(copy, false);
        ok = e.kind == Entity::Kind::StdType || e.kind == Entity::Kind::Type;
      }
      if (!ok) {
        if (last == "Rc" || last == "RefCell" || last == "Cell" || last == "RwLock" || last == "Condvar" ||
            last == "Barrier") {  // without their `use`
          unsupported(t->span, "`" + last + "`");
        } else {
          error(t->span, "cannot find type `" + last + "` in this scope", "not found in this scope");
        }
        return false;
      }
      for (const auto& g : t->path.generics) check_type(g.get());
      return true;
    }
    case TypeExpr::Kind::Ref:
    case TypeExpr::Kind::Tuple:
    case TypeExpr::Kind::Slice:
    case TypeExpr::Kind::Array: {
      for (const auto& e : t->elems) check_type(e.get());
      return true;
    }
    case TypeExpr::Kind::Infer:
    case TypeExpr::Kind::Never:
    case TypeExpr::Kind::Fn:
      return true;
  }
  return true;
}

// A descriptor for integer coercion: 0 means "nothing to coerce".
std::uint32_t Compiler::desc_of(const TypeExpr* t) {
  if (m_->type_descs.empty()) m_->type_descs.emplace_back();  // 0: Any
  if (!t) return 0;
  vm::TypeDesc d;
  std::string key;
  switch (t->kind) {
    case TypeExpr::Kind::Ref:
      return t->elems.empty() ? 0 : desc_of(t->elems[0].get());
    case TypeExpr::Kind::Path: {
      const std::string& last = t->path.segments.back();
      if (auto k = int_kind_of(last)) {
        d.kind = vm::TypeDesc::Kind::Int;
        d.int_kind = *k;
        key = last;
      } else if (last == "f64" || last == "f32") {
        d.kind = vm::TypeDesc::Kind::Float;
        key = "f64";
      } else if (last == "String") {  // what `collect()` into a String needs to know
        d.kind = vm::TypeDesc::Kind::Str;
        key = "String";
      } else if (((last == "HashMap" || last == "BTreeMap") && t->path.generics.size() == 2) ||
                 ((last == "HashSet" || last == "BTreeSet") && t->path.generics.size() == 1)) {
        d.kind = vm::TypeDesc::Kind::Map;  // collect() into a map (elems: key, value) or a set (elems: key)
        d.int_kind = last.rfind("BTree", 0) == 0 ? vm::IntKind::U8 : vm::IntKind::Infer;
        key = last;
        for (const auto& g : t->path.generics) {
          std::uint32_t e = desc_of(g.get());
          d.elems.push_back(e);
          key += "," + std::to_string(e);
        }
      } else if ((last == "Option" || last == "Vec" || last == "Result") && !t->path.generics.empty()) {
        d.kind = last == "Option" ? vm::TypeDesc::Kind::Option
                 : last == "Vec"  ? vm::TypeDesc::Kind::Vec
                                  : vm::TypeDesc::Kind::Result;
        key = last + "<";
        bool any = false;
        for (const auto& g : t->path.generics) {
          std::uint32_t e = desc_of(g.get());
          any = any || e != 0;
          d.elems.push_back(e);
          key += std::to_string(e) + ",";
        }
        if (!any) return 0;
      } else {
        return 0;
      }
      break;
    }
    case TypeExpr::Kind::Tuple: {
      d.kind = vm::TypeDesc::Kind::Tuple;
      key = "(";
      bool any = false;
      for (const auto& e : t->elems) {
        std::uint32_t x = desc_of(e.get());
        any = any || x != 0;
        d.elems.push_back(x);
        key += std::to_string(x) + ",";
      }
      if (!any) return 0;
      break;
    }
    case TypeExpr::Kind::Array:
    case TypeExpr::Kind::Slice: {
      std::uint32_t x = t->elems.empty() ? 0 : desc_of(t->elems[0].get());
      if (x == 0) return 0;
      d.kind = vm::TypeDesc::Kind::Vec;
      d.elems.push_back(x);
      key = "[" + std::to_string(x);
      break;
    }
    default:
      return 0;
  }
  auto [it, fresh] = desc_cache_.emplace(key, static_cast<std::uint32_t>(m_->type_descs.size()));
  if (fresh) m_->type_descs.push_back(std::move(d));
  return it->second;
}

// Pushes what Default::default() gives for type t (false, with an error, if the subset has none).
bool Compiler::default_value(const TypeExpr* t, Span s) {
  if (t && t->kind == TypeExpr::Kind::Tuple) {
    for (const auto& el : t->elems) {
      if (!default_value(el.get(), s)) return false;
    }
    if (t->elems.empty()) {
      emit(Op::Unit, s);
    } else {
      emit(Op::MakeTuple, s, static_cast<std::uint32_t>(t->elems.size()), 0, static_cast<std::uint8_t>(t->elems.size()));
    }
    return true;
  }
  if (t && t->kind == TypeExpr::Kind::Ref && !t->elems.empty() && t->elems[0]->kind == TypeExpr::Kind::Path &&
      t->elems[0]->path.segments.back() == "str") {
    push_str("", s);
    return true;
  }
  if (t && t->kind == TypeExpr::Kind::Array && !t->elems.empty() && t->length) {
    if (!default_value(t->elems[0].get(), s)) return false;
    expr(*t->length);
    emit(Op::MakeVecRepeat, s);
    return true;
  }
  if (!t || t->kind != TypeExpr::Kind::Path) {
    error(s, "the subset has no default for this field's type (#[derive(Default)])", "no default here");
    return false;
  }
  const std::string& last = t->path.segments.back();
  auto native = [&](vm::Native n) { emit(Op::Native, s, static_cast<std::uint32_t>(n), 0, 0); };
  if (auto k = int_kind_of(last)) {
    push_const(Value::integer(0, *k), s);
  } else if (last == "f64" || last == "f32") {
    push_const(Value::floating(0.0), s);
  } else if (last == "bool") {
    push_const(Value::boolean(false), s);
  } else if (last == "char") {
    push_const(Value::character(U'\0'), s);
  } else if (last == "String") {
    native(vm::Native::StringNew);
  } else if (last == "Vec") {
    native(vm::Native::VecNew);
  } else if (last == "Option") {
    emit(Op::MakeRecord, s, vm::builtin::Option, 0, 0);
  } else if (last == "Duration") {
    push_const(Value::scalar(vm::Tag::Duration, 0), s);
  } else if ((last == "Arc" || last == "Mutex" || last == "Box") && !t->path.generics.empty()) {
    if (!default_value(t->path.generics[0].get(), s)) return false;
    if (last == "Arc") emit(Op::Native, s, static_cast<std::uint32_t>(vm::Native::ArcNew), 0, 1);
    if (last == "Mutex") emit(Op::Native, s, static_cast<std::uint32_t>(vm::Native::MutexNew), 0, 1);
  } else if (const Entity* e = find_item(last); e && e->kind == Entity::Kind::Type && m_->types[e->index].methods.count("default")) {
    emit(Op::Call, s, m_->types[e->index].methods.at("default"), 0, 0);
  } else {
    error(s, "the subset has no default for a field of type `" + last + "` (#[derive(Default)])", "no default here");
    return false;
  }
  return true;
}

void Compiler::compile_derived_default(std::uint32_t type, const Item& item, std::uint32_t index) {
  FnCtx ctx;
  ctx.index = index;
  ctx.self_type = type;
  FnCtx* saved = fn_;
  fn_ = &ctx;
  push_scope();
  F().arity = 0;
  for (const auto& f : item.fields) {
    if (!default_value(f.type.get(), item.name_span)) emit(Op::Unit, item.name_span);
  }
  emit(Op::MakeRecord, item.name_span, type, 0, static_cast<std::uint8_t>(item.fields.size()));
  fn_->scopes.pop_back();
  emit(Op::Return, item.name_span);
  F().locals = ctx.next_slot;
  fn_ = saved;
}

void Compiler::struct_lit(const Expr& e) {
  auto tv = variant_of(e.path, true);
  if (!tv) {
    emit(Op::Unit, e.span);
    return;
  }
  const auto& type = m_->types[tv->first];
  const auto& variant = type.variants[tv->second];
  std::vector<const FieldInit*> order(variant.fields.size(), nullptr);
  bool unknown = false;  // rustc leaves the missing fields unsaid once one given is unknown
  for (const auto& f : e.fields) {
    auto at = std::find(variant.fields.begin(), variant.fields.end(), f.name);
    if (at == variant.fields.end()) {
      error(f.span, (type.is_enum ? "variant `" + type.name + "::" : std::string("struct `")) + variant.name + "` has no field named `" + f.name + "`",
            "unknown field");
      unknown = true;
      continue;
    }
    order[static_cast<std::size_t>(at - variant.fields.begin())] = &f;
  }
  std::string missing;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (!order[i]) missing += (missing.empty() ? "`" : ", `") + variant.fields[i] + "`";
  }
  if (e.lhs && !type.is_enum) {  // `..base`: the fields not given come from base
    const Item* item = struct_items_.count(tv->first) ? struct_items_[tv->first] : nullptr;
    bool from_default = e.lhs->kind == Expr::Kind::Call && e.lhs->lhs && e.lhs->lhs->kind == Expr::Kind::Path &&
                        e.lhs->args.empty() &&
                        (e.lhs->lhs->path.str() == "Default::default" || e.lhs->lhs->path.str() == "std::default::Default::default");
    std::uint32_t base = 0;
    if (!from_default) {
      base = hidden_slot();
      fn_->scopes.back().locals.push_back(Local{"", base});
      expr(*e.lhs, Use::Move);
      emit(Op::Store, e.lhs->span, base);
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order[i]) {
        expr(*order[i]->value);
      } else if (from_default) {
        if (!item || i >= item->fields.size() || !default_value(item->fields[i].type.get(), e.lhs->span)) {
          emit(Op::Unit, e.lhs->span);
        }
      } else {
        emit(Op::Load, e.lhs->span, base);
        emit(Op::Field, e.lhs->span, 0xffffffff, name_id(variant.fields[i]));
      }
      if (i < type.field_types.size() && type.field_types[i]) emit(Op::Coerce, e.span, type.field_types[i]);
    }
    if (!from_default) emit(Op::Drop, e.span, base);
    emit(Op::MakeRecord, e.span, tv->first, tv->second, static_cast<std::uint8_t>(order.size()));
    return;
  }
  if (e.lhs) unsupported(e.lhs->span, "struct update syntax (`..base`) for an enum variant");
  if (!missing.empty()) {
    if (!unknown) {
      error(e.path.span, "missing field" + std::string(missing.find(',') != std::string::npos ? "s " : " ") + missing +
                             " in initializer of `" + (type.is_enum ? type.name + "::" : std::string()) + variant.name + "`");
    }
    emit(Op::Unit, e.span);
    return;
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    expr(*order[i]->value);
    if (!type.is_enum && i < type.field_types.size() && type.field_types[i]) {
      emit(Op::Coerce, order[i]->span, type.field_types[i]);
    }
  }
  emit(Op::MakeRecord, e.span, tv->first, tv->second, static_cast<std::uint8_t>(order.size()));
}

}  // namespace brigade::lang::compiler
