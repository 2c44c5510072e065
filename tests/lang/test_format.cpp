// test_format.cpp — format strings as Rust parses and renders them. Every expected string was
// printed by rustc 1.95's build of the same format call.
#include <doctest/doctest.h>

#include <brigade/lang/format.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <variant>

using namespace brigade::lang::fmt;

namespace {
struct Int {
  std::int64_t raw;
  unsigned bits;
  bool is_signed;
};
struct Char {
  std::string utf8;
};
using Value = std::variant<double, Int, std::string, Char>;

// Renders a format string with one placeholder, around brackets, as the cases.rs program did.
std::string render(const std::string& format, const Value& v) {
  FormatError error;
  auto parsed = parse_format(format, error);
  REQUIRE_MESSAGE(parsed.has_value(), error.message);
  std::string out;
  for (const Piece& p : parsed->pieces) {
    if (p.is_literal) {
      out += p.literal;
    } else if (auto* d = std::get_if<double>(&v)) {
      out += format_float(*d, p.spec);
    } else if (auto* i = std::get_if<Int>(&v)) {
      out += format_int(i->raw, i->bits, i->is_signed, p.spec);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      out += p.spec.type == "?" ? pad(debug_str(*s), p.spec, Align::Left) : format_str(*s, p.spec);
    } else if (auto* c = std::get_if<Char>(&v)) {
      out += p.spec.type == "?" ? pad(debug_char(c->utf8), p.spec, Align::Left) : format_str(c->utf8, p.spec);
    }
  }
  return out;
}
Int i32(std::int64_t v) {
  return Int{v, 32, true};
}
}  // namespace

TEST_CASE("floats: Display is shortest and never exponential; Debug switches outside 1e-4..1e16") {
  CHECK(render("[{}]", 1.0) == "[1]");
  CHECK(render("[{}]", 0.1) == "[0.1]");
  CHECK(render("[{}]", 1e21) == "[1000000000000000000000]");
  CHECK(render("[{}]", 1.5e-7) == "[0.00000015]");
  CHECK(render("[{:?}]", 1.0) == "[1.0]");
  CHECK(render("[{:?}]", 1e16) == "[1e16]");
  CHECK(render("[{:?}]", 1e15) == "[1000000000000000.0]");
  CHECK(render("[{:?}]", 0.0001) == "[0.0001]");
  CHECK(render("[{:?}]", 0.00001) == "[1e-5]");
  CHECK(render("[{}]", -0.0) == "[-0]");
  CHECK(render("[{:?}]", -0.0) == "[-0.0]");
  CHECK(render("[{:.2}]", 3.14159) == "[3.14]");
  CHECK(render("[{:8.3}]", -3.14159) == "[  -3.142]");
  CHECK(render("[{:08.2}]", -3.14159) == "[-0003.14]");
  CHECK(render("[{:+}]", 2.5) == "[+2.5]");
  CHECK(render("[{:e}]", 1234.5) == "[1.2345e3]");
  CHECK(render("[{:.2e}]", 1234.5) == "[1.23e3]");
  CHECK(render("[{:E}]", 0.00012) == "[1.2E-4]");
  CHECK(render("[{}]", std::nan("")) == "[NaN]");
  CHECK(render("[{:?}]", HUGE_VAL) == "[inf]");
  CHECK(render("[{}]", 100000000.0) == "[100000000]");
  CHECK(render("[{}]", 123456789.125) == "[123456789.125]");
  CHECK(render("[{:?}]", 0.3) == "[0.3]");
  CHECK(render("[{}]", 1.0e-5) == "[0.00001]");
  CHECK(render("[{:?}]", 1.23456789e20) == "[1.23456789e20]");
  CHECK(render("[{:10.3e}]", 1234.5) == "[   1.234e3]");
  CHECK(render("[{:.0}]", 2.5) == "[2]");
  CHECK(render("[{:.0}]", 3.5) == "[4]");
  CHECK(render("[{:.1}]", 0.05) == "[0.1]");
  CHECK(render("[{}]", 340282346638528859811704183484516925440.0) == "[340282346638528860000000000000000000000]");
}

TEST_CASE("integers: alignment, sign, zero padding, radix, two's complement") {
  CHECK(render("[{:>6}]", i32(42)) == "[    42]");
  CHECK(render("[{:<6}]", i32(42)) == "[42    ]");
  CHECK(render("[{:^7}]", i32(42)) == "[  42   ]");
  CHECK(render("[{:06}]", i32(-42)) == "[-00042]");
  CHECK(render("[{:+}]", i32(42)) == "[+42]");
  CHECK(render("[{:x}]", i32(255)) == "[ff]");
  CHECK(render("[{:#X}]", i32(255)) == "[0xFF]");
  CHECK(render("[{:#b}]", Int{5, 8, false}) == "[0b101]");
  CHECK(render("[{:o}]", i32(8)) == "[10]");
  CHECK(render("[{:x}]", i32(-1)) == "[ffffffff]");
  CHECK(render("[{:x}]", Int{-1, 8, true}) == "[ff]");
  CHECK(render("[{:#010x}]", i32(255)) == "[0x000000ff]");
}

TEST_CASE("strings and chars: precision truncates, Debug escapes") {
  CHECK(render("[{:*^9}]", std::string("mid")) == "[***mid***]");
  CHECK(render("[{:.3}]", std::string("abcdef")) == "[abc]");
  CHECK(render("[{:>8.2}]", std::string("abcdef")) == "[      ab]");
  CHECK(render("[{:?}]", std::string("a\"b\n\t'c\\")) == "[\"a\\\"b\\n\\t'c\\\\\"]");
  CHECK(render("[{:?}]", Char{"'"}) == "['\\'']");
  CHECK(render("[{:?}]", Char{"\""}) == "['\"']");
  CHECK(render("[{:?}]", std::string("\xC3\xA9\x1b")) == "[\"\xC3\xA9\\u{1b}\"]");
  CHECK(render("[{:5}]", Char{"x"}) == "[x    ]");
}

TEST_CASE("parsing: arguments, counts, escapes") {
  FormatError error;
  auto f = parse_format("{{a}} {} {0} {name} {:>w$} {:.*} {x:#?}", error);
  REQUIRE(f.has_value());
  CHECK(f->pieces[0].literal == "{a} ");
  CHECK(f->pieces[1].arg.kind == ArgRef::Kind::Next);
  CHECK(f->pieces[3].arg.kind == ArgRef::Kind::Index);
  CHECK(f->pieces[5].arg.name == "name");
  CHECK(f->pieces[7].spec.width.arg.name == "w");
  CHECK(f->pieces[9].spec.precision.kind == Count::Kind::Arg);
  CHECK(f->pieces[11].spec.alternate);
  CHECK(f->pieces[11].spec.type == "?");
  CHECK(f->implicit_args == 4);  // {}, {:>w$}, and {:.*} takes two (precision, then value)
}

TEST_CASE("parsing: rustc's errors for malformed format strings") {
  FormatError error;
  CHECK_FALSE(parse_format("{", error).has_value());
  CHECK(error.message == "expected `}` but string was terminated");
  CHECK_FALSE(parse_format("a}", error).has_value());
  CHECK(error.message == "unmatched `}` found");
  CHECK(error.offset == 1);
  CHECK_FALSE(parse_format("{:q}", error).has_value());
  CHECK(error.message == "unknown format trait `q`");
  CHECK_FALSE(parse_format("{0 }", error).has_value());
  CHECK(error.message == "expected `}`, found ` `");
}
