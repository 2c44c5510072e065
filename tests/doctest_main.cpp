// doctest_main.cpp — the one main() every suite shares. Besides doctest's own options it takes
// --seeds=DIR: where the tutorial's text is read from (default: ../shared/seeds beside the
// checkout, which a user's clone does not have; the suites then say they skipped those tests).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "seeds.hpp"

namespace brigade::test {
std::string& seeds_dir() {
#ifdef BRIGADE_SEEDS_DIR
  static std::string dir = BRIGADE_SEEDS_DIR;
#else
  static std::string dir;
#endif
  return dir;
}
}  // namespace brigade::test

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, 8) == "--seeds=") {
      brigade::test::seeds_dir() = std::string(arg.substr(8));
    } else {
      args.push_back(argv[i]);
    }
  }
  doctest::Context context;
  context.applyCommandLine(static_cast<int>(args.size()), args.data());
  return context.run();
}
