// check.hpp — what is checked between the parser and the compiler's output being run: the
// errors rustc's borrow checker gives that Brigade can decide from the program's text.
#pragma once
#include "brigade/lang/ast.hpp"
#include "brigade/lang/diagnostics.hpp"

namespace brigade::lang::check {

// E0382: a value used after it moved (check/moves.cpp).
void check_moves(const Source& source, const ast::Program& program, Diagnostics& diagnostics);

}  // namespace brigade::lang::check
