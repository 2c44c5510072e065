// cli.hpp — the headless commands of the native binary (no window, no display needed):
//   brigade check FILE.rs     compile errors only, rustc-shaped; exit 1 if there are any
//   brigade run FILE.rs ...   runs it: the program's output, exit status and panics as rustc's binary
#pragma once

namespace brigade::cli {

// Handles `argv[1]` if it is a headless command; returns the exit code, or -1 if it is not one.
int dispatch(int argc, char** argv);

}  // namespace brigade::cli
