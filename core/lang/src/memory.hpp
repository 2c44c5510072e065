// memory.hpp — the memory a run uses: what its threads allocate, charged to the run.
//
// Every operator new of the process (memory.cpp replaces it) writes a small header before the
// block: the account the allocating thread is charged to, and the size. operator delete takes
// the size off that account again, on whichever thread frees it, so a String allocated by one
// program thread and dropped by another (or by the UI, after the run) is counted exactly once.
// A block that outlives its run's account is simply forgotten.
//
// Passing the limit cannot fail an allocation (the interpreter is not written to survive that);
// it raises an alarm bit that the runtime sees at its next safepoint and ends the run with a
// message naming the limit. Natives that allocate in proportion to a number the program gives
// ("x".repeat(n), Vec::with_capacity(n), sync_channel(n)) ask fits() first instead.
#pragma once
#include <atomic>
#include <cstdint>

namespace brigade::lang::memory {

class Account {
 public:
  // `alarm |= alarm_bit` once the charged bytes pass `limit` (0: no limit).
  Account(std::uint64_t limit, std::atomic<int>* alarm, int alarm_bit) noexcept;
  ~Account();
  Account(const Account&) = delete;
  Account& operator=(const Account&) = delete;

  [[nodiscard]] std::int64_t bytes() const noexcept;  // charged now
  [[nodiscard]] std::int64_t peak() const noexcept;   // the most charged at once
  [[nodiscard]] std::uint64_t limit() const noexcept { return limit_; }
  // Whether `more` bytes can still be allocated without passing the limit.
  [[nodiscard]] bool fits(std::uint64_t more) const noexcept;
  // Charges the calling thread's allocations to this account from now on.
  void charge_this_thread() noexcept;

 private:
  std::uint32_t slot_ = 0;  // 0: no slot was free; nothing is counted
  std::uint64_t limit_;
};

// The calling thread's allocations are charged to nobody from now on.
void charge_nobody() noexcept;

}  // namespace brigade::lang::memory
