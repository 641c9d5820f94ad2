//===- Parser.h - Recursive-descent parser for .dsl files -------*- C++ -*-===//
//
// Builds the AST of one file. Stops at the first error, which it reports
// through the Diagnostics engine, so that no cascade of follow-on errors hides
// the real one.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_PARSER_H
#define DLC_FRONTEND_PARSER_H

#include "frontend/AST.h"
#include "frontend/Lexer.h"

#include <memory>
#include <vector>

namespace dlc {

/// Parses file `fileId` of `diags`. Returns null after reporting an error.
std::unique_ptr<Program> parseFile(Diagnostics &diags, unsigned fileId);

} // namespace dlc

#endif // DLC_FRONTEND_PARSER_H
