// adapter_brigade.hpp — Brigade's channels as one more column of ../shared/bench (see its
// README, "Adding a column"). Run through scripts/bench.sh.
#pragma once

#include <brigade/mpsc.hpp>

#include <cstdint>
#include <optional>
#include <utility>

struct BrigadeColumn {
  static constexpr const char* name = "brigade";
  static constexpr bool multi_producer = true;
  static constexpr bool multi_consumer = false;  // mpsc: no mpmc rows
  static bool supports(std::size_t) { return true; }
  // channel() gives a Sender, sync_channel() a SyncSender: the harness wants one type.
  struct Tx {
    std::optional<brigade::mpsc::Sender<std::uint64_t>> unbounded;
    std::optional<brigade::mpsc::SyncSender<std::uint64_t>> bounded;
  };
  using Rx = brigade::mpsc::Receiver<std::uint64_t>;
  static std::pair<Tx, Rx> make(std::size_t cap) {
    if (cap == bench::kUnbounded) {
      auto [tx, rx] = brigade::mpsc::channel<std::uint64_t>();
      return {Tx{std::move(tx), std::nullopt}, std::move(rx)};
    }
    auto [tx, rx] = brigade::mpsc::sync_channel<std::uint64_t>(cap);
    return {Tx{std::nullopt, std::move(tx)}, std::move(rx)};
  }
  static void send(Tx& t, std::uint64_t v) {
    if (t.unbounded) {
      t.unbounded->send(v).unwrap();
    } else {
      t.bounded->send(v).unwrap();
    }
  }
  static std::uint64_t recv(Rx& r) { return r.recv().unwrap(); }
};

#define ANCHORS_EXTRA_COLUMNS , BrigadeColumn
