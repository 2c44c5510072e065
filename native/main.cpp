// main.cpp (native) — the desktop playground.
//
//   brigade                          open the window
//   brigade --frames N               quit after N frames (tests; vsync does nothing under Xvfb)
//   brigade --screenshot FILE.ppm    write the last frame's pixels (with --frames)
//   brigade --size WxH               window size in screen units (default 1280x800)
//   brigade --theme light|dark       instead of the system's preference
//   brigade --example ID [--run] [--speed X] [--until-done]
//                                    open an example, run it, quit when it has ended
//   brigade check FILE.rs            compile errors only (cli.cpp; no window)
#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"
#include "host_sdl.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: brigade [options]\n"
    "       brigade run FILE.rs        run a program headless (see brigade run --help)\n"
    "       brigade check FILE.rs      compile errors only (see brigade check --help)\n"
    "       brigade disasm FILE.rs     the bytecode it compiles to (see brigade disasm --help)\n"
    "\n"
    "Opens the Brigade playground: Rust's channels as a restaurant (waiters, chefs, the ticket\n"
    "carousel).\n"
    "\n"
    "Options:\n"
    "  --frames N              quit after N frames\n"
    "  --screenshot FILE.ppm   save the last frame as a binary PPM image (use with --frames)\n"
    "  --size WxH              window size (default 1280x800)\n"
    "  --theme light|dark      colour theme (default: the system's, else dark)\n"
    "  --example ID            open an example (bounded_one, unbounded, rendezvous, worker_pool,\n"
    "                          logging, many_waiters, shared_carousel, overflow, deadlock)\n"
    "  --open FILE.rs          open a program file\n"
    "  --run                   run it at once\n"
    "  --speed X               run at X times real time (default 1)\n"
    "  --until-done            quit (and take the screenshot) 30 frames after the run ended,\n"
    "                          then print the app's state as JSON (what window.brigade.state()\n"
    "                          gives on the web)\n"
    "  --no-vsync              draw as fast as possible\n"
    "  --frame-stats           print the frame times (median, 95th percentile, max) at the end\n"
    "  -h, --help              this text\n";

struct Options {
  long frames = -1;
  std::string screenshot;
  brigade::app::HostOptions host;
  std::string theme;
  std::string example, open;
  bool run = false, until_done = false, frame_stats = false;
  double speed = 1;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "brigade: %s\n\n%s", message.c_str(), kUsage);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--frames") {
      o.frames = std::strtol(value().c_str(), nullptr, 10);
      if (o.frames <= 0) usage_error("--frames takes a positive number");
    } else if (arg == "--screenshot") {
      o.screenshot = value();
    } else if (arg == "--size") {
      std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &o.host.width, &o.host.height) != 2 || o.host.width < 200 ||
          o.host.height < 200) {
        usage_error("--size takes WIDTHxHEIGHT, each at least 200, e.g. 1280x800");
      }
    } else if (arg == "--theme") {
      o.theme = value();
      if (o.theme != "light" && o.theme != "dark") usage_error("--theme takes light or dark");
    } else if (arg == "--example") {
      o.example = value();
    } else if (arg == "--open") {
      o.open = value();
    } else if (arg == "--run") {
      o.run = true;
    } else if (arg == "--until-done") {
      o.until_done = true;
    } else if (arg == "--speed") {
      o.speed = std::strtod(value().c_str(), nullptr);
      if (!(o.speed > 0)) usage_error("--speed takes a positive number");
    } else if (arg == "--frame-stats") {
      o.frame_stats = true;
    } else if (arg == "--no-vsync") {
      o.host.vsync = false;
    } else {
      usage_error("unknown argument '" + arg + "'");
    }
  }
  if (!o.screenshot.empty() && o.frames < 0 && !o.until_done) usage_error("--screenshot needs --frames N or --until-done");
  if (o.until_done && !o.run) usage_error("--until-done needs --run");
  return o;
}

// The desktop's preference: GTK_THEME names a dark variant; otherwise dark.
bool system_prefers_dark() {
  const char* gtk = std::getenv("GTK_THEME");
  if (gtk != nullptr) return std::strstr(gtk, "dark") != nullptr || std::strstr(gtk, "Dark") != nullptr;
  return true;
}

bool write_ppm(const std::string& path, const std::vector<std::uint8_t>& rgb, int w, int h) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  std::fprintf(f, "P6\n%d %d\n255\n", w, h);
  bool ok = std::fwrite(rgb.data(), 1, rgb.size(), f) == rgb.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  brigade::app::App app;
  app.set_system_dark(options.theme.empty() ? system_prefers_dark() : options.theme == "dark");
  brigade::app::Host host;
  std::string error;
  if (!host.open(app, options.host, error)) {
    std::fprintf(stderr, "brigade: %s\n", error.c_str());
    return 1;
  }
  if (!options.example.empty() && !app.load_example(options.example)) usage_error("no example '" + options.example + "'");
  if (!options.open.empty()) {
    std::ifstream in(options.open, std::ios::binary);
    if (!in) usage_error("cannot read " + options.open);
    std::ostringstream text;
    text << in.rdbuf();
    app.load(text.str());
  }
  if (options.run) app.run(options.speed);
  auto start = std::chrono::steady_clock::now();
  long ended_at = -1;
  std::vector<double> frame_ms;
  for (long frame = 1;; ++frame) {
    if (options.until_done && ended_at < 0 && app.status().phase != brigade::app::Phase::Running) ended_at = frame;
    bool last = (options.frames > 0 && frame >= options.frames) || (ended_at > 0 && frame >= ended_at + 30);
    if (last && !options.screenshot.empty()) host.request_capture();
    auto before = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(before - start).count();
    bool open = host.step(seconds);
    frame_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count());
    if (!open || last) break;
  }
  int status = 0;
  if (options.frame_stats && !frame_ms.empty()) {
    std::sort(frame_ms.begin(), frame_ms.end());
    auto at = [&](double q) { return frame_ms[static_cast<std::size_t>(q * static_cast<double>(frame_ms.size() - 1))]; };
    std::fprintf(stderr, "frames: %zu  median %.2f ms  p95 %.2f ms  max %.2f ms\n", frame_ms.size(), at(0.5), at(0.95),
                 frame_ms.back());
  }
  if (options.until_done) {
    std::string state = app.state_json();
    std::printf("%s\n", state.c_str());  // for the test's checks
  }
  if (!options.screenshot.empty()) {
    std::vector<std::uint8_t> rgb;
    int w = 0, h = 0;
    if (!host.take_capture(rgb, w, h) || !write_ppm(options.screenshot, rgb, w, h)) {
      std::fprintf(stderr, "brigade: could not write the screenshot to %s\n", options.screenshot.c_str());
      status = 1;
    }
  }
  host.close();
  return status;
}
