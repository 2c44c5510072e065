// check/holds.hpp — what a variable certainly holds, from its declared type or its
// initializer, as far as `mut` and borrows go: which of its methods take `&mut self`
// (mutability.cpp's E0596, borrows.cpp's conflicts).
#pragma once
#include <string>

#include "walk.hpp"

namespace brigade::lang::check {

enum class Holds { Unknown, Copy, Vec, String, Map, Set, Deque, Guard, TokioReceiver, Owned };

Holds holds(const Binding& b);
// What a variable declared `&T` (a shared reference) refers to; Unknown for anything else.
Holds holds_behind_shared_ref(const Binding& b);
// The methods that take `&mut self`, for the types we know.
bool takes_mut_self(Holds h, const std::string& method);

}  // namespace brigade::lang::check
