// memory.cpp — huge pages for big rings on Linux (see memory.hpp).
#include "brigade/chan/memory.hpp"

#include <cstdlib>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define BRIGADE_HUGE_PAGES 1
#endif

namespace brigade::chan::detail {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
std::size_t rounded(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
}  // namespace

void* allocate_slots(std::size_t bytes, std::size_t align) {
#if defined(BRIGADE_HUGE_PAGES)
  if (bytes >= kHugePage && align <= kHugePage) {
    void* p = std::aligned_alloc(kHugePage, rounded(bytes));
    if (p == nullptr) throw std::bad_alloc();
    (void)madvise(p, rounded(bytes), MADV_HUGEPAGE);  // a hint: without it, plain pages
    return p;
  }
#endif
  return ::operator new(bytes, std::align_val_t(align));
}

void release_slots(void* p, std::size_t bytes, std::size_t align) noexcept {
#if defined(BRIGADE_HUGE_PAGES)
  if (bytes >= kHugePage && align <= kHugePage) {
    std::free(p);
    return;
  }
#endif
  (void)bytes;
  ::operator delete(p, std::align_val_t(align));
}

}  // namespace brigade::chan::detail
