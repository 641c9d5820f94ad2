//===- Parser.cpp - Recursive-descent parser for .dsl files ---------------===//
#include "frontend/Parser.h"

#include <cmath>

using namespace dlc;

// The parser, the AST's destructors and printer, and sema's evaluator all
// recurse over the tree. These bounds keep them far from the end of the C++
// stack whatever the input (`((((x))))` or `not not ... x` 10,000 deep).
/// Parentheses, brackets and unary operators inside each other; blocks
/// inside each other (counted apart).
static constexpr unsigned kMaxNesting = 256;
/// Operations on a path through an expression tree. Operator chains count:
/// `x + x + ... + x` is a left-nested tree as tall as the chain is long.
static constexpr unsigned kMaxExprHeight = 1000;

namespace {

/// Where a statement appears; decides which statements are allowed.
enum class Context { Module, Def, Train };

class Parser {
public:
  Parser(Diagnostics &diags, unsigned fileId) : diags(diags), fileId(fileId) {
    Lexer lexer(diags, fileId);
    for (;;) {
      tokens.push_back(lexer.next());
      if (tokens.back().kind == Tok::Eof || tokens.back().kind == Tok::Error)
        break;
    }
  }

  std::unique_ptr<Program> parseProgram();

private:
  const Token &tok(size_t ahead = 0) const {
    size_t i = std::min(pos + ahead, tokens.size() - 1);
    return tokens[i];
  }
  bool is(Tok k, size_t ahead = 0) const { return tok(ahead).kind == k; }
  bool isIdent(llvm::StringRef text, size_t ahead = 0) const {
    return is(Tok::Ident, ahead) && tok(ahead).text == text;
  }
  Token take() {
    Token t = tok();
    if (pos < tokens.size() - 1)
      ++pos;
    prevLoc = t.loc;
    return t;
  }
  bool consume(Tok k) {
    if (!is(k))
      return false;
    take();
    return true;
  }
  /// Reports an error once; later ones are suppressed.
  void error(SourceLoc loc, const llvm::Twine &msg) {
    if (failed)
      return;
    failed = true;
    // A lexer error was already reported at this token.
    if (is(Tok::Error))
      return;
    diags.error(loc, msg);
  }
  std::string describe(const Token &t) {
    switch (t.kind) {
    case Tok::Eof:
      return "end of file";
    case Tok::Newline:
      return "end of line";
    case Tok::String:
      return "string \"" + t.text + "\"";
    default:
      return "'" + t.text + "'";
    }
  }
  bool expect(Tok k, llvm::StringRef what) {
    if (consume(k))
      return true;
    error(tok().loc, "expected " + std::string(tokSpelling(k)) + " " +
                         what.str() + ", found " + describe(tok()));
    return false;
  }
  void skipNewlines() {
    while (is(Tok::Newline) || is(Tok::Semi))
      take();
  }
  SourceLoc from(SourceLoc begin) const {
    return SourceLoc::merge(begin, prevLoc);
  }

  /// One more level of `depth` (exprNesting or blockNesting), opened by the
  /// token at `loc`, for the guard's lifetime; false (after an error naming
  /// `what`) past kMaxNesting.
  class Nest {
  public:
    Nest(Parser &p, SourceLoc loc, unsigned &depth, llvm::StringRef what)
        : depth(depth) {
      ok = ++depth <= kMaxNesting;
      if (!ok)
        p.error(loc, what + " nested more than " + std::to_string(kMaxNesting) +
                         " levels deep");
    }
    ~Nest() { --depth; }
    explicit operator bool() const { return ok; }

  private:
    unsigned &depth;
    bool ok;
  };

  /// Sets the height of the new node `e` from its operands'; past
  /// kMaxExprHeight reports an error at `at` and returns null.
  ExprPtr measured(ExprPtr e, SourceLoc at);
  ExprPtr makeBinary(const Token &op, ExprPtr lhs, ExprPtr rhs);

  bool parseImport(Program &p);
  std::unique_ptr<ModuleDecl> parseModule();
  std::unique_ptr<TrainDecl> parseTrain();
  bool parseArgDecls(std::vector<ArgDecl> &args, bool typeRequired,
                     llvm::StringRef owner);
  bool parseType(TypeExpr &type);
  bool parseBlock(Block &block, Context ctx);
  StmtPtr parseStmt(Context ctx);
  StmtPtr parseIf(Context ctx);
  StmtPtr parseFor(Context ctx);
  StmtPtr parseDef();
  StmtPtr parseParam();
  StmtPtr parseBatch();
  bool parseCallArgs(std::vector<CallArg> &args);

  ExprPtr parseExpr();
  ExprPtr parseIterable();
  ExprPtr parseOr();
  ExprPtr parseAnd();
  ExprPtr parseNot();
  ExprPtr parseComparison();
  ExprPtr parseAdditive();
  ExprPtr parseMultiplicative();
  ExprPtr parseUnary();
  ExprPtr parsePower();
  ExprPtr parsePostfix();
  ExprPtr parsePrimary();
  ExprPtr parseIndexItem();

  Diagnostics &diags;
  unsigned fileId;
  std::vector<Token> tokens;
  size_t pos = 0;
  SourceLoc prevLoc;
  bool failed = false;
  /// Current nesting (see Nest).
  unsigned exprNesting = 0, blockNesting = 0;
};

} // namespace

/// One more than the tallest operand of `e` (so 1 for an operation on
/// leaves).
static unsigned heightOf(const Expr &e) {
  unsigned h = 0;
  auto see = [&](const ExprPtr &c) {
    if (c)
      h = std::max(h, c->height);
  };
  switch (e.getKind()) {
  case Expr::Kind::Unary:
    see(llvm::cast<UnaryExpr>(e).operand);
    break;
  case Expr::Kind::Binary:
    see(llvm::cast<BinaryExpr>(e).lhs);
    see(llvm::cast<BinaryExpr>(e).rhs);
    break;
  case Expr::Kind::Call:
    see(llvm::cast<CallExpr>(e).callee);
    for (const CallArg &a : llvm::cast<CallExpr>(e).args)
      see(a.value);
    break;
  case Expr::Kind::Index:
    see(llvm::cast<IndexExpr>(e).base);
    for (const ExprPtr &i : llvm::cast<IndexExpr>(e).indices)
      see(i);
    break;
  case Expr::Kind::Member:
    see(llvm::cast<MemberExpr>(e).base);
    break;
  case Expr::Kind::List:
    for (const ExprPtr &x : llvm::cast<ListExpr>(e).elements)
      see(x);
    break;
  case Expr::Kind::ListComp:
    see(llvm::cast<ListCompExpr>(e).element);
    see(llvm::cast<ListCompExpr>(e).iterable);
    break;
  case Expr::Kind::Range:
    see(llvm::cast<RangeExpr>(e).begin);
    see(llvm::cast<RangeExpr>(e).end);
    break;
  case Expr::Kind::Slice:
    see(llvm::cast<SliceExpr>(e).start);
    see(llvm::cast<SliceExpr>(e).stop);
    see(llvm::cast<SliceExpr>(e).step);
    break;
  default:
    break;
  }
  return h + 1;
}

ExprPtr Parser::measured(ExprPtr e, SourceLoc at) {
  e->height = heightOf(*e);
  if (e->height <= kMaxExprHeight)
    return e;
  error(at, "expression nested more than " + std::to_string(kMaxExprHeight) +
                " operations deep; split it with intermediate assignments");
  return nullptr;
}

std::unique_ptr<Program> Parser::parseProgram() {
  auto program = std::make_unique<Program>();
  program->loc = tok().loc;
  program->loc.line = program->loc.col = 1;
  program->loc.fileId = fileId;
  for (;;) {
    skipNewlines();
    if (failed || is(Tok::Error))
      return nullptr;
    if (is(Tok::Eof))
      break;
    if (is(Tok::KwImport)) {
      if (!parseImport(*program))
        return nullptr;
    } else if (is(Tok::KwModule)) {
      auto m = parseModule();
      if (!m)
        return nullptr;
      program->modules.push_back(std::move(m));
    } else if (isIdent("train")) {
      auto t = parseTrain();
      if (!t)
        return nullptr;
      program->trains.push_back(std::move(t));
    } else {
      error(tok().loc, "expected 'module', 'train' or 'import' at top level, "
                       "found " +
                           describe(tok()));
      return nullptr;
    }
  }
  return failed ? nullptr : std::move(program);
}

bool Parser::parseImport(Program &p) {
  SourceLoc begin = take().loc;
  if (!is(Tok::String)) {
    error(tok().loc,
          "expected a string path after 'import', found " + describe(tok()));
    return false;
  }
  ImportDecl d;
  d.path = take().text;
  d.loc = from(begin);
  p.imports.push_back(std::move(d));
  return true;
}

std::unique_ptr<ModuleDecl> Parser::parseModule() {
  SourceLoc begin = take().loc;
  if (!is(Tok::Ident)) {
    error(tok().loc,
          "expected a module name after 'module', found " + describe(tok()));
    return nullptr;
  }
  auto m = std::make_unique<ModuleDecl>();
  Token name = take();
  m->name = name.text;
  m->nameLoc = name.loc;
  if (consume(Tok::LParen)) {
    if (!parseArgDecls(m->args, /*typeRequired=*/false, "module"))
      return nullptr;
  }
  if (!parseBlock(m->body, Context::Module))
    return nullptr;
  m->loc = from(begin);
  return m;
}

std::unique_ptr<TrainDecl> Parser::parseTrain() {
  SourceLoc begin = take().loc;
  auto t = std::make_unique<TrainDecl>();
  if (!is(Tok::Ident)) {
    error(tok().loc,
          "expected a module name after 'train', found " + describe(tok()));
    return nullptr;
  }
  if (is(Tok::Colon, 1)) {
    Token name = take();
    t->name = name.text;
    t->nameLoc = name.loc;
    take();
    if (!is(Tok::Ident)) {
      error(tok().loc, "expected a module name after 'train " + t->name +
                           ":', found " + describe(tok()));
      return nullptr;
    }
  }
  Token mod = take();
  t->moduleName = mod.text;
  t->moduleLoc = mod.loc;
  if (consume(Tok::LParen) && !parseCallArgs(t->args))
    return nullptr;
  if (!parseBlock(t->body, Context::Train))
    return nullptr;
  t->loc = from(begin);
  return t;
}

bool Parser::parseArgDecls(std::vector<ArgDecl> &args, bool typeRequired,
                           llvm::StringRef owner) {
  // Called after '('.
  while (!is(Tok::RParen)) {
    if (!is(Tok::Ident)) {
      error(tok().loc, "expected an argument name, found " + describe(tok()));
      return false;
    }
    ArgDecl a;
    Token name = take();
    a.name = name.text;
    a.loc = name.loc;
    if (consume(Tok::Colon)) {
      a.hasType = true;
      if (!parseType(a.type))
        return false;
    } else if (typeRequired) {
      error(tok().loc, "argument '" + a.name + "' of a " + owner.str() +
                           " needs a type, e.g. '" + a.name + ": f32[N, 784]'");
      return false;
    }
    if (consume(Tok::Assign)) {
      a.defaultValue = parseExpr();
      if (!a.defaultValue)
        return false;
    }
    args.push_back(std::move(a));
    if (!consume(Tok::Comma))
      break;
  }
  return expect(Tok::RParen, "to close the argument list");
}

static bool isDType(llvm::StringRef s) {
  return s == "f32" || s == "f16" || s == "bf16" || s == "f64" || s == "i32" ||
         s == "i64" || s == "bool";
}

bool Parser::parseType(TypeExpr &type) {
  if (!is(Tok::Ident)) {
    error(tok().loc, "expected a type such as 'f32[N, 784]' or 'int', found " +
                         describe(tok()));
    return false;
  }
  Token name = take();
  type.name = name.text;
  type.loc = name.loc;
  bool scalarName =
      name.text == "int" || name.text == "float" || name.text == "bool";
  if (!isDType(name.text) && !scalarName) {
    error(name.loc, "unknown type '" + name.text +
                        "'; expected f32, f16, bf16, f64, i32, i64, bool, "
                        "int or float");
    return false;
  }
  if (!is(Tok::LBracket)) {
    // `bool` alone is the compile-time scalar; `f32` alone a rank-0 tensor.
    type.isScalar = scalarName;
    return true;
  }
  if (name.text == "int" || name.text == "float") {
    error(tok().loc, "'" + name.text +
                         "' is a compile-time scalar type and "
                         "takes no shape; use f32[...] or "
                         "i64[...] for tensors");
    return false;
  }
  take();
  while (!is(Tok::RBracket)) {
    ExprPtr d;
    if (is(Tok::Ellipsis))
      d = std::make_unique<EllipsisExpr>(take().loc);
    else
      d = parseExpr();
    if (!d)
      return false;
    type.dims.push_back(std::move(d));
    if (!consume(Tok::Comma))
      break;
  }
  if (!expect(Tok::RBracket, "to close the shape"))
    return false;
  type.loc = from(type.loc);
  return true;
}

bool Parser::parseBlock(Block &block, Context ctx) {
  Nest nest(*this, tok().loc, blockNesting, "blocks");
  if (!nest || !expect(Tok::LBrace, "to open a block"))
    return false;
  for (;;) {
    skipNewlines();
    if (failed)
      return false;
    if (consume(Tok::RBrace))
      return true;
    if (is(Tok::Eof)) {
      error(tok().loc, "expected '}' to close the block, found end of file");
      return false;
    }
    StmtPtr s = parseStmt(ctx);
    if (!s)
      return false;
    block.push_back(std::move(s));
    if (!(is(Tok::Newline) || is(Tok::Semi) || is(Tok::RBrace) ||
          is(Tok::Eof))) {
      error(tok().loc,
            "expected end of line after statement, found " + describe(tok()));
      return false;
    }
  }
}

StmtPtr Parser::parseStmt(Context ctx) {
  const Token &t = tok();
  switch (t.kind) {
  case Tok::KwParam:
  case Tok::KwBuffer:
    if (ctx != Context::Module) {
      error(t.loc, "'" + t.text +
                       "' declarations are only allowed in a "
                       "module body");
      return nullptr;
    }
    return parseParam();
  case Tok::KwDef:
    if (ctx != Context::Module) {
      error(t.loc, "'def' is only allowed in a module body");
      return nullptr;
    }
    return parseDef();
  case Tok::KwReturn: {
    if (ctx != Context::Def) {
      error(t.loc, "'return' is only allowed inside a 'def'");
      return nullptr;
    }
    SourceLoc begin = take().loc;
    ExprPtr v = parseExpr();
    if (!v)
      return nullptr;
    return std::make_unique<ReturnStmt>(from(begin), std::move(v));
  }
  case Tok::KwFor:
    return parseFor(ctx);
  case Tok::KwIf:
    return parseIf(ctx);
  case Tok::Ident:
    if (ctx == Context::Train && t.text == "batch" && is(Tok::Ident, 1))
      return parseBatch();
    if (ctx == Context::Train && t.text == "metric" && is(Tok::Ident, 1)) {
      SourceLoc begin = take().loc;
      Token name = take();
      if (!expect(Tok::Assign, "after the metric name"))
        return nullptr;
      ExprPtr v = parseExpr();
      if (!v)
        return nullptr;
      return std::make_unique<MetricStmt>(from(begin), name.text, name.loc,
                                          std::move(v));
    }
    if (is(Tok::Assign, 1)) {
      Token name = take();
      take();
      ExprPtr v = parseExpr();
      if (!v)
        return nullptr;
      return std::make_unique<AssignStmt>(from(name.loc), name.text, name.loc,
                                          std::move(v));
    }
    break;
  default:
    break;
  }
  // Parse an expression to give a precise message about a dangling value.
  SourceLoc begin = tok().loc;
  if (is(Tok::Ident) || is(Tok::Int) || is(Tok::Float) || is(Tok::LParen)) {
    ExprPtr e = parseExpr();
    if (!e)
      return nullptr;
    if (is(Tok::Assign)) {
      error(tok().loc, "only a plain name can be assigned to");
      return nullptr;
    }
    error(from(begin), "expression result is unused; assign it with "
                       "'name = ...' or 'return' it");
    return nullptr;
  }
  error(begin, "expected a statement, found " + describe(tok()));
  return nullptr;
}

StmtPtr Parser::parseParam() {
  Token kw = take();
  bool isBuffer = kw.kind == Tok::KwBuffer;
  if (!is(Tok::Ident)) {
    error(tok().loc,
          "expected a name after '" + kw.text + "', found " + describe(tok()));
    return nullptr;
  }
  Token name = take();
  if (!expect(Tok::Colon, "and a type after the " + kw.text + " name"))
    return nullptr;
  TypeExpr type;
  if (!parseType(type))
    return nullptr;
  if (!is(Tok::Assign)) {
    error(tok().loc, "expected '=' and an initializer such as 'zeros()' after "
                     "the type of " +
                         kw.text + " '" + name.text + "'");
    return nullptr;
  }
  take();
  ExprPtr init = parseExpr();
  if (!init)
    return nullptr;
  return std::make_unique<ParamStmt>(from(kw.loc), isBuffer, name.text,
                                     name.loc, std::move(type),
                                     std::move(init));
}

StmtPtr Parser::parseDef() {
  SourceLoc begin = take().loc;
  auto d = std::make_unique<DefStmt>(begin);
  if (!is(Tok::Ident)) {
    error(tok().loc,
          "expected a function name after 'def', found " + describe(tok()));
    return nullptr;
  }
  Token name = take();
  d->name = name.text;
  d->nameLoc = name.loc;
  if (!expect(Tok::LParen, "after the function name"))
    return nullptr;
  if (!parseArgDecls(d->args, /*typeRequired=*/true, "def"))
    return nullptr;
  if (consume(Tok::Arrow)) {
    d->hasReturnType = true;
    if (!parseType(d->returnType))
      return nullptr;
  }
  if (!parseBlock(d->body, Context::Def))
    return nullptr;
  d->endLoc = prevLoc;
  d->loc = from(begin);
  return d;
}

StmtPtr Parser::parseBatch() {
  SourceLoc begin = take().loc;
  auto b = std::make_unique<BatchStmt>(begin);
  do {
    if (!is(Tok::Ident)) {
      error(tok().loc, "expected an input name, found " + describe(tok()));
      return nullptr;
    }
    ArgDecl a;
    Token name = take();
    a.name = name.text;
    a.loc = name.loc;
    if (!expect(Tok::Colon, "and a type after batch input '" + a.name + "'"))
      return nullptr;
    a.hasType = true;
    if (!parseType(a.type))
      return nullptr;
    b->inputs.push_back(std::move(a));
  } while (consume(Tok::Comma));
  b->loc = from(begin);
  return b;
}

StmtPtr Parser::parseFor(Context ctx) {
  SourceLoc begin = take().loc;
  if (!is(Tok::Ident)) {
    error(tok().loc,
          "expected a loop variable after 'for', found " + describe(tok()));
    return nullptr;
  }
  Token var = take();
  if (!isIdent("in")) {
    error(tok().loc,
          "expected 'in' after the loop variable, found " + describe(tok()));
    return nullptr;
  }
  take();
  ExprPtr iterable = parseIterable();
  if (!iterable)
    return nullptr;
  Block body;
  if (!parseBlock(body, ctx))
    return nullptr;
  return std::make_unique<ForStmt>(from(begin), var.text, var.loc,
                                   std::move(iterable), std::move(body));
}

StmtPtr Parser::parseIf(Context ctx) {
  SourceLoc begin = take().loc;
  ExprPtr cond = parseExpr();
  if (!cond)
    return nullptr;
  Block thenBody, elseBody;
  if (!parseBlock(thenBody, ctx))
    return nullptr;
  // `else` may sit on the line after the closing brace.
  size_t save = pos;
  while (is(Tok::Newline))
    take();
  if (consume(Tok::KwElse)) {
    if (is(Tok::KwIf)) {
      // Each `else if` nests an IfStmt in the else branch.
      Nest nest(*this, tok().loc, blockNesting, "'else if' branches");
      if (!nest)
        return nullptr;
      StmtPtr nested = parseIf(ctx);
      if (!nested)
        return nullptr;
      elseBody.push_back(std::move(nested));
    } else if (!parseBlock(elseBody, ctx)) {
      return nullptr;
    }
  } else {
    pos = save;
  }
  return std::make_unique<IfStmt>(from(begin), std::move(cond),
                                  std::move(thenBody), std::move(elseBody));
}

bool Parser::parseCallArgs(std::vector<CallArg> &args) {
  // Called after '('.
  bool sawKeyword = false;
  while (!is(Tok::RParen)) {
    CallArg a;
    if (is(Tok::Ident) && is(Tok::Assign, 1)) {
      Token name = take();
      take();
      a.name = name.text;
      a.loc = name.loc;
      sawKeyword = true;
    } else if (sawKeyword) {
      error(tok().loc, "positional argument after a keyword argument");
      return false;
    }
    a.value = parseExpr();
    if (!a.value)
      return false;
    if (a.name.empty())
      a.loc = a.value->loc;
    args.push_back(std::move(a));
    if (!consume(Tok::Comma))
      break;
  }
  return expect(Tok::RParen, "to close the argument list");
}

ExprPtr Parser::parseExpr() { return parseOr(); }

ExprPtr Parser::parseIterable() {
  ExprPtr begin = parseExpr();
  if (!begin)
    return nullptr;
  if (!consume(Tok::DotDot))
    return begin;
  ExprPtr end = parseExpr();
  if (!end)
    return nullptr;
  SourceLoc loc = SourceLoc::merge(begin->loc, end->loc);
  return measured(
      std::make_unique<RangeExpr>(loc, std::move(begin), std::move(end)), loc);
}

ExprPtr Parser::makeBinary(const Token &op, ExprPtr lhs, ExprPtr rhs) {
  SourceLoc loc = SourceLoc::merge(lhs->loc, rhs->loc);
  return measured(std::make_unique<BinaryExpr>(loc, op.loc, op.text,
                                               std::move(lhs), std::move(rhs)),
                  op.loc);
}

ExprPtr Parser::parseOr() {
  ExprPtr lhs = parseAnd();
  while (lhs && is(Tok::KwOr)) {
    Token op = take();
    ExprPtr rhs = parseAnd();
    if (!rhs)
      return nullptr;
    lhs = makeBinary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseAnd() {
  ExprPtr lhs = parseNot();
  while (lhs && is(Tok::KwAnd)) {
    Token op = take();
    ExprPtr rhs = parseNot();
    if (!rhs)
      return nullptr;
    lhs = makeBinary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseNot() {
  if (is(Tok::KwNot)) {
    Token op = take();
    Nest nest(*this, op.loc, exprNesting, "expression");
    if (!nest)
      return nullptr;
    ExprPtr operand = parseNot();
    if (!operand)
      return nullptr;
    SourceLoc loc = SourceLoc::merge(op.loc, operand->loc);
    return measured(std::make_unique<UnaryExpr>(loc, "not", std::move(operand)),
                    op.loc);
  }
  return parseComparison();
}

ExprPtr Parser::parseComparison() {
  ExprPtr lhs = parseAdditive();
  while (lhs && (is(Tok::EqEq) || is(Tok::NotEq) || is(Tok::Less) ||
                 is(Tok::LessEq) || is(Tok::Greater) || is(Tok::GreaterEq))) {
    Token op = take();
    ExprPtr rhs = parseAdditive();
    if (!rhs)
      return nullptr;
    lhs = makeBinary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseAdditive() {
  ExprPtr lhs = parseMultiplicative();
  while (lhs && (is(Tok::Plus) || is(Tok::Minus))) {
    Token op = take();
    ExprPtr rhs = parseMultiplicative();
    if (!rhs)
      return nullptr;
    lhs = makeBinary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseMultiplicative() {
  ExprPtr lhs = parseUnary();
  while (lhs && (is(Tok::Star) || is(Tok::Slash) || is(Tok::SlashSlash) ||
                 is(Tok::At) || is(Tok::Percent))) {
    Token op = take();
    ExprPtr rhs = parseUnary();
    if (!rhs)
      return nullptr;
    lhs = makeBinary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  if (is(Tok::Minus) || is(Tok::Plus)) {
    Token op = take();
    Nest nest(*this, op.loc, exprNesting, "expression");
    if (!nest)
      return nullptr;
    ExprPtr operand = parseUnary();
    if (!operand)
      return nullptr;
    SourceLoc loc = SourceLoc::merge(op.loc, operand->loc);
    return measured(
        std::make_unique<UnaryExpr>(loc, op.text, std::move(operand)), op.loc);
  }
  return parsePower();
}

ExprPtr Parser::parsePower() {
  ExprPtr base = parsePostfix();
  if (base && is(Tok::StarStar)) {
    Token op = take();
    Nest nest(*this, op.loc, exprNesting, "expression");
    if (!nest)
      return nullptr;
    ExprPtr exp = parseUnary(); // Right-associative; `2 ** -1` is fine.
    if (!exp)
      return nullptr;
    return makeBinary(op, std::move(base), std::move(exp));
  }
  return base;
}

ExprPtr Parser::parsePostfix() {
  ExprPtr e = parsePrimary();
  while (e) {
    if (is(Tok::LParen)) {
      SourceLoc open = take().loc;
      Nest nest(*this, open, exprNesting, "expression");
      if (!nest)
        return nullptr;
      std::vector<CallArg> args;
      if (!parseCallArgs(args))
        return nullptr;
      e = measured(std::make_unique<CallExpr>(from(e->loc), std::move(e),
                                              std::move(args)),
                   open);
    } else if (is(Tok::LBracket)) {
      SourceLoc open = take().loc;
      Nest nest(*this, open, exprNesting, "expression");
      if (!nest)
        return nullptr;
      std::vector<ExprPtr> indices;
      while (!is(Tok::RBracket)) {
        ExprPtr i = parseIndexItem();
        if (!i)
          return nullptr;
        indices.push_back(std::move(i));
        if (!consume(Tok::Comma))
          break;
      }
      if (!expect(Tok::RBracket, "to close the index"))
        return nullptr;
      if (indices.empty()) {
        error(prevLoc, "empty index '[]'");
        return nullptr;
      }
      e = measured(std::make_unique<IndexExpr>(from(e->loc), std::move(e),
                                               std::move(indices)),
                   open);
    } else if (is(Tok::Dot)) {
      take();
      if (!is(Tok::Ident)) {
        error(tok().loc,
              "expected a member name after '.', found " + describe(tok()));
        return nullptr;
      }
      Token m = take();
      e = measured(std::make_unique<MemberExpr>(from(e->loc), std::move(e),
                                                m.text, m.loc),
                   m.loc);
    } else {
      break;
    }
  }
  return e;
}

ExprPtr Parser::parseIndexItem() {
  if (is(Tok::Ellipsis))
    return std::make_unique<EllipsisExpr>(take().loc);
  SourceLoc begin = tok().loc;
  ExprPtr start;
  if (!is(Tok::Colon)) {
    start = parseExpr();
    if (!start)
      return nullptr;
    if (!is(Tok::Colon))
      return start;
  }
  take(); // ':'
  auto atEnd = [&] {
    return is(Tok::Colon) || is(Tok::Comma) || is(Tok::RBracket);
  };
  ExprPtr stop, step;
  if (!atEnd()) {
    stop = parseExpr();
    if (!stop)
      return nullptr;
  }
  if (consume(Tok::Colon) && !atEnd()) {
    step = parseExpr();
    if (!step)
      return nullptr;
  }
  SourceLoc loc = from(begin);
  return measured(std::make_unique<SliceExpr>(loc, std::move(start),
                                              std::move(stop), std::move(step)),
                  loc);
}

ExprPtr Parser::parsePrimary() {
  Token t = tok();
  switch (t.kind) {
  case Tok::Int: {
    take();
    int64_t v;
    if (llvm::StringRef(t.text).getAsInteger(10, v)) {
      error(t.loc, "integer literal '" + t.text + "' is too large");
      return nullptr;
    }
    return std::make_unique<IntExpr>(t.loc, v);
  }
  case Tok::Float: {
    take();
    double v;
    if (llvm::StringRef(t.text).getAsDouble(v)) {
      error(t.loc, "invalid number literal '" + t.text + "'");
      return nullptr;
    }
    // getAsDouble rounds `1e400` to inf; no value of the model may be one.
    if (!std::isfinite(v)) {
      error(t.loc,
            "number literal '" + t.text + "' is too large for a 64-bit float");
      return nullptr;
    }
    return std::make_unique<FloatExpr>(t.loc, v);
  }
  case Tok::String:
    take();
    return std::make_unique<StringExpr>(t.loc, t.text);
  case Tok::KwTrue:
  case Tok::KwFalse:
    take();
    return std::make_unique<BoolExpr>(t.loc, t.kind == Tok::KwTrue);
  case Tok::Ident:
    take();
    return std::make_unique<NameExpr>(t.loc, t.text);
  case Tok::LParen: {
    take();
    Nest nest(*this, t.loc, exprNesting, "expression");
    if (!nest)
      return nullptr;
    ExprPtr e = parseExpr();
    if (!e || !expect(Tok::RParen, "to close the parenthesis"))
      return nullptr;
    e->loc = from(t.loc);
    return e;
  }
  case Tok::LBracket: {
    take();
    Nest nest(*this, t.loc, exprNesting, "expression");
    if (!nest)
      return nullptr;
    std::vector<ExprPtr> elements;
    while (!is(Tok::RBracket)) {
      ExprPtr e = parseExpr();
      if (!e)
        return nullptr;
      if (elements.empty() && is(Tok::KwFor)) {
        take();
        if (!is(Tok::Ident)) {
          error(tok().loc, "expected a loop variable after 'for', found " +
                               describe(tok()));
          return nullptr;
        }
        Token var = take();
        if (!isIdent("in")) {
          error(tok().loc, "expected 'in' after the loop variable, found " +
                               describe(tok()));
          return nullptr;
        }
        take();
        ExprPtr iterable = parseIterable();
        if (!iterable ||
            !expect(Tok::RBracket, "to close the list comprehension"))
          return nullptr;
        SourceLoc loc = from(t.loc);
        return measured(std::make_unique<ListCompExpr>(loc, std::move(e),
                                                       var.text, var.loc,
                                                       std::move(iterable)),
                        loc);
      }
      elements.push_back(std::move(e));
      if (!consume(Tok::Comma))
        break;
    }
    if (!expect(Tok::RBracket, "to close the list"))
      return nullptr;
    SourceLoc loc = from(t.loc);
    return measured(std::make_unique<ListExpr>(loc, std::move(elements)), loc);
  }
  case Tok::Error:
    failed = true;
    return nullptr;
  default:
    error(t.loc, "expected an expression, found " + describe(t));
    return nullptr;
  }
}

std::unique_ptr<Program> dlc::parseFile(Diagnostics &diags, unsigned fileId) {
  Parser p(diags, fileId);
  return p.parseProgram();
}
