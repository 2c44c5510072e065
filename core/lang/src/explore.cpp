// explore.cpp — the depth-first walk over a program's schedules (explore.hpp).
#include "brigade/lang/explore.hpp"

#include <cstdio>
#include <utility>

namespace brigade::lang {

namespace {

// One choice point of a run: what was taken, and of how many.
struct Choice {
  std::size_t taken, of;
};

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

Exploration explore(const std::shared_ptr<const vm::Module>& module, const ExploreOptions& options) {
  // Its runs are not for a trace: they run on this thread (virtual time), which says nothing.
  trace::MutedScope quiet;
  Exploration result;
  std::vector<Choice> path;  // the choices of the run being made: a prefix to follow, then firsts
  for (;;) {
    std::size_t depth = 0;
    std::string out, err;
    RunOptions run_options;
    run_options.limits = options.limits;
    if (run_options.limits.max_choices == 0) run_options.limits.max_choices = 20000;
    run_options.virtual_time = true;
    run_options.choose = [&](std::size_t n) {
      if (depth < path.size()) {
        // The same program takes the same path up to here: the same candidates.
        path[depth].of = n;
        return path[depth++].taken;
      }
      path.push_back(Choice{0, n});
      ++depth;
      return std::size_t{0};
    };
    run_options.on_output = [&](const OutputChunk& c) { (c.stream == 2 ? err : out) += c.text; };
    RunResult r;
    {
      Run run(module, std::move(run_options));
      r = run.execute();
    }
    path.resize(depth);
    ++result.schedules;
    ExploredOutcome* same = nullptr;
    for (auto& o : result.outcomes) {
      if (outcome_word(o.outcome) == outcome_word(r.outcome) && o.exit_code == r.exit_code && o.stdout_text == out) {
        same = &o;
      }
    }
    if (same == nullptr) {
      result.outcomes.push_back(ExploredOutcome{r.outcome, r.exit_code, out, err, 0, r.schedule});
      same = &result.outcomes.back();
    }
    ++same->schedules;
    // The next schedule: the last choice with a candidate left takes the next one.
    while (!path.empty() && path.back().taken + 1 >= path.back().of) path.pop_back();
    if (path.empty()) {
      result.complete = true;
      break;
    }
    ++path.back().taken;
    if (result.schedules >= options.max_schedules) break;
  }
  return result;
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
  }
  return out;
}

}  // namespace brigade::lang
