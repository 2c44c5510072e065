// check/types.hpp — the type of a value as rustc names it in its messages, read off the
// expression that makes it, for what learners' programs make: literals (`5` is i32), String,
// vec![..], and the std wrappers around them (`Mutex::new(0)` is std::sync::Mutex<i32>).
// Empty when the text does not say it.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include "brigade/lang/ast.hpp"

namespace brigade::lang::check {

// `settled`: as rustc names it once inference is done (`5` is i32); else as it names it while
// typing the statement (`{integer}`, `{float}`: not yet fixed).
std::string rustc_type_of(const ast::Expr& e, bool settled = true);

// The empty span `chars` characters into `s` (ASCII: a byte a character): where a suggestion
// inserts; `just_after(s)` is right after it.
inline Span inside(Span s, std::uint32_t chars) {
  s.offset += chars;
  s.column += chars;
  s.length = 0;
  return s;
}
inline Span just_after(Span s) { return inside(s, s.length); }

// Where rustc's notes point into std's own source ("/rustc/<commit>/library/" of rustc 1.95).
inline constexpr const char* kStdSource = "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/";

// What rustc underlines as a closure: its head — `||`, `move |a, b|`, `async`, `async move`.
Span closure_head(const Source& source, const ast::Expr& closure);

// Whether `s` is one of `names`.
inline bool any_of(const std::string& s, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (s == n) return true;
  }
  return false;
}

// A number, bool or char type: `Copy`, and never anything to drop.
inline bool primitive_type(const std::string& name) {
  return any_of(name, {"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32",
                       "f64", "bool", "char"});
}

}  // namespace brigade::lang::check
