// disasm.cpp — a compiled program as text: `brigade disasm FILE.rs`, and the names of opcodes,
// natives and methods that the VM's messages and the disassembler share.
//
// One function per block, clox's layout: the offset, the source line (`|` while it is the same
// as the instruction above's), the opcode, its operands, and after `;` what they stand for.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "brigade/lang/ast.hpp"
#include "brigade/lang/bytecode.hpp"
#include "brigade/lang/format.hpp"
#include "std/surface.hpp"

namespace brigade::lang::vm {

const char* op_name(Op op) noexcept {
  switch (op) {
#define BRIGADE_OP_NAME(name) \
  case Op::name:              \
    return #name;
    BRIGADE_OPS(BRIGADE_OP_NAME)
#undef BRIGADE_OP_NAME
  }
  return "?";
}

const char* method_name(Method m) noexcept {
  switch (m) {
#define BRIGADE_METHOD_NAME(name) \
  case Method::name:              \
    return #name;
    BRIGADE_METHODS(BRIGADE_METHOD_NAME)
#undef BRIGADE_METHOD_NAME
    case Method::Count:
    case Method::None:
      break;
  }
  return "?";
}

namespace {

// A constant as a literal would be written (constants are scalars and string literals).
std::string constant_text(const Value& v) {
  switch (v.tag) {
    case Tag::Unit:
      return "()";
    case Tag::Bool:
      return v.b ? "true" : "false";
    case Tag::Int: {
      std::string digits = is_signed(v.kind) ? std::to_string(v.i) : std::to_string(static_cast<std::uint64_t>(v.i));
      return v.kind == IntKind::Infer ? digits : digits + int_kind_name(v.kind);
    }
    case Tag::Float:
      return fmt::debug_float(v.f);
    case Tag::Char:
      return fmt::debug_char(utf8(v.c));
    case Tag::Duration:
      return "Duration(" + std::to_string(v.i) + "ns)";
    case Tag::Fn:
      return "fn #" + std::to_string(v.i);
    case Tag::Obj:
      if (v.is(ObjKind::Str)) return fmt::debug_str(static_cast<const StrObj*>(v.o)->s);
      return "<object>";
    default:
      return "<value>";
  }
}

std::string function_name(const Module& m, std::uint32_t index) {
  return index < m.functions.size() ? m.functions[index].name : "?";
}

std::string type_name(const Module& m, std::uint32_t type, std::uint32_t variant) {
  if (type >= m.types.size()) return "?";
  const TypeInfo& t = m.types[type];
  if (!t.is_enum || variant >= t.variants.size()) return t.name;
  return t.name + "::" + t.variants[variant].name;
}

std::string format_text(const Module& m, std::uint32_t index) {
  if (index >= m.formats.size()) return "?";
  std::string text;
  for (const auto& piece : m.formats[index].pieces) {
    if (piece.literal) {
      text += piece.text;
    } else {
      text += "{" + std::to_string(piece.arg) + (piece.spec.type.empty() ? "" : ":" + piece.spec.type) + "}";
    }
  }
  return fmt::debug_str(text);
}

// What an instruction's operands stand for, after the `;` (empty when they speak for themselves).
std::string operand_meaning(const Module& m, const Instr& in) {
  switch (in.op) {
    case Op::Const:
    case Op::TestEq:
      return in.a < m.constants.size() ? constant_text(m.constants[in.a]) : "?";
    case Op::TestRange:
      if (in.a >= m.constants.size() || in.b >= m.constants.size()) return "?";
      return constant_text(m.constants[in.a]) + (in.c ? "..=" : "..") + constant_text(m.constants[in.b]);
    case Op::Binary:
      return ast::binary_op_text(static_cast<ast::BinaryOp>(in.c));
    case Op::Call:
    case Op::MakeClosure:
      return function_name(m, in.a);
    case Op::Native:
      return in.a < static_cast<std::uint32_t>(vm::Native::Count) ? std::string(surface::native_path(static_cast<vm::Native>(in.a))) : "?";
    case Op::Method: {
      auto id = static_cast<Method>(in.a);
      if (id != Method::None) return std::string(".") + method_name(id);
      return "." + (in.b < m.names.size() ? m.names[in.b] : std::string("?")) + " (user)";
    }
    case Op::MakeRecord:
    case Op::TestVariant:
      return type_name(m, in.a, in.b);
    case Op::Format:
      return format_text(m, in.a);
    case Op::Print:
      return in.a == 1 ? "stderr" : "stdout";
    case Op::Jump:
    case Op::JumpIfFalse:
    case Op::Try:
      return "-> " + std::to_string(in.a);
    case Op::IterNext:
      return "done -> " + std::to_string(in.b);
    case Op::LoadStatic:
      return "set -> " + std::to_string(in.b);
    default:
      return {};
  }
}

void disassemble_function(const Module& m, std::uint32_t index, std::string& out) {
  const Function& f = m.functions[index];
  char line[256];
  std::snprintf(line, sizeof line, "== fn #%u %s (%s:%u:%u) arity %u, locals %u%s%s ==\n", index, f.name.c_str(),
                m.file.c_str(), f.span.line, f.span.column, f.arity, f.locals, f.leaf ? ", leaf" : "",
                index == m.main ? ", main" : "");
  out += line;
  std::uint32_t last_line = 0;
  for (std::size_t pc = 0; pc < f.code.size(); ++pc) {
    const Instr& in = f.code[pc];
    std::uint32_t source_line = pc < f.spans.size() ? f.spans[pc].line : 0;
    char where[16];
    if (pc > 0 && source_line == last_line) {
      std::snprintf(where, sizeof where, "   |");
    } else {
      std::snprintf(where, sizeof where, "%4u", source_line);
    }
    last_line = source_line;
    std::string meaning = operand_meaning(m, in);
    std::snprintf(line, sizeof line, "%04zu %s  %-14s %6u %6u %3u", pc, where, op_name(in.op), in.a, in.b,
                  static_cast<unsigned>(in.c));
    out += line;
    if (!meaning.empty()) out += "  ; " + meaning;
    out += '\n';
  }
  out += '\n';
}

}  // namespace

std::string disassemble(const Module& m) {
  std::string out;
  for (std::uint32_t i = 0; i < m.functions.size(); ++i) disassemble_function(m, i, out);
  return out;
}

}  // namespace brigade::lang::vm
