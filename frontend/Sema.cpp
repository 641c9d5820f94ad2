//===- Sema.cpp - Checking and instantiating a program --------------------===//
//
// Evaluates the program over compile-time values and typed tensor nodes;
// see SemaInternal.h. The builtins' signatures and shape rules live in
// SemaBuiltins.cpp.
//
//===----------------------------------------------------------------------===//
#include "frontend/SemaInternal.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace dlc;

// Deep enough for any real model, shallow enough to stop runaway recursion
// long before the C++ stack runs out.
static constexpr unsigned kMaxCallDepth = 64;
static constexpr unsigned kMaxInstDepth = 32;
// The parser bounds each expression and block, but calls and instantiations
// stack them: 64 calls, each from the bottom of a 1000-deep expression, need
// ~100 MB of stack. This bounds the sum. A level takes up to about 2 KB (a
// nested `if`), so sema stays within 4 MB of the usual 8 MB stack.
static constexpr unsigned kMaxEvalDepth = 2000;
// Values are destroyed, copied into modules and printed recursively; the
// parser's nesting bound applies to literals, this one to lists built in a
// loop (`a = [a]`).
static constexpr unsigned kMaxListDepth = 256;
// Keeps a typo such as `0..1000000000` from hanging the compiler.
static constexpr int64_t kMaxUnroll = 100000;

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

Value SemaImpl::error(SourceLoc loc, const llvm::Twine &msg) {
  if (hasFailed)
    return Value::invalid();
  hasFailed = true;
  diags.error(loc, msg);
  unsigned notes = 0;
  for (auto it = frames.rbegin(); it != frames.rend() && notes < 4; ++it) {
    Frame *f = *it;
    if (!f->callLoc.isValid())
      continue;
    std::string owner = f->self ? f->self->decl->name : std::string("");
    if (f->def)
      diags.note(f->callLoc,
                 "in call to '" + owner + "." + f->def->name + "' from here");
    else if (f->isModuleBody)
      diags.note(f->callLoc, "while instantiating module '" + owner + "' here");
    ++notes;
  }
  return Value::invalid();
}

std::string SemaImpl::describe(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Invalid:
    return "an invalid value";
  case Value::Kind::None:
    return "nothing";
  case Value::Kind::Int:
    return v.i.isStatic() ? "int " + v.i.str()
                          : "symbolic dimension " + v.i.str();
  case Value::Kind::Float: {
    char buf[32];
    snprintf(buf, sizeof(buf), "%g", v.f);
    return std::string("float ") + buf;
  }
  case Value::Kind::Bool:
    return v.b ? "bool true" : "bool false";
  case Value::Kind::Str:
    return "string \"" + v.s + "\"";
  case Value::Kind::List:
    return "a list of " + std::to_string(v.list->size()) + " elements";
  case Value::Kind::Tensor:
    return "tensor " + v.type.str();
  case Value::Kind::Param:
    return "parameter '" + model->params[v.param].name + "' " +
           model->params[v.param].type.str();
  case Value::Kind::Module:
    return "submodule '" + llvm::StringRef(v.mod->prefix).drop_back().str() +
           "' (" + v.mod->decl->name + ")";
  case Value::Kind::ModuleRef:
    return "module '" + v.decl->name + "'";
  case Value::Kind::Ctor:
    return "a new '" + v.decl->name + "' submodule";
  case Value::Kind::Builtin:
    return "builtin '" + v.s + "'";
  case Value::Kind::Def:
    return "def '" + v.def->name + "'";
  case Value::Kind::Optimizer:
    return "optimizer '" + v.s + "'";
  case Value::Kind::Init:
    return "initializer '" + v.s + "'";
  }
  return "a value";
}

//===----------------------------------------------------------------------===//
// Graph building
//===----------------------------------------------------------------------===//

SourceLoc SemaImpl::nodeLoc(SourceLoc loc) {
  if (loc.fileId != stdFileId)
    return loc;
  for (auto it = frames.rbegin(); it != frames.rend(); ++it)
    if ((*it)->callLoc.isValid() && (*it)->callLoc.fileId != stdFileId)
      return (*it)->callLoc;
  return loc;
}

Value SemaImpl::dimValue(const DimResult &r, SourceLoc loc) {
  if (!r.ok())
    return error(loc, dimErrorMessage(r.error));
  return Value::ofInt(r.dim);
}

int SemaImpl::addNode(llvm::StringRef op, llvm::ArrayRef<int> operands,
                      const TensorType &type, SourceLoc loc) {
  // Both checks report through error(), which stops evaluation; the node is
  // still added so that callers may use the id they get.
  if (++numNodes == kMaxNodes + 1)
    error(loc, "the model needs more than " + std::to_string(kMaxNodes) +
                   " operations (the budget for one compilation); is a loop "
                   "or a call unrolled too many times?");
  if (!staticByteSize(type))
    error(loc, "tensor type " + type.str() +
                   " is too large: its size in bytes overflows int64");
  Node n;
  n.op = op.str();
  n.operands.assign(operands.begin(), operands.end());
  n.type = type;
  n.loc = nodeLoc(loc);
  fn->nodes.push_back(std::move(n));
  return fn->nodes.size() - 1;
}

Value SemaImpl::toTensor(const Value &v, SourceLoc loc, llvm::StringRef what) {
  if (!v.isValid())
    return v;
  if (v.kind == Value::Kind::Tensor)
    return v;
  if (v.kind == Value::Kind::Param) {
    if (!fn)
      return error(loc, "parameter '" + model->params[v.param].name +
                            "' can only be used inside a def");
    auto it = loadCache.find(v.param);
    if (it != loadCache.end())
      return tensorOf(it->second);
    const ParamInfo &p = model->params[v.param];
    int id = addNode("load", {}, p.type, loc);
    node(id).str = p.name;
    loadCache[v.param] = id;
    return tensorOf(id);
  }
  return error(loc, what + " must be a tensor, got " + describe(v));
}

Value SemaImpl::scalarConstant(const Value &v, ElementType dtype,
                               SourceLoc loc) {
  double x;
  if (v.kind == Value::Kind::Int && !v.i.isStatic())
    return error(loc, "symbolic dimension " + v.i.str() +
                          " cannot be used as a tensor value");
  if (!toDouble(v, loc, "operand", x))
    return Value::invalid();
  if (!fn)
    return error(loc, "tensor values can only be computed inside a def");
  TensorType t;
  t.dtype = dtype;
  int id = addNode("constant", {}, t, loc);
  node(id).fval = x;
  return tensorOf(id);
}

Value SemaImpl::cast(const Value &t, ElementType to, SourceLoc loc) {
  if (t.type.dtype == to)
    return t;
  TensorType rt = t.type;
  rt.dtype = to;
  int id = addNode("cast", {t.node}, rt, loc);
  return tensorOf(id);
}

Value SemaImpl::reshapeTo(const Value &t, llvm::ArrayRef<Dim> dims,
                          SourceLoc loc) {
  if (llvm::ArrayRef<Dim>(t.type.dims) == dims)
    return t;
  TensorType rt = t.type;
  rt.dims.assign(dims.begin(), dims.end());
  int id = addNode("reshape", {t.node}, rt, loc);
  return tensorOf(id);
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

namespace {
/// Counts one level of sema's recursion (an expression or a statement being
/// evaluated) for its lifetime.
struct DepthScope {
  explicit DepthScope(unsigned &depth) : depth(depth) { ++depth; }
  ~DepthScope() { --depth; }
  unsigned &depth;
};
} // namespace

bool SemaImpl::tooDeep(SourceLoc loc) {
  if (depth <= kMaxEvalDepth)
    return false;
  error(loc, "evaluation nests more than " + std::to_string(kMaxEvalDepth) +
                 " levels deep here (expressions, blocks, calls and "
                 "submodules together); split deep expressions with "
                 "intermediate assignments");
  return true;
}

Value SemaImpl::eval(const Expr &e) {
  if (hasFailed)
    return Value::invalid();
  DepthScope scope(depth);
  if (tooDeep(e.loc))
    return Value::invalid();
  switch (e.getKind()) {
  case Expr::Kind::Int:
    return Value::ofInt(llvm::cast<IntExpr>(e).value);
  case Expr::Kind::Float:
    return Value::ofFloat(llvm::cast<FloatExpr>(e).value);
  case Expr::Kind::Bool:
    return Value::ofBool(llvm::cast<BoolExpr>(e).value);
  case Expr::Kind::String:
    return Value::ofStr(llvm::cast<StringExpr>(e).value);
  case Expr::Kind::Name:
    return evalName(llvm::cast<NameExpr>(e));
  case Expr::Kind::Unary:
    return evalUnary(llvm::cast<UnaryExpr>(e));
  case Expr::Kind::Binary:
    return evalBinary(llvm::cast<BinaryExpr>(e));
  case Expr::Kind::Call:
    return evalCall(llvm::cast<CallExpr>(e));
  case Expr::Kind::Index:
    return evalIndex(llvm::cast<IndexExpr>(e));
  case Expr::Kind::Member:
    return evalMember(llvm::cast<MemberExpr>(e));
  case Expr::Kind::List: {
    std::vector<Value> elems;
    for (const ExprPtr &x : llvm::cast<ListExpr>(e).elements) {
      Value v = eval(*x);
      if (!v.isValid())
        return v;
      elems.push_back(std::move(v));
    }
    return checkListDepth(Value::ofList(std::move(elems)), e.loc);
  }
  case Expr::Kind::ListComp:
    return evalListComp(llvm::cast<ListCompExpr>(e));
  case Expr::Kind::Range:
    return error(e.loc, "a range 'A..B' can only be iterated by 'for'");
  case Expr::Kind::Slice:
    return error(e.loc, "a slice can only appear inside '[...]'");
  case Expr::Kind::Ellipsis:
    return error(e.loc, "'...' can only appear inside '[...]'");
  }
  return Value::invalid();
}

Value SemaImpl::memberValue(ModuleInst *inst, llvm::StringRef name,
                            SourceLoc loc) {
  auto it = inst->members.find(name);
  if (it == inst->members.end())
    return Value::invalid();
  Value v = it->second;
  if (v.kind == Value::Kind::Param && fn)
    return toTensor(v, loc, name);
  return v;
}

Value SemaImpl::evalName(const NameExpr &e) {
  Frame &f = frame();
  auto local = f.locals.find(e.name);
  if (local != f.locals.end()) {
    if (local->second.kind == Value::Kind::Param && fn)
      return toTensor(local->second, e.loc, e.name);
    return local->second;
  }
  if (f.self) {
    Value m = memberValue(f.self, e.name, e.loc);
    if (m.isValid() || hasFailed)
      return m;
    auto arg = f.self->args.find(e.name);
    if (arg != f.self->args.end())
      return arg->second;
  }
  if (e.name == "training") {
    if (!fn)
      return error(e.loc, "'training' is only known inside a def");
    return Value::ofBool(training);
  }
  auto mod = modules.find(e.name);
  if (mod != modules.end()) {
    Value v;
    v.kind = Value::Kind::ModuleRef;
    v.decl = mod->second;
    return v;
  }
  if (isBuiltin(e.name)) {
    Value v;
    v.kind = Value::Kind::Builtin;
    v.s = e.name;
    return v;
  }
  // Suggest the closest visible name.
  std::string best;
  unsigned bestDist = 3;
  auto consider = [&](llvm::StringRef cand) {
    unsigned d = llvm::StringRef(e.name).edit_distance(cand, true, bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = cand.str();
    }
  };
  for (auto &l : f.locals)
    consider(l.getKey());
  if (f.self) {
    for (auto &m : f.self->members)
      consider(m.getKey());
    for (auto &a : f.self->args)
      consider(a.getKey());
  }
  for (auto &m : modules)
    consider(m.getKey());
  std::string msg = "unknown name '" + e.name + "'";
  if (!best.empty())
    msg += "; did you mean '" + best + "'?";
  else if (isSymbolName(e.name) && e.name.size() <= 2)
    msg += "; symbolic dimensions are bound by the argument types of a def";
  return error(e.loc, msg);
}

Value SemaImpl::evalUnary(const UnaryExpr &e) {
  Value v = eval(*e.operand);
  if (!v.isValid())
    return v;
  if (e.op == "not") {
    if (v.kind != Value::Kind::Bool)
      return error(e.operand->loc,
                   "'not' needs a compile-time bool, got " + describe(v));
    return Value::ofBool(!v.b);
  }
  if (e.op == "+") {
    if (v.isNumber() || v.kind == Value::Kind::Tensor ||
        v.kind == Value::Kind::Param)
      return v.kind == Value::Kind::Param ? toTensor(v, e.loc, "operand") : v;
    return error(e.loc,
                 "unary '+' needs a number or a tensor, got " + describe(v));
  }
  // Unary minus.
  if (v.kind == Value::Kind::Int) {
    DimResult r = dimSub(Dim::of(0), v.i);
    if (r.error == DimError::Overflow) // -(-2^63)
      return error(e.loc, std::string(dimErrorMessage(r.error)) + " (-(" +
                              v.i.str() + "))");
    return dimValue(r, e.loc);
  }
  if (v.kind == Value::Kind::Float)
    return Value::ofFloat(-v.f);
  if (v.kind == Value::Kind::Tensor || v.kind == Value::Kind::Param) {
    Value t = toTensor(v, e.operand->loc, "operand of '-'");
    if (!t.isValid())
      return t;
    if (t.type.dtype == ElementType::Bool)
      return error(e.loc, "cannot negate a bool tensor " + t.type.str());
    int id = addNode("neg", {t.node}, t.type, e.loc);
    return tensorOf(id);
  }
  return error(e.loc,
               "unary '-' needs a number or a tensor, got " + describe(v));
}

Value SemaImpl::evalBinary(const BinaryExpr &e) {
  // `and`/`or` short-circuit like Python so `if has_bias and bias...` works.
  if (e.op == "and" || e.op == "or") {
    Value a = eval(*e.lhs);
    if (!a.isValid())
      return a;
    if (a.kind != Value::Kind::Bool)
      return error(e.lhs->loc, "'" + e.op + "' needs compile-time bools, got " +
                                   describe(a));
    if ((e.op == "and" && !a.b) || (e.op == "or" && a.b))
      return a;
    Value b = eval(*e.rhs);
    if (!b.isValid())
      return b;
    if (b.kind != Value::Kind::Bool)
      return error(e.rhs->loc, "'" + e.op + "' needs compile-time bools, got " +
                                   describe(b));
    return b;
  }
  Value a = eval(*e.lhs);
  if (!a.isValid())
    return a;
  Value b = eval(*e.rhs);
  if (!b.isValid())
    return b;
  return binaryOp(e.op, a, b, e.loc, e.lhs->loc, e.rhs->loc);
}

Value SemaImpl::evalCall(const CallExpr &e) {
  Value callee = eval(*e.callee);
  if (!callee.isValid())
    return callee;
  std::vector<ArgValue> args;
  for (const CallArg &a : e.args) {
    ArgValue av;
    av.name = a.name;
    av.loc = a.name.empty() ? a.value->loc : a.loc;
    av.value = eval(*a.value);
    if (!av.value.isValid())
      return av.value;
    args.push_back(std::move(av));
  }
  std::string name;
  if (auto *n = llvm::dyn_cast<NameExpr>(e.callee.get()))
    name = n->name;
  else if (auto *m = llvm::dyn_cast<MemberExpr>(e.callee.get()))
    name = m->member;
  return callValue(callee, args, e.loc, name);
}

Value SemaImpl::evalIndex(const IndexExpr &e) {
  Value base = eval(*e.base);
  if (!base.isValid())
    return base;
  if (base.kind == Value::Kind::List) {
    if (e.indices.size() != 1)
      return error(e.loc, "a list takes a single index");
    Value idx = eval(*e.indices[0]);
    if (!idx.isValid())
      return idx;
    if (!idx.isStaticInt())
      return error(e.indices[0]->loc, "list index must be a compile-time "
                                      "int, got " +
                                          describe(idx));
    int64_t n = base.list->size();
    int64_t i = idx.i.value < 0 ? idx.i.value + n : idx.i.value;
    if (i < 0 || i >= n)
      return error(e.indices[0]->loc, "index " + std::to_string(idx.i.value) +
                                          " is out of range for a list of " +
                                          std::to_string(n) + " elements");
    Value v = (*base.list)[i];
    if (v.kind == Value::Kind::Param && fn)
      return toTensor(v, e.loc, "element");
    return v;
  }
  if (base.kind == Value::Kind::Tensor || base.kind == Value::Kind::Param) {
    Value t = toTensor(base, e.base->loc, "indexed value");
    if (!t.isValid())
      return t;
    return indexTensor(t, e);
  }
  return error(e.base->loc, "cannot index " + describe(base));
}

Value SemaImpl::evalMember(const MemberExpr &e) {
  Value base = eval(*e.base);
  if (!base.isValid())
    return base;
  if (base.kind != Value::Kind::Module)
    return error(e.memberLoc, "'." + e.member +
                                  "' needs a submodule on the left, got " +
                                  describe(base));
  Value m = memberValue(base.mod, e.member, e.memberLoc);
  if (m.isValid() || hasFailed)
    return m;
  return error(e.memberLoc,
               describe(base) + " has no member '" + e.member + "'");
}

bool SemaImpl::evalIterable(const Expr &e, std::vector<Value> &out) {
  if (auto *r = llvm::dyn_cast<RangeExpr>(&e)) {
    Value b = eval(*r->begin);
    if (!b.isValid())
      return false;
    Value en = eval(*r->end);
    if (!en.isValid())
      return false;
    if (!b.isStaticInt()) {
      error(r->begin->loc,
            "range bounds must be compile-time ints, got " + describe(b));
      return false;
    }
    if (!en.isStaticInt()) {
      error(r->end->loc,
            "range bounds must be compile-time ints, got " + describe(en));
      return false;
    }
    // The length is computed without overflow: -2^63+1..2^63-1 is long.
    std::optional<int64_t> len = checkedSub(en.i.value, b.i.value);
    if (!len || *len > kMaxUnroll) {
      error(e.loc, "range " + b.i.str() + ".." + en.i.str() +
                       " is too long to unroll");
      return false;
    }
    if (*len > 0 && !countIterations(*len, e.loc))
      return false;
    for (int64_t i = b.i.value; i < en.i.value; ++i)
      out.push_back(Value::ofInt(i));
    return true;
  }
  Value v = eval(e);
  if (!v.isValid())
    return false;
  if (v.kind != Value::Kind::List) {
    error(e.loc,
          "'for' iterates over a range 'A..B' or a list, got " + describe(v));
    return false;
  }
  if (!countIterations(v.list->size(), e.loc))
    return false;
  out = *v.list;
  return true;
}

bool SemaImpl::countIterations(int64_t n, SourceLoc loc) {
  totalIterations += n;
  if (totalIterations <= kMaxTotalIterations)
    return true;
  error(loc, "loops run more than " + std::to_string(kMaxTotalIterations) +
                 " iterations in total (the budget for one compilation); "
                 "are loops nested too deeply?");
  return false;
}

Value SemaImpl::evalListComp(const ListCompExpr &e) {
  std::vector<Value> items;
  if (!evalIterable(*e.iterable, items))
    return Value::invalid();
  Frame &f = frame();
  auto saved = f.locals.find(e.var);
  std::optional<Value> old;
  if (saved != f.locals.end())
    old = saved->second;
  std::vector<Value> out;
  for (Value &item : items) {
    f.locals[e.var] = item;
    Value v = eval(*e.element);
    if (!v.isValid())
      return v;
    out.push_back(std::move(v));
  }
  if (old)
    f.locals[e.var] = *old;
  else
    f.locals.erase(e.var);
  return checkListDepth(Value::ofList(std::move(out)), e.loc);
}

Value SemaImpl::checkListDepth(Value list, SourceLoc loc) {
  if (list.listDepth <= kMaxListDepth)
    return list;
  return error(loc, "lists nested more than " + std::to_string(kMaxListDepth) +
                        " levels deep");
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

bool SemaImpl::execBlock(const Block &b) {
  for (const StmtPtr &s : b) {
    if (!exec(*s))
      return false;
    if (frame().hasReturned)
      return true;
  }
  return true;
}

static bool containsCtor(const Value &v) {
  return v.kind == Value::Kind::Ctor || v.listHasCtor;
}

bool SemaImpl::declareMember(llvm::StringRef name, SourceLoc loc, Value v) {
  ModuleInst *self = frame().self;
  auto prev = self->memberLocs.find(name);
  if (prev != self->memberLocs.end()) {
    error(loc, "duplicate definition of '" + name + "' in module '" +
                   self->decl->name + "'");
    diags.note(prev->second, "previous definition is here");
    return false;
  }
  self->memberLocs[name] = loc;
  Value inst = instantiateMember(v, self->prefix + name.str(), loc);
  if (!inst.isValid())
    return false;
  self->members[name] = inst;
  return true;
}

Value SemaImpl::instantiateMember(const Value &v, const std::string &path,
                                  SourceLoc loc) {
  if (v.kind == Value::Kind::Ctor) {
    ModuleInst *inst = instantiate(v.decl, *v.fields, path + ".", loc);
    if (!inst)
      return Value::invalid();
    Value m;
    m.kind = Value::Kind::Module;
    m.mod = inst;
    return m;
  }
  if (v.kind == Value::Kind::List && containsCtor(v)) {
    std::vector<Value> out;
    for (size_t i = 0; i < v.list->size(); ++i) {
      Value m =
          instantiateMember((*v.list)[i], path + "." + std::to_string(i), loc);
      if (!m.isValid())
        return m;
      out.push_back(std::move(m));
    }
    return Value::ofList(std::move(out));
  }
  return v;
}

/// Whether `x` stays finite once converted to element type `t`.
static bool fitsDType(double x, ElementType t) {
  if (!std::isfinite(x))
    return false;
  switch (t) {
  case ElementType::F16:
    return std::fabs(x) <= 65504.0;
  case ElementType::BF16:
    return std::fabs(x) <= 3.3895313892515355e38;
  case ElementType::F32:
    return std::fabs(x) <= std::numeric_limits<float>::max();
  default:
    return true;
  }
}

bool SemaImpl::exec(const Stmt &s) {
  if (hasFailed)
    return false;
  DepthScope scope(depth);
  if (tooDeep(s.loc))
    return false;
  Frame &f = frame();
  switch (s.getKind()) {
  case Stmt::Kind::Assign: {
    auto &a = llvm::cast<AssignStmt>(s);
    Value v = eval(*a.value);
    if (!v.isValid())
      return false;
    if (f.isModuleBody)
      return declareMember(a.name, a.nameLoc, v);
    if (containsCtor(v)) {
      error(a.value->loc, "submodules can only be declared in a module body");
      return false;
    }
    f.locals[a.name] = v;
    return true;
  }
  case Stmt::Kind::Return: {
    auto &r = llvm::cast<ReturnStmt>(s);
    Value v = eval(*r.value);
    if (!v.isValid())
      return false;
    f.returned = v;
    f.hasReturned = true;
    f.returnLoc = r.value->loc;
    return true;
  }
  case Stmt::Kind::For: {
    auto &fs = llvm::cast<ForStmt>(s);
    std::vector<Value> items;
    if (!evalIterable(*fs.iterable, items))
      return false;
    for (Value &item : items) {
      f.locals[fs.var] = item;
      if (!execBlock(fs.body))
        return false;
      if (f.hasReturned)
        return true;
    }
    return true;
  }
  case Stmt::Kind::If: {
    auto &is = llvm::cast<IfStmt>(s);
    Value c = eval(*is.cond);
    if (!c.isValid())
      return false;
    if (c.kind != Value::Kind::Bool) {
      error(is.cond->loc, "'if' needs a compile-time bool or 'training', "
                          "got " +
                              describe(c));
      return false;
    }
    return execBlock(c.b ? is.thenBody : is.elseBody);
  }
  case Stmt::Kind::Param: {
    auto &p = llvm::cast<ParamStmt>(s);
    ParamInfo info;
    info.name = f.self->prefix + p.name;
    info.isBuffer = p.isBuffer;
    info.loc = p.nameLoc;
    if (p.type.isScalar) {
      error(p.type.loc, "the type of " +
                            std::string(p.isBuffer ? "buffer" : "parameter") +
                            " '" + p.name +
                            "' must be a tensor type such as "
                            "'f32[4, 3]', got '" +
                            p.type.name + "'");
      return false;
    }
    if (!evalTensorType(p.type, /*declareSymbols=*/false, info.type))
      return false;
    for (const Dim &d : info.type.dims) {
      if (!d.isStatic()) {
        error(p.type.loc, "the shape of '" + p.name +
                              "' must be known at compile time, got " +
                              info.type.str());
        return false;
      }
    }
    // The state layout, the ABI's self-description and the runtime size the
    // model's state in int64 bytes, one 64-byte aligned slot per tensor.
    std::optional<int64_t> bytes = staticByteSize(info.type);
    if (!bytes) {
      error(p.type.loc, std::string(p.isBuffer ? "buffer" : "parameter") +
                            " '" + p.name + "' of type " + info.type.str() +
                            " is too large: its " +
                            (staticElementCount(info.type) ? "size in bytes"
                                                           : "element count") +
                            " overflows int64");
      return false;
    }
    std::optional<int64_t> slot = checkedAdd(*bytes, 63);
    std::optional<int64_t> total =
        slot ? checkedAdd(paramBytes, *slot / 64 * 64) : std::nullopt;
    if (!total) {
      error(p.type.loc, "with " + info.type.str() + " '" + p.name +
                            "', the total size of the model's parameters "
                            "and buffers overflows int64 bytes");
      return false;
    }
    paramBytes = *total;
    if (model->params.size() >= kMaxParams) {
      error(p.nameLoc, "the model declares more than " +
                           std::to_string(kMaxParams) +
                           " parameters and buffers (the budget for one "
                           "compilation)");
      return false;
    }
    Value init = eval(*p.init);
    if (!init.isValid())
      return false;
    if (init.kind != Value::Kind::Init) {
      error(p.init->loc,
            "initializer must be one of zeros(), ones(), uniform(a, b), "
            "normal(mean, std), glorot_uniform(), kaiming_uniform(a), "
            "kaiming_normal(); got " +
                describe(init));
      return false;
    }
    info.init = init.s;
    // Initializer arguments in order: (low, high), (mean, std), (a), (gain).
    // They are finite (the initializer builtin checks it); those that become
    // values of the tensor must also be finite in its element type.
    bool valueArgs = info.init == "uniform" || info.init == "normal";
    for (size_t k = 0; k < init.fields->size(); ++k) {
      double x = 0;
      auto &kv = (*init.fields)[k];
      if (!toDouble(kv.second, p.init->loc,
                    "argument '" + kv.first + "' of " + init.s, x))
        return false;
      if (valueArgs && !fitsDType(x, info.type.dtype)) {
        error(p.init->loc, "argument '" + kv.first + "' of " + info.init +
                               " is " + describe(kv.second) +
                               ", which is not finite in " +
                               elementTypeName(info.type.dtype).str());
        return false;
      }
      (k == 0 ? info.initA : info.initB) = x;
    }
    if (info.init == "normal" && info.initB < 0) {
      error(p.init->loc, "normal(mean, std) needs std >= 0");
      return false;
    }
    if (info.init == "uniform" && !std::isfinite(info.initB - info.initA)) {
      error(p.init->loc, "uniform(a, b) needs b - a to be finite");
      return false;
    }
    // PyTorch's _calculate_fan_in_and_fan_out. The element count fits, but
    // with a zero dimension the fans need not ([0, 2^40, 2^40]).
    const auto &dims = info.type.dims;
    std::optional<int64_t> receptive = 1;
    for (size_t i = 2; i < dims.size() && receptive; ++i)
      receptive = checkedMul(*receptive, dims[i].value);
    if (dims.size() >= 2) {
      std::optional<int64_t> fanIn, fanOut;
      if (receptive) {
        fanIn = checkedMul(dims[1].value, *receptive);
        fanOut = checkedMul(dims[0].value, *receptive);
      }
      if (!fanIn || !fanOut) {
        error(p.type.loc, "the fans of " + info.type.str() + " '" + p.name +
                              "' overflow int64");
        return false;
      }
      info.fanIn = *fanIn;
      info.fanOut = *fanOut;
    } else if (dims.size() == 1) {
      info.fanIn = info.fanOut = dims[0].value;
    } else {
      info.fanIn = info.fanOut = 1;
    }
    bool needsFans = info.init == "glorot_uniform" ||
                     info.init == "kaiming_uniform" ||
                     info.init == "kaiming_normal";
    if (needsFans && dims.size() < 2) {
      error(p.init->loc, info.init +
                             " needs a tensor of rank 2 or more to "
                             "compute its fans, got " +
                             info.type.str());
      return false;
    }
    if (info.init == "uniform" && info.initA > info.initB) {
      error(p.init->loc, "uniform(a, b) needs a <= b");
      return false;
    }
    if (info.type.dtype != ElementType::F32 &&
        info.type.dtype != ElementType::F64 &&
        info.type.dtype != ElementType::F16 &&
        info.type.dtype != ElementType::BF16 && info.init != "zeros" &&
        info.init != "ones") {
      error(p.init->loc, "initializer " + info.init +
                             " needs a floating "
                             "point tensor, got " +
                             info.type.str());
      return false;
    }
    model->params.push_back(info);
    Value v;
    v.kind = Value::Kind::Param;
    v.param = model->params.size() - 1;
    return declareMember(p.name, p.nameLoc, v);
  }
  case Stmt::Kind::Def: {
    auto &d = llvm::cast<DefStmt>(s);
    Value v;
    v.kind = Value::Kind::Def;
    v.def = &d;
    v.mod = f.self;
    return declareMember(d.name, d.nameLoc, v);
  }
  case Stmt::Kind::Batch:
  case Stmt::Kind::Metric:
    error(s.loc, "this line is only allowed directly in a train block");
    return false;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Calls and instantiation
//===----------------------------------------------------------------------===//

bool SemaImpl::bindArgs(llvm::ArrayRef<std::string> names,
                        llvm::ArrayRef<Value> defaults,
                        std::vector<ArgValue> &args, SourceLoc loc,
                        const std::string &what, std::vector<Value> &out,
                        std::vector<SourceLoc> &locs) {
  out.assign(names.size(), Value::invalid());
  locs.assign(names.size(), loc);
  std::vector<bool> given(names.size(), false);
  size_t positional = 0;
  for (ArgValue &a : args) {
    size_t idx;
    if (a.name.empty()) {
      idx = positional++;
      if (idx >= names.size()) {
        error(a.loc, "'" + what + "' takes " + std::to_string(names.size()) +
                         " argument" + (names.size() == 1 ? "" : "s") +
                         ", got " + std::to_string(args.size()));
        return false;
      }
    } else {
      auto it = llvm::find(names, a.name);
      if (it == names.end()) {
        std::string list;
        for (const std::string &n : names)
          list += (list.empty() ? "" : ", ") + n;
        error(a.loc, "'" + what + "' has no argument named '" + a.name +
                         "' (arguments: " + list + ")");
        return false;
      }
      idx = it - names.begin();
      if (given[idx]) {
        error(a.loc,
              "argument '" + a.name + "' of '" + what + "' is given twice");
        return false;
      }
    }
    given[idx] = true;
    out[idx] = a.value;
    locs[idx] = a.loc;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (given[i])
      continue;
    if (i < defaults.size() && defaults[i].isValid()) {
      out[i] = defaults[i];
      continue;
    }
    error(loc, "missing argument '" + names[i] + "' in call to '" + what + "'");
    return false;
  }
  return true;
}

bool SemaImpl::checkScalarType(const TypeExpr &t, const Value &v, SourceLoc loc,
                               const std::string &what) {
  if (t.name == "int" && v.kind != Value::Kind::Int)
    return error(loc, what + " expects an int, got " + describe(v)).isValid();
  if (t.name == "float" && !v.isNumber())
    return error(loc, what + " expects a float, got " + describe(v)).isValid();
  if (t.name == "bool" && v.kind != Value::Kind::Bool)
    return error(loc, what + " expects a bool, got " + describe(v)).isValid();
  return true;
}

Value SemaImpl::construct(const ModuleDecl *decl, std::vector<ArgValue> &args,
                          SourceLoc loc) {
  std::vector<std::string> names;
  for (const ArgDecl &a : decl->args)
    names.push_back(a.name);
  // Defaults may refer to earlier arguments, so they are evaluated after the
  // given ones are bound; mark them present with a None placeholder.
  std::vector<Value> defaults;
  for (const ArgDecl &a : decl->args)
    defaults.push_back(a.defaultValue ? Value::none() : Value::invalid());
  std::vector<Value> bound;
  std::vector<SourceLoc> locs;
  if (!bindArgs(names, defaults, args, loc, decl->name, bound, locs))
    return Value::invalid();
  Frame tmp;
  frames.push_back(&tmp);
  auto fields = std::make_shared<Fields>();
  bool ok = true;
  for (size_t i = 0; i < decl->args.size() && ok; ++i) {
    const ArgDecl &a = decl->args[i];
    Value v = bound[i];
    if (v.kind == Value::Kind::None && a.defaultValue)
      v = eval(*a.defaultValue);
    if (!v.isValid()) {
      ok = false;
      break;
    }
    if (v.kind == Value::Kind::Param || v.kind == Value::Kind::Tensor ||
        v.kind == Value::Kind::Module) {
      error(locs[i], "argument '" + a.name + "' of module '" + decl->name +
                         "' must be a compile-time value, got " + describe(v));
      ok = false;
      break;
    }
    if (a.hasType) {
      if (!a.type.isScalar) {
        error(a.type.loc, "module arguments are compile-time int, float or "
                          "bool values, not tensors");
        ok = false;
        break;
      }
      if (!checkScalarType(a.type, v, locs[i],
                           "argument '" + a.name + "' of module '" +
                               decl->name + "'")) {
        ok = false;
        break;
      }
      if (a.type.name == "float" && v.kind == Value::Kind::Int) {
        double x;
        if (!toDouble(v, locs[i], a.name, x)) {
          ok = false;
          break;
        }
        v = Value::ofFloat(x);
      }
    }
    tmp.locals[a.name] = v;
    fields->push_back({a.name, v});
  }
  frames.pop_back();
  if (!ok)
    return Value::invalid();
  Value c;
  c.kind = Value::Kind::Ctor;
  c.decl = decl;
  c.fields = fields;
  return c;
}

ModuleInst *SemaImpl::instantiate(const ModuleDecl *decl, const Fields &args,
                                  const std::string &prefix, SourceLoc loc) {
  if (instDepth >= kMaxInstDepth) {
    error(loc, "module '" + decl->name + "' is nested more than " +
                   std::to_string(kMaxInstDepth) +
                   " levels deep; does it contain itself?");
    return nullptr;
  }
  if (instances.size() >= kMaxInstances) {
    error(loc, "the model holds more than " + std::to_string(kMaxInstances) +
                   " module instances (the budget for one compilation); "
                   "does '" +
                   decl->name + "' instantiate itself more than once?");
    return nullptr;
  }
  auto inst = std::make_unique<ModuleInst>();
  inst->decl = decl;
  inst->prefix = prefix;
  for (const auto &kv : args)
    inst->args[kv.first] = kv.second;
  ModuleInst *raw = inst.get();
  instances.push_back(std::move(inst));
  Frame f;
  f.self = raw;
  f.isModuleBody = true;
  f.callLoc = loc;
  GraphFunction *savedFn = fn;
  fn = nullptr;
  ++instDepth;
  frames.push_back(&f);
  bool ok = execBlock(decl->body);
  frames.pop_back();
  --instDepth;
  fn = savedFn;
  return ok ? raw : nullptr;
}

Value SemaImpl::callValue(const Value &callee, std::vector<ArgValue> &args,
                          SourceLoc loc, llvm::StringRef calleeName) {
  switch (callee.kind) {
  case Value::Kind::Builtin:
    return callBuiltin(callee.s, args, loc);
  case Value::Kind::ModuleRef:
    return construct(callee.decl, args, loc);
  case Value::Kind::Module: {
    auto it = callee.mod->members.find("forward");
    if (it == callee.mod->members.end() || it->second.kind != Value::Kind::Def)
      return error(loc, describe(callee) + " has no 'forward' def to call");
    return callDef(callee.mod, it->second.def, args, loc);
  }
  case Value::Kind::Def:
    return callDef(callee.mod, callee.def, args, loc);
  case Value::Kind::Ctor:
    return error(loc, "a submodule must be declared in the module body "
                      "('name = " +
                          callee.decl->name +
                          "(...)') and then called by name");
  case Value::Kind::List:
    return error(loc, "a list is not callable; index it ('" + calleeName.str() +
                          "[0](x)') or loop over it");
  default:
    return error(loc, "'" + calleeName.str() + "' is not callable; it is " +
                          describe(callee));
  }
}

bool SemaImpl::matchType(const TypeExpr &t, const TensorType &at,
                         std::string &expected, bool &mismatch,
                         std::string *unbound) {
  Frame &f = frame();
  // Unbound capitalised names bind to the actual dimension; `...` spans any
  // number of leading dimensions.
  size_t nEllipsis = 0;
  for (const ExprPtr &d : t.dims)
    nEllipsis += llvm::isa<EllipsisExpr>(d.get());
  if (nEllipsis > 1) {
    error(t.loc, "a type may contain at most one '...'");
    return false;
  }
  size_t fixed = t.dims.size() - nEllipsis;
  expected = t.name + "[";
  bool rankOk = nEllipsis ? at.rank() >= fixed : at.rank() == fixed;
  mismatch = !rankOk;
  std::optional<ElementType> dt = parseDType(t.name);
  // Integer types match each other so that ids may be i32 or i64.
  if (!dt || (*dt != at.dtype && !(isInteger(*dt) && isInteger(at.dtype))))
    mismatch = true;
  size_t ai = 0;
  for (size_t i = 0; i < t.dims.size(); ++i) {
    if (i)
      expected += ", ";
    const Expr *de = t.dims[i].get();
    if (llvm::isa<EllipsisExpr>(de)) {
      expected += "...";
      if (rankOk)
        ai += at.rank() - fixed;
      continue;
    }
    std::optional<Dim> actualDim;
    if (rankOk)
      actualDim = at.dims[ai++];
    auto *name = llvm::dyn_cast<NameExpr>(de);
    if (name && isSymbolName(name->name) && !f.locals.count(name->name) &&
        !(f.self && (f.self->members.count(name->name) ||
                     f.self->args.count(name->name)))) {
      if (unbound) {
        // A return type can only restate what the arguments bound: binding
        // here would accept any result (`-> f32[M, 4]` returning [N, 4]).
        mismatch = true;
        if (unbound->empty())
          *unbound = name->name;
        expected += name->name;
      } else if (actualDim) {
        f.locals[name->name] = Value::ofInt(*actualDim);
        expected += actualDim->str();
      } else {
        expected += name->name;
      }
      continue;
    }
    Value v = eval(*de);
    if (!v.isValid())
      return false;
    if (v.kind != Value::Kind::Int) {
      error(de->loc, "dimension must be an int, got " + describe(v));
      return false;
    }
    expected += v.i.str();
    if (actualDim && !dimsCompatible(v.i, *actualDim))
      mismatch = true;
  }
  expected += "]";
  return true;
}

bool SemaImpl::evalTensorType(const TypeExpr &t, bool declareSymbols,
                              TensorType &out) {
  std::optional<ElementType> dt = parseDType(t.name);
  if (!dt || t.isScalar) {
    error(t.loc,
          "expected a tensor type such as 'f32[N, 784]', got '" + t.name + "'");
    return false;
  }
  out.dtype = *dt;
  out.dims.clear();
  Frame &f = frame();
  for (const ExprPtr &d : t.dims) {
    if (llvm::isa<EllipsisExpr>(d.get())) {
      error(d->loc, "'...' is only allowed in the argument types of a def "
                    "called from another def; give this type a fixed rank");
      return false;
    }
    auto *name = llvm::dyn_cast<NameExpr>(d.get());
    if (name && isSymbolName(name->name) && !f.locals.count(name->name) &&
        !(f.self && (f.self->members.count(name->name) ||
                     f.self->args.count(name->name)))) {
      if (!declareSymbols) {
        error(d->loc, "unknown dimension '" + name->name +
                          "'; a shape here must use module arguments and "
                          "literals");
        return false;
      }
      Dim sym = Dim::symbol(name->name);
      f.locals[name->name] = Value::ofInt(sym);
      out.dims.push_back(sym);
      continue;
    }
    Value v = eval(*d);
    if (!v.isValid())
      return false;
    if (v.kind != Value::Kind::Int) {
      error(d->loc, "dimension must be an int, got " + describe(v));
      return false;
    }
    if (v.i.isStatic() && v.i.value < 0) {
      error(d->loc, "dimension must not be negative, got " + v.i.str());
      return false;
    }
    out.dims.push_back(v.i);
  }
  return true;
}

Value SemaImpl::callDef(ModuleInst *self, const DefStmt *def,
                        std::vector<ArgValue> &args, SourceLoc loc) {
  std::string what = self->decl->name + "." + def->name;
  if (frames.size() > kMaxCallDepth)
    return error(loc, "calls nest more than " + std::to_string(kMaxCallDepth) +
                          " deep; is '" + what + "' recursive?");
  if (!fn)
    return error(loc, "'" + what +
                          "' can only be called inside a def or a "
                          "train block");
  std::vector<std::string> names;
  std::vector<Value> defaults;
  for (const ArgDecl &a : def->args) {
    names.push_back(a.name);
    defaults.push_back(a.defaultValue ? Value::none() : Value::invalid());
  }
  std::vector<Value> bound;
  std::vector<SourceLoc> locs;
  if (!bindArgs(names, defaults, args, loc, what, bound, locs))
    return Value::invalid();
  Frame f;
  f.self = self;
  f.def = def;
  f.callLoc = loc;
  frames.push_back(&f);
  auto done = [&](Value v) {
    frames.pop_back();
    return v;
  };
  for (size_t i = 0; i < def->args.size(); ++i) {
    const ArgDecl &a = def->args[i];
    Value v = bound[i];
    if (v.kind == Value::Kind::None && a.defaultValue)
      v = eval(*a.defaultValue);
    if (!v.isValid())
      return done(Value::invalid());
    std::string argWhat = "argument '" + a.name + "' of '" + what + "'";
    if (a.type.isScalar) {
      if (!checkScalarType(a.type, v, locs[i], argWhat))
        return done(Value::invalid());
    } else {
      v = toTensor(v, locs[i], argWhat);
      if (!v.isValid())
        return done(v);
      std::string expected;
      bool mismatch = false;
      if (!matchType(a.type, v.type, expected, mismatch))
        return done(Value::invalid());
      if (mismatch)
        return done(error(locs[i], argWhat + " expects " + expected + ", got " +
                                       v.type.str()));
    }
    f.locals[a.name] = v;
  }
  if (!execBlock(def->body))
    return done(Value::invalid());
  if (!f.hasReturned)
    return done(error(def->endLoc,
                      "missing return at the end of def '" + def->name + "'"));
  Value r = f.returned;
  if (r.kind == Value::Kind::Param)
    r = toTensor(r, def->endLoc, "result");
  if (def->hasReturnType && !def->returnType.isScalar) {
    SourceLoc rloc = f.returnLoc.isValid() ? f.returnLoc : def->endLoc;
    r = toTensor(r, rloc, "the result of '" + what + "'");
    if (!r.isValid())
      return done(r);
    std::string expected, unbound;
    bool mismatch = false;
    if (!matchType(def->returnType, r.type, expected, mismatch, &unbound))
      return done(Value::invalid());
    if (mismatch) {
      error(rloc,
            "'" + what + "' returns " + r.type.str() +
                " but is declared to return " + expected +
                (unbound.empty() ? std::string()
                                 : "; symbolic dimension '" + unbound +
                                       "' is not bound by the types of its "
                                       "arguments"));
      diags.note(def->returnType.loc, "return type declared here");
      return done(Value::invalid());
    }
  } else if (def->hasReturnType) {
    if (!checkScalarType(def->returnType, r, def->returnType.loc,
                         "the result of '" + what + "'"))
      return done(Value::invalid());
  }
  return done(r);
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// True when every path through `b` ends in a return.
static bool alwaysReturns(const Block &b) {
  if (b.empty())
    return false;
  const Stmt &last = *b.back();
  if (llvm::isa<ReturnStmt>(last))
    return true;
  if (auto *i = llvm::dyn_cast<IfStmt>(&last))
    return alwaysReturns(i->thenBody) && alwaysReturns(i->elseBody);
  return false;
}

static void collectDefs(const Block &b, std::vector<const DefStmt *> &out) {
  for (const StmtPtr &s : b) {
    if (auto *d = llvm::dyn_cast<DefStmt>(s.get()))
      out.push_back(d);
    else if (auto *i = llvm::dyn_cast<IfStmt>(s.get())) {
      collectDefs(i->thenBody, out);
      collectDefs(i->elseBody, out);
    } else if (auto *f = llvm::dyn_cast<ForStmt>(s.get())) {
      collectDefs(f->body, out);
    }
  }
}

namespace {
/// Builds one function of the model in its own scope.
struct FunctionScope {
  FunctionScope(SemaImpl &s, const std::string &name, bool isTraining,
                SourceLoc loc)
      : s(s) {
    s.model->functions.emplace_back();
    GraphFunction &g = s.model->functions.back();
    g.name = name;
    g.training = isTraining;
    g.loc = loc;
    s.fn = &g;
    s.loadCache.clear();
    s.training = isTraining;
  }
  ~FunctionScope() { s.fn = nullptr; }
  SemaImpl &s;
};
} // namespace

std::unique_ptr<ModelGraph>
SemaImpl::run(llvm::ArrayRef<const Program *> programs,
              llvm::StringRef trainName) {
  model = std::make_unique<ModelGraph>();
  model->functions.reserve(64);
  // Register modules; user modules may shadow std ones.
  llvm::StringMap<const ModuleDecl *> userModules;
  std::vector<const TrainDecl *> trains;
  const ModuleDecl *lastUserModule = nullptr;
  SourceLoc mainLoc;
  for (const Program *p : programs) {
    bool isStd = p->loc.fileId == stdFileId;
    if (!isStd)
      mainLoc = p->loc;
    for (const auto &m : p->modules) {
      if (!isStd) {
        auto prev = userModules.find(m->name);
        if (prev != userModules.end()) {
          error(m->nameLoc, "duplicate definition of module '" + m->name + "'");
          diags.note(prev->second->nameLoc, "previous definition is here");
          return nullptr;
        }
        userModules[m->name] = m.get();
        lastUserModule = m.get();
      }
      modules[m->name] = m.get();
      // Static checks that do not need instantiation.
      llvm::StringMap<SourceLoc> argNames;
      for (const ArgDecl &a : m->args) {
        if (argNames.count(a.name)) {
          error(a.loc, "duplicate argument '" + a.name + "' of module '" +
                           m->name + "'");
          return nullptr;
        }
        argNames[a.name] = a.loc;
      }
      std::vector<const DefStmt *> defs;
      collectDefs(m->body, defs);
      for (const DefStmt *d : defs) {
        llvm::StringMap<bool> seen;
        for (const ArgDecl &a : d->args) {
          if (seen.count(a.name)) {
            error(a.loc, "duplicate argument '" + a.name + "' of def '" +
                             d->name + "'");
            return nullptr;
          }
          seen[a.name] = true;
        }
        if (!alwaysReturns(d->body)) {
          error(d->endLoc, "missing return at the end of def '" + d->name +
                               "' in module '" + m->name + "'");
          return nullptr;
        }
      }
    }
    for (const auto &t : p->trains)
      if (!isStd)
        trains.push_back(t.get());
  }
  // Train-block names must be unique so `--train NAME` is unambiguous.
  for (size_t i = 0; i < trains.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!trains[i]->name.empty() && trains[i]->name == trains[j]->name) {
        error(trains[i]->nameLoc,
              "duplicate train block name '" + trains[i]->name + "'");
        diags.note(trains[j]->nameLoc, "previous definition is here");
        return nullptr;
      }

  const TrainDecl *train = nullptr;
  if (!trainName.empty()) {
    for (const TrainDecl *t : trains)
      if (t->name == trainName)
        train = t;
    if (!train) {
      std::string names;
      for (const TrainDecl *t : trains)
        if (!t->name.empty())
          names += (names.empty() ? "" : ", ") + t->name;
      error(trains.empty() ? mainLoc : trains.front()->loc,
            "no train block named '" + trainName.str() + "'" +
                (names.empty() ? std::string(" (the file names none)")
                               : " (available: " + names + ")"));
      return nullptr;
    }
  } else if (!trains.empty()) {
    train = trains.front();
  }

  Frame top;
  frames.push_back(&top);
  const ModuleDecl *decl = nullptr;
  std::vector<ArgValue> args;
  SourceLoc instLoc;
  if (train) {
    auto it = modules.find(train->moduleName);
    if (it == modules.end()) {
      std::string best;
      unsigned bestDist = 3;
      for (auto &m : modules) {
        unsigned d = llvm::StringRef(train->moduleName)
                         .edit_distance(m.getKey(), true, bestDist);
        if (d < bestDist) {
          bestDist = d;
          best = m.getKey().str();
        }
      }
      error(train->moduleLoc,
            "unknown module '" + train->moduleName + "'" +
                (best.empty() ? std::string()
                              : "; did you mean '" + best + "'?"));
      return nullptr;
    }
    decl = it->second;
    for (const CallArg &a : train->args) {
      ArgValue av;
      av.name = a.name;
      av.loc = a.name.empty() ? a.value->loc : a.loc;
      av.value = eval(*a.value);
      if (!av.value.isValid())
        return nullptr;
      args.push_back(std::move(av));
    }
    instLoc = train->moduleLoc;
    model->trainName = train->name;
  } else {
    if (!lastUserModule) {
      error(mainLoc, "nothing to compile: the program declares no module");
      return nullptr;
    }
    decl = lastUserModule;
    for (const ArgDecl &a : decl->args)
      if (!a.defaultValue) {
        error(decl->nameLoc, "module '" + decl->name +
                                 "' takes arguments; add a train "
                                 "block such as 'train " +
                                 decl->name + "(...) { ... }' to choose them");
        return nullptr;
      }
    instLoc = decl->nameLoc;
  }
  Value ctor = construct(decl, args, instLoc);
  if (!ctor.isValid())
    return nullptr;
  ModuleInst *root = instantiate(decl, *ctor.fields, "", SourceLoc());
  if (!root)
    return nullptr;
  model->name = decl->name;
  model->loc = decl->nameLoc;

  // forward.
  auto fwd = root->members.find("forward");
  if (fwd == root->members.end() || fwd->second.kind != Value::Kind::Def) {
    error(decl->nameLoc, "module '" + decl->name + "' has no 'forward' def");
    return nullptr;
  }
  {
    const DefStmt *def = fwd->second.def;
    FunctionScope scope(*this, "forward", /*isTraining=*/false, def->nameLoc);
    Frame f;
    f.self = root;
    f.def = def;
    frames.push_back(&f);
    std::vector<ArgValue> fargs;
    for (size_t i = 0; i < def->args.size(); ++i) {
      const ArgDecl &a = def->args[i];
      if (a.type.isScalar) {
        error(a.loc, "the arguments of 'forward' are the model's inputs and "
                     "must be tensors; '" +
                         a.name + "' is " + a.type.name);
        return nullptr;
      }
      FuncArg fa;
      fa.name = a.name;
      fa.loc = a.loc;
      if (!evalTensorType(a.type, /*declareSymbols=*/true, fa.type))
        return nullptr;
      int id = addNode("arg", {}, fa.type, a.loc);
      node(id).ints = {static_cast<int64_t>(i)};
      fn->args.push_back(fa);
      ArgValue av;
      av.value = tensorOf(id);
      av.loc = a.loc;
      fargs.push_back(av);
    }
    frames.pop_back();
    Value r = callDef(root, def, fargs, SourceLoc());
    if (!r.isValid())
      return nullptr;
    std::vector<Value> results;
    if (r.kind == Value::Kind::List)
      results = *r.list;
    else
      results.push_back(r);
    for (Value &v : results) {
      Value t =
          v.isNumber()
              ? scalarConstant(v,
                               v.kind == Value::Kind::Int ? ElementType::I64
                                                          : ElementType::F32,
                               def->endLoc)
              : toTensor(v, def->endLoc, "the result of forward");
      if (!t.isValid())
        return nullptr;
      fn->results.push_back(t.node);
    }
  }
  if (!train) {
    frames.pop_back();
    return std::move(model);
  }

  // Train block: the loss and metrics in training and evaluation mode.
  const BatchStmt *batch = nullptr;
  const AssignStmt *loss = nullptr, *optimizer = nullptr;
  std::vector<const MetricStmt *> metrics;
  llvm::StringMap<SourceLoc> metricNames;
  for (const StmtPtr &s : train->body) {
    if (auto *b = llvm::dyn_cast<BatchStmt>(s.get())) {
      if (batch) {
        error(b->loc, "a train block has a single 'batch' line");
        diags.note(batch->loc, "previous 'batch' line is here");
        return nullptr;
      }
      batch = b;
    } else if (auto *m = llvm::dyn_cast<MetricStmt>(s.get())) {
      if (metricNames.count(m->name)) {
        error(m->nameLoc, "duplicate definition of metric '" + m->name + "'");
        diags.note(metricNames[m->name], "previous definition is here");
        return nullptr;
      }
      if (m->name == "loss") {
        error(m->nameLoc, "a metric cannot be called 'loss': train_step "
                          "and eval_step report the loss under that name");
        return nullptr;
      }
      metricNames[m->name] = m->nameLoc;
      metrics.push_back(m);
    } else if (auto *a = llvm::dyn_cast<AssignStmt>(s.get())) {
      if (a->name != "loss" && a->name != "optimizer")
        continue;
      const AssignStmt *&slot = a->name == "loss" ? loss : optimizer;
      if (slot) {
        error(a->nameLoc, "duplicate '" + a->name + "' in train block");
        diags.note(slot->nameLoc, "previous definition is here");
        return nullptr;
      }
      slot = a;
    } else if (!llvm::isa<IfStmt>(s.get()) && !llvm::isa<ForStmt>(s.get())) {
      error(s->loc, "unexpected statement in a train block");
      return nullptr;
    }
  }
  if (!loss) {
    error(train->moduleLoc, "train block of '" + train->moduleName +
                                "' has no 'loss = ...' line");
    return nullptr;
  }
  if (!optimizer) {
    error(train->moduleLoc, "train block of '" + train->moduleName +
                                "' has no 'optimizer = sgd(...)' line "
                                "(or adam, adamw)");
    return nullptr;
  }

  // Evaluates the train body once, with the loss and then the metrics as
  // the function's results: `train_loss` in training mode (autodiff makes it
  // train_step) and `eval_step` in evaluation mode.
  auto buildTrainFunction = [&](const std::string &name,
                                bool isTraining) -> bool {
    FunctionScope scope(*this, name, isTraining, train->moduleLoc);
    Frame f;
    f.self = root;
    frames.push_back(&f);
    auto done = [&](bool ok) {
      frames.pop_back();
      return ok;
    };
    if (batch) {
      for (size_t i = 0; i < batch->inputs.size(); ++i) {
        const ArgDecl &a = batch->inputs[i];
        if (a.type.isScalar) {
          error(a.type.loc, "batch inputs must be tensors; '" + a.name +
                                "' is " + a.type.name);
          return done(false);
        }
        FuncArg fa;
        fa.name = a.name;
        fa.loc = a.loc;
        if (!evalTensorType(a.type, /*declareSymbols=*/true, fa.type))
          return done(false);
        int id = addNode("arg", {}, fa.type, a.loc);
        node(id).ints = {static_cast<int64_t>(i)};
        fn->args.push_back(fa);
        f.locals[a.name] = tensorOf(id);
      }
    }
    int lossNode = -1;
    std::vector<int> metricNodes;
    for (const StmtPtr &s : train->body) {
      if (llvm::isa<BatchStmt>(s.get()) || s.get() == optimizer)
        continue;
      const Expr *value = nullptr;
      auto *m = llvm::dyn_cast<MetricStmt>(s.get());
      if (m)
        value = m->value.get();
      else if (s.get() == loss)
        value = loss->value.get();
      if (!value) {
        if (!exec(*s))
          return done(false);
        continue;
      }
      Value v = eval(*value);
      if (!v.isValid())
        return done(false);
      std::string what = m ? "metric '" + m->name + "'" : "'loss'";
      Value t = v.isNumber() ? scalarConstant(v, ElementType::F32, value->loc)
                             : toTensor(v, value->loc, what);
      if (!t.isValid())
        return done(false);
      if (t.type.rank() != 0) {
        error(value->loc, std::string(m ? "a metric" : "the loss") +
                              " must be a scalar, got " + t.type.str() +
                              "; reduce it with mean(...) or sum(...)");
        return done(false);
      }
      if (m) {
        metricNodes.push_back(t.node);
      } else {
        lossNode = t.node;
        f.locals["loss"] = t; // later lines (a metric) may read the loss
      }
    }
    fn->results.push_back(lossNode);
    fn->resultNames.push_back("loss");
    for (size_t k = 0; k < metrics.size(); ++k) {
      fn->results.push_back(metricNodes[k]);
      fn->resultNames.push_back(metrics[k]->name);
    }
    return done(true);
  };
  if (!buildTrainFunction("train_loss", /*isTraining=*/true) ||
      !buildTrainFunction("eval_step", /*isTraining=*/false))
    return nullptr;

  // The optimizer is a compile-time value.
  {
    Frame f;
    f.self = root;
    frames.push_back(&f);
    Value opt = eval(*optimizer->value);
    frames.pop_back();
    if (!opt.isValid())
      return nullptr;
    if (opt.kind != Value::Kind::Optimizer) {
      error(optimizer->value->loc,
            "optimizer must be sgd(...), adam(...) or adamw(...), got " +
                describe(opt));
      return nullptr;
    }
    model->optimizer.kind = opt.s;
    model->optimizer.loc = optimizer->value->loc;
    for (auto &kv : *opt.fields) {
      double x = 0;
      if (kv.second.kind == Value::Kind::Str) {
        model->optimizer.strings.push_back({kv.first, kv.second.s});
        continue;
      }
      if (kv.second.kind == Value::Kind::Int)
        model->optimizer.intKeys.push_back(kv.first);
      if (kv.second.kind == Value::Kind::Bool) {
        x = kv.second.b;
        model->optimizer.boolKeys.push_back(kv.first);
      } else if (!toDouble(kv.second, optimizer->value->loc, kv.first, x)) {
        return nullptr;
      }
      model->optimizer.values.push_back({kv.first, x});
    }
  }
  frames.pop_back();
  return std::move(model);
}

std::unique_ptr<ModelGraph>
dlc::analyzeProgram(Diagnostics &diags,
                    llvm::ArrayRef<const Program *> programs,
                    llvm::StringRef trainName, unsigned stdFileId) {
  SemaImpl sema(diags, stdFileId);
  std::unique_ptr<ModelGraph> m = sema.run(programs, trainName);
  if (sema.failed())
    return nullptr;
  return m;
}
