// lexer.cpp — the scanner.
#include "brigade/lang/lexer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace brigade::lang {

std::string_view token_text(Tok kind) noexcept {
  switch (kind) {
#define BRIGADE_TOKEN_TEXT(name, text) \
  case Tok::name:                      \
    return text;
    BRIGADE_TOKENS(BRIGADE_TOKEN_TEXT)
#undef BRIGADE_TOKEN_TEXT
  }
  return "?";
}

namespace {

const std::unordered_map<std::string_view, Tok>& keywords() {
  static const std::unordered_map<std::string_view, Tok> map = {
      {"as", Tok::KwAs},         {"break", Tok::KwBreak},   {"const", Tok::KwConst},    {"continue", Tok::KwContinue},
      {"crate", Tok::KwCrate},   {"else", Tok::KwElse},     {"enum", Tok::KwEnum},      {"false", Tok::KwFalse},
      {"fn", Tok::KwFn},         {"for", Tok::KwFor},       {"if", Tok::KwIf},          {"impl", Tok::KwImpl},
      {"in", Tok::KwIn},         {"let", Tok::KwLet},       {"loop", Tok::KwLoop},      {"match", Tok::KwMatch},
      {"mod", Tok::KwMod},       {"move", Tok::KwMove},     {"mut", Tok::KwMut},        {"pub", Tok::KwPub},
      {"ref", Tok::KwRef},       {"return", Tok::KwReturn}, {"self", Tok::KwSelfValue}, {"Self", Tok::KwSelfType},
      {"static", Tok::KwStatic}, {"struct", Tok::KwStruct}, {"super", Tok::KwSuper},    {"trait", Tok::KwTrait},
      {"true", Tok::KwTrue},     {"type", Tok::KwType},     {"unsafe", Tok::KwUnsafe},  {"use", Tok::KwUse},
      {"where", Tok::KwWhere},   {"while", Tok::KwWhile},   {"async", Tok::KwAsync},    {"await", Tok::KwAwait},
      {"dyn", Tok::KwDyn},       {"_", Tok::Underscore},
  };
  return map;
}

bool ident_start(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool ident_char(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

class Lexer {
 public:
  Lexer(const Source& source, Diagnostics& diagnostics) : src_(source), text_(source.text()), diag_(diagnostics) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    for (;;) {
      skip_trivia();
      if (unterminated_comment_) {  // the comment ran to the end: nothing more to read
        pos_ = text_.size();
        tokens.push_back(make(Tok::Error, text_.size() - 1));
        tokens.back().span.length = 1;
      }
      tokens.push_back(next());
      if (tokens.back().kind == Tok::Eof) break;
    }
    return tokens;
  }

 private:
  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void error_at(std::size_t start, std::size_t length, std::string message, std::string label = {}) {
    diag_.error(src_.locate(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(length)), std::move(message),
                std::move(label));
  }

  // Whitespace and comments.
  void skip_trivia() {
    for (;;) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && peek(1) == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && peek(1) == '*') {
        std::size_t open = pos_;
        pos_ += 2;
        int depth = 1;
        while (pos_ < text_.size() && depth > 0) {
          if (peek() == '/' && peek(1) == '*') {
            ++depth;
            pos_ += 2;
          } else if (peek() == '*' && peek(1) == '/') {
            --depth;
            pos_ += 2;
          } else {
            ++pos_;
          }
        }
        if (depth > 0) {
          error_at(open, 2, "unterminated block comment");
          unterminated_comment_ = true;
        }
      } else {
        break;
      }
    }
  }

  Token make(Tok kind, std::size_t start) {
    Token t;
    t.kind = kind;
    t.text = text_.substr(start, pos_ - start);
    t.span = src_.locate(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_ - start));
    return t;
  }

  Token next() {
    std::size_t start = pos_;
    if (pos_ >= text_.size()) return make(Tok::Eof, start);
    auto c = static_cast<unsigned char>(peek());
    if (c == 'r' && (peek(1) == '"' || (peek(1) == '#' && (peek(2) == '"' || peek(2) == '#'))))
      return raw_string(start);
    if (c == 'b' && peek(1) == '\'') {
      ++pos_;
      Token t = char_literal(start);
      t.suffix = "u8";
      return t;
    }
    if (ident_start(c)) {
      while (pos_ < text_.size() && ident_char(static_cast<unsigned char>(peek()))) ++pos_;
      Token t = make(Tok::Ident, start);
      auto it = keywords().find(t.text);
      if (it != keywords().end()) t.kind = it->second;
      return t;
    }
    if (std::isdigit(c)) return number(start);
    if (c == '"') return string_literal(start);
    if (c == '\'') {
      // 'a' is a char; 'a (no closing quote after one char) is a lifetime.
      if (ident_start(static_cast<unsigned char>(peek(1))) && peek(2) != '\'' &&
          !(static_cast<unsigned char>(peek(1)) >= 0x80)) {
        ++pos_;
        while (pos_ < text_.size() && ident_char(static_cast<unsigned char>(peek()))) ++pos_;
        return make(Tok::Lifetime, start);
      }
      return char_literal(start);
    }
    return punct(start);
  }

  Token punct(std::size_t start) {
    struct Op {
      const char* text;
      Tok kind;
    };
    // Longest first.
    static const std::array<Op, 51> ops = {{
        {"<<=", Tok::ShlEq},    {">>=", Tok::ShrEq},   {"..=", Tok::DotDotEq}, {"::", Tok::PathSep},
        {"->", Tok::Arrow},     {"=>", Tok::FatArrow}, {"==", Tok::EqEq},      {"!=", Tok::Ne},
        {"<=", Tok::Le},        {">=", Tok::Ge},       {"&&", Tok::AndAnd},    {"||", Tok::OrOr},
        {"+=", Tok::PlusEq},    {"-=", Tok::MinusEq},  {"*=", Tok::StarEq},    {"/=", Tok::SlashEq},
        {"%=", Tok::PercentEq}, {"&=", Tok::AndEq},    {"|=", Tok::OrEq},      {"^=", Tok::CaretEq},
        {"<<", Tok::Shl},       {">>", Tok::Shr},      {"..", Tok::DotDot},    {"(", Tok::LParen},
        {")", Tok::RParen},     {"{", Tok::LBrace},    {"}", Tok::RBrace},     {"[", Tok::LBracket},
        {"]", Tok::RBracket},   {",", Tok::Comma},     {";", Tok::Semi},       {":", Tok::Colon},
        {".", Tok::Dot},        {"#", Tok::Pound},     {"?", Tok::Question},   {"@", Tok::At},
        {"=", Tok::Eq},         {"<", Tok::Lt},        {">", Tok::Gt},         {"!", Tok::Not},
        {"&", Tok::And},        {"|", Tok::Or},        {"^", Tok::Caret},      {"+", Tok::Plus},
        {"-", Tok::Minus},      {"*", Tok::Star},      {"/", Tok::Slash},      {"%", Tok::Percent},
        {"$", Tok::Dollar},     {"~", Tok::Error},     {"\\", Tok::Error},
    }};
    for (const Op& op : ops) {
      std::string_view s(op.text);
      if (text_.substr(pos_, s.size()) == s) {
        pos_ += s.size();
        if (op.kind == Tok::Error) break;
        return make(op.kind, start);
      }
    }
    // Unknown character: one whole UTF-8 sequence.
    if (pos_ == start) {
      ++pos_;
      while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
    }
    error_at(start, pos_ - start, "unknown start of token: " + std::string(text_.substr(start, pos_ - start)));
    return make(Tok::Error, start);
  }

  Token number(std::size_t start) {
    std::string digits;
    int base = 10;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'o' || peek(1) == 'b')) {
      base = peek(1) == 'x' ? 16 : peek(1) == 'o' ? 8 : 2;
      digits = text_.substr(pos_, 2);
      pos_ += 2;
    }
    bool is_float = false;
    auto take_digits = [&] {
      while (pos_ < text_.size()) {
        char c = peek();
        if (c == '_') {
          ++pos_;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (base == 16 && std::isxdigit(static_cast<unsigned char>(c)))) {
          digits += c;
          ++pos_;
        } else {
          break;
        }
      }
    };
    take_digits();
    if (base == 10) {
      // `1.5` is a float; `1..2` is a range; `1.foo()` is a method call on 1.
      if (peek() == '.' && peek(1) != '.' && !ident_start(static_cast<unsigned char>(peek(1)))) {
        is_float = true;
        digits += '.';
        ++pos_;
        take_digits();
      }
      if ((peek() == 'e' || peek() == 'E') &&
          (std::isdigit(static_cast<unsigned char>(peek(1))) ||
           ((peek(1) == '+' || peek(1) == '-') && std::isdigit(static_cast<unsigned char>(peek(2)))))) {
        is_float = true;
        digits += 'e';
        ++pos_;
        if (peek() == '+' || peek() == '-') digits += text_[pos_++];
        take_digits();
      }
    }
    std::size_t suffix_start = pos_;
    while (pos_ < text_.size() && ident_char(static_cast<unsigned char>(peek()))) ++pos_;
    std::string suffix(text_.substr(suffix_start, pos_ - suffix_start));
    static const char* const kInt[] = {"i8", "i16", "i32", "i64", "i128", "isize",
                                       "u8", "u16", "u32", "u64", "u128", "usize"};
    bool int_suffix = false;
    for (const char* s : kInt) int_suffix = int_suffix || suffix == s;
    bool float_suffix = suffix == "f32" || suffix == "f64";
    if (!suffix.empty() && !int_suffix && !float_suffix) {
      error_at(suffix_start, suffix.size(), "invalid suffix `" + suffix + "` for number literal",
               "invalid suffix `" + suffix + "`");
    }
    if (float_suffix && base == 10) is_float = true;
    Token t = make(is_float ? Tok::Float : Tok::Int, start);
    t.value = digits;
    t.suffix = suffix;
    return t;
  }

  // One escape after a backslash; appends the decoded character.
  void escape(std::string& out, std::size_t literal_start) {
    std::size_t at = pos_;
    char c = peek();
    ++pos_;
    switch (c) {
      case 'n':
        out += '\n';
        return;
      case 't':
        out += '\t';
        return;
      case 'r':
        out += '\r';
        return;
      case '0':
        out += '\0';
        return;
      case '\\':
        out += '\\';
        return;
      case '\'':
        out += '\'';
        return;
      case '"':
        out += '"';
        return;
      case 'x': {
        std::string hex(text_.substr(pos_, 2));
        if (hex.size() == 2 && std::isxdigit(static_cast<unsigned char>(hex[0])) &&
            std::isxdigit(static_cast<unsigned char>(hex[1]))) {
          pos_ += 2;
          out += static_cast<char>(std::stoi(hex, nullptr, 16));
          return;
        }
        break;
      }
      case 'u': {
        if (peek() == '{') {
          std::size_t close = text_.find('}', pos_);
          if (close != std::string_view::npos && close - pos_ <= 7 && close > pos_ + 1) {
            std::string hex(text_.substr(pos_ + 1, close - pos_ - 1));
            hex.erase(std::remove(hex.begin(), hex.end(), '_'), hex.end());
            if (!hex.empty() && hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
              pos_ = close + 1;
              auto cp = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));  // <= 6 hex digits
              if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                error_at(at - 1, pos_ - at + 1, "invalid unicode character escape",
                         "must be a Unicode scalar value, at most 10FFFF");
                return;
              }
              append_utf8(out, cp);
              return;
            }
          }
        }
        break;
      }
      case '\n': {  // a line continuation: skip the newline and the next line's leading spaces
        while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') ++pos_;
        return;
      }
      default:
        break;
    }
    (void)literal_start;
    error_at(at - 1, 2, std::string("unknown character escape: `") + c + "`", "unknown character escape");
  }

  Token string_literal(std::size_t start) {
    ++pos_;  // the opening quote
    std::string value;
    for (;;) {
      if (pos_ >= text_.size()) {
        error_at(start, 1, "unterminated double quote string");
        pos_ = text_.size();
        return make(Tok::Error, start);
      }
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        ++pos_;
        escape(value, start);
      } else if (c == '\r' && peek(1) == '\n') {
        ++pos_;  // CRLF in a string literal is a plain newline
      } else {
        value += c;
        ++pos_;
      }
    }
    Token t = make(Tok::Str, start);
    t.value = std::move(value);
    return t;
  }

  Token raw_string(std::size_t start) {
    ++pos_;  // r
    std::size_t hashes = 0;
    while (peek() == '#') {
      ++hashes;
      ++pos_;
    }
    if (peek() != '"') {
      error_at(start, pos_ - start, "found invalid character; only `#` is allowed in raw string delimitation");
      return make(Tok::Error, start);
    }
    ++pos_;
    std::string closing = "\"" + std::string(hashes, '#');
    std::size_t end = text_.find(closing, pos_);
    if (end == std::string_view::npos) {
      error_at(start, 1, "unterminated raw string");
      pos_ = text_.size();
      return make(Tok::Error, start);
    }
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + closing.size();
    Token t = make(Tok::Str, start);
    t.value = std::move(value);
    return t;
  }

  Token char_literal(std::size_t start) {
    std::size_t quote = pos_;
    ++pos_;  // the opening quote
    std::string value;
    if (peek() == '\\') {
      ++pos_;
      escape(value, start);
    } else if (pos_ < text_.size() && peek() != '\'' && peek() != '\n') {
      value += text_[pos_++];
      while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) value += text_[pos_++];
    }
    if (peek() != '\'') {
      error_at(quote, 1, "unterminated character literal");
      while (pos_ < text_.size() && peek() != '\'' && peek() != '\n') ++pos_;
      if (peek() == '\'') ++pos_;
      return make(Tok::Error, start);
    }
    ++pos_;
    if (value.empty()) error_at(start, pos_ - start, "empty character literal");
    Token t = make(Tok::Char, start);
    t.value = std::move(value);
    return t;
  }

  const Source& src_;
  std::string_view text_;
  Diagnostics& diag_;
  std::size_t pos_ = 0;
  bool unterminated_comment_ = false;
};

}  // namespace

std::vector<Token> lex(const Source& source, Diagnostics& diagnostics) {
  return Lexer(source, diagnostics).run();
}

}  // namespace brigade::lang
