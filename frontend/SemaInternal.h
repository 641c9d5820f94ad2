//===- SemaInternal.h - Sema's evaluator, shared by its TUs -----*- C++ -*-===//
//
// Sema evaluates the program abstractly: compile-time values are computed,
// tensor operations append typed nodes to the function being built. This
// header is private to Sema.cpp and SemaBuiltins.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_SEMAINTERNAL_H
#define DLC_FRONTEND_SEMAINTERNAL_H

#include "frontend/Sema.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dlc {

struct ModuleInst;
struct Value;
/// Named fields of a compound compile-time value (constructor arguments,
/// optimizer keywords, initializer arguments).
using Fields = std::vector<std::pair<std::string, Value>>;

/// A value during evaluation.
struct Value {
  /// What the value is.
  enum class Kind {
    Invalid,   ///< An error was reported.
    None,      ///< An omitted optional argument.
    Int,       ///< Compile-time integer (`i`), possibly symbolic.
    Float,     ///< Compile-time float (`f`).
    Bool,      ///< Compile-time boolean (`b`).
    Str,       ///< String literal (`s`).
    List,      ///< List of values (`list`).
    Tensor,    ///< Node `node` of the current function, of type `type`.
    Param,     ///< Parameter or buffer `param` of the model.
    Module,    ///< Submodule instance `mod`.
    ModuleRef, ///< A module declaration `decl` (callable: a constructor).
    Ctor,      ///< `decl` with bound args `fields`, not yet instantiated.
    Builtin,   ///< The builtin function named `s`.
    Def,       ///< `def` of module instance `mod`.
    Optimizer, ///< Optimizer `s` with keywords `fields`.
    Init,      ///< Parameter initializer `s` with arguments `fields`.
  };
  Kind kind = Kind::Invalid;
  Dim i;
  double f = 0;
  bool b = false;
  std::string s;
  std::shared_ptr<std::vector<Value>> list;
  std::shared_ptr<Fields> fields;
  int node = -1;
  TensorType type;
  int param = -1;
  ModuleInst *mod = nullptr;
  const ModuleDecl *decl = nullptr;
  const DefStmt *def = nullptr;
  /// For lists, computed by ofList: how deeply lists nest in it (1 for a
  /// list of non-lists), and whether a Ctor is among its elements at any
  /// depth. `a = [a]` in a loop nests lists without bound; the depth lets
  /// sema refuse that before walks and destructors recurse too deep, and the
  /// flag spares a walk on every assignment.
  unsigned listDepth = 0;
  bool listHasCtor = false;

  bool isValid() const { return kind != Kind::Invalid; }
  bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
  bool isStaticInt() const { return kind == Kind::Int && i.isStatic(); }

  static Value invalid() { return Value(); }
  static Value none() {
    Value v;
    v.kind = Kind::None;
    return v;
  }
  static Value ofInt(Dim d) {
    Value v;
    v.kind = Kind::Int;
    v.i = d;
    return v;
  }
  static Value ofInt(int64_t x) { return ofInt(Dim::of(x)); }
  static Value ofFloat(double x) {
    Value v;
    v.kind = Kind::Float;
    v.f = x;
    return v;
  }
  static Value ofBool(bool x) {
    Value v;
    v.kind = Kind::Bool;
    v.b = x;
    return v;
  }
  static Value ofStr(std::string x) {
    Value v;
    v.kind = Kind::Str;
    v.s = std::move(x);
    return v;
  }
  static Value ofList(std::vector<Value> elems) {
    Value v;
    v.kind = Kind::List;
    v.listDepth = 1;
    for (const Value &e : elems) {
      v.listDepth = std::max(v.listDepth, e.listDepth + 1);
      v.listHasCtor |= e.kind == Kind::Ctor || e.listHasCtor;
    }
    v.list = std::make_shared<std::vector<Value>>(std::move(elems));
    return v;
  }
  static Value ofTensor(int node, TensorType type) {
    Value v;
    v.kind = Kind::Tensor;
    v.node = node;
    v.type = std::move(type);
    return v;
  }
};

/// An instantiated module.
struct ModuleInst {
  /// Its declaration.
  const ModuleDecl *decl = nullptr;
  /// Dotted prefix of its members (`blocks.0.`); empty for the root.
  std::string prefix;
  /// Compile-time arguments by name.
  llvm::StringMap<Value> args;
  /// Members (submodules, lists, params, defs, constants) by name.
  llvm::StringMap<Value> members;
  /// Where each member is declared (for duplicate-definition notes).
  llvm::StringMap<SourceLoc> memberLocs;
};

/// An argument at a call site, after evaluation.
struct ArgValue {
  /// Keyword or empty.
  std::string name;
  /// Value.
  Value value;
  /// Location of the argument expression.
  SourceLoc loc;
};

/// A scope of evaluation: a def invocation, a module body, or a train block.
struct Frame {
  /// Module whose members are visible.
  ModuleInst *self = nullptr;
  /// True while executing a module body (assignments declare members).
  bool isModuleBody = false;
  /// Local variables (def arguments, bound symbols, assignments).
  llvm::StringMap<Value> locals;
  /// The def being executed (null for module bodies and train blocks).
  const DefStmt *def = nullptr;
  /// Where the def was called from.
  SourceLoc callLoc;
  /// Set by `return`.
  Value returned;
  bool hasReturned = false;
  SourceLoc returnLoc;
};

/// Description of one builtin argument.
struct BuiltinParam {
  const char *name;
  /// Default value, or Invalid when required.
  Value defaultValue;
};

/// The evaluator.
class SemaImpl {
public:
  SemaImpl(Diagnostics &diags, unsigned stdFileId)
      : diags(diags), stdFileId(stdFileId) {}

  std::unique_ptr<ModelGraph> run(llvm::ArrayRef<const Program *> programs,
                                  llvm::StringRef trainName);

  //===--- Diagnostics ----------------------------------------------------===//
  /// Reports the first error only; returns Invalid for convenience.
  Value error(SourceLoc loc, const llvm::Twine &msg);
  bool failed() const { return hasFailed; }
  /// The int that dimension arithmetic produced, or a located error saying
  /// why it has none (overflow, division by zero).
  Value dimValue(const DimResult &r, SourceLoc loc);

  //===--- Evaluation -----------------------------------------------------===//
  /// Reports an error at `loc` when the recursion is deeper than sema
  /// allows (see kMaxEvalDepth).
  bool tooDeep(SourceLoc loc);
  Value eval(const Expr &e);
  Value evalName(const NameExpr &e);
  Value evalUnary(const UnaryExpr &e);
  Value evalBinary(const BinaryExpr &e);
  Value evalCall(const CallExpr &e);
  Value evalIndex(const IndexExpr &e);
  Value evalMember(const MemberExpr &e);
  Value evalListComp(const ListCompExpr &e);
  /// `list`, or an error at `loc` when lists nest in it too deeply.
  Value checkListDepth(Value list, SourceLoc loc);
  /// The values a `for` iterates over.
  bool evalIterable(const Expr &e, std::vector<Value> &out);
  /// Charges `n` loop iterations to the compilation's budget; false (with an
  /// error at `loc`) once it is spent.
  bool countIterations(int64_t n, SourceLoc loc);
  /// Member `name` of `inst` as seen from code (params become loads).
  Value memberValue(ModuleInst *inst, llvm::StringRef name, SourceLoc loc);

  /// Statement execution; false on error.
  bool execBlock(const Block &b);
  bool exec(const Stmt &s);
  bool declareMember(llvm::StringRef name, SourceLoc loc, Value v);

  /// Calls.
  Value callValue(const Value &callee, std::vector<ArgValue> &args,
                  SourceLoc loc, llvm::StringRef calleeName);
  Value callDef(ModuleInst *self, const DefStmt *def,
                std::vector<ArgValue> &args, SourceLoc loc);
  Value construct(const ModuleDecl *decl, std::vector<ArgValue> &args,
                  SourceLoc loc);
  ModuleInst *instantiate(const ModuleDecl *decl, const Fields &args,
                          const std::string &prefix, SourceLoc loc);
  Value instantiateMember(const Value &v, const std::string &prefix,
                          SourceLoc loc);
  /// Binds call arguments to named parameters; fills `out` (one per param,
  /// None for absent optional ones). `what` names the callee in messages.
  bool bindArgs(llvm::ArrayRef<std::string> names,
                llvm::ArrayRef<Value> defaults, std::vector<ArgValue> &args,
                SourceLoc loc, const std::string &what, std::vector<Value> &out,
                std::vector<SourceLoc> &locs);

  /// Types.
  bool evalTensorType(const TypeExpr &t, bool declareSymbols, TensorType &out);
  /// Matches `actual` against a written type, binding its unbound symbols in
  /// the current frame; `expected` receives the type as resolved. When
  /// `unbound` is given (return types), symbols are not bound: an unbound one
  /// is a mismatch and the first such name is stored there.
  bool matchType(const TypeExpr &t, const TensorType &actual,
                 std::string &expected, bool &mismatch,
                 std::string *unbound = nullptr);
  bool checkScalarType(const TypeExpr &t, const Value &v, SourceLoc loc,
                       const std::string &what);

  //===--- Graph building -------------------------------------------------===//
  /// Appends a node to `fn`; reports an error (and still appends) when the
  /// node budget is spent or the type's size overflows int64.
  int addNode(llvm::StringRef op, llvm::ArrayRef<int> operands,
              const TensorType &type, SourceLoc loc);
  Node &node(int id) { return fn->nodes[id]; }
  Value tensorOf(int id) { return Value::ofTensor(id, fn->nodes[id].type); }
  /// Location used for nodes: inside std code, the user's call site.
  SourceLoc nodeLoc(SourceLoc loc);
  /// Converts params to loads and checks the value is a tensor.
  Value toTensor(const Value &v, SourceLoc loc, llvm::StringRef what);
  Value scalarConstant(const Value &v, ElementType dtype, SourceLoc loc);
  Value cast(const Value &t, ElementType to, SourceLoc loc);
  Value reshapeTo(const Value &t, llvm::ArrayRef<Dim> dims, SourceLoc loc);

  //===--- Builtins (SemaBuiltins.cpp) ------------------------------------===//
  bool isBuiltin(llvm::StringRef name) const;
  Value callBuiltin(llvm::StringRef name, std::vector<ArgValue> &args,
                    SourceLoc loc);
  Value binaryOp(llvm::StringRef op, const Value &a, const Value &b,
                 SourceLoc loc, SourceLoc aLoc, SourceLoc bLoc);
  Value elementwise(llvm::StringRef op, Value a, Value b, SourceLoc loc);
  /// NumPy broadcasting of two shapes; reports an error naming both.
  bool broadcastShapes(const TensorType &a, const TensorType &b,
                       llvm::StringRef opName, SourceLoc loc,
                       llvm::SmallVectorImpl<Dim> &out);
  Value matmul(Value a, Value b, SourceLoc loc);
  Value indexTensor(const Value &t, const IndexExpr &e);
  Value foldScalarBinary(llvm::StringRef op, const Value &a, const Value &b,
                         SourceLoc loc);
  /// Normalizes a possibly negative axis; reports and returns -1 when out of
  /// range.
  int64_t normalizeAxis(int64_t axis, unsigned rank, SourceLoc loc,
                        const TensorType &t);
  bool toIntList(const Value &v, SourceLoc loc, llvm::StringRef what,
                 std::vector<int64_t> &out);
  bool toDimList(const Value &v, SourceLoc loc, llvm::StringRef what,
                 std::vector<Dim> &out);
  bool toDouble(const Value &v, SourceLoc loc, llvm::StringRef what,
                double &out);
  std::string describe(const Value &v);

  //===--- State ----------------------------------------------------------===//
  Diagnostics &diags;
  unsigned stdFileId;
  bool hasFailed = false;
  llvm::StringMap<const ModuleDecl *> modules;
  std::vector<std::unique_ptr<ModuleInst>> instances;
  std::unique_ptr<ModelGraph> model;
  /// The function being built, or null (module bodies, optimizer).
  GraphFunction *fn = nullptr;
  /// Loads of parameters already emitted in `fn`.
  llvm::DenseMap<int, int> loadCache;
  bool training = false;
  /// Call stack of frames (innermost last).
  std::vector<Frame *> frames;
  Frame &frame() { return *frames.back(); }
  unsigned instDepth = 0;
  /// Expressions and statements being evaluated, innermost last.
  unsigned depth = 0;
  /// Work done so far, against the budgets of one compilation (below).
  size_t numNodes = 0;
  int64_t totalIterations = 0;
  /// Bytes of the parameters and buffers declared so far, slots aligned.
  int64_t paramBytes = 0;
};

// Budgets for the whole compilation. Each loop, call and instantiation is
// bounded on its own, but they multiply: nested loops each under the unroll
// limit, or a module holding two copies of itself with `n - 1`, would run for
// hours or exhaust memory. Real models stay orders of magnitude below these.
constexpr int64_t kMaxTotalIterations = 1000000;
constexpr size_t kMaxNodes = 1000000;
constexpr size_t kMaxInstances = 10000;
constexpr size_t kMaxParams = 100000;

/// True when `name` is spelled like a symbolic dimension (capitalised).
inline bool isSymbolName(llvm::StringRef name) {
  return !name.empty() && name[0] >= 'A' && name[0] <= 'Z';
}

} // namespace dlc

#endif // DLC_FRONTEND_SEMAINTERNAL_H
