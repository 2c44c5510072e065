// panic.cpp — how the channel API's unwrap()/expect() end a C++ program: Rust's panic text on
// stderr, then abort.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "brigade/result.hpp"

namespace brigade::detail {

[[noreturn]] void panic(std::string_view message) {
  std::string text = "thread '<unnamed>' panicked:\n";
  text.append(message);
  text += "\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace brigade::detail
