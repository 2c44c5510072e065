// memory.hpp — where a big ring's slots live.
//
// Why: first touching fresh memory costs a page fault per 4 KiB page, and on this project's
// machines (KVM guests) a fault costs about 11 µs — 90 ms for the 32 MB ring of a
// sync_channel(2'000'000), four times the cost of pushing two million messages through it. Asking
// the kernel for transparent huge pages (madvise, which Linux honours in its default "madvise"
// mode) faults 2 MiB at a time: 3 ms for the same ring. Small rings and other platforms use plain
// operator new.
#pragma once
#include <cstddef>
#include <new>

namespace brigade::chan::detail {

// At least `bytes`, aligned to `align`; release with release_slots(p, bytes, align).
void* allocate_slots(std::size_t bytes, std::size_t align);
void release_slots(void* p, std::size_t bytes, std::size_t align) noexcept;

}  // namespace brigade::chan::detail
