// compiler/expressions.cpp — expressions: literals, paths, calls, methods, casts.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

void Compiler::literal(const Expr& e) {
  if (auto v = pattern_literal(&e)) {
    push_const(std::move(*v), e.span);
  } else {
    emit(Op::Unit, e.span);
  }
}

// -x, !x, *x, &x, &mut x.
void Compiler::unary_expr(const Expr& e, Use use) {
  switch (e.unary_op) {
    case UnaryOp::Neg:
      if (e.lhs->kind == Expr::Kind::Int || e.lhs->kind == Expr::Kind::Float) {
        if (auto v = pattern_literal(&e)) {
          push_const(std::move(*v), e.span);
          return;
        }
      }
      expr(*e.lhs, Use::Borrow);
      emit(Op::Neg, e.span);
      return;
    case UnaryOp::Not:
      expr(*e.lhs, Use::Borrow);
      emit(Op::Not, e.span);
      return;
    case UnaryOp::Deref:
      expr(*e.lhs, use);
      emit(Op::Deref, e.span);  // an Arc's or a MutexGuard's value; anything else is itself
      return;
    case UnaryOp::Ref:
    case UnaryOp::RefMut:
      expr(*e.lhs, Use::Borrow);
      return;
  }
  return;
}

// a + b, a == b, ...; && and || short-circuit.
void Compiler::binary_expr(const Expr& e) {
  if (e.binary_op == BinaryOp::And || e.binary_op == BinaryOp::Or) {
    expr(*e.lhs, Use::Borrow);
    if (e.binary_op == BinaryOp::Or) emit(Op::Not, e.span);
    std::size_t short_circuit = emit(Op::JumpIfFalse, e.span);
    expr(*e.rhs, Use::Borrow);
    std::size_t end = emit(Op::Jump, e.span);
    patch(short_circuit, here());
    push_const(Value::boolean(e.binary_op == BinaryOp::Or), e.span);
    patch(end, here());
    return;
  }
  expr(*e.lhs, Use::Borrow);
  expr(*e.rhs, Use::Borrow);
  emit(Op::Binary, e.span, 0, 0, static_cast<std::uint8_t>(e.binary_op));
  return;
}

void Compiler::expr(const Expr& e, Use use) {
  switch (e.kind) {
    case Expr::Kind::Int:
    case Expr::Kind::Float:
    case Expr::Kind::Str:
    case Expr::Kind::Char:
    case Expr::Kind::Bool:
      literal(e);
      return;
    case Expr::Kind::Path:
      path_expr(e, use);
      return;
    case Expr::Kind::Unary:
      unary_expr(e, use);
      return;
    case Expr::Kind::Binary:
      binary_expr(e);
      return;
    case Expr::Kind::Assign:
    case Expr::Kind::CompoundAssign:
      assign_expr(e, e.kind == Expr::Kind::CompoundAssign);
      return;
    case Expr::Kind::Call:
      call_expr(e);
      return;
    case Expr::Kind::MethodCall:
      method_expr(e);
      return;
    case Expr::Kind::Field:
    case Expr::Kind::TupleIndex: {
      expr(*e.lhs, Use::Borrow);
      if (e.kind == Expr::Kind::TupleIndex) {
        emit(Op::Field, e.span, static_cast<std::uint32_t>(e.index));
      } else {
        // Field names are resolved at run time against the record's type (the compiler does
        // not track types); the name id travels in b.
        emit(Op::Field, e.name_span, kNoSlot, name_id(e.text));
      }
      return;
    }
    case Expr::Kind::Index:
      expr(*e.lhs, Use::Borrow);
      expr(*e.rhs, Use::Borrow);
      emit(Op::Index, e.name_span);  // a panic's place: the `[`
      return;
    case Expr::Kind::Tuple:
      if (e.args.empty()) {
        emit(Op::Unit, e.span);
        return;
      }
      for (const auto& a : e.args) expr(*a);
      emit(Op::MakeTuple, e.span, static_cast<std::uint32_t>(e.args.size()));
      return;
    case Expr::Kind::Array:
      for (const auto& a : e.args) expr(*a);
      emit(Op::MakeVec, e.span, static_cast<std::uint32_t>(e.args.size()));
      return;
    case Expr::Kind::ArrayRepeat:
      expr(*e.lhs);
      expr(*e.rhs);
      emit(Op::MakeVecRepeat, e.span);
      return;
    case Expr::Kind::StructLit:
      struct_lit(e);
      return;
    case Expr::Kind::Block:
      block(*e.block);
      return;
    case Expr::Kind::If:
      if_expr(e);
      return;
    case Expr::Kind::Let:
      error(e.span, "expected expression, found `let` statement", "", "`let` is only allowed in `if` and `while` conditions");
      emit(Op::Unit, e.span);
      return;
    case Expr::Kind::While:
      while_expr(e);
      return;
    case Expr::Kind::Loop:
      loop_expr(e);
      return;
    case Expr::Kind::For:
      for_expr(e);
      return;
    case Expr::Kind::Match:
      match_expr(e);
      return;
    case Expr::Kind::Closure:
      closure_expr(e);
      return;
    case Expr::Kind::Await:
      if (!fn_->is_async && !e.boolean) {  // (`boolean`: the await #[tokio::main] writes into main)
        error(e.name_span, "`await` is only allowed inside `async` functions and blocks",
              "only allowed inside `async` functions and blocks");
      }
      expr(*e.lhs);
      emit(Op::Await, e.name_span.length != 0 ? e.name_span : e.span);
      return;
    case Expr::Kind::Return:
      if (e.lhs) {
        expr(*e.lhs);
      } else {
        emit(Op::Unit, e.span);
      }
      if (fn_->ret_desc) emit(Op::Coerce, e.span, fn_->ret_desc);
      emit(Op::Return, e.span);
      return;
    case Expr::Kind::Break:
      break_expr(e, false);
      return;
    case Expr::Kind::Continue:
      break_expr(e, true);
      return;
    case Expr::Kind::Range:
      if (e.lhs) {
        expr(*e.lhs);
      } else {
        push_const(Value::empty(), e.span);
      }
      if (e.rhs) {
        expr(*e.rhs);
      } else {
        push_const(Value::empty(), e.span);
      }
      emit(Op::MakeRange, e.span, 0, 0, e.inclusive ? 1 : 0);
      return;
    case Expr::Kind::Cast:
      cast_expr(e);
      return;
    case Expr::Kind::Try: {
      // `x?`: Ok(v)/Some(v) gives v; Err(e)/None returns itself from the function (or closure)
      // at once. The error is returned as it is (Brigade has no From conversions to apply).
      expr(*e.lhs);
      std::size_t early = emit(Op::Try, e.span);
      std::size_t past = emit(Op::Jump, e.span);
      patch(early, here());
      emit(Op::Return, e.span);
      patch(past, here());
      return;
    }
    case Expr::Kind::Macro:
      macro_expr(e);
      return;
  }
}

void Compiler::cast_expr(const Expr& e) {
  expr(*e.lhs, Use::Borrow);
  vm::TypeDesc d;
  const TypeExpr* t = e.type.get();
  if (t && t->kind == TypeExpr::Kind::Path && t->path.segments.size() == 1) {
    const std::string& n = t->path.segments[0];
    if (auto k = int_kind_of(n)) {
      d.kind = vm::TypeDesc::Kind::Int;
      d.int_kind = *k;
    } else if (n == "f64" || n == "f32") {
      d.kind = vm::TypeDesc::Kind::Float;
    } else if (n == "char") {
      d.kind = vm::TypeDesc::Kind::Char;
    } else if (n == "bool") {
      d.kind = vm::TypeDesc::Kind::Bool;
    }
  }
  if (d.kind == vm::TypeDesc::Kind::Any) {
    error(t ? t->span : e.span, "non-primitive cast", "an `as` expression can only cast between primitive types");
    return;
  }
  if (m_->type_descs.empty()) m_->type_descs.emplace_back();
  m_->type_descs.push_back(d);
  emit(Op::Cast, e.span, static_cast<std::uint32_t>(m_->type_descs.size() - 1));
}

void Compiler::path_expr(const Expr& e, Use use) {
  if (e.path.segments.size() == 1) {
    const std::string& name = e.path.segments[0];
    if (auto slot = resolve_local(name)) {
      bool copy = fn_->shared_ref_slots.count(*slot) != 0;  // a `&T` is Copy
      emit(use == Use::Move && !copy ? Op::Move : Op::Load, e.span, *slot);
      return;
    }
  }
  // `str::to_string`, `String::len`, `ToString::to_string`: a std method of its receiver alone,
  // as a function value; `i32::max`, `u64::pow`, `Ord::cmp`: of the receiver and one argument
  // (`.fold(i32::MIN, i32::max)`).
  if (e.path.segments.size() == 2) {
    static const std::set<std::string> kWithArgument = {
        "max",          "min",          "cmp",          "partial_cmp",    "total_cmp",      "pow",
        "powi",         "checked_add",  "checked_sub",  "checked_mul",    "checked_div",    "wrapping_add",
        "wrapping_sub", "wrapping_mul", "saturating_add", "saturating_sub", "rem_euclid", "contains",
        "starts_with",  "ends_with",    "push",         "push_str"};
    const std::string& owner = e.path.segments[0];
    vm::Method method = method_by_name(e.path.segments[1]);
    if (method != vm::Method::None && surface::is_method_owner(owner) && !find_item(owner)) {
      std::uint8_t args = kWithArgument.count(e.path.segments[1]) ? 1 : 0;
      std::uint32_t f = function_value(e.path.str(), 1u + args, Op::Method, static_cast<std::uint32_t>(method),
                                       name_id(e.path.segments[1]), args, e.span);
      push_const(Value::scalar(vm::Tag::Fn, f), e.span);
      return;
    }
  }
  Entity ent = resolve_path(e.path, true);
  switch (ent.kind) {
    case Entity::Kind::Fn:
      push_const(Value::scalar(vm::Tag::Fn, ent.index), e.span);
      return;
    case Entity::Kind::Const: {
      // A const is its expression, again at each use; a static is one value: the first use
      // computes it (LoadStatic skips that once it is there).
      bool is_static = ent.item->kind == Item::Kind::Static;
      std::size_t load = is_static ? emit(Op::LoadStatic, e.span, ent.index) : 0;
      expr(*ent.item->value);
      if (std::uint32_t d = desc_of(ent.item->type.get())) emit(Op::Coerce, e.span, d);
      if (is_static) {
        emit(Op::InitStatic, e.span, ent.index);
        patch_b(load, here());
      }
      return;
    }
    case Entity::Kind::IntConst:
      push_const(ent.constant, e.span);
      return;
    case Entity::Kind::Variant:
    case Entity::Kind::StdVariant: {
      const auto& v = m_->types[ent.index].variants[ent.variant];
      if (!v.unit && v.tuple) {  // `.map(Some)`: the variant as a function of its fields
        auto n = static_cast<std::uint32_t>(v.fields.size());
        std::uint32_t f = function_value(m_->types[ent.index].name + "::" + v.name, n, Op::MakeRecord, ent.index,
                                         ent.variant, static_cast<std::uint8_t>(n), e.span);
        push_const(Value::scalar(vm::Tag::Fn, f), e.span);
        return;
      }
      emit(Op::MakeRecord, e.span, ent.index, ent.variant, 0);
      return;
    }
    case Entity::Kind::Type: {
      const auto& t = m_->types[ent.index];
      if (!t.is_enum && t.variants[0].unit) {
        emit(Op::MakeRecord, e.span, ent.index, 0, 0);
        return;
      }
      if (!t.is_enum && t.variants[0].tuple) {  // a tuple struct's name as a function of its fields
        auto n = static_cast<std::uint32_t>(t.variants[0].fields.size());
        push_const(Value::scalar(vm::Tag::Fn, function_value(t.name, n, Op::MakeRecord, ent.index, 0,
                                                             static_cast<std::uint8_t>(n), e.span)),
                   e.span);
        return;
      }
      error(e.span, "expected value, found struct `" + t.name + "`");
      emit(Op::Unit, e.span);
      return;
    }
    case Entity::Kind::StdType:  // a std unit struct as a value: `Err(RecvError)`
      if (surface::builtin_id(join(ent.path)) && !m_->types[ent.index].is_enum && m_->types[ent.index].variants[0].unit) {
        emit(Op::MakeRecord, e.span, ent.index, 0, 0);
        return;
      }
      error(e.span, "expected value, found struct `" + e.path.str() + "`", "not a value");
      emit(Op::Unit, e.span);
      return;
    case Entity::Kind::None:
      emit(Op::Unit, e.span);
      return;
    case Entity::Kind::Native: {  // `Vec::new`, `String::from` as values
      auto native = static_cast<vm::Native>(ent.index);
      std::uint32_t arity = surface::native_arity(native);
      std::uint32_t f =
          function_value(e.path.str(), arity, Op::Native, ent.index, 0, static_cast<std::uint8_t>(arity), e.span);
      push_const(Value::scalar(vm::Tag::Fn, f), e.span);
      return;
    }
    default:
      error(e.span, "expected value, found `" + e.path.str() + "`", "not a value");
      emit(Op::Unit, e.span);
      return;
  }
}

void Compiler::call_expr(const Expr& e) {
  const Expr& callee = *e.lhs;
  auto argc = static_cast<std::uint8_t>(std::min<std::size_t>(e.args.size(), 255));
  if (callee.kind == Expr::Kind::Path) {
    // `i32::abs(x)`, `f64::sqrt(x)`, `str::len(s)`, `i32::max(a, b)`: a std type's method called
    // as a function, its first argument the receiver.
    if (const auto& segs = callee.path.segments; segs.size() == 2 && !e.args.empty()) {
        vm::Method m = method_by_name(segs[1]);
      if (m != vm::Method::None && surface::is_method_owner(segs[0]) && !find_item(segs[0])) {
        expr(*e.args[0], Use::Borrow);
        for (std::size_t i = 1; i < e.args.size(); ++i) expr(*e.args[i]);
        emit(Op::Method, callee.span, static_cast<std::uint32_t>(m), name_id(segs[1]),
             static_cast<std::uint8_t>(argc - 1));
        return;
      }
    }
    bool is_local = callee.path.segments.size() == 1 && resolve_local(callee.path.segments[0]).has_value();
    if (!is_local) {
      Entity ent = resolve_path(callee.path, true);
      switch (ent.kind) {
        case Entity::Kind::Fn: {
          for (const auto& a : e.args) arg_expr(*a);
          emit(Op::Call, e.span, ent.index, 0, argc);
          return;
        }
        case Entity::Kind::Native: {
          auto native = static_cast<vm::Native>(ent.index);
          std::uint32_t arity = surface::native_arity(native);
          if (e.args.size() != arity) {
            error(e.span, "this function takes " + std::to_string(arity) + " argument" + (arity == 1 ? "" : "s") +
                              " but " + std::to_string(e.args.size()) + " argument" +
                              (e.args.size() == 1 ? " was" : "s were") + " supplied");
          }
          // drop(local): drop it now, in place.
          if (native == vm::Native::Drop && e.args.size() == 1 && e.args[0]->kind == Expr::Kind::Path &&
              e.args[0]->path.segments.size() == 1) {
            if (auto slot = resolve_local(e.args[0]->path.segments[0])) {
              emit(Op::Drop, e.span, *slot);
              emit(Op::Unit, e.span);
              return;
            }
          }
          if ((native == vm::Native::Spawn || native == vm::Native::TokioSpawn || native == vm::Native::TokioTaskSpawn ||
               native == vm::Native::SpawnBlocking) &&
              e.args.size() == 1) {
            spawn_argument_ = e.args[0].get();
          }
          for (const auto& a : e.args) expr(*a);
          spawn_argument_ = nullptr;
          emit(Op::Native, e.span, ent.index, 0, argc);
          return;
        }
        case Entity::Kind::Variant:
        case Entity::Kind::StdVariant:
        case Entity::Kind::Type: {
          const auto& t = m_->types[ent.index];
          const auto& v = t.variants[ent.variant];
          if (!v.tuple && ent.index >= vm::builtin::Count) {
            error(callee.span, "expected function, tuple struct or tuple variant, found `" + callee.path.str() + "`");
            emit(Op::Unit, e.span);
            return;
          }
          if (ent.index >= vm::builtin::Count && v.fields.size() != e.args.size()) {
            error(e.span, "this enum variant takes " + std::to_string(v.fields.size()) + " arguments but " +
                              std::to_string(e.args.size()) + " were supplied");
          }
          for (const auto& a : e.args) expr(*a);
          emit(Op::MakeRecord, e.span, ent.index, ent.variant, argc);
          return;
        }
        case Entity::Kind::None:
          emit(Op::Unit, e.span);
          return;
        default:
          error(callee.span, "expected function, found `" + callee.path.str() + "`");
          emit(Op::Unit, e.span);
          return;
      }
    }
  }
  expr(callee, Use::Borrow);
  for (const auto& a : e.args) arg_expr(*a);
  emit(Op::CallValue, e.span, 0, 0, argc);
}

std::optional<std::uint32_t> Compiler::mut_ref_target(const Expr& e) {
  auto local_path = [&](const Expr& x) -> std::optional<std::uint32_t> {
    if (x.kind != Expr::Kind::Path || x.path.segments.size() != 1) return std::nullopt;
    return resolve_local(x.path.segments[0]);
  };
  if (e.kind == Expr::Kind::Unary && e.unary_op == UnaryOp::RefMut) return local_path(*e.lhs);
  auto slot = local_path(e);
  if (slot && fn_->ref_slots.count(*slot)) return slot;
  return std::nullopt;
}

// A call's argument. `&mut x` passes a reference to x's slot (Op::MakeRef), so that the callee's
// `*counter += 1` changes the caller's x; a `&mut` the caller itself holds is passed on as it is.
// Objects (Vec, String, structs) are shared already; the reference changes nothing for them.
void Compiler::arg_expr(const Expr& e) {
  if (auto slot = mut_ref_target(e)) {
    emit(Op::MakeRef, e.span, *slot);
    return;
  }
  expr(e);
}

vm::Method method_by_name(const std::string& name) {
  static const std::unordered_map<std::string, vm::Method> kMethods = [] {
    std::unordered_map<std::string, vm::Method> m;
    std::uint32_t i = 0;
#define BRIGADE_METHOD_NAME(nm) m[#nm] = static_cast<vm::Method>(i++);
    BRIGADE_METHODS(BRIGADE_METHOD_NAME)
#undef BRIGADE_METHOD_NAME
    return m;
  }();
  auto it = kMethods.find(name);
  return it == kMethods.end() ? vm::Method::None : it->second;
}

std::uint8_t Compiler::collect_mode(const TypeExpr* t) {
  if (t == nullptr || t->kind != TypeExpr::Kind::Path || t->path.segments.empty()) return 0;
  const std::string& last = t->path.segments.back();
  return last == "Result" ? 1 : last == "Option" ? 2 : 0;
}

void Compiler::method_expr(const Expr& e) {
  vm::Method m = method_by_name(e.text);
  bool user = user_method_names_.count(e.text) > 0;
  if (m == vm::Method::None && !user) {
    static const std::set<std::string> kClosureAdapters = {"dedup_by_key", "binary_search_by", "group_by"};
    if (kClosureAdapters.count(e.text)) {
      unsupported(e.name_span, "the method `" + e.text + "` (it takes a closure)");
    } else {
      error(e.name_span, "no method named `" + e.text + "` found in Brigade's Rust subset", "method not found",
            "see the README for the supported methods of channels, threads, Vec, String, Option and Result");
    }
    emit(Op::Unit, e.span);
    return;
  }
  // The receiver is borrowed (auto-ref), except where the method consumes it and that
  // matters for when it is dropped: into_iter.
  if (is_guard_expr(*e.lhs)) {  // `m.lock().unwrap().method()`: the guard outlives the call
    std::uint32_t slot = hidden_slot();
    fn_->scopes.back().locals.push_back(Local{"", slot});
    guard_slots_.push_back(slot);
    expr(*e.lhs, Use::Move);
    emit(Op::Store, e.lhs->span, slot);
    emit(Op::Load, e.lhs->span, slot);
  } else {
    expr(*e.lhs, m == vm::Method::into_iter ? Use::Move : Use::Borrow);
  }
  for (const auto& a : e.args) expr(*a);
  auto argc = static_cast<std::uint8_t>(std::min<std::size_t>(e.args.size(), 255));
  if (m == vm::Method::collect && e.args.empty()) {
    // Into a Result or an Option: the compiler passes which as the one argument Rust's collect
    // never has (std/iter.cpp, consume).
    std::uint8_t mode = !e.generics.empty() ? collect_mode(e.generics[0].get()) : &e == collect_into_ ? collect_mode_ : 0;
    if (mode != 0) {
      push_const(Value::integer(mode, vm::IntKind::U8), e.span);
      argc = 1;
    }
  }
  emit(Op::Method, e.name_span, static_cast<std::uint32_t>(m), name_id(e.text), argc);
  // `sum::<u64>()`, `collect::<Vec<u8>>()`: the turbofish gives the result's integer kind.
  if (!e.generics.empty()) {
    if (std::uint32_t d = desc_of(e.generics[0].get())) emit(Op::Coerce, e.name_span, d);
  }
}

}  // namespace brigade::lang::compiler
