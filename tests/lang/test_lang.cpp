// test_lang.cpp — the front end's stages: scanner, parser, diagnostics, and the disassembler.
//
// Golden files in tests/lang/check/ carry their expectations in comments (clox/Wren style):
//   // expect: ok                    no compile error
//   // expect: LINE:COL: MESSAGE     one error each, in any order
// The tutorial's Rust blocks are read at test time from ../shared/seeds/ (never copied here).
#include <doctest/doctest.h>

#include "files.hpp"

#include <algorithm>
#include <brigade/lang/bytecode.hpp>
#include <brigade/lang/compiler.hpp>
#include <brigade/lang/parser.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace brigade::lang;
namespace fs = std::filesystem;

namespace {

using brigade::test::read_file;
using brigade::test::seeds_dir;
using brigade::test::tutorial_blocks;

std::vector<Token> tokens_of(const std::string& text) {
  Source source("t.rs", text);
  Diagnostics d;
  auto tokens = lex(source, d);
  CHECK_FALSE(d.has_errors());
  return tokens;
}

std::string errors_of(const std::string& text) {
  Source source("src/main.rs", text);
  Diagnostics d;
  parse_source(source, d);
  return d.render(source);
}

}  // namespace

TEST_CASE("scanner: literals, suffixes, escapes and the tokens that look alike") {
  auto t = tokens_of("let x = 1_000u64 + 2.5e3 - 0xff; 1..=2 t.0 'a' b'z' \"a\\n\\u{1F35D}\" r#\"raw \"q\"\"# 'outer:");
  REQUIRE(t.size() > 10);
  CHECK(t[0].kind == Tok::KwLet);
  CHECK(t[3].kind == Tok::Int);
  CHECK(t[3].value == "1000");
  CHECK(t[3].suffix == "u64");
  CHECK(t[5].kind == Tok::Float);
  CHECK(t[7].value == "0xff");
  CHECK(t[9].kind == Tok::Int);  // 1..=2 is a range, not a float
  CHECK(t[10].kind == Tok::DotDotEq);
  CHECK(t[13].kind == Tok::Dot);
  CHECK(t[14].kind == Tok::Int);  // t.0
  CHECK(t[15].kind == Tok::Char);
  CHECK(t[15].value == "a");
  CHECK(t[16].suffix == "u8");
  CHECK(t[17].value == "a\n\xF0\x9F\x8D\x9D");
  CHECK(t[18].value == "raw \"q\"");
  CHECK(t[19].kind == Tok::Lifetime);
  CHECK(t[19].span.column == 81);
}

TEST_CASE("scanner: positions are line and character column") {
  auto t = tokens_of("fn main() {\n    let é = 1;\n}");
  auto let = std::find_if(t.begin(), t.end(), [](const Token& k) { return k.kind == Tok::KwLet; });
  REQUIRE(let != t.end());
  CHECK(let->span.line == 2);
  CHECK(let->span.column == 5);
  CHECK((let + 2)->span.column == 11);  // after the two-byte é
}

TEST_CASE("diagnostics look like rustc's") {
  CHECK(errors_of("fn main() {\n    let x = ;\n}\n") ==
        "error: expected expression, found `;`\n"
        " --> src/main.rs:2:13\n"
        "  |\n"
        "2 |     let x = ;\n"
        "  |             ^ expected expression\n"
        "\n"
        "error: aborting due to 1 previous error\n");
}

TEST_CASE("diagnostics carry rustc's error codes and its --explain lines (texts of rustc 1.95)") {
  Source source("src/main.rs", "fn main() {\n    let v = y;\n    break;\n}\n");
  CHECK(rustc_code_for("cannot find value `y` in this scope") == "E0425");
  CHECK(rustc_code_for("struct `S` has no field named `q`") == "E0560");
  CHECK(rustc_code_for("variant `E::W` has no field named `y`") == "E0559");
  CHECK(rustc_code_for("expected expression, found `;`").empty());
  Diagnostics one;
  one.error(source.locate(24, 1), "cannot find value `y` in this scope", "not found in this scope");
  CHECK(one.render(source) ==
        "error[E0425]: cannot find value `y` in this scope\n"
        " --> src/main.rs:2:13\n"
        "  |\n"
        "2 |     let v = y;\n"
        "  |             ^ not found in this scope\n"
        "\n"
        "error: aborting due to 1 previous error\n"
        "\n"
        "For more information about this error, try `rustc --explain E0425`.\n");
  Diagnostics two = one;
  two.error(source.locate(31, 5), "`break` outside of a loop or labeled block", "cannot `break` outside of a loop or labeled block");
  std::string text = two.render(source);
  CHECK(text.find("error[E0268]: `break` outside of a loop or labeled block\n") != std::string::npos);
  CHECK(text.substr(text.find("error: aborting")) ==
        "error: aborting due to 2 previous errors\n"
        "\n"
        "Some errors have detailed explanations: E0268, E0425.\n"
        "For more information about an error, try `rustc --explain E0268`.\n");
}

TEST_CASE("golden files: each expected error at its line and column, and nothing else") {
  fs::path dir = fs::path(BRIGADE_TESTS_DIR) / "lang" / "check";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".rs") continue;
    ++files;
    CAPTURE(entry.path().filename().string());
    std::string text = read_file(entry.path());
    std::vector<std::string> expected, actual;
    std::regex expect_line("// expect: (\\d+:\\d+: .*)");
    for (std::sregex_iterator it(text.begin(), text.end(), expect_line), end; it != end; ++it) {
      expected.push_back((*it)[1]);
    }
    Source source(entry.path().filename().string(), text);
    Diagnostics d;
    parse_source(source, d);
    for (const auto& e : d.errors()) {
      actual.push_back(std::to_string(e.span.line) + ":" + std::to_string(e.span.column) + ": " + e.message);
    }
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    CHECK(actual == expected);
  }
  CHECK(files >= 4);
}

TEST_CASE("the tutorial's Rust parses without an error") {
  auto blocks = tutorial_blocks();
  if (blocks.empty()) {
    MESSAGE("the tutorial is not at " << seeds_dir() << " (../shared/seeds beside the checkout); skipped");
    return;
  }
  int programs = 0;
  for (const auto& block : blocks) {
    CAPTURE(block);
    Source source("src/main.rs", block);
    Diagnostics d;
    auto program = parse_source(source, d);
    CHECK(d.render(source) == "");
    bool has_main = std::any_of(program.items.begin(), program.items.end(), [](const ast::ItemPtr& i) {
      return i->kind == ast::Item::Kind::Fn && i->name == "main";
    });
    programs += has_main ? 1 : 0;
  }
  CHECK(programs >= 2);  // the synchronous and the asynchronous example
}

TEST_CASE("nesting beyond the limit is an error, not a crash") {
  std::string deep = "fn main() { let x = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "; }";
  std::string out = errors_of(deep);
  CHECK(out.find("nested too deeply") != std::string::npos);
  std::string blocks = "fn main() " + std::string(5000, '{') + std::string(5000, '}');
  CHECK(errors_of(blocks).find("nested too deeply") != std::string::npos);
}

// Deterministic mutation smoke test: damaged programs give errors, never a crash or a hang.
// (The coverage-guided fuzz target is separate; this keeps the property in every test run.)
TEST_CASE("damaged programs never crash the front end") {
  std::vector<std::string> corpus = tutorial_blocks();
  corpus.push_back(read_file(fs::path(BRIGADE_TESTS_DIR) / "lang" / "check" / "ok_subset.rs"));
  static const char* const kInsert[] = {"(",    ")",  "{",  "}",  "[",    "]",  "<",     ">",  ">>", "::", ";",
                                        ",",    "|",  "'",  "\"", "let",  "fn", "match", "=>", "..", "!",  "#",
                                        "r#\"", "/*", "1.", "'a", "move", "&&", "as",    "@",  "0x"};
  std::mt19937 rng(12345);
  const int rounds = 3000 / BRIGADE_TEST_SCALE;
  for (int round = 0; round < rounds; ++round) {
    std::string text = corpus[static_cast<std::size_t>(round) % corpus.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(at, 1 + rng() % 8);
          break;
        case 1:
          text.insert(at, kInsert[rng() % (sizeof kInsert / sizeof *kInsert)]);
          break;
        default:
          text[at] = static_cast<char>(rng() % 256);
          break;
      }
    }
    Source source("fuzz.rs", text);
    Diagnostics d;
    parse_source(source, d);
    std::string rendered = d.render(source);  // rendering must not crash either
    (void)rendered;
  }
  CHECK(rounds > 0);
}

TEST_CASE("the disassembler lists each function's instructions with their lines and meanings") {
  Source source("src/main.rs",
                "fn main() {\n"
                "    let evens = (0..10u64).filter(|x| x % 2 == 0).count();\n"
                "    if evens > 3 { println!(\"{} evens\", evens); }\n"
                "}\n");
  Diagnostics d;
  auto module = compile_source(source, d);
  REQUIRE(module);
  std::string listing = vm::disassemble(*module);
  INFO(listing);
  CHECK(listing.find("== fn #0 main (src/main.rs:1:4) arity 0") != std::string::npos);
  CHECK(listing.find(", main ==") != std::string::npos);
  CHECK(listing.find("{closure} (src/main.rs:2:35) arity 1, locals 1, leaf ==") != std::string::npos);
  CHECK(listing.find("; 10u64") != std::string::npos);
  CHECK(listing.find("; .filter") != std::string::npos);
  CHECK(listing.find("; .count") != std::string::npos);
  CHECK(listing.find("; %") != std::string::npos);
  CHECK(listing.find("; \"{0} evens\\n\"") != std::string::npos);
  // Each instruction is on the line it came from: line 3 starts with a load, and its comparison
  // shows `|` (the same line).
  std::regex compare(R"(\n\d{4}    3  Load [^\n]*\n\d{4}    \|  Const [^\n]*; 3\n\d{4}    \|  Binary [^\n]*; >\n)");
  CHECK(std::regex_search(listing, compare));
  // Every jump lands inside its function.
  std::regex jump(R"(JumpIfFalse +(\d+) .*; -> (\d+))");
  for (auto it = std::sregex_iterator(listing.begin(), listing.end(), jump); it != std::sregex_iterator(); ++it) {
    CHECK((*it)[1] == (*it)[2]);
    CHECK(std::stoul((*it)[2]) < module->functions[module->main].code.size() + 1);
  }
}

// tests/check: learners' mistakes that rustc refuses, each beside rustc 1.95's stderr for it
// (made with `rustc --edition 2021 -A warnings --crate-name main src/main.rs`). Each error must
// be reported as rustc does — its code, message and position; a file ending in
// `// exact: rustc's whole stderr` must match that stderr to the byte.
TEST_CASE("checked mistakes: rustc's verdict, code, message and position for each") {
  fs::path dir = fs::path(BRIGADE_TESTS_DIR) / "check";
  int files = 0, exact = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".rs") continue;
    ++files;
    CAPTURE(entry.path().filename().string());
    std::string text = read_file(entry.path());
    fs::path stderr_path = entry.path();
    stderr_path.replace_extension(".stderr");
    std::string expected = read_file(stderr_path);
    Source source("src/main.rs", text);
    Diagnostics d;
    auto module = compile_source(source, d);
    CHECK(module == nullptr);
    std::string ours = d.render(source);
    auto headlines = [](const std::string& s) {
      std::vector<std::string> out;
      std::istringstream in(s);
      std::string line, previous;
      while (std::getline(in, line)) {
        if (line.find("--> src/main.rs:") != std::string::npos && previous.rfind("error", 0) == 0) {
          out.push_back(previous + " @ " + line.substr(line.find("-->")));
        }
        previous = line;
      }
      return out;
    };
    CHECK(headlines(ours) == headlines(expected));
    if (text.find("// exact: rustc's whole stderr") != std::string::npos) {
      ++exact;
      CHECK(ours == expected);
    }
  }
  CHECK(files >= 55);
  CHECK(exact >= 43);
}
