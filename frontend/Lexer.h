//===- Lexer.h - Tokens of the dlc model language ---------------*- C++ -*-===//
//
// Splits a .dsl file into tokens. Newlines are tokens (they end statements)
// except inside parentheses and brackets, where expressions may wrap.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_LEXER_H
#define DLC_FRONTEND_LEXER_H

#include "frontend/Diagnostics.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace dlc {

/// Kinds of tokens.
enum class Tok {
  Eof,
  Newline,
  Error,
  Ident,
  Int,
  Float,
  String,
  // Keywords.
  KwModule,
  KwDef,
  KwParam,
  KwBuffer,
  KwReturn,
  KwFor,
  KwIf,
  KwElse,
  KwImport,
  KwTrue,
  KwFalse,
  KwAnd,
  KwOr,
  KwNot,
  // Punctuation.
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Semi,
  Assign,
  Arrow,
  Plus,
  Minus,
  Star,
  Slash,
  SlashSlash,
  StarStar,
  At,
  Percent,
  Dot,
  DotDot,
  Ellipsis,
  EqEq,
  NotEq,
  Less,
  LessEq,
  Greater,
  GreaterEq,
};

/// Printable spelling of a token kind, for "expected ..." messages.
const char *tokSpelling(Tok kind);

/// One token with its text and location.
struct Token {
  /// What it is.
  Tok kind = Tok::Eof;
  /// The source text (string literals: the decoded contents).
  std::string text;
  /// Where it is.
  SourceLoc loc;
};

/// Produces tokens from one file on demand.
class Lexer {
public:
  /// Lexes file `fileId` of `diags`; lexical errors are reported there.
  Lexer(Diagnostics &diags, unsigned fileId);
  /// The next token; after an error, an `Error` token.
  Token next();

private:
  char peek(size_t ahead = 0) const {
    return pos + ahead < src.size() ? src[pos + ahead] : '\0';
  }
  void advance();
  Token make(Tok kind, size_t begin, unsigned line, unsigned col);

  Diagnostics &diags;
  unsigned fileId;
  llvm::StringRef src;
  size_t pos = 0;
  unsigned line = 1, col = 1;
  /// Nesting of ( and [; newlines inside are not statement ends.
  int depth = 0;
};

} // namespace dlc

#endif // DLC_FRONTEND_LEXER_H
