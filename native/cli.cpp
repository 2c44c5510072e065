// cli.cpp — `brigade check` (and, soon, `brigade run`).
#include "cli.hpp"

#include <atomic>
#include <brigade/lang/compiler.hpp>
#include <brigade/lang/explore.hpp>
#include <brigade/lang/runtime.hpp>
#include <brigade/trace.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

namespace brigade::cli {

namespace {

constexpr std::size_t kMaxSource = 64 * 1024;  // DESIGN.md's source limit

constexpr const char* kRunUsage =
    "Usage: brigade run FILE.rs [options]\n"
    "\n"
    "Runs a program of Brigade's Rust subset headless: its stdout to stdout, its stderr to stderr,\n"
    "and the exit status rustc's binary would give (0; 101 after a panic in main; the code given\n"
    "to std::process::exit). Each thread::spawn is a real thread; each channel a brigade::mpsc one.\n"
    "Panics name FILE as given here. Compile errors are printed as `brigade check` prints them\n"
    "(exit status 1).\n"
    "\n"
    "Options:\n"
    "  --speed X          scale time: sleeps last d/X, Instant/elapsed count X times faster (default 1)\n"
    "  --trace FILE       write every trace event (spawn, send, block, receive, ...) as JSON lines\n"
    "  --max-threads N    program threads alive at once, main included (default 32)\n"
    "  --max-output B     bytes of output (default 655360, i.e. 640 KiB)\n"
    "  --max-queued N     messages waiting in one channel (default 100000)\n"
    "  --max-memory MIB   memory the program may hold allocated, in MiB (default 512; 0: no limit)\n"
    "  --time-limit S     stop after S seconds of real time (default: none)\n"
    "  --virtual          virtual time: every thread on one, in an order chosen at each choice point\n"
    "                     (a channel operation, a lock, an atomic, a spawn, a join, a print), sleeps\n"
    "                     taking no real time; the same seed gives the same run, byte for byte\n"
    "  --seed N           the seed of --virtual's random choices (default 0)\n"
    "  --schedule S       replay the choices of a run that printed S (implies --virtual)\n"
    "  --print-schedule   after a --virtual run, print `schedule: S` on stderr, and which threads\n"
    "                     main's end left waiting for what nothing would do (a partial deadlock)\n"
    "\n"
    "When a limit is reached, or every thread is blocked forever (a deadlock), Brigade stops the\n"
    "program, explains why on stderr (for a deadlock: each blocked thread, the operation, the\n"
    "channel and the source line), and exits with status 1.\n";

constexpr const char* kExploreUsage =
    "Usage: brigade explore FILE.rs [--max-schedules N] [--json]\n"
    "\n"
    "Runs the program under virtual time once per possible schedule — every order in which its\n"
    "threads can pass their choice points (channel operations, locks, atomics, spawns, joins,\n"
    "prints) — and lists every distinct outcome: how it ends, what it prints, how many schedules\n"
    "lead to it, and one schedule that replays it (`brigade run --schedule S FILE.rs`).\n"
    "\n"
    "Options:\n"
    "  --max-schedules N  stop after N schedules (default 10000); the summary says so\n"
    "  --json             {\"complete\", \"schedules\", \"outcomes\": [{\"outcome\", \"exit_code\",\n"
    "                     \"stdout\", \"stderr\", \"schedules\", \"schedule\"}]}\n"
    "  --max-threads N, --max-output B, --max-queued N, --max-memory MIB, --time-limit S:\n"
    "                     each run's limits, as for `brigade run`\n"
    "\n"
    "Exit status: 0, 1 when the program has compile errors, 2 on bad usage.\n";

constexpr const char* kDisasmUsage =
    "Usage: brigade disasm FILE.rs\n"
    "\n"
    "Prints the bytecode a program compiles to: for each function, each instruction's offset, its\n"
    "source line, the opcode, its operands (a, b, c) and what they stand for. Exit status: 0, 1 when\n"
    "the program has compile errors (printed as `brigade check` prints them), 2 when unreadable.\n";

constexpr const char* kUsage =
    "Usage: brigade check FILE.rs\n"
    "\n"
    "Reports the compile errors of a program in Brigade's Rust subset, as rustc would\n"
    "(error, --> file:line:column, the line, a caret). Exit status: 0 clean, 1 errors,\n"
    "2 the file could not be read.\n";


bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// Reads FILE into `text`; prints why not and returns false when it cannot.
bool load_source(const std::string& path, std::string& text) {
  if (!read_file(path, text)) {
    std::fprintf(stderr, "error: couldn't read `%s`: no such file or it is unreadable\n", path.c_str());
    return false;
  }
  if (text.size() > kMaxSource) {
    std::fprintf(stderr, "error: `%s` is %zu bytes; the source limit is %zu bytes (64 KiB)\n", path.c_str(),
                 text.size(), kMaxSource);
    return false;
  }
  return true;
}

// Compiles `source`; prints the errors. nullptr when there were any.
std::shared_ptr<const lang::vm::Module> compile(const lang::Source& source) {
  lang::Diagnostics diagnostics;
  auto module = lang::compile_source(source, diagnostics);
  if (!diagnostics.has_errors()) return module;
  std::string rendered = diagnostics.render(source);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  return nullptr;
}

// Reads and checks FILE; prints errors to stderr. Returns 0 (clean), 1 (errors), 2 (unreadable).
int check_file(const std::string& path) {
  std::string text;
  if (!load_source(path, text)) return 2;
  lang::Source source(path, std::move(text));
  return compile(source) ? 0 : 1;
}

// Prints the bytecode of FILE. Returns 0, 1 (compile errors), 2 (unreadable).
int disasm_file(const std::string& path) {
  std::string text;
  if (!load_source(path, text)) return 2;
  lang::Source source(path, std::move(text));
  auto module = compile(source);
  if (!module) return 1;
  std::string listing = lang::vm::disassemble(*module);
  std::fwrite(listing.data(), 1, listing.size(), stdout);
  return 0;
}

// Writes trace events as JSON lines while the program runs.
class TraceWriter {
 public:
  explicit TraceWriter(const std::string& path) : out_(std::fopen(path.c_str(), "w")), ring_(1 << 16) {
    if (!out_) return;
    thread_ = std::thread([this] {
      trace::set_thread_muted(true);
      while (!done_.load(std::memory_order_acquire)) {
        if (!drain()) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a file writer, not a test
      }
      drain();
    });
  }
  ~TraceWriter() {
    if (!out_) return;
    done_.store(true, std::memory_order_release);
    thread_.join();
    if (ring_.dropped() != 0) {
      std::fprintf(out_, "{\"kind\":\"Dropped\",\"count\":%llu}\n", static_cast<unsigned long long>(ring_.dropped()));
    }
    std::fclose(out_);
  }
  [[nodiscard]] bool ok() const { return out_ != nullptr; }
  trace::Ring* ring() { return &ring_; }  // the run's own sink (RunOptions::trace)

 private:
  bool drain() {
    trace::Event e;
    bool any = false;
    while (ring_.pop(e)) {
      any = true;
      std::string preview;
      if (e.preview.type == trace::Preview::Type::Int) {
        preview = std::to_string(e.preview.integer);
      } else if (e.preview.type == trace::Preview::Type::Text) {
        preview = lang::fmt::debug_str(e.preview.text);
      }
      std::fprintf(out_, "{\"t\":%llu,\"kind\":\"%s\",\"thread\":%u,\"channel\":%u,\"seq\":%llu,\"occupancy\":%u%s%s}\n",
                   static_cast<unsigned long long>(e.time_ns), std::string(trace::kind_name(e.kind)).c_str(), e.thread,
                   e.channel, static_cast<unsigned long long>(e.seq), e.occupancy,
                   preview.empty() ? "" : ",\"preview\":", preview.c_str());
    }
    return any;
  }
  std::FILE* out_;
  trace::Ring ring_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

bool parse_number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end != text && *end == '\0';
}

// What `run` and `explore` do with an argument that is none of their options: --help, an
// unknown option, the program's file, or a file too many. -1: go on; else the exit status.
int other_argument(const std::string& arg, std::string& path, const char* usage) {
  if (arg == "--help" || arg == "-h") {
    std::fputs(usage, stdout);
    return 0;
  }
  if (!arg.empty() && arg[0] == '-') {
    std::fprintf(stderr, "error: unknown option `%s`\n\n%s", arg.c_str(), usage);
    return 2;
  }
  if (!path.empty()) {
    std::fputs(usage, stderr);
    return 2;
  }
  path = arg;
  return -1;
}

// The program at `path`, compiled (its errors printed as `check` prints them); nullptr, with
// the exit status, when there is none.
std::shared_ptr<const lang::vm::Module> program_at(const std::string& path, const char* usage, int& status) {
  status = 2;
  if (path.empty()) {
    std::fputs(usage, stderr);
    return nullptr;
  }
  std::string text;
  if (!load_source(path, text)) return nullptr;
  lang::Source source(path, std::move(text));
  auto module = compile(source);
  status = module ? 0 : 1;
  return module;
}

// The limits `run` and `explore` share: argv[i] (and its value, argv[i + 1], which it steps
// over) into `limits`.
enum class LimitOption { None, Set, Bad };
LimitOption limit_option(int argc, char** argv, int& i, lang::RunLimits& limits) {
  std::string arg = argv[i];
  const bool known = arg == "--max-threads" || arg == "--max-output" || arg == "--max-queued" ||
                     arg == "--max-memory" || arg == "--time-limit";
  if (!known) return LimitOption::None;
  double n = 0;
  if (i + 1 >= argc || !parse_number(argv[i + 1], n) || n < (arg == "--max-threads" ? 1 : 0)) {
    std::fprintf(stderr, "error: %s needs a number%s\n", arg.c_str(), arg == "--max-threads" ? " of at least 1" : "");
    return LimitOption::Bad;
  }
  ++i;
  if (arg == "--max-threads") limits.max_threads = static_cast<std::uint32_t>(n);
  if (arg == "--max-output") limits.max_output = static_cast<std::uint64_t>(n);
  if (arg == "--max-queued") limits.max_queued = static_cast<std::uint64_t>(n);
  if (arg == "--max-memory") limits.max_memory = static_cast<std::uint64_t>(n * 1024 * 1024);
  if (arg == "--time-limit") limits.max_seconds = n;
  return LimitOption::Set;
}

int run_file(int argc, char** argv) {
  std::string path;
  std::string trace_path;
  bool print_schedule = false;
  lang::RunOptions options;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](double& out) {
      if (i + 1 >= argc || !parse_number(argv[i + 1], out)) {
        std::fprintf(stderr, "error: %s needs a number\n", arg.c_str());
        return false;
      }
      ++i;
      return true;
    };
    double n = 0;
    if (arg == "--speed") {
      if (!value(n) || !(n > 0)) return 2;
      options.speed = n;
    } else if (arg == "--trace") {
      if (i + 1 >= argc) return 2;
      trace_path = argv[++i];
    } else if (LimitOption l = limit_option(argc, argv, i, options.limits); l != LimitOption::None) {
      if (l == LimitOption::Bad) return 2;
    } else if (arg == "--virtual") {
      options.virtual_time = true;
    } else if (arg == "--seed") {
      if (!value(n) || n < 0 || n != static_cast<double>(static_cast<std::uint64_t>(n))) return 2;
      options.seed = static_cast<std::uint64_t>(n);
      options.virtual_time = true;
    } else if (arg == "--schedule") {
      if (i + 1 >= argc) return 2;
      options.schedule = argv[++i];
      options.virtual_time = true;
    } else if (arg == "--print-schedule") {
      print_schedule = true;
    } else if (int status = other_argument(arg, path, kRunUsage); status >= 0) {
      return status;
    }
  }
  int status = 0;
  auto module = program_at(path, kRunUsage, status);
  if (!module) return status;
  std::unique_ptr<TraceWriter> tracer;
  if (!trace_path.empty()) {
    tracer = std::make_unique<TraceWriter>(trace_path);
    if (!tracer->ok()) {
      std::fprintf(stderr, "error: couldn't write the trace to `%s`\n", trace_path.c_str());
      return 2;
    }
    options.trace = tracer->ring();
  }
  // Rust's stdout is line-buffered and its stderr unbuffered: flush at each newline.
  options.on_output = [](const lang::OutputChunk& chunk) {
    std::FILE* f = chunk.stream == 2 ? stderr : stdout;
    std::fwrite(chunk.text.data(), 1, chunk.text.size(), f);
    if (chunk.stream == 2 || chunk.text.find('\n') != std::string_view::npos) std::fflush(f);
  };
  lang::RunResult result;
  {
    lang::Run run(module, options);
    result = run.execute();
  }
  tracer.reset();
  std::fflush(stdout);
  if (options.virtual_time && !result.schedule_fits) {
    std::fprintf(stderr, "warning: the schedule given does not fit this program: it was replayed as far as it could be\n");
  }
  if (options.virtual_time && print_schedule) {
    std::fprintf(stderr, "schedule: %s\n", result.schedule.c_str());
    if (!result.left_waiting.empty()) std::fprintf(stderr, "left waiting when main ended:\n");
    for (std::size_t at = 0; at < result.left_waiting.size();) {  // a line per thread
      std::size_t end = result.left_waiting.find('\n', at);
      std::fprintf(stderr, "  %s\n", result.left_waiting.substr(at, end - at).c_str());
      at = end + 1;
    }
  }
  return result.exit_code;
}

int explore_file(int argc, char** argv) {
  std::string path;
  bool json = false;
  lang::ExploreOptions options;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    double n = 0;
    auto value = [&]() {
      if (i + 1 >= argc || !parse_number(argv[i + 1], n) || n < 0) {
        std::fprintf(stderr, "error: %s needs a number\n", arg.c_str());
        return false;
      }
      ++i;
      return true;
    };
    if (arg == "--json") {
      json = true;
    } else if (arg == "--max-schedules") {
      if (!value() || n < 1) return 2;
      options.max_schedules = static_cast<std::size_t>(n);
    } else if (LimitOption l = limit_option(argc, argv, i, options.limits); l != LimitOption::None) {
      if (l == LimitOption::Bad) return 2;
    } else if (int status = other_argument(arg, path, kExploreUsage); status >= 0) {
      return status;
    }
  }
  int status = 0;
  auto module = program_at(path, kExploreUsage, status);
  if (!module) return status;
  lang::Exploration e = lang::explore(module, options);
  std::string report = json ? lang::exploration_json(e) : lang::exploration_text(e);
  std::fwrite(report.data(), 1, report.size(), stdout);
  return 0;
}

}  // namespace

int dispatch(int argc, char** argv) {
  if (argc < 2) return -1;
  std::string command = argv[1];
  if (command == "run") return run_file(argc, argv);
  if (command == "explore") return explore_file(argc, argv);
  // `check` and `disasm` take one file and nothing else.
  const char* usage = command == "check" ? kUsage : command == "disasm" ? kDisasmUsage : nullptr;
  if (usage == nullptr) return -1;
  if (argc == 3 && (std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h")) {
    std::fputs(usage, stdout);
    return 0;
  }
  if (argc != 3) {
    std::fputs(usage, stderr);
    return 2;
  }
  return command == "check" ? check_file(argv[2]) : disasm_file(argv[2]);
}

}  // namespace brigade::cli
