// compiler/macros.cpp — the macros: println!, format!, panic!, assert!, assert_eq!, vec!, matches!, write!.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "compiler.hpp"

namespace brigade::lang::compiler {

// Pushes the format arguments of e.args[first..] as the template needs them and emits Format.
void Compiler::format_args(const Expr& e, std::size_t first, const std::string& suffix) {
  vm::FormatTemplate t;
  std::uint32_t argc = 0;
  if (first >= e.args.size() || !e.format) {
    vm::FormatTemplate::Piece p;
    p.text = suffix;
    t.pieces.push_back(p);
  } else {
    // Map positional and named arguments to stack positions, in order of first use.
    std::vector<std::size_t> positional;
    std::vector<std::pair<std::string, std::size_t>> named;
    for (std::size_t i = first + 1; i < e.args.size(); ++i) {
      const Expr& a = *e.args[i];
      if (a.kind == Expr::Kind::Assign && a.lhs && a.lhs->kind == Expr::Kind::Path && a.lhs->path.segments.size() == 1) {
        named.emplace_back(a.lhs->path.segments[0], i);
      } else {
        positional.push_back(i);
      }
    }
    std::map<std::string, std::uint32_t> pushed;  // key -> stack position
    auto push_expr = [&](const Expr& a, const std::string& key) -> std::uint32_t {
      auto it = pushed.find(key);
      if (it != pushed.end()) return it->second;
      expr(a, Use::Borrow);
      pushed[key] = argc;
      return argc++;
    };
    // Positional arguments are all evaluated, in order, even when unused (rustc reports those).
    for (std::size_t k = 0; k < positional.size(); ++k) push_expr(*e.args[positional[k]], "#" + std::to_string(k));
    for (const auto& [name, i] : named) push_expr(*e.args[i]->rhs, "=" + name);
    auto arg_index = [&](const fmt::ArgRef& ref, Span at) -> std::int32_t {
      if (ref.kind == fmt::ArgRef::Kind::Name) {
        auto it = pushed.find("=" + ref.name);
        if (it != pushed.end()) return static_cast<std::int32_t>(it->second);
        // An inline `{name}`: a variable in scope.
        auto key = "@" + ref.name;
        auto p = pushed.find(key);
        if (p != pushed.end()) return static_cast<std::int32_t>(p->second);
        if (auto slot = resolve_local(ref.name)) {
          emit(Op::Load, at, *slot);
        } else {
          Path path;
          path.segments = {ref.name};
          path.span = at;
          Expr fake;
          fake.kind = Expr::Kind::Path;
          fake.path = std::move(path);
          fake.span = at;
          path_expr(fake, Use::Borrow);
        }
        pushed[key] = argc;
        return static_cast<std::int32_t>(argc++);
      }
      auto it = pushed.find("#" + std::to_string(ref.index));
      return it == pushed.end() ? 0 : static_cast<std::int32_t>(it->second);
    };
    Span fs = e.args[first]->span;
    for (const auto& piece : e.format->pieces) {
      vm::FormatTemplate::Piece p;
      if (piece.is_literal) {
        if (!t.pieces.empty() && t.pieces.back().literal) {
          t.pieces.back().text += piece.literal;
          continue;
        }
        p.text = piece.literal;
        t.pieces.push_back(p);
        continue;
      }
      p.literal = false;
      p.spec = piece.spec;
      p.arg = static_cast<std::uint32_t>(arg_index(piece.arg, fs));
      if (piece.spec.width.kind == fmt::Count::Kind::Arg) p.width_arg = arg_index(piece.spec.width.arg, fs);
      if (piece.spec.precision.kind == fmt::Count::Kind::Arg) p.precision_arg = arg_index(piece.spec.precision.arg, fs);
      t.pieces.push_back(p);
    }
    if (!suffix.empty()) {
      if (!t.pieces.empty() && t.pieces.back().literal) {
        t.pieces.back().text += suffix;
      } else {
        vm::FormatTemplate::Piece p;
        p.text = suffix;
        t.pieces.push_back(p);
      }
    }
  }
  m_->formats.push_back(std::move(t));
  if (argc > 255) unsupported(e.span, "more than 255 format arguments");
  emit(Op::Format, e.span, static_cast<std::uint32_t>(m_->formats.size() - 1), 0,
       static_cast<std::uint8_t>(std::min<std::uint32_t>(argc, 255)));
}

// dbg!(a, b): for each argument, `eprintln!("[src/main.rs:L:C] {text} = {:#?}", value)` with
// the argument's source text; then the value itself (a tuple of them for several, () for none).
void Compiler::dbg_macro(const Expr& e) {
  std::string where = "[" + m_->file + ":" + std::to_string(e.span.line) + ":" + std::to_string(e.span.column) + "]";
  if (e.args.empty()) {
    push_str(where + "\n", e.span);
    emit(Op::Print, e.span, 1);
    emit(Op::Unit, e.span);
    return;
  }
  std::vector<std::uint32_t> slots;
  for (const auto& a : e.args) {
    expr(*a, Use::Move);
    std::uint32_t slot = hidden_slot();
    slots.push_back(slot);
    emit(Op::Store, a->span, slot);
    emit(Op::Load, a->span, slot);
    // The expression as stringify! writes it: its tokens on one line.
    std::string text;
    for (char c : source_text(a->span)) {
      bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      if (space && (text.empty() || text.back() == ' ')) continue;
      text += space ? ' ' : c;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    vm::FormatTemplate t;
    vm::FormatTemplate::Piece head, value, tail;
    head.text = where + " " + text + " = ";
    value.literal = false;
    value.spec.type = "?";
    value.spec.alternate = true;
    tail.text = "\n";
    t.pieces = {head, value, tail};
    m_->formats.push_back(std::move(t));
    emit(Op::Format, a->span, static_cast<std::uint32_t>(m_->formats.size() - 1), 0, 1);
    emit(Op::Print, a->span, 1);
  }
  for (std::size_t i = 0; i < slots.size(); ++i) emit(Op::Move, e.args[i]->span, slots[i]);
  if (slots.size() > 1) emit(Op::MakeTuple, e.span, static_cast<std::uint32_t>(slots.size()));
}

void Compiler::macro_expr(const Expr& e) {
  const std::string& name = e.text;
  if (name == "println" || name == "print" || name == "eprintln" || name == "eprint") {
    bool newline = name == "println" || name == "eprintln";
    format_args(e, 0, newline ? "\n" : "");
    emit(Op::Print, e.span, name[0] == 'e' ? 1 : 0);
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "dbg") {
    dbg_macro(e);
    return;
  }
  if (name == "write" || name == "writeln") {  // into a Formatter (a String here) or a String
    if (e.args.empty()) {
      error(e.span, "requires a destination and format arguments, like `write!(dest, \"format string\", args...)`");
      emit(Op::Unit, e.span);
      return;
    }
    expr(*e.args[0], Use::Borrow);
    if (e.args.size() > 1) {
      format_args(e, 1, name == "writeln" ? "\n" : "");
    } else {
      push_str(name == "writeln" ? "\n" : "", e.span);
    }
    emit(Op::Method, e.span, static_cast<std::uint32_t>(vm::Method::write_str), name_id("write_str"), 1);
    return;
  }
  if (name == "format") {
    if (e.args.empty()) {
      error(e.span, "requires at least a format string argument");
      emit(Op::Unit, e.span);
      return;
    }
    format_args(e, 0, "");
    return;
  }
  if (name == "panic" || name == "unreachable" || name == "todo" || name == "unimplemented") {
    std::string fixed = name == "panic"         ? "explicit panic"
                        : name == "unreachable" ? "internal error: entered unreachable code"
                        : name == "todo"        ? "not yet implemented"
                                                : "not implemented";
    if (e.args.empty()) {
      push_str(fixed, e.span);
    } else {
      if (name == "panic") {
        format_args(e, 0, "");
      } else {
        push_str(fixed + ": ", e.span);
        format_args(e, 0, "");
        emit(Op::Binary, e.span, 0, 0, static_cast<std::uint8_t>(BinaryOp::Add));
      }
    }
    emit(Op::Panic, e.span);
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "assert" || name == "debug_assert") {
    if (e.args.empty()) {
      error(e.span, "macro requires a boolean expression as an argument", "boolean expression required");
      emit(Op::Unit, e.span);
      return;
    }
    expr(*e.args[0], Use::Borrow);
    std::size_t fail = emit(Op::JumpIfFalse, e.span);
    std::size_t ok = emit(Op::Jump, e.span);
    patch(fail, here());
    if (e.args.size() > 1) {
      format_args(e, 1, "");
    } else {
      push_str("assertion failed: " + source_text(e.args[0]->span), e.span);
    }
    emit(Op::Panic, e.span);
    patch(ok, here());
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "assert_eq" || name == "assert_ne" || name == "debug_assert_eq" || name == "debug_assert_ne") {
    if (e.args.size() < 2) {
      error(e.span, "unexpected end of macro invocation", "missing tokens in macro arguments");
      emit(Op::Unit, e.span);
      return;
    }
    expr(*e.args[0], Use::Borrow);
    expr(*e.args[1], Use::Borrow);
    if (e.args.size() > 2) {
      format_args(e, 2, "");
    } else {
      emit(Op::Unit, e.span);
    }
    emit(Op::AssertEq, e.span, 0, 0, name.find("_ne") != std::string::npos ? 1 : 0);
    emit(Op::Unit, e.span);
    return;
  }
  if (name == "vec") {
    if (e.repeat) {
      expr(*e.args[0]);
      expr(*e.args[1]);
      emit(Op::MakeVecRepeat, e.span);
      return;
    }
    for (const auto& a : e.args) expr(*a);
    emit(Op::MakeVec, e.span, static_cast<std::uint32_t>(e.args.size()));
    return;
  }
  if (name == "matches") {
    push_scope();
    std::uint32_t temp = hidden_slot();
    expr(*e.lhs, Use::Borrow);
    emit(Op::Store, e.span, temp);
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> fails;
    test_pattern(*e.pattern, temp, path, fails);
    if (e.cond) {
      path.clear();
      bind_pattern(*e.pattern, temp, path);
      expr(*e.cond, Use::Borrow);
      fails.push_back(emit(Op::JumpIfFalse, e.span));
    }
    push_const(Value::boolean(true), e.span);
    std::size_t end = emit(Op::Jump, e.span);
    for (auto f : fails) patch(f, here());
    push_const(Value::boolean(false), e.span);
    patch(end, here());
    emit(Op::Drop, e.span, temp);
    pop_scope(e.span);
    return;
  }
  unsupported(e.name_span, "the macro `" + name + "!`");
  emit(Op::Unit, e.span);
}

}  // namespace brigade::lang::compiler
