// check.hpp — what is checked between the parser and the compiler's output being run: the
// errors rustc's borrow checker gives that Brigade can decide from the program's text.
#pragma once
#include <set>
#include <string>

#include "brigade/lang/ast.hpp"
#include "brigade/lang/diagnostics.hpp"

namespace brigade::lang::check {

// Every check below, their errors in the order rustc's borrow checker reports them (one
// function after another; in each, its closures' errors before its own; within one body, by
// position). `spawned`: the closures and async blocks given to a thread or task spawn, as the
// compiler resolved the calls.
void check_program(const Source& source, const ast::Program& program, const std::set<const ast::Expr*>& spawned,
                   Diagnostics& diagnostics);

// E0382: a value used after it moved (check/moves.cpp).
void check_moves(const Source& source, const ast::Program& program, Diagnostics& diagnostics);
// E0384, E0594, E0596: a variable not declared `mut` assigned or borrowed mutably (check/mutability.cpp).
void check_mutability(const Source& source, const ast::Program& program, Diagnostics& diagnostics);
// E0502, E0499, E0505, E0506: a variable used against its live borrow (check/borrows.cpp).
void check_borrows(const Source& source, const ast::Program& program, Diagnostics& diagnostics);
// E0373: a spawned closure or async block borrowing the spawner's locals (check/captures.cpp).
void check_captures(const Source& source, const ast::Program& program, const std::set<const ast::Expr*>& spawned,
                    Diagnostics& diagnostics);

// E0277: a format string's `{}` of a value without Display, `{:?}` of one without Debug
// (check/traits.cpp).
void check_format_traits(const Source& source, const ast::Program& program, Diagnostics& diagnostics);

// E0308: a literal of the wrong kind given to thread::sleep or a Duration constructor
// (check/arguments.cpp).
void check_arguments(const ast::Program& program, Diagnostics& diagnostics);

// E0106: a returned reference whose lifetime elision cannot supply (check/lifetimes.cpp).
void check_lifetimes(const Source& source, const ast::Program& program, Diagnostics& diagnostics);

// The variables a closure without `move` takes by value (a use moves them: `drop(v)`,
// `for m in rx`, `let t = tx;`); the others it borrows. What rustc's capture analysis decides,
// as far as the closure's text shows it (check/captures.cpp).
std::set<std::string> taken_by_value(const ast::Expr& closure);

}  // namespace brigade::lang::check
