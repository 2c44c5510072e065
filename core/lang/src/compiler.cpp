// compiler.cpp — stage 3: syntax tree to bytecode.
//
// Index
//   [SECTION] Names: items, `use` imports, std paths
//   [SECTION] Types (descriptors for integer coercion)
//   [SECTION] Functions, scopes, locals, captures
//   [SECTION] Patterns
//   [SECTION] Statements and blocks
//   [SECTION] Expressions
//   [SECTION] Macros (format, panic, assert, vec, matches)
//   [SECTION] Module
#include "brigade/lang/compiler.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <string>
#include <unordered_map>
#include <vector>

#include "brigade/lang/parser.hpp"

namespace brigade::lang {

using namespace ast;
using vm::Instr;
using vm::Op;
using vm::Value;
using vm::Int128;
using vm::UInt128;

namespace {

constexpr std::uint32_t kNoSlot = 0xffffffff;

std::string join(const std::vector<std::string>& segments, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < segments.size(); ++i) {
    if (!out.empty()) out += "::";
    out += segments[i];
  }
  return out;
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

// ---------------------------------------------------------------- [SECTION] Names

// What a name or path stands for.
struct Entity {
  enum class Kind { None, Fn, Type, Variant, Const, Alias, Native, StdType, StdModule, StdVariant, IntConst, Generic, Trait };
  Kind kind = Kind::None;
  std::uint32_t index = 0;    // Fn: function; Type/Variant: type id; Native: native id
  std::uint32_t variant = 0;  // Variant
  const Item* item = nullptr;  // Const; Trait: the trait item
  std::vector<std::string> path;  // Alias: the canonical path
  Value constant;                 // IntConst
};

// The std items Brigade knows, by canonical path.
const std::set<std::string>& std_modules() {
  static const std::set<std::string> k = {"std",          "std::sync",    "std::sync::mpsc", "std::thread", "std::time",
                                          "std::sync::atomic", "std::ops", "std::collections",
                                          "std::mem",     "std::process", "std::cmp",        "std::fmt",    "std::io"};
  return k;
}
const std::set<std::string>& std_types() {
  static const std::set<std::string> k = {"std::sync::mpsc::Sender",     "std::sync::mpsc::SyncSender",
                                          "std::sync::mpsc::Receiver",   "std::sync::mpsc::SendError",
                                          "std::sync::mpsc::RecvError",  "std::sync::mpsc::TryRecvError",
                                          "std::sync::mpsc::TrySendError", "std::sync::mpsc::RecvTimeoutError",
                                          "std::thread::JoinHandle",     "std::time::Duration",
                                          "std::time::Instant",          "String",
                                          "Vec",                         "Option",
                                          "Result",                      "std::sync::mpsc::Iter",
                                          "std::sync::mpsc::TryIter",    "std::sync::mpsc::IntoIter",
                                          "std::cmp::Ordering",          "std::cmp::Reverse",
                                          "std::fmt::Display",           "std::fmt::Debug",
                                          "std::fmt::Formatter",         "std::fmt::Result",
                                          "std::fmt::Write",             "std::sync::Arc",
                                          "std::sync::Mutex",            "std::sync::MutexGuard",
                                          "std::sync::atomic::Ordering", "std::sync::atomic::AtomicUsize",
                                          "std::sync::atomic::AtomicIsize", "std::sync::atomic::AtomicU64",
                                          "std::sync::atomic::AtomicI64", "std::sync::atomic::AtomicU32",
                                          "std::sync::atomic::AtomicI32", "std::sync::atomic::AtomicBool",
                                          "std::ops::Range",             "std::ops::RangeInclusive",
                                          "std::thread::Builder",        "std::thread::Thread",
                                          "std::thread::ThreadId",       "std::collections::HashMap",
                                          "std::collections::BTreeMap",  "std::collections::HashSet",
                                          "std::collections::BTreeSet",  "std::collections::VecDeque"};
  return k;
}
// Builtin enum/struct types reachable by path: type id.
std::optional<std::uint32_t> builtin_type(const std::string& path) {
  if (path == "Option") return vm::builtin::Option;
  if (path == "Result") return vm::builtin::Result;
  if (path == "std::sync::mpsc::RecvError") return vm::builtin::RecvError;
  if (path == "std::sync::mpsc::TryRecvError") return vm::builtin::TryRecvError;
  if (path == "std::sync::mpsc::RecvTimeoutError") return vm::builtin::RecvTimeoutError;
  if (path == "std::sync::mpsc::SendError") return vm::builtin::SendError;
  if (path == "std::sync::mpsc::TrySendError") return vm::builtin::TrySendError;
  if (path == "std::cmp::Ordering") return vm::builtin::Ordering;
  if (path == "std::sync::atomic::Ordering") return vm::builtin::AtomicOrdering;
  return std::nullopt;
}

vm::Method method_by_name(const std::string& name);

std::uint32_t native_arity(vm::Native n) {
  static const std::uint32_t kArity[] = {
#define BRIGADE_NATIVE_ARITY(nm, path, arity) arity,
      BRIGADE_NATIVES(BRIGADE_NATIVE_ARITY)
#undef BRIGADE_NATIVE_ARITY
  };
  return kArity[static_cast<std::size_t>(n)];
}

const char* const kPreludeTypes[] = {"String", "Vec", "Option", "Result", "bool", "char", "str", "f64", "f32"};

// ---------------------------------------------------------------- the compiler

struct Local {
  std::string name;
  std::uint32_t slot;
};

struct Scope {
  std::vector<Local> locals;
  std::unordered_map<std::string, Entity> items;  // fn items and `use`s inside a block
};

struct LoopCtx {
  std::string label;
  std::size_t scope_depth;  // scopes outside the loop
  std::uint32_t mark_slot;
  std::uint32_t result_slot;  // `loop` only
  std::vector<std::size_t> breaks;
  std::vector<std::size_t> continues;
};

struct Capture {
  std::string name;
  std::uint32_t slot;         // in the closure
  std::uint32_t outer_slot;   // in the enclosing function
};

struct FnCtx {
  std::uint32_t index = 0;
  FnCtx* parent = nullptr;
  std::vector<Scope> scopes;
  std::vector<LoopCtx> loops;
  std::uint32_t next_slot = 0;
  std::vector<Capture> captures;
  std::uint32_t ret_desc = 0;  // 0: no coercion
  bool is_closure = false;
  std::optional<std::uint32_t> self_type;  // inside an impl
  // Slots that hold a reference to another slot (a `&mut` parameter, `let r = &mut x`): reads
  // and writes go through to the referent; passed on as an argument, the reference itself goes.
  std::set<std::uint32_t> ref_slots;
};

class Compiler {
 public:
  Compiler(const Source& src, Diagnostics& diag) : src_(src), diag_(diag) {}

  std::shared_ptr<vm::Module> run(const Program& program);

 private:
  // ---- module state
  const Source& src_;
  Diagnostics& diag_;
  std::shared_ptr<vm::Module> m_ = std::make_shared<vm::Module>();
  std::unordered_map<std::string, Entity> module_items_;
  std::unordered_map<std::string, std::uint32_t> desc_cache_;
  std::unordered_map<std::string, std::uint32_t> name_ids_;
  // Bodies to compile: the fn, its function index, and Self for a method (a trait's default
  // body is compiled once for each type that takes it).
  std::vector<std::tuple<const Item*, std::uint32_t, std::optional<std::uint32_t>>> pending_fns_;
  // `#[derive(Default)]` structs: the type, its item, and the function made for `Type::default()`.
  std::vector<std::tuple<std::uint32_t, const Item*, std::uint32_t>> derived_defaults_;
  std::unordered_map<std::uint32_t, const Item*> struct_items_;  // user struct type -> its item
  FnCtx* fn_ = nullptr;
  const Expr* spawn_argument_ = nullptr;  // the closure given to thread::spawn, being compiled
  std::set<std::string> user_method_names_;

  vm::Function& F() { return m_->functions[fn_->index]; }
  std::size_t here() { return F().code.size(); }

  // ---- errors
  void error(Span s, std::string message, std::string label = {}, std::string help = {}) {
    diag_.error(s, std::move(message), std::move(label), std::move(help));
  }
  void unsupported(Span s, const std::string& what) {
    error(s, what + " is not supported in Brigade's Rust subset", "not supported",
          "Brigade runs the channel tutorial's subset: fns, structs, enums, closures, threads, channels, Vec, "
          "String, Option and Result");
  }

  // ---- emitting
  std::size_t emit(Op op, Span span, std::uint32_t a = 0, std::uint32_t b = 0, std::uint8_t c = 0) {
    F().code.push_back(Instr{op, c, a, b});
    F().spans.push_back(span);
    return F().code.size() - 1;
  }
  void patch(std::size_t at, std::size_t target) { F().code[at].a = static_cast<std::uint32_t>(target); }
  void patch_b(std::size_t at, std::size_t target) { F().code[at].b = static_cast<std::uint32_t>(target); }
  std::uint32_t constant(Value v) {
    m_->constants.push_back(std::move(v));
    return static_cast<std::uint32_t>(m_->constants.size() - 1);
  }
  void push_const(Value v, Span s) { emit(Op::Const, s, constant(std::move(v))); }
  void push_str(const std::string& text, Span s) { push_const(vm::make_static_str(text), s); }
  std::uint32_t name_id(const std::string& name) {
    auto [it, fresh] = name_ids_.emplace(name, static_cast<std::uint32_t>(m_->names.size()));
    if (fresh) m_->names.push_back(name);
    return it->second;
  }

  // ---- names
  void declare_items(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into);
  bool default_value(const TypeExpr* t, Span s);  // pushes Default::default() of type t
  void compile_derived_default(std::uint32_t type, const Item& item, std::uint32_t index);
  std::uint32_t add_method(std::uint32_t type, const std::string& type_name, const Item& fn);
  void declare_use(const UseTree& tree, std::vector<std::string> prefix, std::unordered_map<std::string, Entity>& into);
  const Entity* find_item(const std::string& name);
  Entity resolve_path(const Path& path, bool report);
  // ---- types
  std::uint32_t desc_of(const TypeExpr* t);
  bool check_type(const TypeExpr* t);
  // Associated constants of impl blocks, by (type, name).
  std::map<std::pair<std::uint32_t, std::string>, const Item*> assoc_consts_;
  // ---- functions
  std::uint32_t new_function(std::string name, Span span);
  void compile_fn(const Item& item, std::uint32_t index, std::optional<std::uint32_t> self_type);
  std::uint32_t declare_local(const std::string& name);
  std::uint32_t hidden_slot() { return fn_->next_slot++; }
  // `.map(Some)`, `.map(String::from)`, `.or_insert_with(Vec::new)`: a tuple variant, a tuple
  // struct or a std function used as a value is a small function made once (by `key`) that
  // takes `arity` arguments and ends in `op` (MakeRecord a, b / Native a).
  std::unordered_map<std::string, std::uint32_t> fn_values_;
  std::uint32_t function_value(const std::string& key, std::uint32_t arity, Op op, std::uint32_t a, std::uint32_t b,
                               std::uint8_t c, Span s);
  // A MutexGuard made in the middle of an expression (`rx.lock().unwrap().recv()`) lives, as
  // in Rust, to the end of its statement — through a `match`, `if let` or `while let` body it
  // heads — not just to the end of the call: it is kept in a hidden local of the innermost
  // scope, listed here until the statement (or the condition of an `if` / `while`) ends.
  std::vector<std::uint32_t> guard_slots_;
  static bool is_guard_expr(const Expr& x) {
    return x.kind == Expr::Kind::MethodCall && (x.text == "unwrap" || x.text == "expect") && x.lhs &&
           x.lhs->kind == Expr::Kind::MethodCall && x.lhs->text == "lock" && x.lhs->args.empty();
  }
  // Drops the guards made since `mark` (their slots are Empty afterwards, so a later scope-end
  // drop of them does nothing).
  void drop_guards_since(std::size_t mark, Span s) {
    for (std::size_t i = guard_slots_.size(); i > mark; --i) emit(Op::Drop, s, guard_slots_[i - 1]);
    guard_slots_.resize(std::min(mark, guard_slots_.size()));
  }

  std::optional<std::uint32_t> lookup_local(FnCtx* ctx, const std::string& name);
  std::optional<std::uint32_t> resolve_local(const std::string& name) { return lookup_local(fn_, name); }
  // `&mut x` of a local x, or a local that is itself a `&mut`: the slot to reference.
  std::optional<std::uint32_t> mut_ref_target(const Expr& e);
  void arg_expr(const Expr& e);
  void push_scope() { fn_->scopes.emplace_back(); }
  void pop_scope(Span s);
  void emit_drops(std::size_t down_to, Span s);
  // ---- patterns
  bool pattern_is_simple(const Pattern& p) const;
  void destructure(const Pattern& p);
  void resolve_bare_names(const Pattern& p);
  void test_pattern(const Pattern& p, std::uint32_t temp, std::vector<std::uint32_t>& path,
                    std::vector<std::size_t>& fails);
  void bind_pattern(const Pattern& p, std::uint32_t temp, std::vector<std::uint32_t>& path);
  void load_path(std::uint32_t temp, const std::vector<std::uint32_t>& path, Span s);
  std::optional<std::pair<std::uint32_t, std::uint32_t>> variant_of(const Path& path, bool report);
  std::optional<Value> pattern_literal(const Expr* e);
  // ---- statements
  void block(const Block& b, bool value_needed = true);
  void stmt(const Stmt& s);
  void let_stmt(const Stmt& s);
  // ---- expressions
  enum class Use { Move, Borrow };
  void expr(const Expr& e, Use use = Use::Move);
  void path_expr(const Expr& e, Use use);
  void call_expr(const Expr& e);
  void method_expr(const Expr& e);
  void assign_expr(const Expr& e, bool compound);
  void if_expr(const Expr& e);
  void match_expr(const Expr& e);
  void loop_expr(const Expr& e);
  void while_expr(const Expr& e);
  void for_expr(const Expr& e);
  void break_expr(const Expr& e, bool is_continue);
  void closure_expr(const Expr& e);
  void struct_lit(const Expr& e);
  void literal(const Expr& e);
  void cast_expr(const Expr& e);
  std::optional<std::size_t> find_loop(const std::string& label, Span s);  // index in fn_->loops
  // ---- macros
  void macro_expr(const Expr& e);
  void format_args(const Expr& e, std::size_t first, const std::string& suffix);
  std::string source_text(Span s) const { return std::string(src_.text().substr(s.offset, s.length)); }
};

// ---------------------------------------------------------------- [SECTION] Names (impl)

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
  if (prefix[0] == "std" || prefix[0] == "core") {
    if (prefix[0] == "core") e.path[0] = "std";
    p = join(e.path);
    bool known = std_modules().count(p) || std_types().count(p);
#define BRIGADE_NATIVE_KNOWN(nm, path, arity) known = known || p == path;
    BRIGADE_NATIVES(BRIGADE_NATIVE_KNOWN)
#undef BRIGADE_NATIVE_KNOWN
    // Enum variants: `use std::sync::mpsc::TryRecvError::Empty;`
    if (!known && prefix.size() > 1) {
      std::vector<std::string> parent(e.path.begin(), e.path.end() - 1);
      known = builtin_type(join(parent)).has_value();
    }
    if (!known) {
      if (p.rfind("std::sync::", 0) == 0 || p.rfind("std::collections", 0) == 0 || p.rfind("std::rc", 0) == 0 ||
          p.rfind("std::cell", 0) == 0) {
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

void Compiler::declare_items(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into) {
  // Types first (so that `use Enum::*` and impls can find them), then the rest.
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
        pending_fns_.emplace_back(&item, e.index, std::nullopt);
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
      if (!item.name.empty() && (int_kind_of(tn) || std_types().count(tn) || tn == "str" || tn == "f64" || tn == "bool")) {
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
      } else if (trait_name != "Display" && trait_name != "Debug" && trait_name != "Default") {
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
  pending_fns_.emplace_back(&fn, index, type);
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
  if (segs[0] != "std") {
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
        error(path.span, std::string("no function or associated item named `") + segs[1] + "` found for " +
                             (t.is_enum ? "enum" : "struct") + " `" + t.name + "`");
      }
      return none;
    } else if (first && first->kind != Entity::Kind::Alias) {
      if (report) error(path.span, "failed to resolve: `" + segs[0] + "` is not a module");
      return none;
    }
  }
  std::string p = join(segs);
  // Prelude.
  if (p == "Some" || p == "Option::Some") return Entity{Entity::Kind::StdVariant, vm::builtin::Option, 1, nullptr, {}, {}};
  if (p == "std::cmp::Reverse") return Entity{Entity::Kind::StdVariant, vm::builtin::Reverse, 0, nullptr, {}, {}};
  if (p == "None" || p == "Option::None") return Entity{Entity::Kind::StdVariant, vm::builtin::Option, 0, nullptr, {}, {}};
  if (p == "Ok" || p == "Result::Ok") return Entity{Entity::Kind::StdVariant, vm::builtin::Result, 0, nullptr, {}, {}};
  if (p == "Err" || p == "Result::Err") return Entity{Entity::Kind::StdVariant, vm::builtin::Result, 1, nullptr, {}, {}};
  if (p == "drop") p = "std::mem::drop";
  int native = 0;
#define BRIGADE_NATIVE_MATCH(nm, npath, arity)                                      \
  if (p == npath) return Entity{Entity::Kind::Native, static_cast<std::uint32_t>(native), 0, nullptr, {}, {}}; \
  ++native;
  BRIGADE_NATIVES(BRIGADE_NATIVE_MATCH)
#undef BRIGADE_NATIVE_MATCH
  if (std_modules().count(p)) return Entity{Entity::Kind::StdModule, 0, 0, nullptr, segs, {}};
  if (std_types().count(p)) {
    Entity e{Entity::Kind::StdType, 0, 0, nullptr, segs, {}};
    if (auto b = builtin_type(p)) e.index = *b;
    return e;
  }
  // Variants of builtin enums: TryRecvError::Empty, TrySendError::Full, ...
  if (segs.size() >= 2) {
    std::string parent = join(std::vector<std::string>(segs.begin(), segs.end() - 1));
    if (auto b = builtin_type(parent)) {
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
    if (segs[0] == "std") {
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

// ---------------------------------------------------------------- [SECTION] Types

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
          if (e->kind == Entity::Kind::Alias) ok = ok || std_types().count(join(e->path));
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
        if (last == "RwLock" || last == "Rc" || last == "RefCell" ||
            last == "Cell" ||
            last == "Condvar" || last == "Barrier") {
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

// ---------------------------------------------------------------- [SECTION] Functions

std::uint32_t Compiler::new_function(std::string name, Span span) {
  vm::Function f;
  f.name = std::move(name);
  f.span = span;
  m_->functions.push_back(std::move(f));
  return static_cast<std::uint32_t>(m_->functions.size() - 1);
}

std::uint32_t Compiler::declare_local(const std::string& name) {
  std::uint32_t slot = fn_->next_slot++;
  fn_->scopes.back().locals.push_back(Local{name, slot});
  return slot;
}

std::optional<std::uint32_t> Compiler::lookup_local(FnCtx* ctx, const std::string& name) {
  for (auto s = ctx->scopes.rbegin(); s != ctx->scopes.rend(); ++s) {
    for (auto l = s->locals.rbegin(); l != s->locals.rend(); ++l) {
      if (l->name == name) return l->slot;
    }
  }
  for (const auto& c : ctx->captures) {
    if (c.name == name) return c.slot;
  }
  // A closure sees its enclosing function's locals: capture them.
  if (ctx->is_closure && ctx->parent) {
    if (auto outer = lookup_local(ctx->parent, name)) {
      std::uint32_t slot = ctx->next_slot++;
      ctx->captures.push_back(Capture{name, slot, *outer});
      return slot;
    }
  }
  return std::nullopt;
}

void Compiler::emit_drops(std::size_t down_to, Span s) {
  for (std::size_t i = fn_->scopes.size(); i > down_to; --i) {
    const auto& locals = fn_->scopes[i - 1].locals;
    for (auto l = locals.rbegin(); l != locals.rend(); ++l) emit(Op::Drop, s, l->slot);
  }
}

void Compiler::pop_scope(Span s) {
  emit_drops(fn_->scopes.size() - 1, s);
  fn_->scopes.pop_back();
}

void Compiler::compile_fn(const Item& item, std::uint32_t index, std::optional<std::uint32_t> self_type) {
  FnCtx ctx;
  ctx.index = index;
  ctx.self_type = self_type;
  FnCtx* saved = fn_;
  ctx.parent = nullptr;
  fn_ = &ctx;
  push_scope();
  Span end_span = item.body ? item.body->span : item.span;
  if (!item.generic_params.empty()) {
    for (const auto& g : item.generic_params) fn_->scopes.back().items[g].kind = Entity::Kind::Generic;
  }
  std::uint32_t arity = 0;
  if (item.has_self) {
    declare_local("self");
    ++arity;
  }
  std::vector<std::pair<const Param*, std::uint32_t>> params;
  for (const auto& p : item.params) {
    check_type(p.type.get());
    std::uint32_t slot = hidden_slot();
    params.emplace_back(&p, slot);
    ++arity;
  }
  F().arity = arity;
  for (const auto& [p, slot] : params) {
    if (std::uint32_t d = desc_of(p->type.get())) emit(Op::CoerceLocal, p->span, slot, d);
    if (p->type && p->type->kind == TypeExpr::Kind::Ref && p->type->mut_ref) fn_->ref_slots.insert(slot);
    if (p->pattern->kind == Pattern::Kind::Binding && !p->pattern->sub) {
      fn_->scopes.back().locals.push_back(Local{p->pattern->name, slot});
    } else {
      emit(Op::Move, p->span, slot);
      destructure(*p->pattern);
    }
  }
  if (item.ret) check_type(item.ret.get());
  ctx.ret_desc = desc_of(item.ret.get());
  if (item.body) {
    block(*item.body);
  } else {
    emit(Op::Unit, end_span);
  }
  if (ctx.ret_desc) emit(Op::Coerce, end_span, ctx.ret_desc);
  Span close = end_span;
  if (close.length > 0) close = src_.locate(close.offset + close.length - 1, 1);
  emit(Op::Return, close);
  F().locals = ctx.next_slot;
  fn_ = saved;
}

// ---------------------------------------------------------------- [SECTION] Patterns

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
  if (e.kind == Entity::Kind::Type || (e.kind == Entity::Kind::StdType && builtin_type(join(e.path)))) {
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
          error(p.span, "this pattern has " + std::to_string(n) + " fields, but the corresponding tuple variant has " +
                            std::to_string(variant.fields.size()) + " fields");
        }
      } else if (p.kind == Pattern::Kind::Struct) {
        for (std::size_t i = 0; i < p.items.size(); ++i) {
          auto at = std::find(variant.fields.begin(), variant.fields.end(), p.field_names[i]);
          if (at == variant.fields.end()) {
            error(p.items[i]->span, "variant `" + variant.name + "` does not have a field named `" + p.field_names[i] + "`");
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

// ---------------------------------------------------------------- [SECTION] Statements and blocks

void Compiler::block(const Block& b, bool value_needed) {
  push_scope();
  // Items inside the block are visible in all of it.
  std::vector<const Item*> items;
  for (const auto& s : b.stmts) {
    if (s.kind == Stmt::Kind::Item && s.item) items.push_back(s.item.get());
  }
  if (!items.empty()) declare_items(items, fn_->scopes.back().items);
  for (const auto& s : b.stmts) stmt(s);
  if (b.tail) {
    expr(*b.tail);
    if (!value_needed) emit(Op::Pop, b.tail->span);
  } else if (value_needed) {
    emit(Op::Unit, b.span);
  }
  Span close = b.span;
  if (close.length > 0) close = src_.locate(close.offset + close.length - 1, 1);
  pop_scope(close);
}

void Compiler::stmt(const Stmt& s) {
  std::size_t guards = guard_slots_.size();
  switch (s.kind) {
    case Stmt::Kind::Empty:
    case Stmt::Kind::Item:
      return;
    case Stmt::Kind::Let:
      let_stmt(s);
      drop_guards_since(guards, s.span);
      return;
    case Stmt::Kind::Expr:
      expr(*s.expr);
      emit(Op::Pop, s.expr->span);
      drop_guards_since(guards, s.expr->span);
      return;
  }
}

void Compiler::let_stmt(const Stmt& s) {
  check_type(s.type.get());
  std::uint32_t desc = desc_of(s.type.get());
  if (!s.expr) {  // `let x;` assigned later
    if (s.pattern->kind == Pattern::Kind::Binding) {
      std::uint32_t slot = declare_local(s.pattern->name);
      emit(Op::Drop, s.span, slot);  // starts Empty
    } else {
      unsupported(s.span, "a `let` with a pattern and no value");
    }
    return;
  }
  // `let _ = place;` neither moves nor drops the place.
  if (s.pattern->kind == Pattern::Kind::Wildcard && s.expr->kind == Expr::Kind::Path && !s.else_block) return;
  // `let r = &mut x;`: r refers to x's slot; `*r += 1` changes x.
  if (s.pattern->kind == Pattern::Kind::Binding && !s.pattern->sub && !s.else_block &&
      s.expr->kind == Expr::Kind::Unary && s.expr->unary_op == UnaryOp::RefMut) {
    if (auto target = mut_ref_target(*s.expr)) {
      emit(Op::MakeRef, s.expr->span, *target);
      std::uint32_t slot = declare_local(s.pattern->name);
      emit(Op::Drop, s.span, slot);  // a slot reused by a loop may still hold last turn's reference
      emit(Op::Store, s.span, slot);
      fn_->ref_slots.insert(slot);
      return;
    }
  }
  expr(*s.expr);
  if (desc) emit(Op::Coerce, s.expr->span, desc);
  if (!s.else_block) {
    destructure(*s.pattern);
    return;
  }
  // let PATTERN = value else { diverge };
  std::uint32_t temp = hidden_slot();
  emit(Op::Store, s.span, temp);
  std::vector<std::uint32_t> path;
  std::vector<std::size_t> fails;
  test_pattern(*s.pattern, temp, path, fails);
  std::size_t ok = emit(Op::Jump, s.span);
  for (auto f : fails) patch(f, here());
  block(*s.else_block, false);
  push_str("internal error: entered unreachable code: let-else fell through", s.span);
  emit(Op::Panic, s.span);
  patch(ok, here());
  path.clear();
  bind_pattern(*s.pattern, temp, path);
  emit(Op::Drop, s.span, temp);
}

// ---------------------------------------------------------------- [SECTION] Expressions

void Compiler::literal(const Expr& e) {
  if (auto v = pattern_literal(&e)) {
    push_const(std::move(*v), e.span);
  } else {
    emit(Op::Unit, e.span);
  }
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
    case Expr::Kind::Binary: {
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
      emit(Op::Index, e.span);
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
      emit(use == Use::Move ? Op::Move : Op::Load, e.span, *slot);
      return;
    }
  }
  // `str::to_string`, `String::len`, `ToString::to_string`: a std method of its receiver alone,
  // as a function value.
  if (e.path.segments.size() == 2) {
    static const std::set<std::string> kOwners = {"str", "String", "ToString", "Option", "Result", "char", "f64",
                                                  "Vec", "Clone"};
    const std::string& owner = e.path.segments[0];
    vm::Method method = method_by_name(e.path.segments[1]);
    if (method != vm::Method::None && (kOwners.count(owner) || int_kind_of(owner)) && !find_item(owner)) {
      std::uint32_t f = function_value(e.path.str(), 1, Op::Method, static_cast<std::uint32_t>(method),
                                       name_id(e.path.segments[1]), 0, e.span);  // the receiver alone
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
      if (builtin_type(join(ent.path)) && !m_->types[ent.index].is_enum && m_->types[ent.index].variants[0].unit) {
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
      std::uint32_t arity = native_arity(native);
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
          std::uint32_t arity = native_arity(native);
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
          if (native == vm::Native::Spawn && e.args.size() == 1) spawn_argument_ = e.args[0].get();
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
  emit(Op::Method, e.name_span, static_cast<std::uint32_t>(m), name_id(e.text), argc);
  // `sum::<u64>()`, `collect::<Vec<u8>>()`: the turbofish gives the result's integer kind.
  if (!e.generics.empty()) {
    if (std::uint32_t d = desc_of(e.generics[0].get())) emit(Op::Coerce, e.name_span, d);
  }
}

// `place = value` and `place op= value`. The place's container is evaluated once; a compound
// assignment reads the place's current value first and combines it with the right-hand side
// (Binary with a = 1 appends to a String in place).
void Compiler::assign_expr(const Expr& e, bool compound) {
  const Expr& place = *e.lhs;
  auto new_value = [&] {
    if (!compound) {
      expr(*e.rhs);
      return;
    }
    expr(*e.rhs, Use::Borrow);
    emit(Op::Binary, e.span, 1, 0, static_cast<std::uint8_t>(e.binary_op));
  };
  switch (place.kind) {
    case Expr::Kind::Path: {
      std::optional<std::uint32_t> slot;
      if (place.path.segments.size() == 1) slot = resolve_local(place.path.segments[0]);
      if (slot) {
        if (compound) emit(Op::Load, e.span, *slot);
        new_value();
        emit(Op::Store, e.span, *slot);
      } else if (!compound && place.path.segments.size() == 1 && place.path.segments[0] == "_") {
        expr(*e.rhs);
        emit(Op::Pop, e.span);
      } else {
        error(place.span, "cannot find value `" + place.path.str() + "` in this scope", "not found in this scope");
      }
      break;
    }
    case Expr::Kind::Field:
    case Expr::Kind::TupleIndex: {
      bool by_index = place.kind == Expr::Kind::TupleIndex;
      std::uint32_t a = by_index ? static_cast<std::uint32_t>(place.index) : kNoSlot;
      std::uint32_t b = by_index ? 0 : name_id(place.text);
      expr(*place.lhs, Use::Borrow);
      if (compound) {
        emit(Op::Dup, e.span);
        emit(Op::Field, e.span, a, b);
      }
      new_value();
      emit(Op::SetField, e.span, a, b);
      break;
    }
    case Expr::Kind::Index:
      expr(*place.lhs, Use::Borrow);
      expr(*place.rhs, Use::Borrow);
      if (compound) {
        emit(Op::Dup2, e.span);
        emit(Op::Index, e.span);
      }
      new_value();
      emit(Op::SetIndex, e.span);
      break;
    default:
      if (place.kind == Expr::Kind::Unary && place.unary_op == UnaryOp::Deref && place.lhs->kind == Expr::Kind::Path &&
          place.lhs->path.segments.size() == 1) {
        // `*r = v`, `*r += v` where r is a `&mut` local: Store writes through the reference.
        auto slot = resolve_local(place.lhs->path.segments[0]);
        if (slot && fn_->ref_slots.count(*slot)) {
          if (compound) emit(Op::Load, e.span, *slot);
          new_value();
          emit(Op::Store, e.span, *slot);
          break;
        }
      }
      if (place.kind == Expr::Kind::Unary && place.unary_op == UnaryOp::Deref) {
        // `*guard = v`, `*counter.lock().unwrap() += 1`: through a MutexGuard (checked at run time).
        expr(*place.lhs, Use::Borrow);
        if (compound) {
          emit(Op::Dup, e.span);
          emit(Op::Deref, e.span);
        }
        new_value();
        emit(Op::SetDeref, e.span);
      } else {
        error(place.span, "invalid left-hand side of assignment", "cannot assign to this expression");
      }
      break;
  }
  emit(Op::Unit, e.span);
}

void Compiler::if_expr(const Expr& e) {
  if (e.cond->kind == Expr::Kind::Let) {
    // if let PATTERN = value { .. } else { .. }
    const Expr& let = *e.cond;
    push_scope();
    std::uint32_t temp = hidden_slot();
    fn_->scopes.back().locals.push_back(Local{"", temp});
    expr(*let.rhs, Use::Borrow);
    emit(Op::Store, let.span, temp);
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> fails;
    test_pattern(*let.pattern, temp, path, fails);
    path.clear();
    bind_pattern(*let.pattern, temp, path);
    block(*e.block);
    pop_scope(e.block->span);
    std::size_t end = emit(Op::Jump, e.span);
    for (auto f : fails) patch(f, here());
    emit(Op::Drop, e.span, temp);
    if (e.else_expr) {
      expr(*e.else_expr);
    } else {
      emit(Op::Unit, e.span);
    }
    patch(end, here());
    return;
  }
  std::size_t guards = guard_slots_.size();
  expr(*e.cond, Use::Borrow);
  drop_guards_since(guards, e.cond->span);  // an `if` condition's temporaries end with it
  std::size_t else_jump = emit(Op::JumpIfFalse, e.cond->span);
  block(*e.block);
  std::size_t end = emit(Op::Jump, e.span);
  patch(else_jump, here());
  if (e.else_expr) {
    expr(*e.else_expr);
  } else {
    emit(Op::Unit, e.span);
  }
  patch(end, here());
}

void Compiler::match_expr(const Expr& e) {
  push_scope();
  std::uint32_t temp = hidden_slot();
  fn_->scopes.back().locals.push_back(Local{"", temp});  // dropped when the match ends
  expr(*e.lhs, Use::Borrow);
  emit(Op::Store, e.lhs->span, temp);
  std::vector<std::size_t> ends;
  for (const auto& arm : e.arms) {
    push_scope();
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> fails;
    test_pattern(*arm.pattern, temp, path, fails);
    path.clear();
    bind_pattern(*arm.pattern, temp, path);
    if (arm.guard) {
      expr(*arm.guard, Use::Borrow);
      std::size_t guard_ok = emit(Op::JumpIfFalse, arm.guard->span);
      std::size_t skip = emit(Op::Jump, arm.guard->span);
      patch(guard_ok, here());
      // Guard failed: drop this arm's bindings and try the next arm.
      emit_drops(fn_->scopes.size() - 1, arm.guard->span);
      fails.push_back(emit(Op::Jump, arm.guard->span));
      patch(skip, here());
    }
    expr(*arm.body);
    pop_scope(arm.body->span);
    ends.push_back(emit(Op::Jump, arm.span));
    for (auto f : fails) patch(f, here());
  }
  push_str("internal error: entered unreachable code: no match arm matched", e.span);
  emit(Op::Panic, e.span);
  for (auto j : ends) patch(j, here());
  pop_scope(e.span);
}

std::optional<std::size_t> Compiler::find_loop(const std::string& label, Span s) {
  if (fn_->loops.empty()) {
    error(s, "`break` outside of a loop or labeled block", "cannot `break` outside of a loop or labeled block");
    return std::nullopt;
  }
  if (label.empty()) return fn_->loops.size() - 1;
  for (std::size_t i = fn_->loops.size(); i-- > 0;) {
    if (fn_->loops[i].label == label) return i;
  }
  error(s, "use of undeclared label `" + label + "`", "undeclared label `" + label + "`");
  return std::nullopt;
}

void Compiler::break_expr(const Expr& e, bool is_continue) {
  auto index = find_loop(e.text, e.span);
  if (!index) {
    emit(Op::Unit, e.span);
    return;
  }
  if (!is_continue && e.lhs) {
    if (fn_->loops[*index].result_slot == kNoSlot) {
      error(e.span, "`break` with value from a `while` or `for` loop", "can only break with a value inside `loop`");
    } else {
      expr(*e.lhs);  // may contain loops of its own: fn_->loops is read again below
      emit(Op::Store, e.span, fn_->loops[*index].result_slot);
    }
  }
  LoopCtx& loop = fn_->loops[*index];
  emit(Op::Unwind, e.span, loop.mark_slot);
  emit_drops(loop.scope_depth, e.span);
  (is_continue ? loop.continues : loop.breaks).push_back(emit(Op::Jump, e.span));
  emit(Op::Unit, e.span);  // unreachable; keeps the stack shape of an expression
}

void Compiler::loop_expr(const Expr& e) {
  LoopCtx loop;
  loop.label = e.text;
  loop.scope_depth = fn_->scopes.size();
  loop.mark_slot = hidden_slot();
  loop.result_slot = hidden_slot();
  emit(Op::Unit, e.span);
  emit(Op::Store, e.span, loop.result_slot);
  emit(Op::Mark, e.span, loop.mark_slot);
  fn_->loops.push_back(loop);
  std::size_t top = here();
  block(*e.block, false);
  emit(Op::CheckLimit, e.span);
  emit(Op::Jump, e.span, static_cast<std::uint32_t>(top));
  LoopCtx done = std::move(fn_->loops.back());
  fn_->loops.pop_back();
  for (auto j : done.continues) patch(j, top);
  for (auto j : done.breaks) patch(j, here());
  emit(Op::Move, e.span, done.result_slot);
}

void Compiler::while_expr(const Expr& e) {
  LoopCtx loop;
  loop.label = e.text;
  loop.scope_depth = fn_->scopes.size();
  loop.mark_slot = hidden_slot();
  loop.result_slot = kNoSlot;
  emit(Op::Mark, e.span, loop.mark_slot);
  std::size_t top = here();
  std::vector<std::size_t> exits;
  bool is_let = e.cond->kind == Expr::Kind::Let;
  std::uint32_t temp = 0;
  std::size_t let_guards = guard_slots_.size();  // the scrutinee's: they live in the let scope
  if (is_let) {
    push_scope();
    temp = hidden_slot();
    fn_->scopes.back().locals.push_back(Local{"", temp});
    expr(*e.cond->rhs, Use::Borrow);
    emit(Op::Store, e.cond->span, temp);
    std::vector<std::uint32_t> path;
    test_pattern(*e.cond->pattern, temp, path, exits);
    path.clear();
    bind_pattern(*e.cond->pattern, temp, path);
  } else {
    std::size_t guards = guard_slots_.size();
    expr(*e.cond, Use::Borrow);
    drop_guards_since(guards, e.cond->span);  // a `while` condition's temporaries end with it
    exits.push_back(emit(Op::JumpIfFalse, e.cond->span));
  }
  fn_->loops.push_back(loop);
  block(*e.block, false);
  LoopCtx done = std::move(fn_->loops.back());
  fn_->loops.pop_back();
  std::size_t cont = here();
  if (is_let) pop_scope(e.span);
  emit(Op::CheckLimit, e.span);
  emit(Op::Jump, e.span, static_cast<std::uint32_t>(top));
  // Continues drop the body's scopes (done at the jump) and land where the let scope ends.
  for (auto j : done.continues) patch(j, cont);
  std::size_t exit = here();
  for (auto j : exits) patch(j, exit);
  if (is_let) {
    emit(Op::Drop, e.span, temp);
    drop_guards_since(let_guards, e.span);  // the pattern failed: the last lock ends here
  }
  for (auto j : done.breaks) patch(j, here());
  emit(Op::Unit, e.span);
}

void Compiler::for_expr(const Expr& e) {
  LoopCtx loop;
  loop.label = e.text;
  loop.mark_slot = hidden_slot();
  loop.result_slot = kNoSlot;
  push_scope();
  std::uint32_t iter = hidden_slot();
  fn_->scopes.back().locals.push_back(Local{"", iter});  // the iterator (and what it owns)
  expr(*e.rhs, Use::Move);
  emit(Op::IterInit, e.rhs->span);
  emit(Op::Store, e.rhs->span, iter);
  emit(Op::Mark, e.span, loop.mark_slot);
  loop.scope_depth = fn_->scopes.size();
  std::size_t top = emit(Op::IterNext, e.rhs->span, iter);
  push_scope();
  destructure(*e.pattern);
  fn_->loops.push_back(loop);
  block(*e.block, false);
  LoopCtx done = std::move(fn_->loops.back());
  fn_->loops.pop_back();
  std::size_t cont = here();
  pop_scope(e.span);
  emit(Op::CheckLimit, e.span);
  emit(Op::Jump, e.span, static_cast<std::uint32_t>(top));
  for (auto j : done.continues) patch(j, cont);
  patch_b(top, here());
  for (auto j : done.breaks) patch(j, here());
  pop_scope(e.span);
  emit(Op::Unit, e.span);
}

void Compiler::closure_expr(const Expr& e) {
  std::uint32_t index = new_function("{closure}", e.span);
  FnCtx ctx;
  ctx.index = index;
  ctx.parent = fn_;
  ctx.is_closure = true;
  ctx.self_type = fn_->self_type;
  FnCtx* saved = fn_;
  fn_ = &ctx;
  push_scope();
  std::vector<std::uint32_t> param_slots;
  for (std::size_t i = 0; i < e.params.size(); ++i) param_slots.push_back(hidden_slot());
  F().arity = static_cast<std::uint32_t>(e.params.size());
  for (std::size_t i = 0; i < e.params.size(); ++i) {
    const Param& p = e.params[i];
    if (std::uint32_t d = desc_of(p.type.get())) emit(Op::CoerceLocal, p.span, param_slots[i], d);
    if (p.type && p.type->kind == TypeExpr::Kind::Ref && p.type->mut_ref) fn_->ref_slots.insert(param_slots[i]);
    if (p.pattern->kind == Pattern::Kind::Binding && !p.pattern->sub) {
      fn_->scopes.back().locals.push_back(Local{p.pattern->name, param_slots[i]});
    } else {
      emit(Op::Move, p.span, param_slots[i]);
      destructure(*p.pattern);
    }
  }
  ctx.ret_desc = desc_of(e.type.get());
  expr(*e.lhs);
  if (ctx.ret_desc) emit(Op::Coerce, e.span, ctx.ret_desc);
  emit(Op::Return, e.lhs->span);
  pop_scope(e.span);
  F().locals = ctx.next_slot;
  for (const auto& c : ctx.captures) F().capture_slots.push_back(c.slot);
  std::vector<Capture> captures = ctx.captures;
  fn_ = saved;
  // thread::spawn needs a closure that owns what it uses (rustc's E0373).
  if (spawn_argument_ == &e && !e.is_move && !captures.empty()) {
    error(e.span,
          "closure may outlive the current function, but it borrows `" + captures[0].name +
              "`, which is owned by the current function",
          "may outlive borrowed value `" + captures[0].name + "`",
          "to force the closure to take ownership of `" + captures[0].name +
              "` (and any other referenced variables), use the `move` keyword");
  }
  // In the enclosing function: the captured values, moved (`move ||`), or referenced — a
  // non-move closure sees (and changes) the enclosing function's variables themselves.
  for (const auto& c : captures) emit(e.is_move ? Op::Move : Op::MakeRef, e.span, c.outer_slot);
  emit(Op::MakeClosure, e.span, index, 0, static_cast<std::uint8_t>(std::min<std::size_t>(captures.size(), 255)));
  if (captures.size() > 255) unsupported(e.span, "a closure capturing more than 255 variables");
}

std::uint32_t Compiler::function_value(const std::string& key, std::uint32_t arity, Op op, std::uint32_t a,
                                       std::uint32_t b, std::uint8_t c, Span s) {
  if (auto it = fn_values_.find(key); it != fn_values_.end()) return it->second;
  std::uint32_t index = new_function(key, s);
  fn_values_[key] = index;
  FnCtx ctx;
  ctx.index = index;
  FnCtx* saved = fn_;
  fn_ = &ctx;
  push_scope();
  F().arity = arity;
  for (std::uint32_t i = 0; i < arity; ++i) emit(Op::Move, s, hidden_slot());
  emit(op, s, a, b, c);
  fn_->scopes.pop_back();
  emit(Op::Return, s);
  F().locals = ctx.next_slot;
  fn_ = saved;
  return index;
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
  for (const auto& f : e.fields) {
    auto at = std::find(variant.fields.begin(), variant.fields.end(), f.name);
    if (at == variant.fields.end()) {
      error(f.span, (type.is_enum ? "variant `" : "struct `") + variant.name + "` has no field named `" + f.name + "`",
            "unknown field");
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
    error(e.path.span, "missing field" + std::string(missing.find(',') != std::string::npos ? "s " : " ") + missing +
                           " in initializer of `" + variant.name + "`");
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

// ---------------------------------------------------------------- [SECTION] Macros

// Pushes the format arguments of e.args[first..] as the template needs them and emits Format.
void Compiler::format_args(const Expr& e, std::size_t first, const std::string& suffix) {
  vm::FormatTemplate t;
  std::uint32_t argc = 0;
  if (first >= e.args.size() || !e.format) {
    vm::FormatTemplate::Piece p;
    p.text = suffix;
    t.pieces.push_back(p);
  } else {
    // Map positional and named arguments to stack positions, in order of first use.
    std::vector<std::size_t> positional;
    std::vector<std::pair<std::string, std::size_t>> named;
    for (std::size_t i = first + 1; i < e.args.size(); ++i) {
      const Expr& a = *e.args[i];
      if (a.kind == Expr::Kind::Assign && a.lhs && a.lhs->kind == Expr::Kind::Path && a.lhs->path.segments.size() == 1) {
        named.emplace_back(a.lhs->path.segments[0], i);
      } else {
        positional.push_back(i);
      }
    }
    std::map<std::string, std::uint32_t> pushed;  // key -> stack position
    auto push_expr = [&](const Expr& a, const std::string& key) -> std::uint32_t {
      auto it = pushed.find(key);
      if (it != pushed.end()) return it->second;
      expr(a, Use::Borrow);
      pushed[key] = argc;
      return argc++;
    };
    // Positional arguments are all evaluated, in order, even when unused (rustc reports those).
    for (std::size_t k = 0; k < positional.size(); ++k) push_expr(*e.args[positional[k]], "#" + std::to_string(k));
    for (const auto& [name, i] : named) push_expr(*e.args[i]->rhs, "=" + name);
    auto arg_index = [&](const fmt::ArgRef& ref, Span at) -> std::int32_t {
      if (ref.kind == fmt::ArgRef::Kind::Name) {
        auto it = pushed.find("=" + ref.name);
        if (it != pushed.end()) return static_cast<std::int32_t>(it->second);
        // An inline `{name}`: a variable in scope.
        auto key = "@" + ref.name;
        auto p = pushed.find(key);
        if (p != pushed.end()) return static_cast<std::int32_t>(p->second);
        if (auto slot = resolve_local(ref.name)) {
          emit(Op::Load, at, *slot);
        } else {
          Path path;
          path.segments = {ref.name};
          path.span = at;
          Expr fake;
          fake.kind = Expr::Kind::Path;
          fake.path = std::move(path);
          fake.span = at;
          path_expr(fake, Use::Borrow);
        }
        pushed[key] = argc;
        return static_cast<std::int32_t>(argc++);
      }
      auto it = pushed.find("#" + std::to_string(ref.index));
      return it == pushed.end() ? 0 : static_cast<std::int32_t>(it->second);
    };
    Span fs = e.args[first]->span;
    for (const auto& piece : e.format->pieces) {
      vm::FormatTemplate::Piece p;
      if (piece.is_literal) {
        if (!t.pieces.empty() && t.pieces.back().literal) {
          t.pieces.back().text += piece.literal;
          continue;
        }
        p.text = piece.literal;
        t.pieces.push_back(p);
        continue;
      }
      p.literal = false;
      p.spec = piece.spec;
      p.arg = static_cast<std::uint32_t>(arg_index(piece.arg, fs));
      if (piece.spec.width.kind == fmt::Count::Kind::Arg) p.width_arg = arg_index(piece.spec.width.arg, fs);
      if (piece.spec.precision.kind == fmt::Count::Kind::Arg) p.precision_arg = arg_index(piece.spec.precision.arg, fs);
      t.pieces.push_back(p);
    }
    if (!suffix.empty()) {
      if (!t.pieces.empty() && t.pieces.back().literal) {
        t.pieces.back().text += suffix;
      } else {
        vm::FormatTemplate::Piece p;
        p.text = suffix;
        t.pieces.push_back(p);
      }
    }
  }
  m_->formats.push_back(std::move(t));
  if (argc > 255) unsupported(e.span, "more than 255 format arguments");
  emit(Op::Format, e.span, static_cast<std::uint32_t>(m_->formats.size() - 1), 0,
       static_cast<std::uint8_t>(std::min<std::uint32_t>(argc, 255)));
}

void Compiler::macro_expr(const Expr& e) {
  const std::string& name = e.text;
  if (name == "println" || name == "print" || name == "eprintln" || name == "eprint") {
    bool newline = name == "println" || name == "eprintln";
    format_args(e, 0, newline ? "\n" : "");
    emit(Op::Print, e.span, name[0] == 'e' ? 1 : 0);
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "write" || name == "writeln") {  // into a Formatter (a String here) or a String
    if (e.args.empty()) {
      error(e.span, "requires a destination and format arguments, like `write!(dest, \"format string\", args...)`");
      emit(Op::Unit, e.span);
      return;
    }
    expr(*e.args[0], Use::Borrow);
    if (e.args.size() > 1) {
      format_args(e, 1, name == "writeln" ? "\n" : "");
    } else {
      push_str(name == "writeln" ? "\n" : "", e.span);
    }
    emit(Op::Method, e.span, static_cast<std::uint32_t>(vm::Method::write_str), name_id("write_str"), 1);
    return;
  }
  if (name == "format") {
    if (e.args.empty()) {
      error(e.span, "requires at least a format string argument");
      emit(Op::Unit, e.span);
      return;
    }
    format_args(e, 0, "");
    return;
  }
  if (name == "panic" || name == "unreachable" || name == "todo" || name == "unimplemented") {
    std::string fixed = name == "panic"         ? "explicit panic"
                        : name == "unreachable" ? "internal error: entered unreachable code"
                        : name == "todo"        ? "not yet implemented"
                                                : "not implemented";
    if (e.args.empty()) {
      push_str(fixed, e.span);
    } else {
      if (name == "panic") {
        format_args(e, 0, "");
      } else {
        push_str(fixed + ": ", e.span);
        format_args(e, 0, "");
        emit(Op::Binary, e.span, 0, 0, static_cast<std::uint8_t>(BinaryOp::Add));
      }
    }
    emit(Op::Panic, e.span);
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "assert" || name == "debug_assert") {
    if (e.args.empty()) {
      error(e.span, "macro requires a boolean expression as an argument", "boolean expression required");
      emit(Op::Unit, e.span);
      return;
    }
    expr(*e.args[0], Use::Borrow);
    std::size_t fail = emit(Op::JumpIfFalse, e.span);
    std::size_t ok = emit(Op::Jump, e.span);
    patch(fail, here());
    if (e.args.size() > 1) {
      format_args(e, 1, "");
    } else {
      push_str("assertion failed: " + source_text(e.args[0]->span), e.span);
    }
    emit(Op::Panic, e.span);
    patch(ok, here());
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "assert_eq" || name == "assert_ne" || name == "debug_assert_eq" || name == "debug_assert_ne") {
    if (e.args.size() < 2) {
      error(e.span, "unexpected end of macro invocation", "missing tokens in macro arguments");
      emit(Op::Unit, e.span);
      return;
    }
    expr(*e.args[0], Use::Borrow);
    expr(*e.args[1], Use::Borrow);
    if (e.args.size() > 2) {
      format_args(e, 2, "");
    } else {
      emit(Op::Unit, e.span);
    }
    emit(Op::AssertEq, e.span, 0, 0, name.find("_ne") != std::string::npos ? 1 : 0);
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "vec") {
    if (e.repeat) {
      expr(*e.args[0]);
      expr(*e.args[1]);
      emit(Op::MakeVecRepeat, e.span);
      return;
    }
    for (const auto& a : e.args) expr(*a);
    emit(Op::MakeVec, e.span, static_cast<std::uint32_t>(e.args.size()));
    return;
  }
  if (name == "matches") {
    push_scope();
    std::uint32_t temp = hidden_slot();
    expr(*e.lhs, Use::Borrow);
    emit(Op::Store, e.span, temp);
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> fails;
    test_pattern(*e.pattern, temp, path, fails);
    if (e.cond) {
      path.clear();
      bind_pattern(*e.pattern, temp, path);
      expr(*e.cond, Use::Borrow);
      fails.push_back(emit(Op::JumpIfFalse, e.span));
    }
    push_const(Value::boolean(true), e.span);
    std::size_t end = emit(Op::Jump, e.span);
    for (auto f : fails) patch(f, here());
    push_const(Value::boolean(false), e.span);
    patch(end, here());
    emit(Op::Drop, e.span, temp);
    pop_scope(e.span);
    return;
  }
  unsupported(e.name_span, "the macro `" + name + "!`");
  emit(Op::Unit, e.span);
}

// ---------------------------------------------------------------- [SECTION] Module

void add_builtin_types(vm::Module& m) {
  auto variant = [](std::string name, std::vector<std::string> fields, bool tuple) {
    vm::TypeInfo::Variant v;
    v.name = std::move(name);
    v.fields = std::move(fields);
    v.tuple = tuple;
    v.unit = v.fields.empty();
    return v;
  };
  auto add = [&](std::string name, bool is_enum, std::vector<vm::TypeInfo::Variant> variants) {
    vm::TypeInfo t;
    t.name = std::move(name);
    t.is_enum = is_enum;
    t.variants = std::move(variants);
    m.types.push_back(std::move(t));
  };
  add("Option", true, {variant("None", {}, false), variant("Some", {""}, true)});
  add("Result", true, {variant("Ok", {""}, true), variant("Err", {""}, true)});
  add("RecvError", false, {variant("RecvError", {}, false)});
  add("TryRecvError", true, {variant("Empty", {}, false), variant("Disconnected", {}, false)});
  add("RecvTimeoutError", true, {variant("Timeout", {}, false), variant("Disconnected", {}, false)});
  add("SendError", false, {variant("SendError", {""}, true)});
  add("TrySendError", true, {variant("Full", {""}, true), variant("Disconnected", {""}, true)});
  add("Any", false, {variant("Any", {}, false)});
  add("Ordering", true, {variant("Less", {}, false), variant("Equal", {}, false), variant("Greater", {}, false)});
  add("Reverse", true, {variant("Reverse", {""}, true)});  // a tuple struct, made like a variant
  add("Ordering", true, {variant("Relaxed", {}, false), variant("Release", {}, false), variant("Acquire", {}, false),
                         variant("AcqRel", {}, false), variant("SeqCst", {}, false)});  // std::sync::atomic's
  add("Builder", false, {variant("Builder", {"name"}, false)});
  add("Thread", false, {variant("Thread", {"name", "id"}, false)});
  add("ThreadId", true, {variant("ThreadId", {""}, true)});
  add("Entry", false, {variant("Entry", {"map", "key"}, false)});
}

std::shared_ptr<vm::Module> Compiler::run(const Program& program) {
  m_->file = src_.name();
  m_->type_descs.emplace_back();  // 0: nothing to coerce
  add_builtin_types(*m_);
  std::vector<const Item*> items;
  for (const auto& item : program.items) items.push_back(item.get());
  declare_items(items, module_items_);
  // Bodies (declare_items queued them; nested ones are queued while compiling).
  for (std::size_t i = 0; i < pending_fns_.size(); ++i) {
    auto [item, index, self_type] = pending_fns_[i];  // generic fns compile as they are: values carry their types
    compile_fn(*item, index, self_type);
  }
  for (const auto& [type, item, index] : derived_defaults_) compile_derived_default(type, *item, index);
  auto main = module_items_.find("main");
  if (main == module_items_.end() || main->second.kind != Entity::Kind::Fn) {
    Span end = src_.locate(static_cast<std::uint32_t>(src_.text().size()), 0);
    error(end, "`main` function not found in crate `main`", "", "consider adding a `main` function");
  } else {
    m_->main = main->second.index;
    if (m_->functions[m_->main].arity != 0) error(m_->functions[m_->main].span, "`main` function has wrong type");
  }
  if (diag_.has_errors()) return nullptr;
  vm::mark_leaves(*m_);
  return m_;
}

}  // namespace

std::shared_ptr<const vm::Module> compile(const Source& source, const Program& program, Diagnostics& diagnostics) {
  if (diagnostics.has_errors()) return nullptr;
  Compiler c(source, diagnostics);
  return c.run(program);
}

std::shared_ptr<const vm::Module> compile_source(const Source& source, Diagnostics& diagnostics) {
  auto program = parse_source(source, diagnostics);
  if (diagnostics.has_errors()) return nullptr;
  return compile(source, program, diagnostics);
}

}  // namespace brigade::lang
