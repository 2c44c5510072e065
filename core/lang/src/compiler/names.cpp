// compiler/names.cpp — names: items, `use` imports, std paths, and what each stands for.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

std::string join(const std::vector<std::string>& segments, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < segments.size(); ++i) {
    if (!out.empty()) out += "::";
    out += segments[i];
  }
  return out;
}

// What tokio re-exports under its own name: `tokio::time::Duration` is std's Duration (and
// tokio's Instant is taken as std's: both count the run's program time).
std::vector<std::string> canonical_tokio_path(std::vector<std::string> segs) {
  if (segs.size() >= 3 && segs[0] == "tokio" && segs[1] == "time" && (segs[2] == "Duration" || segs[2] == "Instant")) {
    segs[0] = "std";
  }
  return segs;
}

std::optional<vm::IntKind> int_kind_of(const std::string& name) {
  static const std::pair<const char*, vm::IntKind> kKinds[] = {
      {"i8", vm::IntKind::I8},       {"i16", vm::IntKind::I16},     {"i32", vm::IntKind::I32},
      {"i64", vm::IntKind::I64},     {"i128", vm::IntKind::I128},   {"isize", vm::IntKind::Isize},
      {"u8", vm::IntKind::U8},       {"u16", vm::IntKind::U16},     {"u32", vm::IntKind::U32},
      {"u64", vm::IntKind::U64},     {"u128", vm::IntKind::U128},   {"usize", vm::IntKind::Usize}};
  for (const auto& [n, k] : kKinds) {
    if (name == n) return k;
  }
  return std::nullopt;
}

void Compiler::declare_use(const UseTree& tree, std::vector<std::string> prefix,
                           std::unordered_map<std::string, Entity>& into) {
  for (const auto& seg : tree.prefix.segments) prefix.push_back(seg);
  if (!prefix.empty() && (prefix[0] == "crate" || prefix[0] == "self")) prefix.erase(prefix.begin());
  if (tree.glob) {
    std::string p = join(prefix);
    if (p == "std::sync::mpsc") {
      for (const char* n : {"channel", "sync_channel", "Sender", "SyncSender", "Receiver", "SendError", "RecvError",
                            "TryRecvError", "TrySendError", "RecvTimeoutError"}) {
        Entity e;
        e.kind = Entity::Kind::Alias;
        e.path = {"std", "sync", "mpsc", n};
        into[n] = e;
      }
      return;
    }
    // A user enum's variants (`use Order::*;`).
    if (prefix.size() == 1) {
      auto it = module_items_.find(prefix[0]);
      if (it != module_items_.end() && it->second.kind == Entity::Kind::Type && m_->types[it->second.index].is_enum) {
        const auto& t = m_->types[it->second.index];
        for (std::uint32_t v = 0; v < t.variants.size(); ++v) {
          Entity e;
          e.kind = Entity::Kind::Variant;
          e.index = it->second.index;
          e.variant = v;
          into[t.variants[v].name] = e;
        }
        return;
      }
    }
    unsupported(tree.span, "`use " + p + "::*`");
    return;
  }
  if (!tree.children.empty() || tree.braced) {
    for (const auto& child : tree.children) declare_use(child, prefix, into);
    return;
  }
  if (prefix.empty()) return;
  std::string name = tree.alias.empty() ? prefix.back() : tree.alias;
  if (prefix.back() == "self") {
    prefix.pop_back();
    if (prefix.empty()) return;
    if (tree.alias.empty()) name = prefix.back();
  }
  std::string p = join(prefix);
  Entity e;
  e.kind = Entity::Kind::Alias;
  e.path = prefix;
  if (prefix[0] == "std" || prefix[0] == "core" || prefix[0] == "tokio") {
    if (prefix[0] == "core") e.path[0] = "std";
    e.path = canonical_tokio_path(e.path);
    p = join(e.path);
    bool known = surface::is_module(p) || surface::find_type(p) || surface::find_native(p);
    // Enum variants: `use std::sync::mpsc::TryRecvError::Empty;`
    if (!known && prefix.size() > 1) {
      std::vector<std::string> parent(e.path.begin(), e.path.end() - 1);
      const surface::Type* t = surface::find_type(join(parent));
      known = t != nullptr && t->builtin.has_value();
    }
    if (!known) {
      if (p.rfind("std::sync::", 0) == 0 || p.rfind("std::collections", 0) == 0 || p.rfind("std::rc", 0) == 0 ||
          p.rfind("std::cell", 0) == 0 || p.rfind("tokio::", 0) == 0) {
        unsupported(tree.prefix.span, "`" + p + "`");
      } else {
        error(tree.prefix.span, "unresolved import `" + p + "`", "no `" + prefix.back() + "` in `" +
                                                                     join(std::vector<std::string>(prefix.begin(), prefix.end() - 1)) + "`");
      }
      return;
    }
  }
  into[name] = e;
}

// The structs and enums among `items`: their TypeInfos (declare_items' first pass).
void Compiler::declare_types(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into) {
  for (const auto& it : items) {
    const Item& item = *it;
    if (item.kind != Item::Kind::Struct && item.kind != Item::Kind::Enum) continue;
    vm::TypeInfo t;
    t.name = item.name;
    t.is_enum = item.kind == Item::Kind::Enum;
    t.copy = std::find(item.derives.begin(), item.derives.end(), "Copy") != item.derives.end();
    if (t.is_enum) {
      for (const auto& v : item.variants) {
        vm::TypeInfo::Variant tv;
        tv.name = v.name;
        tv.tuple = v.tuple;
        tv.unit = v.unit;
        for (const auto& f : v.fields) tv.fields.push_back(f.name);  // types checked below, after the uses
        tv.discriminant = t.variants.empty() ? 0 : t.variants.back().discriminant + 1;
        if (v.discriminant) {
          auto value = pattern_literal(v.discriminant.get());
          if (value && value->tag == vm::Tag::Int) {
            tv.discriminant = value->i;
          } else {
            unsupported(v.discriminant->span, "a discriminant that is not an integer literal");
          }
        }
        t.variants.push_back(tv);
      }
    } else {
      vm::TypeInfo::Variant tv;
      tv.name = item.name;
      tv.tuple = item.tuple_struct;
      tv.unit = item.unit_struct;
      t.variants.push_back(tv);
    }
    Entity e;
    e.kind = Entity::Kind::Type;
    e.index = static_cast<std::uint32_t>(m_->types.size());
    m_->types.push_back(std::move(t));
    into[item.name] = e;
    if (item.kind == Item::Kind::Struct) struct_items_[e.index] = &item;
  }
}

void Compiler::declare_impls(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into) {
  // impl blocks: methods and associated functions. `impl Trait for Type` adds the trait's
  // methods to the type's own (a call finds them by the receiver's type at run time, which is
  // all a `dyn Trait` needs), plus the trait's default bodies the impl does not replace.
  for (const auto& it : items) {
    const Item& item = *it;
    if (item.kind != Item::Kind::Impl) continue;
    if (!item.self_type || item.self_type->kind != TypeExpr::Kind::Path) {
      unsupported(item.span, "an impl for this kind of type");
      continue;
    }
    std::string tn = item.self_type->path.segments.back();
    auto found = into.find(tn);
    if (found == into.end() || found->second.kind != Entity::Kind::Type) {
      if (!item.name.empty() && (int_kind_of(tn) || surface::find_type(tn) != nullptr || tn == "str" || tn == "f64" || tn == "bool")) {
        unsupported(item.self_type->span, "implementing a trait for `" + tn + "`");
      } else {
        error(item.self_type->span, "cannot find type `" + tn + "` in this scope", "not found in this scope");
      }
      continue;
    }
    std::uint32_t type = found->second.index;
    const Item* trait = nullptr;
    std::string trait_name;
    if (!item.name.empty()) {
      trait_name = item.name.substr(item.name.rfind(':') == std::string::npos ? 0 : item.name.rfind(':') + 1);
      if (const Entity* t = find_item(trait_name); t && t->kind == Entity::Kind::Trait) {
        trait = t->item;
      } else if (trait_name != "Display" && trait_name != "Debug" && trait_name != "Default" && trait_name != "Drop") {
        unsupported(item.span, "implementing `" + trait_name + "`");
        continue;
      }
    }
    std::set<std::string> given;
    for (const auto& sub : item.items) {
      if (sub->kind == Item::Kind::Const && sub->value) {  // `const LIMIT: u32 = 10;`: Type::LIMIT, Self::LIMIT
        assoc_consts_[{type, sub->name}] = sub.get();
        continue;
      }
      if (sub->kind != Item::Kind::Fn || !sub->body) {
        unsupported(sub->span, "this item inside an impl");
        continue;
      }
      std::uint32_t index = add_method(type, tn, *sub);
      given.insert(sub->name);
      if (sub->name == "fmt" && trait_name == "Display") m_->types[type].display_fn = index;
      if (sub->name == "fmt" && trait_name == "Debug") m_->types[type].debug_fn = index;
      if (sub->name == "drop" && trait_name == "Drop") m_->types[type].drop_fn = index;
      m_->user_fmt = m_->user_fmt || (sub->name == "fmt" && (trait_name == "Display" || trait_name == "Debug"));
    }
    if (!trait) continue;
    for (const auto& sub : trait->items) {
      if (sub->kind != Item::Kind::Fn) {
        unsupported(sub->span, "this item inside a trait");
        continue;
      }
      if (given.count(sub->name)) continue;
      if (!sub->body) {
        error(item.span, "not all trait items implemented, missing: `" + sub->name + "`",
              "missing `" + sub->name + "` in implementation");
        continue;
      }
      add_method(type, tn, *sub);  // the default body, compiled with Self = this type
    }
  }
}

void Compiler::declare_items(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into) {
  declare_types(items, into);  // first: `use Enum::*` and impls must find them
  for (const auto& it : items) {
    const Item& item = *it;
    switch (item.kind) {
      case Item::Kind::Fn: {
        if (into.count(item.name) && into[item.name].kind == Entity::Kind::Fn) {
          error(item.name_span, "the name `" + item.name + "` is defined multiple times", "`" + item.name + "` redefined here");
          break;
        }
        Entity e;
        e.kind = Entity::Kind::Fn;
        e.index = new_function(item.name, item.name_span);
        into[item.name] = e;
        pending_fns_.push_back(PendingFn{&item, e.index, std::nullopt, nullptr});
        break;
      }
      case Item::Kind::Use:
        declare_use(item.use, {}, into);
        break;
      case Item::Kind::Const:
      case Item::Kind::Static: {
        if (!item.value) {
          error(item.span, "free constant item without body");
          break;
        }
        Entity e;
        e.kind = Entity::Kind::Const;
        e.item = &item;
        if (item.kind == Item::Kind::Static) e.index = m_->statics++;  // one value per run
        into[item.name] = e;
        break;
      }
      case Item::Kind::TypeAlias:
        unsupported(item.span, "a `type` alias");
        break;
      case Item::Kind::Trait: {
        Entity e;
        e.kind = Entity::Kind::Trait;
        e.item = &item;
        into[item.name] = e;
        break;
      }
      case Item::Kind::Impl:
      case Item::Kind::Struct:
      case Item::Kind::Enum:
        break;
      case Item::Kind::Other:
        unsupported(item.span, "this kind of item");
        break;
    }
  }
  // Field types, checked now that `use` items are declared (a variant may hold a `Sender<T>`
  // imported below it), and kept for coercion of integer literals in struct literals.
  for (const auto& it : items) {
    const Item& item = *it;
    if (item.kind == Item::Kind::Enum) {
      for (const auto& v : item.variants) {
        for (const auto& f : v.fields) check_type(f.type.get());
      }
    }
    if (item.kind != Item::Kind::Struct) continue;
    auto& t = m_->types[into[item.name].index];
    for (const auto& f : item.fields) {
      check_type(f.type.get());
      t.variants[0].fields.push_back(f.name);
      t.field_types.push_back(desc_of(f.type.get()));
    }
  }
  declare_impls(items, into);
  // `#[derive(Default)]`: Type::default() builds each field's default (compiled after the bodies).
  for (const auto& it : items) {
    const Item& item = *it;
    if (item.kind != Item::Kind::Struct ||
        std::find(item.derives.begin(), item.derives.end(), "Default") == item.derives.end()) {
      continue;
    }
    std::uint32_t type = into[item.name].index;
    if (m_->types[type].methods.count("default")) continue;
    std::uint32_t index = new_function(item.name + "::default", item.name_span);
    m_->types[type].methods["default"] = index;
    derived_defaults_.emplace_back(type, &item, index);
  }
}

// A method or associated fn of `type`, compiled later with Self = that type.
std::uint32_t Compiler::add_method(std::uint32_t type, const std::string& type_name, const Item& fn) {
  std::uint32_t index = new_function(type_name + "::" + fn.name, fn.name_span);
  m_->types[type].methods[fn.name] = index;
  if (fn.has_self) user_method_names_.insert(fn.name);
  pending_fns_.push_back(PendingFn{&fn, index, type, nullptr});
  return index;
}

const Entity* Compiler::find_item(const std::string& name) {
  for (FnCtx* f = fn_; f != nullptr; f = f->parent) {
    for (auto s = f->scopes.rbegin(); s != f->scopes.rend(); ++s) {
      auto it = s->items.find(name);
      if (it != s->items.end()) return &it->second;
    }
  }
  auto it = module_items_.find(name);
  return it == module_items_.end() ? nullptr : &it->second;
}

// Resolves a path to what it names: a user item, a std item, or a variant. Expands `use`
// aliases on the first segment.
Entity Compiler::resolve_path(const Path& path, bool report) {
  std::vector<std::string> segs = path.segments;
  Entity none;
  if (segs.empty()) return none;
  if (segs[0] == "crate" || (segs[0] == "self" && segs.size() > 1) || segs[0] == "super") segs.erase(segs.begin());
  if (segs[0] == "Self" && fn_ && fn_->self_type) segs[0] = m_->types[*fn_->self_type].name;
  if (segs[0] == "core") segs[0] = "std";
  if (segs.empty()) return none;
  if (segs[0] != "std" && segs[0] != "tokio") {
    const Entity* first = find_item(segs[0]);
    if (first && first->kind == Entity::Kind::Alias) {
      std::vector<std::string> expanded = first->path;
      expanded.insert(expanded.end(), segs.begin() + 1, segs.end());
      segs = expanded;
    } else if (first && segs.size() == 1) {
      return *first;
    } else if (first && first->kind == Entity::Kind::Type && segs.size() == 2) {
      const auto& t = m_->types[first->index];
      if (t.is_enum) {
        for (std::uint32_t v = 0; v < t.variants.size(); ++v) {
          if (t.variants[v].name == segs[1]) {
            Entity e;
            e.kind = Entity::Kind::Variant;
            e.index = first->index;
            e.variant = v;
            return e;
          }
        }
      }
      auto m = t.methods.find(segs[1]);
      if (m != t.methods.end()) {
        Entity e;
        e.kind = Entity::Kind::Fn;
        e.index = m->second;
        return e;
      }
      auto c = assoc_consts_.find({first->index, segs[1]});
      if (c != assoc_consts_.end()) {
        Entity e;
        e.kind = Entity::Kind::Const;
        e.item = c->second;
        return e;
      }
      if (report) {
        error(path.span, std::string(t.is_enum ? "no variant or associated item named `" : "no function or associated item named `") +
                             segs[1] + "` found for " + (t.is_enum ? "enum" : "struct") + " `" + t.name + "` in the current scope");
      }
      return none;
    } else if (first && first->kind != Entity::Kind::Alias) {
      if (report) error(path.span, "failed to resolve: `" + segs[0] + "` is not a module");
      return none;
    }
  }
  segs = canonical_tokio_path(std::move(segs));
  std::string p = join(segs);
  // Prelude.
  if (p == "Some" || p == "Option::Some") return Entity{Entity::Kind::StdVariant, vm::builtin::Option, 1, nullptr, {}, {}};
  if (p == "std::cmp::Reverse") return Entity{Entity::Kind::StdVariant, vm::builtin::Reverse, 0, nullptr, {}, {}};
  if (p == "None" || p == "Option::None") return Entity{Entity::Kind::StdVariant, vm::builtin::Option, 0, nullptr, {}, {}};
  if (p == "Ok" || p == "Result::Ok") return Entity{Entity::Kind::StdVariant, vm::builtin::Result, 0, nullptr, {}, {}};
  if (p == "Err" || p == "Result::Err") return Entity{Entity::Kind::StdVariant, vm::builtin::Result, 1, nullptr, {}, {}};
  if (p == "drop") p = "std::mem::drop";
  if (auto native = surface::find_native(p)) {
    return Entity{Entity::Kind::Native, static_cast<std::uint32_t>(*native), 0, nullptr, {}, {}};
  }
  if (surface::is_module(p)) return Entity{Entity::Kind::StdModule, 0, 0, nullptr, segs, {}};
  if (const surface::Type* t = surface::find_type(p)) {
    Entity e{Entity::Kind::StdType, 0, 0, nullptr, segs, {}};
    if (t->builtin) e.index = *t->builtin;
    return e;
  }
  // Variants of builtin enums: TryRecvError::Empty, TrySendError::Full, ...
  if (segs.size() >= 2) {
    std::string parent = join(std::vector<std::string>(segs.begin(), segs.end() - 1));
    if (auto b = surface::builtin_id(parent)) {
      const auto& t = m_->types[*b];
      for (std::uint32_t v = 0; v < t.variants.size(); ++v) {
        if (t.variants[v].name == segs.back()) return Entity{Entity::Kind::StdVariant, *b, v, nullptr, {}, {}};
      }
    }
    // i32::MAX, u64::MIN, usize::MAX, f64::MAX
    if (segs.size() == 2 || (segs.size() == 3 && segs[0] == "std")) {
      const std::string& ty = segs[segs.size() - 2];
      const std::string& name = segs.back();
      if (auto k = int_kind_of(ty); k && (name == "MAX" || name == "MIN")) {
        Entity e;
        e.kind = Entity::Kind::IntConst;
        bool sig = vm::is_signed(*k);
        unsigned bits = vm::int_bits(*k);
        std::int64_t v;
        if (name == "MAX") {
          v = sig ? static_cast<std::int64_t>((Int128(1) << (bits - 1)) - 1)
                  : static_cast<std::int64_t>(static_cast<std::uint64_t>((Int128(1) << bits) - 1));
        } else {
          v = sig ? static_cast<std::int64_t>(-(Int128(1) << (bits - 1))) : 0;
        }
        e.constant = Value::integer(v, *k);
        return e;
      }
      if (ty == "f64" && (name == "MAX" || name == "MIN" || name == "EPSILON" || name == "INFINITY" ||
                          name == "NEG_INFINITY" || name == "NAN" || name == "MIN_POSITIVE")) {
        Entity e;
        e.kind = Entity::Kind::IntConst;
        double d = name == "MAX" ? 1.7976931348623157e308 : name == "MIN" ? -1.7976931348623157e308
                   : name == "EPSILON" ? 2.220446049250313e-16 : name == "MIN_POSITIVE" ? 2.2250738585072014e-308
                   : name == "NAN" ? __builtin_nan("") : name == "NEG_INFINITY" ? -__builtin_inf() : __builtin_inf();
        e.constant = Value::floating(d);
        return e;
      }
    }
    if (p == "std::f64::consts::PI") {
      Entity e;
      e.kind = Entity::Kind::IntConst;
      e.constant = Value::floating(3.141592653589793);
      return e;
    }
  }
  if (report) {
    if (segs[0] == "std" || segs[0] == "tokio") {
      unsupported(path.span, "`" + p + "`");
    } else if (segs.size() == 1) {
      error(path.span, "cannot find value `" + p + "` in this scope", "not found in this scope");
    } else {
      error(path.span, "failed to resolve: use of undeclared crate or module `" + segs[0] + "`",
            "use of undeclared crate or module `" + segs[0] + "`");
    }
  }
  return none;
}

}  // namespace brigade::lang::compiler
