// seeds.hpp — where the suites find the tutorial's text (set by --seeds=DIR, see doctest_main.cpp).
#pragma once
#include <string>

namespace brigade::test {
// The folder holding the tutorial (../shared/seeds beside the checkout by default); the tests
// that read it report that they skipped when it is absent, as it is in a user's clone.
std::string& seeds_dir();
}  // namespace brigade::test
