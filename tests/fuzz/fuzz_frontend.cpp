// fuzz_frontend.cpp — libFuzzer target over the front end: any bytes through the scanner, the
// parser and the diagnostics renderer. Built and run, time-bounded, by tests/fuzz/run.sh.
#include <brigade/lang/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  brigade::lang::Source source("fuzz.rs", std::string(reinterpret_cast<const char*>(data), size));
  brigade::lang::Diagnostics diagnostics;
  brigade::lang::parse_source(source, diagnostics);
  std::string rendered = diagnostics.render(source);
  return rendered.empty() && diagnostics.has_errors() ? 1 : 0;  // errors always render
}
