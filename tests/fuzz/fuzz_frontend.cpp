// fuzz_frontend.cpp — libFuzzer target over the front end: any bytes through the scanner, the
// parser, the compiler and the diagnostics renderer. Built and run, time-bounded, by
// tests/fuzz/run.sh. (Running programs is not fuzzed: a random program may loop forever.)
#include <brigade/lang/compiler.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  brigade::lang::Source source("fuzz.rs", std::string(reinterpret_cast<const char*>(data), size));
  brigade::lang::Diagnostics diagnostics;
  auto module = brigade::lang::compile_source(source, diagnostics);
  std::string rendered = diagnostics.render(source);
  if (diagnostics.has_errors() && (rendered.empty() || module)) __builtin_trap();  // errors render; no module
  return 0;
}
