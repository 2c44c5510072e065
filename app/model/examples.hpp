// examples.hpp — the playground's example programs, one per scenario of the tutorial.
//
// Each program lives in examples/NAME.rs with its expected stdout beside it (NAME.stdout, what
// rustc's build prints); both are embedded at build time. The runtime tests run every example
// against that file, and the browser tests do the same through window.brigade.
#pragma once
#include <span>
#include <string_view>

namespace brigade::app {

struct Example {
  std::string_view id;       // "bounded_one"
  std::string_view title;    // "One slot, a slow chef"
  std::string_view caption;  // one line tying it to the tutorial's comparison
  std::string_view topic;    // "backpressure", "blocking", "synchronisation", "memory", "deadlock", "async"
  std::string_view source;
  std::string_view expected_stdout;
  int expected_exit = 0;
};

std::span<const Example> examples() noexcept;
const Example* find_example(std::string_view id) noexcept;

}  // namespace brigade::app
