// stack.hpp — how much of its C++ stack a thread has left.
//
// Interpreted frames live on the heap (a closure that a std method calls too: std/lib.cpp,
// "continuations"), but a few recursions still run on the C++ stack: Debug/Display, clone, ==
// and ordering of deeply nested values. Each level asks whether it may go on, so that a program that recurses
// too deeply through them ends as rustc's build does ("thread 'main' has overflowed its stack",
// abort, exit 134) instead of crashing the process.
#pragma once
#include <cstddef>

namespace brigade::lang::vm {

// What a thread keeps in hand for the work that reports the overflow and unwinds.
inline constexpr std::size_t kStackReserve = 256 * 1024;
// In WebAssembly the engine's own stack (about 1 MB in a worker, apart from the linear-memory
// stack that stack_left() measures) runs out after a few thousand levels of Debug (measured:
// 3,200 pass, 6,400 trap under node 20), and cannot be measured from inside: there the levels
// are counted as well.
inline constexpr unsigned kMaxWasmNesting = 2000;

// Bytes between the caller's frame and the end of this thread's stack.
std::size_t stack_left() noexcept;

// Called once, on the thread whose stack ran out (set per thread by the runtime's task loop):
// reports the overflow and ends the run.
using StackOverflowHook = void (*)(void* context);
void set_stack_overflow_hook(StackOverflowHook hook, void* context) noexcept;

// True when the stack is nearly used up, and from then on for this thread until the hook is set
// again: each level of the recursion returns at once. The first true calls the hook.
bool stack_exhausted() noexcept;

// One level of a guarded recursion, for as long as it lives.
class Nesting {
 public:
  Nesting() noexcept;
  ~Nesting();
  Nesting(const Nesting&) = delete;
  Nesting& operator=(const Nesting&) = delete;
  // stack_exhausted(), or (WebAssembly) more than kMaxWasmNesting levels.
  [[nodiscard]] bool too_deep() const noexcept;
};

}  // namespace brigade::lang::vm
