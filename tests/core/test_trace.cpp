// test_trace.cpp — trace events: the ring, and the events a channel emits at its
// synchronisation points (linked send -> receive by their FIFO position).
#include <doctest/doctest.h>

#include <brigade/trace.hpp>
#include <vector>

#include "support.hpp"

using namespace brigade;

TEST_CASE("ring: bounded, FIFO, drops and counts when full") {
  trace::Ring ring(4);
  CHECK(ring.capacity() == 4);
  for (int i = 0; i < 6; ++i) {
    trace::Event e;
    e.seq = static_cast<std::uint64_t>(i);
    ring.push(e);
  }
  CHECK(ring.dropped() == 2);
  trace::Event out;
  for (std::uint64_t i = 0; i < 4; ++i) {
    REQUIRE(ring.pop(out));
    CHECK(out.seq == i);
  }
  CHECK_FALSE(ring.pop(out));
}

TEST_CASE("a channel's events: create, done sends and receives linked by position") {
  trace::Ring ring(1024);
  trace::install(&ring);
  std::uint32_t id = 0;
  {
    auto ch = mpsc::sync_channel<int>(2);
    auto& tx = ch.first;
    auto& rx = ch.second;
    id = rx.id();
    tx.send(10).unwrap();
    tx.send(11).unwrap();
    CHECK(rx.recv().unwrap() == 10);
    CHECK(rx.recv().unwrap() == 11);
  }
  trace::install(nullptr);
  std::vector<trace::Event> events;
  trace::Event e;
  while (ring.pop(e)) {
    if (e.channel == id) events.push_back(e);
  }
  REQUIRE(events.size() >= 5);
  CHECK(events[0].kind == trace::Kind::ChannelCreate);
  CHECK(events[1].kind == trace::Kind::SendDone);
  CHECK(events[1].seq == 0);
  CHECK(events[1].preview.type == trace::Preview::Type::Int);
  CHECK(events[1].preview.integer == 10);
  CHECK(events[2].kind == trace::Kind::SendDone);
  CHECK(events[2].occupancy == 2);
  CHECK(events[3].kind == trace::Kind::RecvDone);
  CHECK(events[3].seq == 0);
  CHECK(events[4].kind == trace::Kind::RecvDone);
  CHECK(events[4].seq == 1);
  CHECK(trace::kind_label(trace::Kind::SendBlocked) == "sender blocked: the carousel is full");
}
