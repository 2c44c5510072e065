// test_errors.cpp — error types print Rust's Display and Debug texts; Result behaves like Rust's.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "support.hpp"

using namespace brigade::mpsc;

TEST_CASE("error texts are Rust's Display and Debug") {
  SendError<int> send(7);
  CHECK(send.to_string() == "sending on a closed channel");
  CHECK(send.debug_string() == "SendError { .. }");
  CHECK(to_string(send) == "sending on a closed channel");
  CHECK(std::move(send).into_inner() == 7);

  auto full = TrySendError<int>::Full(1);
  CHECK(full.is_full());
  CHECK_FALSE(full.is_disconnected());
  CHECK(full.to_string() == "sending on a full channel");
  CHECK(full.debug_string() == "TrySendError::Full(..)");
  auto gone = TrySendError<int>::Disconnected(2);
  CHECK(gone.is_disconnected());
  CHECK(gone.to_string() == "sending on a closed channel");
  CHECK(gone.debug_string() == "TrySendError::Disconnected(..)");
  CHECK(std::move(gone).into_inner() == 2);

  CHECK(RecvError{}.to_string() == "receiving on a closed channel");
  CHECK(RecvError{}.debug_string() == "RecvError");
  CHECK(to_string(TryRecvError::Empty) == "receiving on an empty channel");
  CHECK(debug_string(TryRecvError::Empty) == "Empty");
  CHECK(to_string(TryRecvError::Disconnected) == "receiving on a closed channel");
  CHECK(debug_string(TryRecvError::Disconnected) == "Disconnected");
  CHECK(to_string(RecvTimeoutError::Timeout) == "timed out waiting on channel");
  CHECK(debug_string(RecvTimeoutError::Timeout) == "Timeout");
  CHECK(to_string(RecvTimeoutError::Disconnected) == "channel is empty and sending half is closed");
  CHECK(debug_string(RecvTimeoutError::Disconnected) == "Disconnected");
}

TEST_CASE("Result holds Ok or Err") {
  brigade::Result<int, RecvError> ok = 5;
  CHECK(ok.is_ok());
  CHECK(ok.value() == 5);
  CHECK(ok.expect("has a value") == 5);
  brigade::Result<int, RecvError> err = brigade::Err{RecvError{}};
  CHECK(err.is_err());
  CHECK(err.error() == RecvError{});
  CHECK(std::move(err).unwrap_or(9) == 9);
  brigade::Result<void, SendError<int>> sent;
  CHECK(sent.is_ok());
  sent.unwrap();
}

TEST_CASE("a failed send gives a move-only message back") {
  auto ch = channel<std::unique_ptr<int>>();
  auto& tx = ch.first;
  auto& rx = ch.second;
  { auto dropped = std::move(rx); }
  auto r = tx.send(std::make_unique<int>(42));
  REQUIRE(r.is_err());
  auto back = std::move(r).error().into_inner();
  REQUIRE(back != nullptr);
  CHECK(*back == 42);
}
