// explore.cpp — the depth-first walk over a program's schedules (explore.hpp).
#include "brigade/lang/explore.hpp"

#include "brigade/clock.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>

namespace brigade::lang {

namespace {

// What a step touched (ChoicePoint::touched); unknown counts as everything.
struct Footprint {
  std::vector<std::uint32_t> touched;
  bool everything = true;
};

// Two steps commute when they touch nothing in common (and neither ends the process).
bool independent(const Footprint& a, const Footprint& b) {
  if (a.everything || b.everything) return false;
  for (std::uint32_t x : a.touched) {
    if (std::find(b.touched.begin(), b.touched.end(), x) != b.touched.end()) return false;
  }
  return true;
}

// A thread's next step at a choice point, and what it touches.
struct Move {
  std::uint64_t thread;
  Footprint step;
};

// A choice point on the current path.
struct Node {
  std::vector<std::uint64_t> threads;  // the candidates
  std::uint64_t taken = 0;             // the thread this path takes here
  Footprint taken_step;                // what its step touched (known at the next choice point)
  std::vector<Move> done;              // the candidates taken here by earlier runs
  std::vector<Move> asleep;            // the candidates whose step commutes with the way here
  [[nodiscard]] bool excluded(std::uint64_t thread) const {
    auto is = [&](const Move& m) { return m.thread == thread; };
    return std::any_of(done.begin(), done.end(), is) || std::any_of(asleep.begin(), asleep.end(), is);
  }
};

std::size_t index_of(const std::vector<std::uint64_t>& threads, std::uint64_t thread) {
  auto it = std::find(threads.begin(), threads.end(), thread);
  return it == threads.end() ? 0 : static_cast<std::size_t>(it - threads.begin());
}

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

const char* outcome_word(RunResult::Outcome outcome) noexcept {
  switch (outcome) {
    case RunResult::Outcome::Finished:
    case RunResult::Outcome::Exited:
      return "finished";
    case RunResult::Outcome::Panicked:
    case RunResult::Outcome::StackOverflow:
      return "panicked";
    case RunResult::Outcome::Deadlock:
      return "deadlock";
    case RunResult::Outcome::LimitReached:
    case RunResult::Outcome::Stopped:
      return "limit";
  }
  return "finished";
}

// Depth first over the choice points, with sleep sets (Godefroid 1996): a candidate whose next
// step commutes with the steps taken since it was last passed over is not taken again here —
// every order of steps that commute makes the same run — and a run in which every candidate is
// asleep repeats one already made, so it is not counted.
struct Explorer::Walk {
  std::shared_ptr<const vm::Module> module;
  ExploreOptions options;
  Exploration result;
  std::vector<Node> path;
  std::size_t runs = 0;
  bool over = false;
  // The run under way.
  std::unique_ptr<Run> run;
  std::size_t depth = 0;
  bool repeats = false;
  std::string out, err;

  void start_run();
  std::size_t choose(const ChoicePoint& point);
  void end_run(const RunResult& r);
};

void Explorer::Walk::start_run() {
  depth = 0;
  repeats = false;
  out.clear();
  err.clear();
  RunOptions run_options;
  run_options.limits = options.limits;
  if (run_options.limits.max_choices == 0) run_options.limits.max_choices = 20000;
  run_options.virtual_time = true;
  run_options.choose = [this](const ChoicePoint& point) { return choose(point); };
  run_options.on_output = [this](const OutputChunk& c) { (c.stream == 2 ? err : out) += c.text; };
  run = std::make_unique<Run>(module, std::move(run_options));
}

std::size_t Explorer::Walk::choose(const ChoicePoint& point) {
  if (depth > 0 && depth - 1 < path.size()) path[depth - 1].taken_step = Footprint{point.touched, point.touched_everything};
  if (repeats) {
    ++depth;
    return 0;
  }
  if (depth < path.size()) return index_of(point.threads, path[depth++].taken);  // as the runs before
  Node node;
  node.threads = point.threads;
  if (depth > 0) {
    const Node& before = path[depth - 1];
    auto inherit = [&](const Move& m) {
      if (m.thread != before.taken && independent(m.step, before.taken_step) &&
          std::find(node.threads.begin(), node.threads.end(), m.thread) != node.threads.end()) {
        node.asleep.push_back(m);
      }
    };
    for (const Move& m : before.asleep) inherit(m);
    for (const Move& m : before.done) inherit(m);
  }
  ++depth;
  auto next = std::find_if(node.threads.begin(), node.threads.end(), [&](std::uint64_t t) { return !node.excluded(t); });
  if (next == node.threads.end()) {
    repeats = true;
    return 0;
  }
  node.taken = *next;
  path.push_back(std::move(node));
  return index_of(path.back().threads, path.back().taken);
}

void Explorer::Walk::end_run(const RunResult& r) {
  ++runs;
  if (!repeats) {
    ++result.schedules;
    ExploredOutcome* same = nullptr;
    for (auto& o : result.outcomes) {
      if (outcome_word(o.outcome) == outcome_word(r.outcome) && o.exit_code == r.exit_code && o.stdout_text == out) {
        same = &o;
      }
    }
    if (same == nullptr) {
      result.outcomes.push_back(ExploredOutcome{r.outcome, r.exit_code, out, err, 0, r.schedule, {}, {}});
      same = &result.outcomes.back();
    }
    ++same->schedules;
    if (same->left_waiting.empty() && !r.left_waiting.empty()) {
      same->left_waiting = r.left_waiting;
      same->left_waiting_schedule = r.schedule;
    }
  }
  // The next schedule: the last choice point with a candidate left takes it.
  while (!path.empty()) {
    Node& n = path.back();
    n.done.push_back(Move{n.taken, n.taken_step});
    auto next = std::find_if(n.threads.begin(), n.threads.end(), [&](std::uint64_t t) { return !n.excluded(t); });
    if (next != n.threads.end()) {
      n.taken = *next;
      n.taken_step = Footprint{};
      break;
    }
    path.pop_back();
  }
  if (path.empty()) {
    result.complete = true;
    over = true;
  } else if (runs >= options.max_schedules) {
    over = true;
  }
}

Explorer::Explorer(std::shared_ptr<const vm::Module> module, ExploreOptions options)
    : walk_(std::make_unique<Walk>()) {
  walk_->module = std::move(module);
  walk_->options = std::move(options);
}

Explorer::~Explorer() = default;

bool Explorer::advance(std::chrono::nanoseconds budget) {
  Walk& w = *walk_;
  // Its runs are not for a trace: they run on this thread (virtual time), which says nothing.
  trace::MutedScope quiet;
  const auto deadline = MonotonicClock::now() + budget;
  while (!w.over) {
    if (!w.run) w.start_run();
    if (!w.run->advance(deadline - MonotonicClock::now())) return false;
    RunResult r = w.run->result();
    w.run.reset();
    w.end_run(r);
    if (MonotonicClock::now() >= deadline) break;
  }
  return w.over;
}

const Exploration& Explorer::result() const noexcept {
  return walk_->result;
}

Exploration explore(const std::shared_ptr<const vm::Module>& module, const ExploreOptions& options) {
  Explorer walk(module, options);
  while (!walk.advance(std::chrono::hours(1))) {
  }
  return walk.result();
}

std::string exploration_json(const Exploration& e) {
  std::string out = "{\"complete\": ";
  out += e.complete ? "true" : "false";
  out += ", \"schedules\": " + std::to_string(e.schedules) + ", \"outcomes\": [";
  for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
    const ExploredOutcome& o = e.outcomes[i];
    if (i > 0) out += ", ";
    out += "{\"outcome\": \"" + std::string(outcome_word(o.outcome)) + "\", \"exit_code\": " + std::to_string(o.exit_code) +
           ", \"stdout\": ";
    append_json_string(out, o.stdout_text);
    out += ", \"stderr\": ";
    append_json_string(out, o.stderr_text);
    out += ", \"schedules\": " + std::to_string(o.schedules) + ", \"schedule\": ";
    append_json_string(out, o.schedule);
    if (!o.left_waiting.empty()) {
      out += ", \"left_waiting\": ";
      append_json_string(out, o.left_waiting);
      out += ", \"left_waiting_schedule\": ";
      append_json_string(out, o.left_waiting_schedule);
    }
    out += "}";
  }
  out += "]}\n";
  return out;
}

std::string exploration_text(const Exploration& e) {
  std::string out = std::to_string(e.outcomes.size()) + " possible outcome" + (e.outcomes.size() == 1 ? "" : "s");
  if (e.complete) {
    out += " (every schedule run: " + std::to_string(e.schedules) + ")";
  } else {
    out += " in the first " + std::to_string(e.schedules) +
           " schedules (the budget ran out before every schedule was run: there may be more; --max-schedules N)";
  }
  out += ":\n";
  for (const ExploredOutcome& o : e.outcomes) {
    out += "\n- " + std::string(outcome_word(o.outcome)) + ", exit code " + std::to_string(o.exit_code) + ", " +
           std::to_string(o.schedules) + " schedule" + (o.schedules == 1 ? "" : "s") + "; replay: --schedule '" +
           o.schedule + "'\n";
    auto indent = [&](const std::string& text, const char* label) {
      if (text.empty()) return;
      out += std::string("  ") + label + ":\n";
      std::size_t start = 0;
      while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += "    " + text.substr(start, end - start) + "\n";
        start = end + 1;
      }
    };
    indent(o.stdout_text, "stdout");
    if (o.outcome != RunResult::Outcome::Finished) indent(o.stderr_text, "stderr");
    if (!o.left_waiting.empty()) {
      indent(o.left_waiting, ("in some schedules, left waiting when main ended (the process ended them; replay: "
                              "--schedule '" + o.left_waiting_schedule + "')").c_str());
    }
  }
  return out;
}

}  // namespace brigade::lang
