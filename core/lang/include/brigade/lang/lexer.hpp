// lexer.hpp — stage 1: source text to tokens, each with its Span.
//
// The token set of the tutorial's Rust subset: identifiers and keywords, integer/float/string/
// char literals (with suffixes and escapes), lifetimes, punctuation, and `!` for macro calls.
// Comments and whitespace are skipped (nested block comments included). A malformed token is
// reported to the Diagnostics and becomes an Error token, so the parser can go on.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brigade/lang/diagnostics.hpp"
#include "brigade/lang/source.hpp"

namespace brigade::lang {

#define BRIGADE_TOKENS(X)                                                                                              \
  X(Eof, "end of file")                                                                                                \
  X(Error, "error")                                                                                                    \
  X(Ident, "identifier") X(Lifetime, "lifetime") X(Int, "integer literal") X(Float, "float literal") X(                \
      Str, "string literal") X(Char, "char literal") X(LParen, "(") X(RParen, ")") X(LBrace, "{") X(RBrace, "}")       \
      X(LBracket, "[") X(RBracket, "]") X(Comma, ",") X(Semi, ";") X(Colon, ":") X(PathSep, "::") X(Dot, ".") X(       \
          DotDot, "..") X(DotDotEq, "..=") X(Arrow, "->") X(FatArrow, "=>") X(Pound, "#") X(Question, "?") X(At, "@")  \
          X(Underscore, "_") X(Eq, "=") X(EqEq, "==") X(Ne, "!=") X(Lt, "<") X(Le, "<=") X(Gt, ">") X(Ge, ">=")        \
              X(Not, "!") X(AndAnd, "&&") X(OrOr, "||") X(And, "&") X(Or, "|") X(Caret, "^") X(Plus, "+")              \
                  X(Minus, "-") X(Star, "*") X(Slash, "/") X(Percent, "%") X(Shl, "<<") X(Shr, ">>") X(PlusEq, "+=")   \
                      X(MinusEq, "-=") X(StarEq, "*=") X(SlashEq, "/=") X(PercentEq, "%=") X(AndEq, "&=")              \
                          X(OrEq, "|=") X(CaretEq, "^=") X(ShlEq, "<<=") X(ShrEq, ">>=") X(Dollar, "$") X(KwAs, "as")  \
                              X(KwBreak, "break") X(KwConst, "const") X(KwContinue, "continue") X(KwCrate, "crate") X( \
                                  KwElse, "else") X(KwEnum, "enum") X(KwFalse, "false") X(KwFn, "fn") X(KwFor, "for")  \
                                  X(KwIf, "if") X(KwImpl, "impl") X(KwIn, "in") X(KwLet, "let")                        \
                                      X(KwLoop, "loop") X(KwMatch, "match") X(KwMod, "mod")                            \
                                          X(KwMove, "move") X(KwMut, "mut") X(KwPub, "pub") X(KwRef, "ref")            \
                                              X(KwReturn, "return") X(KwSelfValue, "self") X(KwSelfType, "Self")       \
                                                  X(KwStatic, "static") X(KwStruct, "struct") X(KwSuper, "super")      \
                                                      X(KwTrait, "trait") X(KwTrue, "true") X(KwType, "type")          \
                                                          X(KwUnsafe, "unsafe") X(KwUse, "use") X(KwWhere, "where")    \
                                                              X(KwWhile, "while") X(KwAsync, "async")                  \
                                                                  X(KwAwait, "await") X(KwDyn, "dyn")

enum class Tok : std::uint8_t {
#define BRIGADE_TOKEN_ENUM(name, text) name,
  BRIGADE_TOKENS(BRIGADE_TOKEN_ENUM)
#undef BRIGADE_TOKEN_ENUM
};
std::string_view token_text(Tok kind) noexcept;  // "(" or "identifier": for messages

struct Token {
  Tok kind = Tok::Eof;
  std::string_view text;  // the source characters (a view into Source)
  Span span;
  std::string value;          // string/char literals: the decoded value; numbers: digits without '_'
  std::string suffix;         // numeric literal suffix (`u8`, `f64`, ...), empty if none
};

std::vector<Token> lex(const Source& source, Diagnostics& diagnostics);

}  // namespace brigade::lang
