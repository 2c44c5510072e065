// compiler/module.cpp — the module: builtin types, the passes in their order, and compile().
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"
#include "brigade/lang/check.hpp"
#include "brigade/lang/parser.hpp"

namespace brigade::lang {

namespace compiler {

std::shared_ptr<vm::Module> Compiler::run(const Program& program) {
  m_->file = src_.name();
  m_->type_descs.emplace_back();  // 0: nothing to coerce
  vm::surface::add_builtin_types(*m_);
  std::vector<const Item*> items;
  for (const auto& item : program.items) items.push_back(item.get());
  declare_items(items, module_items_);
  // Bodies (declare_items queued them; nested ones are queued while compiling).
  for (std::size_t i = 0; i < pending_fns_.size(); ++i) {
    PendingFn fn = pending_fns_[i];  // a copy: compiling queues more; generic fns compile as they are
    compile_fn(fn);
  }
  for (const auto& [type, item, index] : derived_defaults_) compile_derived_default(type, *item, index);
  m_->await_fn = function_value("<await>", 1, vm::Op::Await, 0, 0, 0, Span{});
  auto main = module_items_.find("main");
  if (main == module_items_.end() || main->second.kind != Entity::Kind::Fn) {
    Span end = src_.locate(static_cast<std::uint32_t>(src_.text().size()), 0);
    error(end, "`main` function not found in crate `main`", "", "consider adding a `main` function");
  } else {
    m_->main = main->second.index;
    if (m_->functions[m_->main].arity != 0) error(m_->functions[m_->main].span, "`main` function has wrong type");
  }
  if (diag_.has_errors()) return nullptr;
  vm::index_names(*m_);
  vm::mark_leaves(*m_);
  return m_;
}

}  // namespace compiler

void vm::index_names(vm::Module& m) {
  std::unordered_map<std::string, std::uint32_t> id;
  for (std::uint32_t i = 0; i < m.names.size(); ++i) id.emplace(m.names[i], i);
  const auto n = m.names.size();
  for (auto& t : m.types) {
    t.method_by_name.assign(n, vm::TypeInfo::kNone);
    for (const auto& [name, fn] : t.methods) {
      if (auto it = id.find(name); it != id.end()) t.method_by_name[it->second] = fn;
    }
    for (auto& v : t.variants) {
      v.slot_by_name.assign(n, vm::TypeInfo::kNone);
      for (std::uint32_t f = 0; f < v.fields.size(); ++f) {
        if (auto it = id.find(v.fields[f]); it != id.end() && !v.fields[f].empty()) v.slot_by_name[it->second] = f;
      }
    }
  }
}

std::shared_ptr<const vm::Module> compile(const Source& source, const ast::Program& program, Diagnostics& diagnostics) {
  if (diagnostics.has_errors()) return nullptr;
  compiler::Compiler c(source, diagnostics);
  auto module = c.run(program);
  // What rustc's borrow checker refuses is found after name resolution and typing, as in
  // rustc, in every function whose body those left without errors.
  check::check_program(source, program, c.spawned(), diagnostics);
  if (!module || diagnostics.has_errors()) return nullptr;
  return module;
}

std::shared_ptr<const vm::Module> compile_source(const Source& source, Diagnostics& diagnostics) {
  auto program = parse_source(source, diagnostics);
  if (diagnostics.has_errors()) return nullptr;
  return compile(source, program, diagnostics);
}

}  // namespace brigade::lang
