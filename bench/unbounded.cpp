// unbounded.cpp — a small driver for the unbounded (list) flavor alone, for A/B runs of two builds
// side by side (alternate them: this machine's speed drifts between minutes).
//
//   g++ -std=c++20 -O3 -DNDEBUG -pthread -Icore/chan/include -Icore/trace/include
//       bench/unbounded.cpp build/bench/libbrigade_core.a -o /tmp/unbounded
//   (scripts/bench.sh builds build/bench/libbrigade_core.a from the current tree)
//   /tmp/unbounded seq        one thread sends 2,000,000 u64s, then receives them
//   /tmp/unbounded 1          one producer thread, one consumer thread
//   /tmp/unbounded 4          four producers, one consumer
// Prints the median, min and max ns per message over 7 rounds.
#include <brigade/mpsc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::uint64_t kMessages = 2'000'000;

std::uint64_t send_then_receive() {
  auto [tx, rx] = brigade::mpsc::channel<std::uint64_t>();
  for (std::uint64_t i = 0; i < kMessages; ++i) tx.send(i).unwrap();
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < kMessages; ++i) sum += rx.recv().unwrap();
  return sum;
}

std::uint64_t producers_and_consumer(unsigned producers) {
  auto [tx, rx] = brigade::mpsc::channel<std::uint64_t>();
  std::uint64_t share = kMessages / producers;
  std::vector<std::thread> threads;
  for (unsigned p = 0; p < producers; ++p) {
    threads.emplace_back([tx = tx, share]() mutable {
      for (std::uint64_t i = 0; i < share; ++i) tx.send(i).unwrap();
    });
  }
  std::uint64_t sum = 0;
  std::thread consumer([&sum, rx = std::move(rx), total = share * producers]() mutable {
    for (std::uint64_t i = 0; i < total; ++i) sum += rx.recv().unwrap();
  });
  for (auto& t : threads) t.join();
  consumer.join();
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "seq";
  unsigned producers = mode == "seq" ? 0 : static_cast<unsigned>(std::max(1, std::stoi(mode)));
  std::vector<double> ns;
  std::uint64_t checksum = 0;
  for (int round = 0; round < 7; ++round) {
    auto start = std::chrono::steady_clock::now();
    checksum += producers == 0 ? send_then_receive() : producers_and_consumer(producers);
    auto took = std::chrono::steady_clock::now() - start;
    ns.push_back(std::chrono::duration<double, std::nano>(took).count() / kMessages);
  }
  std::sort(ns.begin(), ns.end());
  std::printf("%s: median %.1f ns/msg (min %.1f, max %.1f; checksum %llu)\n", mode.c_str(), ns[ns.size() / 2],
              ns.front(), ns.back(), static_cast<unsigned long long>(checksum));
}
