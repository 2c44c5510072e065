// source_tools.cpp — highlighting and the capacity switch over core/lang's tokens.
#include "source_tools.hpp"

#include <brigade/lang/lexer.hpp>
#include <cctype>

namespace brigade::app {

namespace {
using lang::Tok;
using lang::Token;

std::vector<Token> tokens_of(const lang::Source& source) {
  lang::Diagnostics ignored;  // the editor colours what it can; the compiler reports errors
  return lang::lex(source, ignored);
}

bool is_keyword(const Token& t) {
  std::string_view name = lang::token_text(t.kind);
  return t.kind != Tok::Ident && !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
         name.find(' ') == std::string_view::npos;
}

// Gaps between tokens hold whitespace and comments: mark each comment run.
void comments_between(std::string_view text, std::uint32_t from, std::uint32_t to, std::vector<Highlight>& out) {
  std::uint32_t i = from;
  while (i + 1 < to) {
    if (text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*')) {
      std::uint32_t end = i + 2;
      if (text[i + 1] == '/') {
        while (end < to && text[end] != '\n') ++end;
      } else {
        int depth = 1;
        while (end < to && depth > 0) {
          if (end + 1 < to && text[end] == '/' && text[end + 1] == '*') {
            ++depth;
            ++end;
          } else if (end + 1 < to && text[end] == '*' && text[end + 1] == '/') {
            --depth;
            ++end;
          }
          ++end;
        }
      }
      out.push_back(Highlight{i, end - i, TokenClass::Comment});
      i = end;
    } else {
      ++i;
    }
  }
}
}  // namespace

std::vector<Highlight> highlight(std::string_view text) {
  lang::Source source("src/main.rs", std::string(text));
  std::vector<Token> toks = tokens_of(source);
  std::vector<Highlight> out;
  std::uint32_t cursor = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (t.kind == Tok::Eof) break;
    comments_between(source.text(), cursor, t.span.offset, out);
    cursor = t.span.offset + t.span.length;
    TokenClass cls = TokenClass::Plain;
    switch (t.kind) {
      case Tok::Str:
      case Tok::Char:
        cls = TokenClass::String;
        break;
      case Tok::Int:
      case Tok::Float:
        cls = TokenClass::Number;
        break;
      case Tok::Lifetime:
        cls = TokenClass::Lifetime;
        break;
      case Tok::Ident: {
        Tok next = i + 1 < toks.size() ? toks[i + 1].kind : Tok::Eof;
        if (next == Tok::Not) {
          cls = TokenClass::Macro;
        } else if (next == Tok::LParen) {
          cls = TokenClass::Function;
        } else if (!t.text.empty() && std::isupper(static_cast<unsigned char>(t.text[0]))) {
          cls = TokenClass::Type;
        } else if (t.text == "i8" || t.text == "i16" || t.text == "i32" || t.text == "i64" || t.text == "i128" ||
                   t.text == "isize" || t.text == "u8" || t.text == "u16" || t.text == "u32" || t.text == "u64" ||
                   t.text == "u128" || t.text == "usize" || t.text == "f32" || t.text == "f64" || t.text == "bool" ||
                   t.text == "char" || t.text == "str") {
          cls = TokenClass::Type;
        }
        break;
      }
      default:
        if (is_keyword(t)) cls = TokenClass::Keyword;
        break;
    }
    if (cls == TokenClass::Macro) {  // the name and its `!`
      out.push_back(Highlight{t.span.offset, t.span.length + 1, cls});
      ++i;
      cursor = toks[i].span.offset + toks[i].span.length;
    } else if (cls != TokenClass::Plain) {
      out.push_back(Highlight{t.span.offset, t.span.length, cls});
    }
  }
  comments_between(source.text(), cursor, static_cast<std::uint32_t>(text.size()), out);
  return out;
}

CapacitySwitch switch_capacity(std::string_view text, std::optional<std::size_t> capacity) {
  lang::Source source("src/main.rs", std::string(text));
  std::vector<Token> toks = tokens_of(source);
  CapacitySwitch result;
  std::string& out = result.source;
  std::uint32_t copied = 0;  // text[0, copied) is in `out`
  auto replace = [&](std::uint32_t from, std::uint32_t to, std::string_view with) {
    out.append(text.substr(copied, from - copied));
    out.append(with);
    copied = to;
  };
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (t.kind != Tok::Ident) continue;
    if (t.text == "SyncSender" || t.text == "Sender") {
      const char* name = capacity ? "SyncSender" : "Sender";
      replace(t.span.offset, t.span.offset + t.span.length, name);
      continue;
    }
    if (t.text != "sync_channel" && t.text != "channel") continue;
    // name [:: < ... >] ( args )
    std::size_t j = i + 1;
    std::string type_args;
    if (j + 1 < toks.size() && toks[j].kind == Tok::PathSep && toks[j + 1].kind == Tok::Lt) {
      std::size_t k = j + 1;
      int depth = 0;
      for (; k < toks.size(); ++k) {
        if (toks[k].kind == Tok::Lt) ++depth;
        if (toks[k].kind == Tok::Gt) --depth;
        if (toks[k].kind == Tok::Shr) depth -= 2;
        if (depth <= 0 || toks[k].kind == Tok::Eof) break;
      }
      if (k >= toks.size() || depth > 0) continue;
      type_args = std::string(text.substr(toks[j].span.offset, toks[k].span.offset + toks[k].span.length - toks[j].span.offset));
      j = k + 1;
    }
    if (j >= toks.size() || toks[j].kind != Tok::LParen) continue;
    std::size_t k = j;
    int depth = 0;
    for (; k < toks.size(); ++k) {
      if (toks[k].kind == Tok::LParen) ++depth;
      if (toks[k].kind == Tok::RParen && --depth == 0) break;
      if (toks[k].kind == Tok::Eof) break;
    }
    if (k >= toks.size() || toks[k].kind != Tok::RParen) continue;
    std::string call = capacity ? "sync_channel" + type_args + "(" + std::to_string(*capacity) + ")" : "channel" + type_args + "()";
    replace(t.span.offset, toks[k].span.offset + 1, call);
    ++result.constructors;
    i = k;
  }
  out.append(text.substr(copied));
  return result;
}

}  // namespace brigade::app
