// stack.cpp — the end of this thread's stack: pthread's attributes natively, Emscripten's own
// bookkeeping in WebAssembly (its stack is a region of linear memory, not the engine's).
#include "stack.hpp"

#include <cstdint>

#ifdef __EMSCRIPTEN__
#include <emscripten/stack.h>
#else
#include <pthread.h>
#endif

namespace brigade::lang::vm {
namespace {

std::uintptr_t stack_end() noexcept {  // the lowest usable address (stacks grow down)
#ifdef __EMSCRIPTEN__
  return static_cast<std::uintptr_t>(emscripten_stack_get_end());
#else
  thread_local std::uintptr_t end = [] {
    pthread_attr_t attr;
    void* addr = nullptr;
    std::size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return std::uintptr_t{0};
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    return reinterpret_cast<std::uintptr_t>(addr);
  }();
  return end;
#endif
}

thread_local StackOverflowHook t_hook = nullptr;
thread_local void* t_context = nullptr;
thread_local bool t_overflowed = false;

}  // namespace

std::size_t stack_left() noexcept {
  // The frame's own address, not a local's: a sanitizer may keep locals on a heap "fake stack".
  auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  std::uintptr_t end = stack_end();
  if (end == 0) return SIZE_MAX;  // unknown: no guard
  if (here <= end) return 0;
  return here - end;
}

void set_stack_overflow_hook(StackOverflowHook hook, void* context) noexcept {
  t_hook = hook;
  t_context = context;
  t_overflowed = false;
}

namespace {
thread_local unsigned t_nesting = 0;

bool overflowed() noexcept {
  t_overflowed = true;
  if (t_hook) t_hook(t_context);
  return true;
}
}  // namespace

bool stack_exhausted() noexcept {
  if (t_overflowed) return true;
  if (stack_left() >= kStackReserve) return false;
  return overflowed();
}

Nesting::Nesting() noexcept {
  ++t_nesting;
}

Nesting::~Nesting() {
  --t_nesting;
}

bool Nesting::too_deep() const noexcept {
#ifdef __EMSCRIPTEN__
  if (!t_overflowed && t_nesting > kMaxWasmNesting) return overflowed();
#endif
  return stack_exhausted();
}

}  // namespace brigade::lang::vm
