// check/arguments.cpp — E0308 for a literal of the wrong kind given to a std function whose
// parameter type is fixed: `thread::sleep(1000)` (it takes a Duration), `Duration::from_millis(1.5)`
// (a u64), `Duration::from_secs_f64(2)` (an f64), and an `if` on a number (`if number {`). What a
// learner writes before knowing Duration, or coming from C.
#include <string>

#include "brigade/lang/check.hpp"
#include "types.hpp"
#include "walk.hpp"

namespace brigade::lang::check {

namespace {

using ast::Expr;

struct Parameter {
  const char* path;      // as written, after an optional `std::`
  const char* expected;  // the parameter's type
  const char* defined;   // where std defines it (rustc's note)
  bool associated;       // an associated function (Duration::..) or a free one
};

constexpr Parameter kFixed[] = {
    {"thread::sleep", "Duration", "std/src/thread/functions.rs:288:7", false},
    {"Duration::from_secs", "u64", "core/src/time.rs:224:17", true},
    {"Duration::from_millis", "u64", "core/src/time.rs:244:17", true},
    {"Duration::from_micros", "u64", "core/src/time.rs:270:17", true},
    {"Duration::from_nanos", "u64", "core/src/time.rs:301:17", true},
    {"Duration::from_secs_f64", "f64", "core/src/time.rs:959:11", true},
    {"Duration::from_secs_f32", "f32", "core/src/time.rs:996:11", true},
};

// What rustc calls a literal's type where it does not fit.
std::string found(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Int:
      return e.suffix.empty() ? "integer" : "`" + e.suffix + "`";
    case Expr::Kind::Float:
      return e.suffix.empty() ? "floating-point number" : "`" + e.suffix + "`";
    case Expr::Kind::Str:
      return "`&str`";
    case Expr::Kind::Bool:
      return "`bool`";
    case Expr::Kind::Char:
      return "`char`";
    default:
      return {};
  }
}

// Whether a literal fits a parameter of type `expected`.
bool fits(const Expr& e, const std::string& expected) {
  const bool integer = expected == "u64";
  const bool floating = expected == "f64" || expected == "f32";
  if (e.kind == Expr::Kind::Int) return (integer || floating) && (e.suffix.empty() ? integer : e.suffix == expected);
  if (e.kind == Expr::Kind::Float) return floating && (e.suffix.empty() || e.suffix == expected);
  return false;
}

class ArgumentChecker : public BodyWalker {
 public:
  explicit ArgumentChecker(Diagnostics& d) : d_(d) {}

 private:
  void visit(const Expr& e, const Expr*) override {
    if ((e.kind == Expr::Kind::If || e.kind == Expr::Kind::While) && e.cond) condition(*e.cond);
    if (e.kind != Expr::Kind::Call || e.args.size() != 1 || !e.lhs || e.lhs->kind != Expr::Kind::Path) return;
    std::string path = e.lhs->path.str();
    if (path.rfind("std::", 0) == 0) path = path.substr(5);
    if (path.rfind("time::", 0) == 0) path = path.substr(6);
    for (const Parameter& p : kFixed) {
      if (path != p.path) continue;
      const Expr& arg = *e.args[0];
      const std::string what = found(arg);
      if (what.empty() || fits(arg, p.expected)) return;
      d_.error(arg.span, "mismatched types", std::string("expected `") + p.expected + "`, found " + what, {},
               {{e.lhs->span, "arguments to this function are incorrect"}});
      d_.note_at(arg.span, p.associated ? "associated function defined here" : "function defined here",
                 std::string(kStdSource) + p.defined);
      // An integer where a float goes: rustc offers the float literal.
      if (arg.kind == Expr::Kind::Int && arg.suffix.empty() && std::string(p.expected)[0] == 'f') {
        Span after = just_after(arg.span);
        d_.suggest({"use a float literal", after, ".0", {}});
      }
      return;
    }
  }

  // `if number {` where number is an integer: a condition is a bool (the Book's chapter 3).
  void condition(const Expr& cond) {
    const Expr* literal = &cond;
    if (cond.kind == Expr::Kind::Path && cond.path.segments.size() == 1) {
      const Binding* b = lookup(cond.path.segments[0]);
      if (!b || b->origin != Binding::Origin::Let || b->type || !b->init || b->element >= 0) return;
      literal = b->init;
    }
    if (literal->kind == Expr::Kind::Bool) return;
    const std::string what = found(*literal);
    if (what.empty()) return;
    d_.error(cond.span, "mismatched types", "expected `bool`, found " + what);
  }

  Diagnostics& d_;
};

}  // namespace

void check_arguments(const ast::Program& program, Diagnostics& diagnostics) {
  ArgumentChecker checker(diagnostics);
  checker.run(program);
}

}  // namespace brigade::lang::check
