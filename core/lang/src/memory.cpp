// memory.cpp — operator new and delete with a run's account in each block's header.
//
// Accounts live in a fixed table of slots, each with a generation: a header names (slot,
// generation), so a block freed after its account is gone (the slot reused or empty) changes
// nothing. Slot 0 is "nobody": blocks of the UI, the compiler, the controller thread.
#include "memory.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace brigade::lang::memory {
namespace {

struct alignas(64) Slot {
  std::atomic<bool> used{false};
  std::atomic<std::uint32_t> generation{0};
  std::atomic<std::int64_t> bytes{0};
  std::atomic<std::int64_t> peak{0};
  // Set when an account takes the slot; read by any thread freeing a block of that account (a
  // late one may race with the slot's next owner: the generation then tells it to do nothing).
  std::atomic<std::int64_t> limit{0};  // 0: none
  std::atomic<std::atomic<int>*> alarm{nullptr};
  std::atomic<int> alarm_bit{0};
};
constexpr std::uint32_t kSlots = 64;  // runs alive at once; more are not counted
Slot g_slots[kSlots];

// Before every block: 16 bytes, so the block keeps malloc's alignment.
struct Header {
  std::uint32_t slot;
  std::uint32_t generation;
  std::uint64_t size;
};
static_assert(sizeof(Header) == 16);

thread_local std::uint32_t t_slot = 0;
thread_local std::uint32_t t_generation = 0;
// The calling thread's charges to its own account, not yet added to the slot: most blocks are
// allocated and freed by one thread, and a shared counter on every allocation would cost each
// one an atomic read-modify-write. The limit is therefore exact to within kBatch per thread.
thread_local std::int64_t t_pending = 0;
constexpr std::int64_t kBatch = 64 * 1024;

void add(Slot& s, std::int64_t delta) noexcept {
  std::int64_t now = s.bytes.fetch_add(delta, std::memory_order_relaxed) + delta;
  if (delta > 0 && now > s.peak.load(std::memory_order_relaxed)) s.peak.store(now, std::memory_order_relaxed);
  // Only an allocation raises the alarm: allocations come from the run's own threads, which all
  // end before the account (and the alarm's owner) does; a free may come from anywhere, late.
  std::int64_t limit = s.limit.load(std::memory_order_relaxed);
  if (delta > 0 && limit > 0 && now > limit) {
    if (std::atomic<int>* alarm = s.alarm.load(std::memory_order_relaxed)) {
      alarm->fetch_or(s.alarm_bit.load(std::memory_order_relaxed), std::memory_order_relaxed);
    }
  }
}

void flush() noexcept {
  if (t_slot != 0 && t_pending != 0) {
    Slot& s = g_slots[t_slot];
    if (s.generation.load(std::memory_order_relaxed) == t_generation) add(s, t_pending);
  }
  t_pending = 0;
}

void charge(std::int64_t size) noexcept {  // to t_slot
  t_pending += size;
  if (t_pending > kBatch) flush();
}

void uncharge(std::uint32_t slot, std::uint32_t generation, std::int64_t size) noexcept {
  if (slot == t_slot && generation == t_generation) {
    t_pending -= size;
    if (t_pending < -kBatch) flush();
    return;
  }
  Slot& s = g_slots[slot];
  if (s.generation.load(std::memory_order_relaxed) == generation) add(s, -size);
}

// Every block: [padding][Header][the caller's bytes]. `offset` (16, or the alignment when that
// is larger) is where the caller's bytes start after malloc's (or aligned_alloc's) block.
constexpr std::size_t offset_for(std::size_t align) noexcept {
  return align > sizeof(Header) ? align : sizeof(Header);
}

void* allocate(std::size_t size, std::size_t align) {
  const std::size_t offset = offset_for(align);
  for (;;) {
    if (size <= SIZE_MAX - offset - align) {
      void* base = align <= alignof(std::max_align_t)
                       ? std::malloc(size + offset)
                       : std::aligned_alloc(align, (size + offset + align - 1) / align * align);
      if (base != nullptr) {
        auto* user = static_cast<unsigned char*>(base) + offset;
        auto* h = reinterpret_cast<Header*>(user) - 1;
        h->slot = t_slot;
        h->generation = t_generation;
        h->size = size;
        if (h->slot != 0) charge(static_cast<std::int64_t>(size));
        return user;
      }
    }
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) break;
    handler();
  }
#if defined(__cpp_exceptions)
  throw std::bad_alloc();
#else
  std::abort();
#endif
}

void* allocate_nothrow(std::size_t size, std::size_t align) noexcept {
#if defined(__cpp_exceptions)
  try {
    return allocate(size, align);
  } catch (...) {
    return nullptr;
  }
#else
  return allocate(size, align);
#endif
}

void deallocate(void* p, std::size_t align) noexcept {
  if (p == nullptr) return;
  Header* h = static_cast<Header*>(p) - 1;
  if (h->slot != 0) uncharge(h->slot, h->generation, static_cast<std::int64_t>(h->size));
  std::free(static_cast<unsigned char*>(p) - offset_for(align));
}

}  // namespace

Account::Account(std::uint64_t limit, std::atomic<int>* alarm, int alarm_bit) noexcept : limit_(limit) {
  for (std::uint32_t i = 1; i < kSlots; ++i) {
    bool expected = false;
    if (!g_slots[i].used.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) continue;
    Slot& s = g_slots[i];
    s.generation.fetch_add(1, std::memory_order_relaxed);
    s.bytes.store(0, std::memory_order_relaxed);
    s.peak.store(0, std::memory_order_relaxed);
    s.limit.store(limit > static_cast<std::uint64_t>(INT64_MAX) ? 0 : static_cast<std::int64_t>(limit),
                  std::memory_order_relaxed);
    s.alarm.store(alarm, std::memory_order_relaxed);
    s.alarm_bit.store(alarm_bit, std::memory_order_relaxed);
    slot_ = i;
    return;
  }
}

Account::~Account() {
  if (slot_ == 0) return;
  Slot& s = g_slots[slot_];
  s.generation.fetch_add(1, std::memory_order_relaxed);  // blocks still alive are forgotten
  s.alarm.store(nullptr, std::memory_order_relaxed);
  s.used.store(false, std::memory_order_release);
}

std::int64_t Account::bytes() const noexcept {
  return slot_ == 0 ? 0 : g_slots[slot_].bytes.load(std::memory_order_relaxed);
}

std::int64_t Account::peak() const noexcept {
  return slot_ == 0 ? 0 : g_slots[slot_].peak.load(std::memory_order_relaxed);
}

bool Account::fits(std::uint64_t more) const noexcept {
  if (slot_ == 0 || limit_ == 0) return true;
  auto now = static_cast<std::uint64_t>(std::max<std::int64_t>(bytes(), 0));
  return now <= limit_ && more <= limit_ - now;
}

void Account::charge_this_thread() noexcept {
  flush();
  t_slot = slot_;
  t_generation = slot_ == 0 ? 0 : g_slots[slot_].generation.load(std::memory_order_relaxed);
}

void charge_nobody() noexcept {
  flush();
  t_slot = 0;
  t_generation = 0;
}

}  // namespace brigade::lang::memory

// ---------------------------------------------------------------- the replaced operators

namespace {
using brigade::lang::memory::allocate;
using brigade::lang::memory::allocate_nothrow;
using brigade::lang::memory::deallocate;
constexpr std::size_t kPlain = alignof(std::max_align_t);
}  // namespace

void* operator new(std::size_t n) {
  return allocate(n, kPlain);
}
void* operator new[](std::size_t n) {
  return allocate(n, kPlain);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, kPlain);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, kPlain);
}
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept {
  deallocate(p, kPlain);
}
void operator delete[](void* p) noexcept {
  deallocate(p, kPlain);
}
void operator delete(void* p, std::size_t) noexcept {
  deallocate(p, kPlain);
}
void operator delete[](void* p, std::size_t) noexcept {
  deallocate(p, kPlain);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  deallocate(p, kPlain);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  deallocate(p, kPlain);
}
void operator delete(void* p, std::align_val_t a) noexcept {
  deallocate(p, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::align_val_t a) noexcept {
  deallocate(p, static_cast<std::size_t>(a));
}
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept {
  deallocate(p, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept {
  deallocate(p, static_cast<std::size_t>(a));
}
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  deallocate(p, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  deallocate(p, static_cast<std::size_t>(a));
}
