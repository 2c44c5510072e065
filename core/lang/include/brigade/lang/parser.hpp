// parser.hpp — stage 2: tokens to the syntax tree.
//
// Recursive descent, with precedence climbing for binary operators. Errors go to the
// Diagnostics in rustc's words; after an error the parser synchronises at the next statement or
// item boundary (panic mode), so one mistake gives one error and independent mistakes are all
// reported. It never throws, and nesting deeper than a fixed limit is an error, not a crash.
#pragma once
#include <vector>

#include "brigade/lang/ast.hpp"
#include "brigade/lang/diagnostics.hpp"
#include "brigade/lang/lexer.hpp"

namespace brigade::lang {

ast::Program parse(const Source& source, std::vector<Token> tokens, Diagnostics& diagnostics);

// Convenience: lex + parse.
ast::Program parse_source(const Source& source, Diagnostics& diagnostics);

}  // namespace brigade::lang
