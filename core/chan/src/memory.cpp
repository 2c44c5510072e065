// memory.cpp — huge pages for big rings on Linux (see memory.hpp).
#include "brigade/chan/memory.hpp"

#include <cstdlib>
#include <new>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define BRIGADE_HUGE_PAGES 1
#endif

namespace brigade::chan::detail {

#if defined(BRIGADE_HUGE_PAGES)
namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
std::size_t rounded(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
}  // namespace
#endif

void* allocate_slots(std::size_t bytes, std::size_t align) {
#if defined(BRIGADE_HUGE_PAGES)
  if (bytes >= kHugePage && align <= kHugePage) {
    // Through operator new, so that whoever counts allocations (core/lang's memory limit)
    // counts the ring too.
    void* p = ::operator new(rounded(bytes), std::align_val_t(kHugePage));
    (void)madvise(p, rounded(bytes), MADV_HUGEPAGE);  // a hint: without it, plain pages
    return p;
  }
#endif
  return ::operator new(bytes, std::align_val_t(align));
}

void release_slots(void* p, std::size_t bytes, std::size_t align) noexcept {
#if defined(BRIGADE_HUGE_PAGES)
  if (bytes >= kHugePage && align <= kHugePage) {
    ::operator delete(p, std::align_val_t(kHugePage));
    return;
  }
#endif
  (void)bytes;
  ::operator delete(p, std::align_val_t(align));
}

}  // namespace brigade::chan::detail
