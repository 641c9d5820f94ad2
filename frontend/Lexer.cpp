//===- Lexer.cpp - Tokens of the dlc model language -----------------------===//
#include "frontend/Lexer.h"

#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

using namespace dlc;

const char *dlc::tokSpelling(Tok kind) {
  switch (kind) {
  case Tok::Eof:
    return "end of file";
  case Tok::Newline:
    return "newline";
  case Tok::Error:
    return "invalid token";
  case Tok::Ident:
    return "identifier";
  case Tok::Int:
    return "integer";
  case Tok::Float:
    return "number";
  case Tok::String:
    return "string";
  case Tok::KwModule:
    return "'module'";
  case Tok::KwDef:
    return "'def'";
  case Tok::KwParam:
    return "'param'";
  case Tok::KwBuffer:
    return "'buffer'";
  case Tok::KwReturn:
    return "'return'";
  case Tok::KwFor:
    return "'for'";
  case Tok::KwIf:
    return "'if'";
  case Tok::KwElse:
    return "'else'";
  case Tok::KwImport:
    return "'import'";
  case Tok::KwTrue:
    return "'true'";
  case Tok::KwFalse:
    return "'false'";
  case Tok::KwAnd:
    return "'and'";
  case Tok::KwOr:
    return "'or'";
  case Tok::KwNot:
    return "'not'";
  case Tok::LParen:
    return "'('";
  case Tok::RParen:
    return "')'";
  case Tok::LBracket:
    return "'['";
  case Tok::RBracket:
    return "']'";
  case Tok::LBrace:
    return "'{'";
  case Tok::RBrace:
    return "'}'";
  case Tok::Comma:
    return "','";
  case Tok::Colon:
    return "':'";
  case Tok::Semi:
    return "';'";
  case Tok::Assign:
    return "'='";
  case Tok::Arrow:
    return "'->'";
  case Tok::Plus:
    return "'+'";
  case Tok::Minus:
    return "'-'";
  case Tok::Star:
    return "'*'";
  case Tok::Slash:
    return "'/'";
  case Tok::SlashSlash:
    return "'//'";
  case Tok::StarStar:
    return "'**'";
  case Tok::At:
    return "'@'";
  case Tok::Percent:
    return "'%'";
  case Tok::Dot:
    return "'.'";
  case Tok::DotDot:
    return "'..'";
  case Tok::Ellipsis:
    return "'...'";
  case Tok::EqEq:
    return "'=='";
  case Tok::NotEq:
    return "'!='";
  case Tok::Less:
    return "'<'";
  case Tok::LessEq:
    return "'<='";
  case Tok::Greater:
    return "'>'";
  case Tok::GreaterEq:
    return "'>='";
  }
  return "token";
}

Lexer::Lexer(Diagnostics &diags, unsigned fileId)
    : diags(diags), fileId(fileId), src(diags.getFile(fileId).text) {}

void Lexer::advance() {
  if (pos >= src.size())
    return;
  if (src[pos] == '\n') {
    ++line;
    col = 1;
  } else {
    ++col;
  }
  ++pos;
}

Token Lexer::make(Tok kind, size_t begin, unsigned l, unsigned c) {
  Token t;
  t.kind = kind;
  t.text = src.substr(begin, pos - begin).str();
  t.loc.fileId = fileId;
  t.loc.line = l;
  t.loc.col = c;
  t.loc.endLine = line;
  t.loc.endCol = col;
  return t;
}

static bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool isDigit(char c) { return c >= '0' && c <= '9'; }

Token Lexer::next() {
  for (;;) {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      advance();
    } else if (c == '#') {
      while (pos < src.size() && peek() != '\n')
        advance();
    } else if (c == '\\' && peek(1) == '\n') { // Explicit line continuation.
      advance();
      advance();
    } else if (c == '\n' && depth > 0) {
      advance();
    } else {
      break;
    }
  }
  size_t begin = pos;
  unsigned l = line, c0 = col;
  if (pos >= src.size())
    return make(Tok::Eof, begin, l, c0);
  char c = peek();
  if (c == '\n') {
    advance();
    Token t = make(Tok::Newline, begin, l, c0);
    t.loc.endLine = l;
    t.loc.endCol = c0 + 1;
    return t;
  }
  if (isIdentStart(c)) {
    while (isIdentStart(peek()) || isDigit(peek()))
      advance();
    Token t = make(Tok::Ident, begin, l, c0);
    t.kind = llvm::StringSwitch<Tok>(t.text)
                 .Case("module", Tok::KwModule)
                 .Case("def", Tok::KwDef)
                 .Case("param", Tok::KwParam)
                 .Case("buffer", Tok::KwBuffer)
                 .Case("return", Tok::KwReturn)
                 .Case("for", Tok::KwFor)
                 .Case("if", Tok::KwIf)
                 .Case("else", Tok::KwElse)
                 .Case("import", Tok::KwImport)
                 .Case("true", Tok::KwTrue)
                 .Case("false", Tok::KwFalse)
                 .Case("and", Tok::KwAnd)
                 .Case("or", Tok::KwOr)
                 .Case("not", Tok::KwNot)
                 .Default(Tok::Ident);
    return t;
  }
  if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
    bool isFloat = false;
    while (isDigit(peek()) || peek() == '_')
      advance();
    // `1..3` is a range, so a '.' only makes a float when a digit follows.
    if (peek() == '.' && isDigit(peek(1))) {
      isFloat = true;
      advance();
      while (isDigit(peek()))
        advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      size_t save = pos;
      unsigned sl = line, sc = col;
      advance();
      if (peek() == '+' || peek() == '-')
        advance();
      if (isDigit(peek())) {
        isFloat = true;
        while (isDigit(peek()))
          advance();
      } else {
        pos = save;
        line = sl;
        col = sc;
      }
    }
    if (isIdentStart(peek())) {
      while (isIdentStart(peek()) || isDigit(peek()))
        advance();
      Token t = make(Tok::Error, begin, l, c0);
      diags.error(t.loc, "invalid number literal '" + t.text + "'");
      return t;
    }
    Token t = make(isFloat ? Tok::Float : Tok::Int, begin, l, c0);
    t.text.erase(std::remove(t.text.begin(), t.text.end(), '_'), t.text.end());
    return t;
  }
  if (c == '"' || c == '\'') {
    char quote = c;
    advance();
    std::string value;
    while (pos < src.size() && peek() != quote && peek() != '\n') {
      if (peek() == '\\' && pos + 1 < src.size()) {
        advance();
        char e = peek();
        value.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        advance();
        continue;
      }
      value.push_back(peek());
      advance();
    }
    if (peek() != quote) {
      Token t = make(Tok::Error, begin, l, c0);
      diags.error(t.loc, "unterminated string literal");
      return t;
    }
    advance();
    Token t = make(Tok::String, begin, l, c0);
    t.text = value;
    return t;
  }
  auto single = [&](Tok kind, unsigned len = 1) {
    for (unsigned i = 0; i < len; ++i)
      advance();
    return make(kind, begin, l, c0);
  };
  switch (c) {
  case '(':
    ++depth;
    return single(Tok::LParen);
  case ')':
    if (depth > 0)
      --depth;
    return single(Tok::RParen);
  case '[':
    ++depth;
    return single(Tok::LBracket);
  case ']':
    if (depth > 0)
      --depth;
    return single(Tok::RBracket);
  case '{':
    return single(Tok::LBrace);
  case '}':
    return single(Tok::RBrace);
  case ',':
    return single(Tok::Comma);
  case ':':
    return single(Tok::Colon);
  case ';':
    return single(Tok::Semi);
  case '+':
    return single(Tok::Plus);
  case '-':
    return peek(1) == '>' ? single(Tok::Arrow, 2) : single(Tok::Minus);
  case '*':
    return peek(1) == '*' ? single(Tok::StarStar, 2) : single(Tok::Star);
  case '/':
    return peek(1) == '/' ? single(Tok::SlashSlash, 2) : single(Tok::Slash);
  case '@':
    return single(Tok::At);
  case '%':
    return single(Tok::Percent);
  case '.':
    if (peek(1) == '.' && peek(2) == '.')
      return single(Tok::Ellipsis, 3);
    if (peek(1) == '.')
      return single(Tok::DotDot, 2);
    return single(Tok::Dot);
  case '=':
    return peek(1) == '=' ? single(Tok::EqEq, 2) : single(Tok::Assign);
  case '!':
    if (peek(1) == '=')
      return single(Tok::NotEq, 2);
    break;
  case '<':
    return peek(1) == '=' ? single(Tok::LessEq, 2) : single(Tok::Less);
  case '>':
    return peek(1) == '=' ? single(Tok::GreaterEq, 2) : single(Tok::Greater);
  default:
    break;
  }
  // Consume one whole UTF-8 sequence so the message quotes a full character.
  advance();
  while ((static_cast<unsigned char>(peek()) & 0xC0) == 0x80)
    advance();
  Token t = make(Tok::Error, begin, l, c0);
  diags.error(t.loc, "unexpected character '" + t.text + "'");
  return t;
}
