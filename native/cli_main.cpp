// cli_main.cpp — `brigade`: the headless commands (run, check, disasm) in a small binary that loads no
// window system, so that a program's first line appears within milliseconds. Anything else
// (no command, window options) is handed to brigade-window beside it, with the same arguments.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli.hpp"

int main(int argc, char** argv) {
  if (int status = brigade::cli::dispatch(argc, argv); status >= 0) return status;
  std::string self = argc > 0 ? argv[0] : "brigade";
  auto slash = self.rfind('/');
  std::string window = (slash == std::string::npos ? std::string() : self.substr(0, slash + 1)) + "brigade-window";
  argv[0] = window.data();
  execv(window.c_str(), argv);
  std::fprintf(stderr, "brigade: couldn't start the window (%s); `brigade run FILE.rs` and `brigade check FILE.rs` work without it\n",
               window.c_str());
  return 2;
}
