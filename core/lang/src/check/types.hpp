// check/types.hpp — the type of a value as rustc names it in its messages, read off the
// expression that makes it, for what learners' programs make: literals (`5` is i32), String,
// vec![..], and the std wrappers around them (`Mutex::new(0)` is std::sync::Mutex<i32>).
// Empty when the text does not say it.
#pragma once
#include <string>

#include "brigade/lang/ast.hpp"

namespace brigade::lang::check {

std::string rustc_type_of(const ast::Expr& e);

}  // namespace brigade::lang::check
