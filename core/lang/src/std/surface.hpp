// std/surface.hpp — the std subset as data: the one description of what a program can name.
//
// The compiler resolves paths against it (a module, a type, a native function, a variant of a
// builtin enum, a type whose methods a path names) and every module it makes starts with its
// builtin types, in the order of their ids (value.hpp, vm::builtin), so the VM and the natives
// build and match them by id. What each native and method does is in the module's own file
// (std/*.cpp, registered as tables: lib.hpp); which exist, and how many arguments a native
// takes, is BRIGADE_NATIVES and BRIGADE_METHODS (bytecode.hpp). Adding a std type is a row
// here, and its file.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "brigade/lang/bytecode.hpp"

namespace brigade::lang::vm::surface {

// `std::sync::mpsc`, `std::collections`, ...: a module a `use` may name.
bool is_module(std::string_view path);
// A std type by its canonical path ("std::sync::mpsc::Receiver", "Option"); for the ones a
// program builds or matches by their variants, its builtin id.
struct Type {
  std::string_view path;
  std::optional<std::uint32_t> builtin;
};
const Type* find_type(std::string_view path);
// The builtin id of the type at `path`, when it has one (Option, TryRecvError, cmp::Ordering).
std::optional<std::uint32_t> builtin_id(std::string_view path);
// A native function by its path ("std::sync::mpsc::channel"), and how many arguments it takes.
std::optional<Native> find_native(std::string_view path);
std::string_view native_path(Native n);
std::uint32_t native_arity(Native n);
// A std type or trait whose methods a path names as functions: `i32::abs`, `str::len`,
// `ToString::to_string` (called, `i32::abs(x)`, or as a value, `.map(str::to_string)`).
bool is_method_owner(std::string_view name);
// The builtin types (Option, Result, the channel errors, Ordering, ...) with their variants, in
// the order of their ids: the first types of every module.
void add_builtin_types(Module& m);

}  // namespace brigade::lang::vm::surface
