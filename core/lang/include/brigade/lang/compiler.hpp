// compiler.hpp — stage 3: the syntax tree to bytecode.
//
// Resolves every name (locals, captures, items, `use` imports, std paths) and reports what is
// outside Brigade's subset as a compile error at its line:column, never as a crash. Decides the
// two things Rust's ownership means at run time: where a value is moved (a moved local is
// emptied, so its old owner does not drop it) and where each local is dropped (scope end, in
// reverse declaration order; on break/continue/return for the scopes left).
#pragma once
#include <memory>

#include "brigade/lang/ast.hpp"
#include "brigade/lang/bytecode.hpp"
#include "brigade/lang/diagnostics.hpp"

namespace brigade::lang {

// nullptr when there were errors (they are in `diagnostics`).
std::shared_ptr<const vm::Module> compile(const Source& source, const ast::Program& program,
                                          Diagnostics& diagnostics);

// Scanner, parser and compiler in one call.
std::shared_ptr<const vm::Module> compile_source(const Source& source, Diagnostics& diagnostics);

}  // namespace brigade::lang
