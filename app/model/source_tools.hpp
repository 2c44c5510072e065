// source_tools.hpp — what the editor and the run controls need from a program's text, built on
// core/lang's lexer (one tokenizer for the compiler and the editor):
//   - highlight(): classified byte ranges for syntax colouring (comments are the gaps between
//     tokens that are not blank);
//   - switch_capacity(): "same program, another capacity" — every channel constructor becomes
//     sync_channel(n) or channel(), and the endpoint type names follow (Sender / SyncSender).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brigade::app {

enum class TokenClass : std::uint8_t { Plain, Keyword, Type, Macro, Function, String, Number, Comment, Lifetime };

struct Highlight {
  std::uint32_t offset = 0, length = 0;  // bytes
  TokenClass cls = TokenClass::Plain;
};

// Sorted, non-overlapping; bytes not covered are plain (whitespace, punctuation, identifiers).
std::vector<Highlight> highlight(std::string_view source);

struct CapacitySwitch {
  std::string source;
  int constructors = 0;  // channel constructors found (and rewritten)
};
// capacity: nullopt → channel() (unbounded); n → sync_channel(n). Type arguments are kept
// (`sync_channel::<u32>(1)` → `channel::<u32>()`).
CapacitySwitch switch_capacity(std::string_view source, std::optional<std::size_t> capacity);

}  // namespace brigade::app
