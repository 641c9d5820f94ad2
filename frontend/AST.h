//===- AST.h - Syntax tree of the dlc model language ------------*- C++ -*-===//
//
// The parser's output. Every node carries the SourceLoc of the text it came
// from; sema and the AST printer (`dlc --emit=ast`) read it.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_AST_H
#define DLC_FRONTEND_AST_H

#include "frontend/SourceLoc.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace dlc {

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

/// Base of all expressions.
class Expr {
public:
  /// Discriminator for LLVM-style casts.
  enum class Kind {
    Int,
    Float,
    Bool,
    String,
    Name,
    Unary,
    Binary,
    Call,
    Index,
    Member,
    List,
    ListComp,
    Range,
    Slice,
    Ellipsis,
  };
  Expr(Kind kind, SourceLoc loc) : loc(loc), kind(kind) {}
  virtual ~Expr() = default;
  /// The node's kind.
  Kind getKind() const { return kind; }

  /// Where the expression is (its whole range).
  SourceLoc loc;
  /// Operations on the longest path from here down to a leaf (0 for a
  /// leaf), set by the parser, which bounds it so that passes may recurse
  /// over expressions.
  unsigned height = 0;

private:
  Kind kind;
};
/// Owning pointer to an expression.
using ExprPtr = std::unique_ptr<Expr>;

/// Integer literal `42`.
struct IntExpr : Expr {
  IntExpr(SourceLoc loc, int64_t value) : Expr(Kind::Int, loc), value(value) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Int; }
  /// The value.
  int64_t value;
};

/// Floating-point literal `0.5`, `1e-5`.
struct FloatExpr : Expr {
  FloatExpr(SourceLoc loc, double value)
      : Expr(Kind::Float, loc), value(value) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Float; }
  /// The value.
  double value;
};

/// `true` or `false`.
struct BoolExpr : Expr {
  BoolExpr(SourceLoc loc, bool value) : Expr(Kind::Bool, loc), value(value) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Bool; }
  /// The value.
  bool value;
};

/// String literal `"tanh"`.
struct StringExpr : Expr {
  StringExpr(SourceLoc loc, std::string value)
      : Expr(Kind::String, loc), value(std::move(value)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::String; }
  /// The decoded contents.
  std::string value;
};

/// A reference to a name: variable, argument, member, module, builtin.
struct NameExpr : Expr {
  NameExpr(SourceLoc loc, std::string name)
      : Expr(Kind::Name, loc), name(std::move(name)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }
  /// The identifier.
  std::string name;
};

/// Unary `-x`, `+x`, `not x`.
struct UnaryExpr : Expr {
  UnaryExpr(SourceLoc loc, std::string op, ExprPtr operand)
      : Expr(Kind::Unary, loc), op(std::move(op)), operand(std::move(operand)) {
  }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }
  /// The operator's spelling.
  std::string op;
  /// Its operand.
  ExprPtr operand;
};

/// Binary `a + b`, `a @ b`, `a == b`, `a and b`, ...
struct BinaryExpr : Expr {
  BinaryExpr(SourceLoc loc, SourceLoc opLoc, std::string op, ExprPtr lhs,
             ExprPtr rhs)
      : Expr(Kind::Binary, loc), opLoc(opLoc), op(std::move(op)),
        lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }
  /// Location of the operator token.
  SourceLoc opLoc;
  /// The operator's spelling.
  std::string op;
  /// Operands.
  ExprPtr lhs, rhs;
};

/// One argument of a call: positional, or `name = value`.
struct CallArg {
  /// Keyword, empty when positional.
  std::string name;
  /// Location of the keyword (or of the value).
  SourceLoc loc;
  /// The value.
  ExprPtr value;
};

/// A call `f(a, b, key = c)`.
struct CallExpr : Expr {
  CallExpr(SourceLoc loc, ExprPtr callee, std::vector<CallArg> args)
      : Expr(Kind::Call, loc), callee(std::move(callee)),
        args(std::move(args)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }
  /// What is called (a name, or a member `block.fc1`).
  ExprPtr callee;
  /// Arguments in source order.
  std::vector<CallArg> args;
};

/// A slice `a:b:c` inside an index; each part may be missing.
struct SliceExpr : Expr {
  SliceExpr(SourceLoc loc, ExprPtr start, ExprPtr stop, ExprPtr step)
      : Expr(Kind::Slice, loc), start(std::move(start)), stop(std::move(stop)),
        step(std::move(step)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Slice; }
  /// Bounds and step; null when omitted.
  ExprPtr start, stop, step;
};

/// `...` in an index or a type's shape.
struct EllipsisExpr : Expr {
  explicit EllipsisExpr(SourceLoc loc) : Expr(Kind::Ellipsis, loc) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Ellipsis; }
};

/// Indexing or slicing `x[:, 0]`, `blocks[1]`.
struct IndexExpr : Expr {
  IndexExpr(SourceLoc loc, ExprPtr base, std::vector<ExprPtr> indices)
      : Expr(Kind::Index, loc), base(std::move(base)),
        indices(std::move(indices)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Index; }
  /// The indexed value.
  ExprPtr base;
  /// One entry per subscript: an expression, a SliceExpr or an EllipsisExpr.
  std::vector<ExprPtr> indices;
};

/// Member access `attn.out_proj`.
struct MemberExpr : Expr {
  MemberExpr(SourceLoc loc, ExprPtr base, std::string member,
             SourceLoc memberLoc)
      : Expr(Kind::Member, loc), base(std::move(base)),
        member(std::move(member)), memberLoc(memberLoc) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Member; }
  /// The object.
  ExprPtr base;
  /// The member's name and where it is written.
  std::string member;
  SourceLoc memberLoc;
};

/// List literal `[a, b, c]`.
struct ListExpr : Expr {
  ListExpr(SourceLoc loc, std::vector<ExprPtr> elements)
      : Expr(Kind::List, loc), elements(std::move(elements)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::List; }
  /// Elements in order.
  std::vector<ExprPtr> elements;
};

/// List comprehension `[Block(dim) for i in 0..depth]`.
struct ListCompExpr : Expr {
  ListCompExpr(SourceLoc loc, ExprPtr element, std::string var,
               SourceLoc varLoc, ExprPtr iterable)
      : Expr(Kind::ListComp, loc), element(std::move(element)),
        var(std::move(var)), varLoc(varLoc), iterable(std::move(iterable)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::ListComp; }
  /// The element computed for each iteration.
  ExprPtr element;
  /// The loop variable and its location.
  std::string var;
  SourceLoc varLoc;
  /// What is iterated (a RangeExpr or a list).
  ExprPtr iterable;
};

/// Half-open range `A..B` (only in `for` and comprehensions).
struct RangeExpr : Expr {
  RangeExpr(SourceLoc loc, ExprPtr begin, ExprPtr end)
      : Expr(Kind::Range, loc), begin(std::move(begin)), end(std::move(end)) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::Range; }
  /// Bounds.
  ExprPtr begin, end;
};

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// A written type: a tensor type `f32[N, 784]` (dims are expressions, `...`
/// allowed) or a compile-time scalar type `int`, `float`, `bool`.
struct TypeExpr {
  /// Element type or scalar type name: f32 f16 bf16 f64 i32 i64 bool, or
  /// int float bool (scalars, `isScalar`).
  std::string name;
  /// True for compile-time scalars (`int`, `float`, `bool` without a shape).
  bool isScalar = false;
  /// Dimensions, for tensors.
  std::vector<ExprPtr> dims;
  /// Where the type is written.
  SourceLoc loc;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

struct Stmt;
/// Owning pointer to a statement.
using StmtPtr = std::unique_ptr<Stmt>;
/// A `{ ... }` block.
using Block = std::vector<StmtPtr>;

/// Base of all statements (including module-body declarations).
struct Stmt {
  /// Discriminator for LLVM-style casts.
  enum class Kind { Assign, Return, For, If, Param, Def, Batch, Metric };
  Stmt(Kind kind, SourceLoc loc) : loc(loc), kind(kind) {}
  virtual ~Stmt() = default;
  /// The statement's kind.
  Kind getKind() const { return kind; }
  /// Where the statement is.
  SourceLoc loc;

private:
  Kind kind;
};

/// `name = expr`.
struct AssignStmt : Stmt {
  AssignStmt(SourceLoc loc, std::string name, SourceLoc nameLoc, ExprPtr value)
      : Stmt(Kind::Assign, loc), name(std::move(name)), nameLoc(nameLoc),
        value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Assign; }
  /// Target name and its location.
  std::string name;
  SourceLoc nameLoc;
  /// Assigned value.
  ExprPtr value;
};

/// `return expr`.
struct ReturnStmt : Stmt {
  ReturnStmt(SourceLoc loc, ExprPtr value)
      : Stmt(Kind::Return, loc), value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Return; }
  /// Returned value.
  ExprPtr value;
};

/// `for NAME in ITERABLE { body }`.
struct ForStmt : Stmt {
  ForStmt(SourceLoc loc, std::string var, SourceLoc varLoc, ExprPtr iterable,
          Block body)
      : Stmt(Kind::For, loc), var(std::move(var)), varLoc(varLoc),
        iterable(std::move(iterable)), body(std::move(body)) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::For; }
  /// Loop variable.
  std::string var;
  SourceLoc varLoc;
  /// A RangeExpr or an expression naming a list.
  ExprPtr iterable;
  /// Loop body.
  Block body;
};

/// `if cond { ... } else { ... }` (`else if` nests an IfStmt in `elseBody`).
struct IfStmt : Stmt {
  IfStmt(SourceLoc loc, ExprPtr cond, Block thenBody, Block elseBody)
      : Stmt(Kind::If, loc), cond(std::move(cond)),
        thenBody(std::move(thenBody)), elseBody(std::move(elseBody)) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::If; }
  /// Condition (compile-time or `training`).
  ExprPtr cond;
  /// Branches; elseBody is empty when there is no else.
  Block thenBody, elseBody;
};

/// `param NAME: TYPE = INIT` or `buffer NAME: TYPE = INIT`.
struct ParamStmt : Stmt {
  ParamStmt(SourceLoc loc, bool isBuffer, std::string name, SourceLoc nameLoc,
            TypeExpr type, ExprPtr init)
      : Stmt(Kind::Param, loc), isBuffer(isBuffer), name(std::move(name)),
        nameLoc(nameLoc), type(std::move(type)), init(std::move(init)) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Param; }
  /// True for `buffer`.
  bool isBuffer;
  /// Declared name.
  std::string name;
  SourceLoc nameLoc;
  /// Declared type.
  TypeExpr type;
  /// Initializer call (`uniform(-1, 1)`).
  ExprPtr init;
};

/// An argument declaration `name: TYPE = default` of a module or def.
struct ArgDecl {
  /// Name and its location.
  std::string name;
  SourceLoc loc;
  /// Declared type; `hasType` false when omitted (module args only).
  bool hasType = false;
  TypeExpr type;
  /// Default value or null.
  ExprPtr defaultValue;
};

/// `def NAME(args) -> TYPE { body }`.
struct DefStmt : Stmt {
  DefStmt(SourceLoc loc) : Stmt(Kind::Def, loc) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Def; }
  /// Name and its location.
  std::string name;
  SourceLoc nameLoc;
  /// Typed arguments.
  std::vector<ArgDecl> args;
  /// Return type; `hasReturnType` false when inferred.
  bool hasReturnType = false;
  TypeExpr returnType;
  /// Body.
  Block body;
  /// Location of the closing brace (for "missing return").
  SourceLoc endLoc;
};

/// `batch x: f32[N, 784], y: i32[N]` in a train block.
struct BatchStmt : Stmt {
  BatchStmt(SourceLoc loc) : Stmt(Kind::Batch, loc) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Batch; }
  /// The inputs of one step.
  std::vector<ArgDecl> inputs;
};

/// `metric NAME = expr` in a train block.
struct MetricStmt : Stmt {
  MetricStmt(SourceLoc loc, std::string name, SourceLoc nameLoc, ExprPtr value)
      : Stmt(Kind::Metric, loc), name(std::move(name)), nameLoc(nameLoc),
        value(std::move(value)) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Metric; }
  /// Metric name.
  std::string name;
  SourceLoc nameLoc;
  /// Its value.
  ExprPtr value;
};

//===----------------------------------------------------------------------===//
// Top level
//===----------------------------------------------------------------------===//

/// `module NAME(args) { body }`.
struct ModuleDecl {
  /// Name and its location.
  std::string name;
  SourceLoc nameLoc;
  /// Whole declaration.
  SourceLoc loc;
  /// Compile-time arguments.
  std::vector<ArgDecl> args;
  /// Submodules, constants, params, buffers, defs, and if/for around them.
  Block body;
};

/// `train [name:] MODULE(args) { ... }`.
struct TrainDecl {
  /// Optional name (`train digits: MLP(128)`), and its location.
  std::string name;
  SourceLoc nameLoc;
  /// The trained module and its location.
  std::string moduleName;
  SourceLoc moduleLoc;
  /// Whole declaration.
  SourceLoc loc;
  /// Arguments of the module.
  std::vector<CallArg> args;
  /// batch, assignments (loss, optimizer, locals), metrics.
  Block body;
};

/// `import "path.dsl"`.
struct ImportDecl {
  /// The path as written.
  std::string path;
  /// Where the import is.
  SourceLoc loc;
};

/// One parsed file.
struct Program {
  /// Imports, in order.
  std::vector<ImportDecl> imports;
  /// Modules, in order.
  std::vector<std::unique_ptr<ModuleDecl>> modules;
  /// Train blocks, in order.
  std::vector<std::unique_ptr<TrainDecl>> trains;
  /// Location of the file's start.
  SourceLoc loc;
};

/// Prints `program` one node per line, indented, each with its location
/// (`line:col-endLine:endCol`).
void printAst(const Program &program, llvm::raw_ostream &os);

} // namespace dlc

#endif // DLC_FRONTEND_AST_H
