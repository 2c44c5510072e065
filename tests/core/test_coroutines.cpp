// test_coroutines.cpp — the coroutine front-end (mpsc_co.hpp): `co_await tx.send(v)` and
// `co_await rx.recv()` on the same channel core, on one thread's run queue and across threads,
// with the blocking API on the other side, disconnection, and a flood through a small carousel.
#include <doctest/doctest.h>

#include <brigade/mpsc_co.hpp>
#include <numeric>
#include <thread>
#include <vector>

using namespace brigade;
namespace co = brigade::mpsc::co;

namespace {

co::Task produce(co::SyncSender<int> tx, int n) {
  for (int i = 1; i <= n; ++i) {
    auto r = co_await tx.send(i);
    REQUIRE(r.is_ok());
  }
}

co::Task consume(co::Receiver<int> rx, std::vector<int>& got) {
  for (;;) {
    auto r = co_await rx.recv();
    if (r.is_err()) co_return;  // every sender is gone
    got.push_back(std::move(r).unwrap());
  }
}

}  // namespace

TEST_CASE("two coroutines hand off on one thread, through a rendezvous and through small carousels") {
  for (std::size_t bound : {0u, 1u, 3u}) {
    CAPTURE(bound);
    co::Loop loop;
    auto [tx, rx] = co::sync_channel<int>(bound);
    std::vector<int> got;
    spawn(loop, consume(std::move(rx), got));
    spawn(loop, produce(std::move(tx), 1000));
    loop.run();
    REQUIRE(got.size() == 1000);
    std::vector<int> want(1000);
    std::iota(want.begin(), want.end(), 1);
    CHECK(got == want);
  }
}

TEST_CASE("a coroutine and blocking threads share a channel: either side may be the one that waits") {
  for (std::size_t bound : {0u, 2u}) {
    CAPTURE(bound);
    co::Loop loop;
    auto [tx, rx] = mpsc::sync_channel<int>(bound);
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t) {
      senders.emplace_back([tx = tx, t]() mutable {
        for (int i = 0; i < 2500; ++i) REQUIRE(tx.send(t * 10000 + i).is_ok());
      });
    }
    { auto gone = std::move(tx); }
    std::vector<int> got;
    spawn(loop, consume(co::Receiver<int>(std::move(rx)), got));
    loop.run();
    for (auto& s : senders) s.join();
    REQUIRE(got.size() == 10000);
    long long sum = std::accumulate(got.begin(), got.end(), 0LL);
    CHECK(sum == 4LL * 2500 * 2499 / 2 + 10000LL * 2500 * (0 + 1 + 2 + 3));

    // The other way round: the coroutine sends, a thread receives with the blocking API.
    co::Loop loop2;
    auto [tx2, rx2] = mpsc::sync_channel<int>(bound);
    std::thread chef([rx2 = std::move(rx2)]() mutable {
      long long total = 0;
      for (int v : rx2) total += v;
      CHECK(total == 5000LL * 5001 / 2);
    });
    spawn(loop2, produce(co::SyncSender<int>(std::move(tx2)), 5000));
    loop2.run();
    chef.join();
  }
}

namespace {
co::Task send_to_nobody(co::SyncSender<std::string> tx, std::optional<std::string>& back) {
  auto r = co_await tx.send("soup");
  if (r.is_err()) back = std::move(r.error()).into_inner();
}
co::Task recv_from_nobody(co::Receiver<std::string> rx, bool& failed) {
  auto r = co_await rx.recv();
  failed = r.is_err();
}
}  // namespace

TEST_CASE("disconnection: a send to a dropped receiver gives the value back; a receive with no senders fails") {
  co::Loop loop;
  std::optional<std::string> back;
  bool failed = false;
  {
    auto [tx, rx] = co::sync_channel<std::string>(0);
    { auto gone = std::move(rx); }
    spawn(loop, send_to_nobody(std::move(tx), back));
  }
  {
    auto [tx, rx] = co::sync_channel<std::string>(1);
    { auto gone = std::move(tx); }
    spawn(loop, recv_from_nobody(std::move(rx), failed));
  }
  loop.run();
  CHECK(back == std::optional<std::string>("soup"));
  CHECK(failed);
}

TEST_CASE("a coroutine waiting on a receive is woken when the last sender goes, from another thread") {
  co::Loop loop;
  bool failed = false;
  auto [tx, rx] = co::sync_channel<std::string>(1);
  spawn(loop, recv_from_nobody(std::move(rx), failed));
  std::thread dropper([tx = std::move(tx)]() mutable { auto gone = std::move(tx); });
  loop.run();
  dropper.join();
  CHECK(failed);
}
