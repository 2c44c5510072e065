// The check as you type: the problems a Run's compile would give, found once typing pauses,
// and an explanation for each error code the checker reports.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "live_check.hpp"

using brigade::app::check_source;
using brigade::app::explain;
using brigade::app::LiveCheck;

namespace {

const std::string kListing16_9 = R"(use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    thread::spawn(move || {
        let val = String::from("hi");
        tx.send(val).unwrap();
        println!("val is {val}");
    });

    let received = rx.recv().unwrap();
    println!("Got: {received}");
}
)";

}  // namespace

TEST_CASE("check_source: the Book's Listing 16-9 is refused with E0382 where rustc points") {
  auto problems = check_source(kListing16_9);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "E0382");
  CHECK(problems[0].line == 10);
  CHECK(problems[0].column == 27);
  CHECK(problems[0].message == "borrow of moved value: `val`");
  CHECK(problems[0].rendered.find("value moved here") != std::string::npos);
  CHECK(check_source("fn main() { println!(\"hi\"); }").empty());
}

TEST_CASE("LiveCheck: checks after a pause in typing, once per text") {
  using namespace std::chrono_literals;
  LiveCheck live;
  const auto t0 = LiveCheck::Clock::time_point{} + 1h;
  CHECK_FALSE(live.update(kListing16_9, t0));  // just typed
  CHECK_FALSE(live.current(kListing16_9));
  CHECK_FALSE(live.update(kListing16_9, t0 + 100ms));  // still within the pause
  CHECK(live.update(kListing16_9, t0 + 300ms));
  REQUIRE(live.current(kListing16_9));
  REQUIRE(live.problems().size() == 1);
  CHECK(live.problems()[0].code == "E0382");
  CHECK_FALSE(live.update(kListing16_9, t0 + 600ms));  // nothing new to check

  std::string fixed = kListing16_9;
  fixed.replace(fixed.find("println!(\"val is {val}\");"), 25, "");
  CHECK_FALSE(live.update(fixed, t0 + 700ms));
  CHECK_FALSE(live.current(fixed));  // the old problems are not about this text
  CHECK(live.update(fixed, t0 + 1000ms));
  CHECK(live.current(fixed));
  CHECK(live.problems().empty());
}

TEST_CASE("explain: every code the checker reports has an explanation in the restaurant's terms") {
  for (const char* code : {"E0382", "E0373", "E0384", "E0594", "E0596", "E0277", "E0597", "E0599"}) {
    std::string name = code;
    CAPTURE(name);
    std::string text(explain(code));
    CHECK(text.size() > 60);
    const bool restaurant = text.find("ticket") != std::string::npos || text.find("waiter") != std::string::npos ||
                            text.find("kitchen") != std::string::npos || text.find("station") != std::string::npos ||
                            text.find("carousel") != std::string::npos;
    CHECK(restaurant);
  }
  CHECK(explain("E9999").empty());
}
