// cli.cpp — `brigade check` (and, soon, `brigade run`).
#include "cli.hpp"

#include <brigade/lang/parser.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace brigade::cli {

namespace {

constexpr std::size_t kMaxSource = 64 * 1024;  // DESIGN.md's source limit

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// Reads and checks FILE; prints errors to stderr. Returns 0 (clean), 1 (errors), 2 (unreadable).
int check_file(const std::string& path) {
  std::string text;
  if (!read_file(path, text)) {
    std::fprintf(stderr, "error: couldn't read `%s`: no such file or it is unreadable\n", path.c_str());
    return 2;
  }
  if (text.size() > kMaxSource) {
    std::fprintf(stderr, "error: `%s` is %zu bytes; the source limit is %zu bytes (64 KiB)\n", path.c_str(),
                 text.size(), kMaxSource);
    return 2;
  }
  lang::Source source(path, std::move(text));
  lang::Diagnostics diagnostics;
  lang::parse_source(source, diagnostics);
  if (!diagnostics.has_errors()) return 0;
  std::string rendered = diagnostics.render(source);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  return 1;
}

constexpr const char* kUsage =
    "Usage: brigade check FILE.rs\n"
    "\n"
    "Reports the compile errors of a program in Brigade's Rust subset, as rustc would\n"
    "(error, --> file:line:column, the line, a caret). Exit status: 0 clean, 1 errors,\n"
    "2 the file could not be read.\n";

}  // namespace

int dispatch(int argc, char** argv) {
  if (argc < 2) return -1;
  std::string command = argv[1];
  if (command == "check") {
    if (argc == 3 && (std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (argc != 3) {
      std::fputs(kUsage, stderr);
      return 2;
    }
    return check_file(argv[2]);
  }
  if (command == "run") {
    std::fprintf(stderr,
                 "brigade run: the interpreter is not built yet (core/lang has the scanner and parser so far);\n"
                 "use `brigade check FILE.rs` for compile errors\n");
    return 2;
  }
  return -1;
}

}  // namespace brigade::cli
