// files.hpp — what the language suites read from disk: golden files and the tutorial's Rust.
#pragma once
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "seeds.hpp"

namespace brigade::test {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every ```rust block of the tutorial, read from seeds_dir() (../shared/seeds/; never copied
// here); empty when the seeds are not beside the checkout.
inline std::vector<std::string> tutorial_blocks() {
  std::vector<std::string> blocks;
  std::filesystem::path dir = seeds_dir();
  if (!std::filesystem::is_directory(dir)) return blocks;
  std::regex block("```rust\\n([\\s\\S]*?)```");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), block), end; it != end; ++it) blocks.push_back((*it)[1]);
  }
  return blocks;
}

}  // namespace brigade::test
