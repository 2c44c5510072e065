// coroutines.cpp — the coroutine front-end's hand-off cost: two coroutines on one thread's run
// queue (mpsc_co.hpp, co::Loop) pass a counter back and forth through two channels of the same
// bound, 200,000 hand-offs, for sync_channel(0) (a rendezvous) and sync_channel(1). Prints ns
// per hand-off, the number bench/pingpong.go prints for goroutines (bench/coroutines.sh runs both).
#include <brigade/mpsc_co.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace co = brigade::mpsc::co;

namespace {
constexpr int kRoundTrips = 100000;

co::Task pinger(co::SyncSender<std::uint64_t> ping, co::Receiver<std::uint64_t> pong, std::uint64_t& out) {
  std::uint64_t n = 0;
  for (int i = 0; i < kRoundTrips; ++i) {
    (void)co_await ping.send(n);
    n = std::move(co_await pong.recv()).unwrap();
  }
  out = n;
}

co::Task ponger(co::Receiver<std::uint64_t> ping, co::SyncSender<std::uint64_t> pong) {
  for (;;) {
    auto r = co_await ping.recv();
    if (r.is_err()) co_return;
    (void)co_await pong.send(std::move(r).unwrap() + 1);
  }
}

double run(std::size_t bound) {
  co::Loop loop;
  auto [ping_tx, ping_rx] = co::sync_channel<std::uint64_t>(bound);
  auto [pong_tx, pong_rx] = co::sync_channel<std::uint64_t>(bound);
  std::uint64_t result = 0;
  auto start = std::chrono::steady_clock::now();
  spawn(loop, ponger(std::move(ping_rx), std::move(pong_tx)));
  spawn(loop, pinger(std::move(ping_tx), std::move(pong_rx), result));
  loop.run();
  auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  if (result != kRoundTrips) std::printf("wrong result %llu\n", static_cast<unsigned long long>(result));
  return ns / (2.0 * kRoundTrips);
}
}  // namespace

int main() {
  for (std::size_t bound : {0u, 1u}) {
    double best = 1e30;
    for (int r = 0; r < 5; ++r) best = std::min(best, run(bound));
    std::printf("brigade coroutines, sync_channel(%zu): %.1f ns per hand-off (best of 5)\n", bound, best);
  }
}
