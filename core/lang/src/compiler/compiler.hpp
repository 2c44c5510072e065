// compiler/compiler.hpp — stage 3's internals: the Compiler class that the files beside this
// one define, one per kind of syntax (internal header; compiler.hpp is the stage's interface).
//
//   names.cpp        items, `use` imports, paths and what they stand for
//   types.cpp        type descriptors (integer coercion), Default values, struct literals
//   functions.cpp    functions, scopes, locals and captures
//   patterns.cpp     patterns: tests and bindings
//   statements.cpp   blocks, statements, `let`
//   expressions.cpp  expressions: literals, paths, calls, methods, casts
//   control.cpp      assignment, if, match, loops, break/continue, closures
//   macros.cpp       println!/format!/panic!/assert!/vec!/matches!/write!
//   module.cpp       the module: builtin types, the order of the passes, compile()
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "brigade/lang/ast.hpp"
#include "brigade/lang/bytecode.hpp"
#include "brigade/lang/compiler.hpp"
#include "brigade/lang/diagnostics.hpp"
#include "../std/surface.hpp"

namespace brigade::lang::compiler {

namespace surface = vm::surface;  // what std offers: paths, types, natives (std/surface.hpp)
using namespace ast;
using vm::Instr;
using vm::Int128;
using vm::Op;
using vm::UInt128;
using vm::Value;

constexpr std::uint32_t kNoSlot = 0xffffffff;

// ---- names.cpp
std::string join(const std::vector<std::string>& segments, std::size_t from = 0);  // a::b::c
std::optional<vm::IntKind> int_kind_of(const std::string& name);                    // "u8" -> U8
std::vector<std::string> canonical_tokio_path(std::vector<std::string> segs);  // tokio::time::Duration -> std's
inline constexpr const char* kPreludeTypes[] = {"String", "Vec", "Option", "Result", "bool", "char", "str", "f64", "f32"};
// ---- patterns.cpp, expressions.cpp, module.cpp
bool has_binding(const Pattern& p);
vm::Method method_by_name(const std::string& name);

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
  bool is_for = false;        // a `for` loop (else `while` or `loop`), for rustc's E0571 text
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
  bool is_async = false;  // an async block (or an async fn's body): `.await` may be used
  std::optional<std::uint32_t> self_type;  // inside an impl
  // Slots that hold a reference to another slot (a `&mut` parameter, `let r = &mut x`): reads
  // and writes go through to the referent; passed on as an argument, the reference itself goes.
  std::set<std::uint32_t> ref_slots;
  // Locals that are shared references (`let r = &x;`, a `&T` parameter, a capture of one): Copy
  // in Rust, so where a value would move (an argument, a `move` closure's capture) they are
  // copied — both copies share what they refer to.
  std::set<std::uint32_t> shared_ref_slots;
};

class Compiler {
 public:
  Compiler(const Source& src, Diagnostics& diag) : src_(src), diag_(diag) {}

  std::shared_ptr<vm::Module> run(const Program& program);
  // The closures and async blocks given to thread::spawn, tokio::spawn, spawn_blocking.
  [[nodiscard]] const std::set<const Expr*>& spawned() const { return spawned_; }

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
  struct PendingFn {
    const Item* item;
    std::uint32_t index;
    std::optional<std::uint32_t> self_type;
    // A fn (or an impl) declared in a block: the items visible there — not its locals — which
    // its body sees, as in Rust (a nested fn may call itself and its siblings).
    std::shared_ptr<const std::unordered_map<std::string, Entity>> outer_items;
  };
  std::vector<PendingFn> pending_fns_;
  // `#[derive(Default)]` structs: the type, its item, and the function made for `Type::default()`.
  std::vector<std::tuple<std::uint32_t, const Item*, std::uint32_t>> derived_defaults_;
  std::unordered_map<std::uint32_t, const Item*> struct_items_;  // user struct type -> its item
  FnCtx* fn_ = nullptr;
  const Expr* spawn_argument_ = nullptr;  // the closure given to thread::spawn, being compiled
  std::set<const Expr*> spawned_;         // every closure given to a spawn
  // A `collect()` whose target type the context gives (`let r: Result<Vec<_>, _> = ..collect()`,
  // a fn's tail): into a Result (1) or an Option (2), which stop at the first Err or None.
  const Expr* collect_into_ = nullptr;
  std::uint8_t collect_mode_ = 0;
  static std::uint8_t collect_mode(const TypeExpr* t);
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
  void dbg_macro(const Expr& e);
  void push_str(const std::string& text, Span s) { push_const(vm::make_static_str(text), s); }
  std::uint32_t name_id(const std::string& name) {
    auto [it, fresh] = name_ids_.emplace(name, static_cast<std::uint32_t>(m_->names.size()));
    if (fresh) m_->names.push_back(name);
    return it->second;
  }

  // ---- names
  void declare_items(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into);
  void declare_types(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into);
  void declare_impls(const std::vector<const Item*>& items, std::unordered_map<std::string, Entity>& into);
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
  void compile_fn(const PendingFn& fn);
  std::uint32_t declare_local(const std::string& name);
  std::uint32_t hidden_slot() { return fn_->next_slot++; }
  // `.map(Some)`, `.map(String::from)`, `.or_insert_with(Vec::new)`: a tuple variant, a tuple
  // struct or a std function used as a value is a small function made once (by `key`) that
  // takes `arity` arguments and ends in `op` (MakeRecord a, b / Native a).
  std::unordered_map<std::string, std::uint32_t> fn_values_;
  std::uint32_t function_value(const std::string& key, std::uint32_t arity, Op op, std::uint32_t a, std::uint32_t b,
                               std::uint8_t c, Span s);
  // A MutexGuard (or a RwLock's) made in the middle of an expression (`rx.lock().unwrap().recv()`) lives, as
  // in Rust, to the end of its statement — through a `match`, `if let` or `while let` body it
  // heads — not just to the end of the call: it is kept in a hidden local of the innermost
  // scope, listed here until the statement (or the condition of an `if` / `while`) ends. A
  // closure's body keeps its own list (its guards are its frame's, dropped when it returns).
  std::vector<std::uint32_t> guard_slots_;
  static bool is_guard_expr(const Expr& x) {
    return x.kind == Expr::Kind::MethodCall && (x.text == "unwrap" || x.text == "expect") && x.lhs &&
           x.lhs->kind == Expr::Kind::MethodCall &&
           (x.lhs->text == "lock" || x.lhs->text == "read" || x.lhs->text == "write") && x.lhs->args.empty();
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
  void unary_expr(const Expr& e, Use use);
  void binary_expr(const Expr& e);
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

}  // namespace brigade::lang::compiler
