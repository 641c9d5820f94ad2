//===- SemaBuiltins.cpp - Signatures and shape rules of the builtins ------===//
//
// Every builtin of DSL.md: its arguments (with PyTorch's defaults), the
// checks on its operands and the type of its result. Operators (+ - * / @ **
// and comparisons), indexing and compile-time folding live here too.
//
//===----------------------------------------------------------------------===//
#include "frontend/SemaInternal.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <set>

using namespace dlc;

namespace {
/// A builtin's argument names and defaults (Invalid: required; None:
/// optional and absent).
struct Signature {
  std::vector<std::string> names;
  std::vector<Value> defaults;
};
} // namespace

static const Value kRequired = Value::invalid();

static const llvm::StringMap<Signature> &signatures() {
  static const llvm::StringMap<Signature> table = [] {
    llvm::StringMap<Signature> m;
    auto add = [&](std::initializer_list<const char *> names,
                   std::vector<std::pair<const char *, Value>> sig) {
      for (const char *n : names) {
        Signature s;
        for (auto &p : sig) {
          s.names.push_back(p.first);
          s.defaults.push_back(p.second);
        }
        m[n] = s;
      }
    };
    Value none = Value::none();
    add({"relu", "sigmoid", "tanh", "exp", "log", "sqrt", "rsqrt", "abs", "neg",
         "erf"},
        {{"x", kRequired}});
    add({"gelu"}, {{"x", kRequired}, {"approximate", Value::ofStr("none")}});
    add({"maximum", "minimum"}, {{"x", kRequired}, {"y", kRequired}});
    add({"where"}, {{"cond", kRequired}, {"x", kRequired}, {"y", kRequired}});
    add({"clamp"}, {{"x", kRequired}, {"min", none}, {"max", none}});
    add({"sum", "mean", "max", "min"},
        {{"x", kRequired}, {"axis", none}, {"keepdim", Value::ofBool(false)}});
    add({"softmax", "log_softmax"},
        {{"x", kRequired}, {"axis", Value::ofInt(-1)}});
    add({"argmax"},
        {{"x", kRequired}, {"axis", none}, {"keepdim", Value::ofBool(false)}});
    add({"reshape"}, {{"x", kRequired}, {"shape", kRequired}});
    add({"transpose"}, {{"x", kRequired}, {"perm", none}, {"dim1", none}});
    add({"flatten"}, {{"x", kRequired},
                      {"start", Value::ofInt(0)},
                      {"end", Value::ofInt(-1)}});
    add({"concat"}, {{"xs", kRequired}, {"axis", Value::ofInt(0)}});
    add({"split"},
        {{"x", kRequired}, {"size", kRequired}, {"axis", Value::ofInt(0)}});
    add({"expand"}, {{"x", kRequired}, {"shape", kRequired}});
    add({"squeeze"}, {{"x", kRequired}, {"axis", none}});
    add({"unsqueeze"}, {{"x", kRequired}, {"axis", kRequired}});
    add({"matmul"}, {{"x", kRequired}, {"y", kRequired}});
    add({"linear"}, {{"x", kRequired}, {"w", kRequired}, {"b", none}});
    add({"conv2d"}, {{"x", kRequired},
                     {"w", kRequired},
                     {"b", none},
                     {"stride", Value::ofInt(1)},
                     {"padding", Value::ofInt(0)},
                     {"dilation", Value::ofInt(1)},
                     {"groups", Value::ofInt(1)}});
    add({"max_pool2d", "avg_pool2d"}, {{"x", kRequired},
                                       {"kernel", kRequired},
                                       {"stride", none},
                                       {"padding", Value::ofInt(0)}});
    add({"global_avg_pool2d"}, {{"x", kRequired}});
    add({"batch_norm"}, {{"x", kRequired},
                         {"w", kRequired},
                         {"b", kRequired},
                         {"mean", kRequired},
                         {"var", kRequired},
                         {"momentum", Value::ofFloat(0.1)},
                         {"eps", Value::ofFloat(1e-5)}});
    add({"layer_norm"}, {{"x", kRequired},
                         {"w", kRequired},
                         {"b", none},
                         {"eps", Value::ofFloat(1e-5)}});
    add({"embedding"}, {{"ids", kRequired}, {"table", kRequired}});
    add({"dropout"}, {{"x", kRequired}, {"p", Value::ofFloat(0.5)}});
    add({"causal_mask"}, {{"size", kRequired}});
    add({"one_hot"}, {{"ids", kRequired}, {"n", kRequired}});
    add({"mse", "binary_cross_entropy_with_logits"},
        {{"pred", kRequired}, {"target", kRequired}});
    add({"cross_entropy", "accuracy"},
        {{"logits", kRequired}, {"labels", kRequired}});
    add({"cast"}, {{"x", kRequired}, {"dtype", kRequired}});
    // Learning-rate schedule keywords, shared by every optimizer.
    std::vector<std::pair<const char *, Value>> schedule = {
        {"schedule", Value::ofStr("constant")}, {"warmup", Value::ofInt(0)},
        {"step_size", Value::ofInt(0)},         {"gamma", Value::ofFloat(0.1)},
        {"total_steps", Value::ofInt(0)},       {"min_lr", Value::ofFloat(0)}};
    auto withSchedule = [&](std::vector<std::pair<const char *, Value>> sig) {
      sig.insert(sig.end(), schedule.begin(), schedule.end());
      return sig;
    };
    add({"sgd"}, withSchedule({{"lr", kRequired},
                               {"momentum", Value::ofFloat(0)},
                               {"dampening", Value::ofFloat(0)},
                               {"nesterov", Value::ofBool(false)},
                               {"weight_decay", Value::ofFloat(0)}}));
    add({"adam"}, withSchedule({{"lr", Value::ofFloat(1e-3)},
                                {"beta1", Value::ofFloat(0.9)},
                                {"beta2", Value::ofFloat(0.999)},
                                {"eps", Value::ofFloat(1e-8)},
                                {"weight_decay", Value::ofFloat(0)}}));
    add({"adamw"}, withSchedule({{"lr", Value::ofFloat(1e-3)},
                                 {"beta1", Value::ofFloat(0.9)},
                                 {"beta2", Value::ofFloat(0.999)},
                                 {"eps", Value::ofFloat(1e-8)},
                                 {"weight_decay", Value::ofFloat(0.01)}}));
    add({"zeros", "ones"}, {});
    add({"uniform"}, {{"a", Value::ofFloat(0)}, {"b", Value::ofFloat(1)}});
    add({"normal"}, {{"mean", Value::ofFloat(0)}, {"std", Value::ofFloat(1)}});
    add({"glorot_uniform"}, {{"gain", Value::ofFloat(1)}});
    add({"kaiming_uniform", "kaiming_normal"}, {{"a", Value::ofFloat(0)}});
    add({"int", "float", "len"}, {{"x", kRequired}});
    return m;
  }();
  return table;
}

bool SemaImpl::isBuiltin(llvm::StringRef name) const {
  return signatures().count(name) != 0;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

bool SemaImpl::toDouble(const Value &v, SourceLoc loc, llvm::StringRef what,
                        double &out) {
  if (v.kind == Value::Kind::Float) {
    out = v.f;
    return true;
  }
  if (v.kind == Value::Kind::Int) {
    if (!v.i.isStatic())
      return error(loc,
                   what + " must be known at compile time, got " + describe(v))
          .isValid();
    out = static_cast<double>(v.i.value);
    return true;
  }
  return error(loc, what + " must be a number, got " + describe(v)).isValid();
}

bool SemaImpl::toIntList(const Value &v, SourceLoc loc, llvm::StringRef what,
                         std::vector<int64_t> &out) {
  out.clear();
  if (v.isStaticInt()) {
    out.push_back(v.i.value);
    return true;
  }
  if (v.kind == Value::Kind::List) {
    for (const Value &e : *v.list) {
      if (!e.isStaticInt())
        return error(loc,
                     what + " must be compile-time ints, got " + describe(e))
            .isValid();
      out.push_back(e.i.value);
    }
    return true;
  }
  return error(loc,
               what + " must be an int or a list of ints, got " + describe(v))
      .isValid();
}

bool SemaImpl::toDimList(const Value &v, SourceLoc loc, llvm::StringRef what,
                         std::vector<Dim> &out) {
  out.clear();
  if (v.kind == Value::Kind::Int) {
    out.push_back(v.i);
    return true;
  }
  if (v.kind == Value::Kind::List) {
    for (const Value &e : *v.list) {
      if (e.kind != Value::Kind::Int)
        return error(loc, what +
                              " must be a list of ints, got an element "
                              "that is " +
                              describe(e))
            .isValid();
      out.push_back(e.i);
    }
    return true;
  }
  return error(loc, what + " must be a list of ints, got " + describe(v))
      .isValid();
}

int64_t SemaImpl::normalizeAxis(int64_t axis, unsigned rank, SourceLoc loc,
                                const TensorType &t) {
  int64_t r = rank;
  if (axis < -r || axis >= r || (r == 0 && axis != 0 && axis != -1)) {
    error(loc, "axis " + std::to_string(axis) + " is out of range for " +
                   t.str() + " (rank " + std::to_string(rank) + ")");
    return -1;
  }
  return axis < 0 ? axis + r : axis;
}

/// Factors of an element count: static product, symbolic factors, and
/// whether something is unknown or the static product overflows int64.
struct Count {
  int64_t value = 1;
  std::multiset<std::string> syms;
  bool unknown = false;
  bool overflow = false;
};

static Count countOf(llvm::ArrayRef<Dim> dims) {
  Count c;
  auto scale = [&](int64_t v) {
    std::optional<int64_t> p = checkedMul(c.value, v);
    if (p)
      c.value = *p;
    else
      c.overflow = true;
  };
  for (const Dim &d : dims) {
    if (d.isStatic()) {
      scale(d.value);
    } else if (d.isUnknown()) {
      c.unknown = true;
    } else if (d.sym.find_first_of("+-/()") == std::string::npos) {
      llvm::SmallVector<llvm::StringRef, 4> parts;
      llvm::StringRef(d.sym).split(parts, '*');
      for (llvm::StringRef p : parts) {
        int64_t v;
        if (!p.getAsInteger(10, v))
          scale(v);
        else
          c.syms.insert(p.str());
      }
    } else {
      c.syms.insert(d.sym);
    }
  }
  return c;
}

/// `c`'s static product times its symbolic factors, in canonical form.
static DimResult countDim(int64_t value,
                          const std::multiset<std::string> &syms) {
  Dim d = Dim::of(value);
  for (const std::string &s : syms) {
    DimResult r = dimMul(d, Dim::symbol(s));
    if (!r.ok())
      return r;
    d = r.dim;
  }
  return d;
}

/// "; declare N as 8" when `sym` is a multiple of a single named symbol and
/// `fixed` a static count that it divides; empty otherwise.
static std::string declareHint(const Count &sym, const Count &fixed) {
  if (sym.unknown || fixed.unknown || !fixed.syms.empty() ||
      sym.syms.size() != 1 || sym.value <= 0 || fixed.value % sym.value != 0)
    return "";
  const std::string &name = *sym.syms.begin();
  if (!isSymbolName(name) ||
      !llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; }))
    return "";
  return "; declare " + name + " as " + std::to_string(fixed.value / sym.value);
}

static std::string countString(const Count &c) {
  if (c.unknown)
    return "an unknown number of";
  if (c.overflow)
    return "more than 2^63";
  DimResult d = countDim(c.value, c.syms);
  return d.ok() ? d.dim.str() : "a symbolic number of";
}

static bool isNumberOrBool(const Value &v) {
  return v.isNumber() || v.kind == Value::Kind::Bool;
}

static bool isTensorish(const Value &v) {
  return v.kind == Value::Kind::Tensor || v.kind == Value::Kind::Param;
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

// Strings only name options ("tanh", "f32"); the bound keeps `s = s + s` in
// a loop from exhausting memory.
static constexpr size_t kMaxStringLength = 65536;

/// `u ** v` for v >= 0; nullopt on int64 overflow.
static std::optional<int64_t> checkedPow(int64_t u, int64_t v) {
  // 0, 1 and -1 never overflow, however large v is; any other base does
  // within 63 steps, so the loop is short.
  if (u == 0)
    return v == 0 ? 1 : 0;
  if (u == 1)
    return 1;
  if (u == -1)
    return v % 2 ? -1 : 1;
  int64_t r = 1;
  for (int64_t k = 0; k < v; ++k) {
    std::optional<int64_t> m = checkedMul(r, u);
    if (!m)
      return std::nullopt;
    r = *m;
  }
  return r;
}

/// `u op v` for one of the six comparison operators.
template <typename T> static bool compareScalars(llvm::StringRef op, T u, T v) {
  if (op == "==")
    return u == v;
  if (op == "!=")
    return u != v;
  if (op == "<")
    return u < v;
  if (op == "<=")
    return u <= v;
  if (op == ">")
    return u > v;
  return u >= v;
}

Value SemaImpl::foldScalarBinary(llvm::StringRef op, const Value &a,
                                 const Value &b, SourceLoc loc) {
  auto bad = [&] {
    return error(loc, "cannot apply '" + op + "' to " + describe(a) + " and " +
                          describe(b));
  };
  bool isCmp = op == "==" || op == "!=" || op == "<" || op == "<=" ||
               op == ">" || op == ">=";
  if (a.kind == Value::Kind::Str || b.kind == Value::Kind::Str) {
    if (a.kind != b.kind)
      return bad();
    if (op == "==")
      return Value::ofBool(a.s == b.s);
    if (op == "!=")
      return Value::ofBool(a.s != b.s);
    if (op == "+") {
      if (a.s.size() + b.s.size() > kMaxStringLength)
        return error(loc, "string is too long (more than " +
                              std::to_string(kMaxStringLength) +
                              " characters)");
      return Value::ofStr(a.s + b.s);
    }
    return bad();
  }
  if (a.kind == Value::Kind::Bool || b.kind == Value::Kind::Bool) {
    if (a.kind != b.kind || (op != "==" && op != "!="))
      return bad();
    return Value::ofBool((a.b == b.b) == (op == "=="));
  }
  if (!a.isNumber() || !b.isNumber())
    return bad();
  if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int) {
    const Dim &x = a.i, &y = b.i;
    // Int values are dimensions, static or symbolic; overflow is an error.
    auto result = [&](const DimResult &r) {
      if (r.error == DimError::Overflow)
        return error(loc, std::string(dimErrorMessage(r.error)) + " (" +
                              x.str() + " " + op + " " + y.str() + ")");
      return dimValue(r, loc);
    };
    if (op == "+")
      return result(dimAdd(x, y));
    if (op == "-")
      return result(dimSub(x, y));
    if (op == "*")
      return result(dimMul(x, y));
    if (op == "//")
      return result(dimFloorDiv(x, y));
    bool bothStatic = x.isStatic() && y.isStatic();
    if (isCmp && !bothStatic) {
      if ((op == "==" || op == "!=") && !x.isStatic() && !y.isStatic() &&
          x.sym == y.sym && !x.isUnknown())
        return Value::ofBool(op == "==");
      return error(loc, "cannot compare " + describe(a) + " with " +
                            describe(b) + " at compile time");
    }
    if (!bothStatic && op == "/")
      return error(loc, "'/' on " + describe(!x.isStatic() ? a : b) +
                            " is not an integer; use '//'");
    if (!bothStatic)
      return bad();
    int64_t u = x.value, v = y.value;
    if (op == "%") {
      std::optional<int64_t> r = checkedFloorMod(u, v);
      if (!r)
        return error(loc, "division by zero");
      return Value::ofInt(*r);
    }
    if (op == "**" && v >= 0) {
      std::optional<int64_t> r = checkedPow(u, v);
      if (!r)
        return result(DimError::Overflow);
      return Value::ofInt(*r);
    }
    if (isCmp)
      return Value::ofBool(compareScalars(op, u, v));
  }
  double u, v;
  if (!toDouble(a, loc, "operand of '" + op.str() + "'", u) ||
      !toDouble(b, loc, "operand of '" + op.str() + "'", v))
    return Value::invalid();
  // Literals are finite and so must every folded value be: an inf or NaN
  // would reach the model as a constant, an initializer or a hyper-parameter.
  auto real = [&](double r) {
    if (!std::isfinite(r))
      return error(loc, "'" + op + "' of " + describe(a) + " and " +
                            describe(b) + " is not a finite number");
    return Value::ofFloat(r);
  };
  if (op == "+")
    return real(u + v);
  if (op == "-")
    return real(u - v);
  if (op == "*")
    return real(u * v);
  if (op == "/" || op == "//" || op == "%") {
    if (v == 0)
      return error(loc, "division by zero");
    if (op == "/")
      return real(u / v);
    if (op == "//")
      return real(std::floor(u / v));
    return real(u - v * std::floor(u / v));
  }
  if (op == "**")
    return real(std::pow(u, v));
  if (op == "maximum")
    return Value::ofFloat(std::max(u, v));
  if (op == "minimum")
    return Value::ofFloat(std::min(u, v));
  if (isCmp)
    return Value::ofBool(compareScalars(op, u, v));
  return bad();
}

/// One right-aligned dimension pair under NumPy broadcasting (a missing side
/// is null); nullopt when the two cannot broadcast.
static std::optional<Dim> broadcastDim(const Dim *x, const Dim *y) {
  if (!x)
    return *y;
  if (!y || (y->isStatic() && y->value == 1))
    return *x;
  if (x->isStatic() && x->value == 1)
    return *y;
  if (dimsCompatible(*x, *y))
    return mergeDims(*x, *y);
  return std::nullopt;
}

bool SemaImpl::broadcastShapes(const TensorType &a, const TensorType &b,
                               llvm::StringRef opName, SourceLoc loc,
                               llvm::SmallVectorImpl<Dim> &out) {
  // Right-aligned, NumPy style.
  const auto &da = a.dims, &db = b.dims;
  size_t rank = std::max(da.size(), db.size());
  out.assign(rank, Dim());
  for (size_t k = 0; k < rank; ++k) {
    const Dim *x = k < da.size() ? &da[da.size() - 1 - k] : nullptr;
    const Dim *y = k < db.size() ? &db[db.size() - 1 - k] : nullptr;
    std::optional<Dim> r = broadcastDim(x, y);
    if (!r)
      return error(loc, "cannot broadcast " + a.str() + " and " + b.str() +
                            " in '" + opName + "': dimensions " + x->str() +
                            " and " + y->str() + " differ" +
                            dimMismatchHint(*x, *y))
          .isValid();
    out[rank - 1 - k] = *r;
  }
  return true;
}

Value SemaImpl::elementwise(llvm::StringRef op, Value a, Value b,
                            SourceLoc loc) {
  static const std::map<std::string, std::string> spelling = {
      {"add", "+"},
      {"sub", "-"},
      {"mul", "*"},
      {"div", "/"},
      {"pow", "**"},
      {"maximum", "maximum"},
      {"minimum", "minimum"},
      {"less", "<"},
      {"less_equal", "<="},
      {"greater", ">"},
      {"greater_equal", ">="},
      {"equal", "=="},
      {"not_equal", "!="}};
  auto sp = spelling.find(op.str());
  std::string opName = sp != spelling.end() ? sp->second : op.str();
  llvm::SmallVector<Dim, 4> out;
  if (!broadcastShapes(a.type, b.type, opName, loc, out))
    return Value::invalid();
  bool isCmp = op == "less" || op == "less_equal" || op == "greater" ||
               op == "greater_equal" || op == "equal" || op == "not_equal";
  ElementType dt = promote(a.type.dtype, b.type.dtype);
  // True division of integers gives floats, as in PyTorch.
  if ((op == "div" || op == "pow") && !isFloat(dt))
    dt = op == "div" ? ElementType::F32 : dt;
  if (dt == ElementType::Bool && !isCmp && op != "maximum" && op != "minimum" &&
      op != "mul")
    return error(loc, "'" + opName + "' is not defined on bool tensors " +
                          a.type.str() + " and " + b.type.str());
  a = cast(a, dt, loc);
  b = cast(b, dt, loc);
  TensorType rt;
  rt.dtype = isCmp ? ElementType::Bool : dt;
  rt.dims = out;
  int id = addNode(op, {a.node, b.node}, rt, loc);
  return tensorOf(id);
}

Value SemaImpl::matmul(Value a, Value b, SourceLoc loc) {
  std::string what = "matmul of " + a.type.str() + " and " + b.type.str();
  if (a.type.rank() == 0 || b.type.rank() == 0)
    return error(loc, what + ": both operands need at least one dimension");
  ElementType dt = promote(a.type.dtype, b.type.dtype);
  if (dt == ElementType::Bool)
    return error(loc, what + ": bool tensors cannot be multiplied");
  a = cast(a, dt, loc);
  b = cast(b, dt, loc);
  // Vectors are promoted to matrices and the extra dimension removed after,
  // as torch.matmul does, so the node only sees rank >= 2.
  bool vecA = a.type.rank() == 1, vecB = b.type.rank() == 1;
  const Dim &ka = a.type.dims.back();
  const Dim &kb = vecB ? b.type.dims[0] : b.type.dims[b.type.rank() - 2];
  if (!dimsCompatible(ka, kb))
    return error(loc, what + ": inner dimensions " + ka.str() + " and " +
                          kb.str() + " differ" + dimMismatchHint(ka, kb));
  if (vecA)
    a = reshapeTo(a, {Dim::of(1), a.type.dims[0]}, loc);
  if (vecB)
    b = reshapeTo(b, {b.type.dims[0], Dim::of(1)}, loc);
  const auto &da = a.type.dims, &db = b.type.dims;
  size_t ba = da.size() - 2, bb = db.size() - 2;
  size_t brank = std::max(ba, bb);
  llvm::SmallVector<Dim, 4> dims(brank);
  for (size_t k = 0; k < brank; ++k) {
    const Dim *x = k < ba ? &da[ba - 1 - k] : nullptr;
    const Dim *y = k < bb ? &db[bb - 1 - k] : nullptr;
    std::optional<Dim> r = broadcastDim(x, y);
    if (!r)
      return error(loc, what + ": batch dimensions " + x->str() + " and " +
                            y->str() + " differ");
    dims[brank - 1 - k] = *r;
  }
  dims.push_back(da[da.size() - 2]);
  dims.push_back(db.back());
  TensorType rt;
  rt.dtype = dt;
  rt.dims = dims;
  Value r = tensorOf(addNode("matmul", {a.node, b.node}, rt, loc));
  if (vecA || vecB) {
    llvm::SmallVector<Dim, 4> sq(dims.begin(), dims.end() - 2);
    if (!vecA)
      sq.push_back(dims[dims.size() - 2]);
    if (!vecB)
      sq.push_back(dims.back());
    r = reshapeTo(r, sq, loc);
  }
  return r;
}

Value SemaImpl::binaryOp(llvm::StringRef op, const Value &a, const Value &b,
                         SourceLoc loc, SourceLoc aLoc, SourceLoc bLoc) {
  bool ta = isTensorish(a), tb = isTensorish(b);
  if (!ta && !tb) {
    if ((isNumberOrBool(a) || a.kind == Value::Kind::Str) &&
        (isNumberOrBool(b) || b.kind == Value::Kind::Str))
      return foldScalarBinary(op, a, b, loc);
    return error(loc, "cannot apply '" + op + "' to " + describe(a) + " and " +
                          describe(b));
  }
  if (!fn)
    return error(loc, "tensor operations are only allowed inside a def");
  Value x = ta ? toTensor(a, aLoc, "operand") : a;
  Value y = tb ? toTensor(b, bLoc, "operand") : b;
  if (!x.isValid() || !y.isValid())
    return Value::invalid();
  if (op == "@") {
    if (!ta || !tb)
      return error(loc, "'@' needs two tensors, got " + describe(a) + " and " +
                            describe(b));
    return matmul(x, y, loc);
  }
  static const std::map<std::string, std::string> ops = {
      {"+", "add"},          {"-", "sub"},        {"*", "mul"},
      {"/", "div"},          {"**", "pow"},       {"<", "less"},
      {"<=", "less_equal"},  {">", "greater"},    {">=", "greater_equal"},
      {"==", "equal"},       {"!=", "not_equal"}, {"maximum", "maximum"},
      {"minimum", "minimum"}};
  auto it = ops.find(op.str());
  if (it == ops.end())
    return error(loc, "'" + op + "' is not defined on tensors (" + describe(a) +
                          " and " + describe(b) + ")");
  // A compile-time scalar takes the tensor's element type (PyTorch's weak
  // scalars), except that a float scalar makes an integer tensor float.
  auto lift = [&](Value &scalar, Value &tensor, SourceLoc sLoc) -> bool {
    if (!isNumberOrBool(scalar)) {
      error(sLoc, "cannot apply '" + op + "' to " + describe(a) + " and " +
                      describe(b));
      return false;
    }
    if (scalar.kind == Value::Kind::Bool)
      scalar = Value::ofInt(scalar.b ? 1 : 0);
    ElementType dt = tensor.type.dtype;
    if (scalar.kind == Value::Kind::Float && !isFloat(dt)) {
      dt = ElementType::F32;
      tensor = cast(tensor, dt, loc);
    }
    scalar = scalarConstant(scalar, dt, sLoc);
    return scalar.isValid();
  };
  if (!ta && !lift(x, y, aLoc))
    return Value::invalid();
  if (!tb && !lift(y, x, bLoc))
    return Value::invalid();
  return elementwise(it->second, x, y, loc);
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

/// ceil(n / d) for n >= 0 and d > 0, without the overflow of n + d - 1.
static int64_t ceilDiv(int64_t n, int64_t d) { return n / d + (n % d != 0); }

Value SemaImpl::indexTensor(const Value &t, const IndexExpr &e) {
  const TensorType &tt = t.type;
  size_t nEllipsis = 0, nReal = 0;
  for (const ExprPtr &x : e.indices) {
    if (llvm::isa<EllipsisExpr>(x.get()))
      ++nEllipsis;
    else
      ++nReal;
  }
  if (nEllipsis > 1)
    return error(e.loc, "an index may contain at most one '...'");
  if (nReal > tt.rank())
    return error(e.loc, "too many indices (" + std::to_string(nReal) +
                            ") for " + tt.str());
  std::vector<int64_t> spec; // start, stop, step per dimension
  std::vector<int64_t> dropped;
  llvm::SmallVector<Dim, 4> dims;
  size_t dim = 0;
  constexpr int64_t kEnd = std::numeric_limits<int64_t>::max();
  auto fullDim = [&](size_t d) {
    spec.insert(spec.end(), {0, kEnd, 1});
    dims.push_back(tt.dims[d]);
  };
  for (const ExprPtr &x : e.indices) {
    if (llvm::isa<EllipsisExpr>(x.get())) {
      size_t span = tt.rank() - nReal;
      for (size_t k = 0; k < span; ++k)
        fullDim(dim++);
      continue;
    }
    const Dim &size = tt.dims[dim];
    if (auto *s = llvm::dyn_cast<SliceExpr>(x.get())) {
      auto bound = [&](const ExprPtr &p, int64_t dflt, Dim *symOut,
                       int64_t &out) -> bool {
        out = dflt;
        if (!p)
          return true;
        Value v = eval(*p);
        if (!v.isValid())
          return false;
        if (v.kind == Value::Kind::Int && !v.i.isStatic() && symOut) {
          *symOut = v.i;
          out = kEnd - 1;
          return true;
        }
        if (!v.isStaticInt()) {
          error(p->loc,
                "slice bounds must be compile-time ints, got " + describe(v));
          return false;
        }
        out = v.i.value;
        return true;
      };
      int64_t start, stop, step;
      Dim symStop;
      if (!bound(s->start, 0, nullptr, start) ||
          !bound(s->stop, kEnd, &symStop, stop) ||
          !bound(s->step, 1, nullptr, step))
        return Value::invalid();
      if (step <= 0)
        return error(s->step->loc, "slice step must be positive, got " +
                                       std::to_string(step));
      Dim result;
      if (!symStop.sym.empty()) {
        // x[:T] with symbolic T: only the plain prefix form is known.
        result = (start == 0 && step == 1) ? symStop : Dim::unknown();
      } else if (size.isStatic()) {
        int64_t n = size.value;
        auto norm = [&](int64_t v) {
          if (v == kEnd)
            return n;
          if (v < 0)
            v += n;
          return std::min(std::max<int64_t>(v, 0), n);
        };
        int64_t b = norm(start), en = norm(stop);
        result = Dim::of(en > b ? ceilDiv(en - b, step) : 0);
        start = b;
        stop = en;
      } else if (start >= 0 && stop >= 0 && stop != kEnd) {
        result = Dim::of(stop > start ? ceilDiv(stop - start, step) : 0);
      } else if (start == 0 && stop == kEnd && step == 1) {
        result = size;
      } else {
        result = Dim::unknown();
      }
      spec.insert(spec.end(), {start, stop, step});
      dims.push_back(result);
      ++dim;
      continue;
    }
    Value v = eval(*x);
    if (!v.isValid())
      return v;
    if (isTensorish(v))
      return error(x->loc, "indexing with a tensor is not supported; use "
                           "embedding(ids, table) or one_hot(ids, n)");
    if (!v.isStaticInt())
      return error(x->loc,
                   "index must be a compile-time int, got " + describe(v));
    int64_t i = v.i.value;
    if (size.isStatic()) {
      if (i < -size.value || i >= size.value)
        return error(x->loc, "index " + std::to_string(i) +
                                 " is out of range for dimension " +
                                 std::to_string(dim) + " of " + tt.str());
      if (i < 0)
        i += size.value;
    } else if (i < 0) {
      return error(x->loc, "negative index " + std::to_string(i) +
                               " into symbolic dimension " + size.str() +
                               " of " + tt.str());
    } else if (i == std::numeric_limits<int64_t>::max()) {
      // No dimension is that large, and the slice's end, i + 1, overflows.
      return error(x->loc, "index " + std::to_string(i) +
                               " is out of range for dimension " +
                               std::to_string(dim) + " of " + tt.str());
    }
    spec.insert(spec.end(), {i, i + 1, 1});
    dropped.push_back(dim);
    ++dim;
  }
  while (dim < tt.rank())
    fullDim(dim++);
  TensorType rt;
  rt.dtype = tt.dtype;
  rt.dims = dims;
  int id = addNode("slice", {t.node}, rt, e.loc);
  node(id).ints = spec;
  node(id).ints2 = dropped;
  return tensorOf(id);
}

//===----------------------------------------------------------------------===//
// Builtin calls
//===----------------------------------------------------------------------===//

static double sigmoidOf(double x) { return 1.0 / (1.0 + std::exp(-x)); }

Value SemaImpl::callBuiltin(llvm::StringRef name, std::vector<ArgValue> &args,
                            SourceLoc loc) {
  const Signature &sig = signatures().find(name)->second;
  // max/min of compile-time numbers fold (`max(1, d // 64)`).
  if ((name == "max" || name == "min") && args.size() >= 2 &&
      llvm::all_of(args, [](const ArgValue &a) {
        return a.name.empty() && a.value.isNumber();
      })) {
    Value best = args[0].value;
    for (size_t k = 1; k < args.size(); ++k) {
      Value less = foldScalarBinary("<", args[k].value, best, loc);
      if (!less.isValid())
        return less;
      if (less.b == (name == "min"))
        best = args[k].value;
    }
    return best;
  }
  std::vector<Value> a;
  std::vector<SourceLoc> l;
  if (!bindArgs(sig.names, sig.defaults, args, loc, name.str(), a, l))
    return Value::invalid();
  auto isAbsent = [](const Value &v) {
    // `false` stands for an absent optional tensor (`Linear(bias = false)`).
    return v.kind == Value::Kind::None || (v.kind == Value::Kind::Bool && !v.b);
  };

  // Compile-time scalar functions.
  static const std::map<std::string, double (*)(double)> scalarFns = {
      {"sqrt", [](double x) { return std::sqrt(x); }},
      {"rsqrt", [](double x) { return 1.0 / std::sqrt(x); }},
      {"exp", [](double x) { return std::exp(x); }},
      {"log", [](double x) { return std::log(x); }},
      {"tanh", [](double x) { return std::tanh(x); }},
      {"sigmoid", sigmoidOf},
      {"erf", [](double x) { return std::erf(x); }},
      {"relu", [](double x) { return x > 0 ? x : 0.0; }},
      {"abs", [](double x) { return std::fabs(x); }},
      {"neg", [](double x) { return -x; }}};
  auto sf = scalarFns.find(name.str());
  if (sf != scalarFns.end() && a[0].isNumber()) {
    if ((name == "abs" || name == "neg" || name == "relu") &&
        a[0].kind == Value::Kind::Int && a[0].i.isStatic()) {
      int64_t v = a[0].i.value;
      bool negate = name == "neg" || (name == "abs" && v < 0);
      if (negate && v == std::numeric_limits<int64_t>::min())
        return error(l[0], "'" + name + "' of " + describe(a[0]) +
                               " overflows int64");
      return Value::ofInt(negate ? -v : (name == "relu" && v < 0) ? 0 : v);
    }
    double x;
    if (!toDouble(a[0], l[0], "argument of '" + name.str() + "'", x))
      return Value::invalid();
    double r = sf->second(x);
    // Out of the domain (log of 0 or less) or overflowing (exp(1000.0)).
    if (!std::isfinite(r))
      return error(l[0], "'" + name + "' of " + describe(a[0]) +
                             " is not a finite number");
    return Value::ofFloat(r);
  }
  if (name == "int" || name == "float") {
    Value v = a[0];
    if (name == "int") {
      if (v.kind == Value::Kind::Int)
        return v;
      // Converting a double outside int64's range is undefined behaviour.
      if (v.kind == Value::Kind::Float) {
        if (!(v.f >= -9223372036854775808.0 && v.f < 9223372036854775808.0))
          return error(l[0],
                       "'int' of " + describe(v) + " does not fit in int64");
        return Value::ofInt(static_cast<int64_t>(v.f));
      }
    } else if (v.isNumber()) {
      double x;
      if (!toDouble(v, l[0], "argument of 'float'", x))
        return Value::invalid();
      return Value::ofFloat(x);
    }
    return error(l[0], "'" + name + "' needs a compile-time number, got " +
                           describe(v));
  }
  if (name == "len") {
    if (a[0].kind == Value::Kind::List)
      return Value::ofInt(static_cast<int64_t>(a[0].list->size()));
    return error(l[0], "'len' needs a list, got " + describe(a[0]));
  }

  // Initializers and optimizers are compile-time descriptions.
  if (name == "zeros" || name == "ones" || name == "uniform" ||
      name == "normal" || name == "glorot_uniform" ||
      name == "kaiming_uniform" || name == "kaiming_normal") {
    Value v;
    v.kind = Value::Kind::Init;
    v.s = name.str();
    v.fields = std::make_shared<Fields>();
    for (size_t k = 0; k < a.size(); ++k) {
      double x;
      std::string what =
          "argument '" + sig.names[k] + "' of '" + name.str() + "'";
      if (!toDouble(a[k], l[k], what, x))
        return Value::invalid();
      // The model's parameters are computed from these at initialisation.
      if (!std::isfinite(x))
        return error(l[k],
                     what + " must be a finite number, got " + describe(a[k]));
      v.fields->push_back({sig.names[k], Value::ofFloat(x)});
    }
    return v;
  }
  if (name == "sgd" || name == "adam" || name == "adamw") {
    Value v;
    v.kind = Value::Kind::Optimizer;
    v.s = name.str();
    v.fields = std::make_shared<Fields>();
    std::map<std::string, double> vals;
    std::string schedule;
    SourceLoc scheduleLoc = loc;
    for (size_t k = 0; k < a.size(); ++k) {
      const std::string &key = sig.names[k];
      if (key == "nesterov") {
        if (a[k].kind != Value::Kind::Bool)
          return error(l[k],
                       "'nesterov' must be a bool, got " + describe(a[k]));
        vals[key] = a[k].b;
        v.fields->push_back({key, a[k]});
        continue;
      }
      if (key == "schedule") {
        if (a[k].kind != Value::Kind::Str ||
            (a[k].s != "constant" && a[k].s != "step" && a[k].s != "cosine"))
          return error(l[k], "'schedule' must be \"constant\", \"step\" or "
                             "\"cosine\", got " +
                                 describe(a[k]));
        schedule = a[k].s;
        scheduleLoc = l[k];
        v.fields->push_back({key, a[k]});
        continue;
      }
      bool isCount =
          key == "warmup" || key == "step_size" || key == "total_steps";
      if (isCount && (!a[k].isStaticInt() || a[k].i.value < 0))
        return error(l[k], "'" + key + "' of '" + name.str() +
                               "' must be a step count (an int >= 0), got " +
                               describe(a[k]));
      double x;
      if (!toDouble(a[k], l[k], "'" + key + "' of '" + name.str() + "'", x))
        return Value::invalid();
      if (!(x >= 0) || !std::isfinite(x) ||
          (key.rfind("beta", 0) == 0 && x >= 1))
        return error(l[k], "invalid value " + describe(a[k]) + " for '" + key +
                               "' of '" + name.str() + "'");
      vals[key] = x;
      v.fields->push_back({key, isCount ? a[k] : Value::ofFloat(x)});
    }
    // Schedule keywords at their defaults (a constant rate) are left out,
    // so the optimizer reads as PyTorch's.
    llvm::erase_if(*v.fields, [&](const std::pair<std::string, Value> &f) {
      const Value &d =
          sig.defaults[llvm::find(sig.names, f.first) - sig.names.begin()];
      bool scheduleKey = llvm::is_contained(
          {"schedule", "warmup", "step_size", "gamma", "total_steps", "min_lr"},
          f.first);
      return scheduleKey && describe(f.second) == describe(d);
    });
    if (name == "sgd" && vals["nesterov"] != 0 &&
        (vals["momentum"] <= 0 || vals["dampening"] != 0))
      return error(loc, "nesterov momentum requires a momentum and zero "
                        "dampening");
    if (schedule == "step" && vals["step_size"] <= 0)
      return error(scheduleLoc, "the \"step\" schedule needs step_size > 0 "
                                "(steps between decays by gamma)");
    if (schedule == "cosine" && vals["total_steps"] <= vals["warmup"])
      return error(scheduleLoc, "the \"cosine\" schedule needs total_steps "
                                "greater than warmup");
    return v;
  }

  // Everything below computes on tensors.
  if (!fn)
    return error(loc, "'" + name +
                          "' computes on tensors and can only be "
                          "called inside a def");
  auto tensorArg = [&](size_t k) {
    return toTensor(a[k], l[k],
                    "argument '" + sig.names[k] + "' of '" + name.str() + "'");
  };
  auto needFloat = [&](const Value &t, size_t k) -> bool {
    if (isFloat(t.type.dtype))
      return true;
    error(l[k],
          "'" + name + "' needs a floating-point tensor, got " + t.type.str());
    return false;
  };
  auto make = [&](llvm::StringRef op, std::vector<int> ops, TensorType type) {
    return addNode(op, ops, type, loc);
  };
  auto scalarType = [](ElementType dt) {
    TensorType t;
    t.dtype = dt;
    return t;
  };

  // Elementwise unary.
  if (sf != scalarFns.end() || name == "gelu") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    if (name != "abs" && name != "neg" && name != "relu" && !needFloat(x, 0))
      return Value::invalid();
    int id = make(name, {x.node}, x.type);
    if (name == "gelu") {
      if (a[1].kind != Value::Kind::Str ||
          (a[1].s != "none" && a[1].s != "tanh"))
        return error(l[1], "gelu's 'approximate' must be \"none\" or "
                           "\"tanh\", got " +
                               describe(a[1]));
      node(id).str = a[1].s;
    }
    return tensorOf(id);
  }
  if (name == "maximum" || name == "minimum")
    return binaryOp(name, a[0], a[1], loc, l[0], l[1]);
  if (name == "clamp") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    if (!a[1].isNumber() && a[1].kind != Value::Kind::None)
      return error(l[1],
                   "clamp's 'min' must be a number, got " + describe(a[1]));
    if (!a[2].isNumber() && a[2].kind != Value::Kind::None)
      return error(l[2],
                   "clamp's 'max' must be a number, got " + describe(a[2]));
    if (a[1].kind == Value::Kind::None && a[2].kind == Value::Kind::None)
      return error(loc, "clamp needs 'min', 'max' or both");
    // clamp(x, lo, hi) = minimum(maximum(x, lo), hi), which needs no new op.
    if (a[1].kind != Value::Kind::None) {
      Value lo = scalarConstant(a[1], x.type.dtype, l[1]);
      if (!lo.isValid())
        return lo;
      x = elementwise("maximum", x, lo, loc);
    }
    if (a[2].kind != Value::Kind::None) {
      Value hi = scalarConstant(a[2], x.type.dtype, l[2]);
      if (!hi.isValid())
        return hi;
      x = elementwise("minimum", x, hi, loc);
    }
    return x;
  }
  if (name == "where") {
    Value c = tensorArg(0);
    if (!c.isValid())
      return c;
    if (c.type.dtype != ElementType::Bool)
      return error(l[0], "where's condition must be a bool tensor, got " +
                             c.type.str());
    Value x = isTensorish(a[1]) ? tensorArg(1) : a[1];
    Value y = isTensorish(a[2]) ? tensorArg(2) : a[2];
    if (!x.isValid() || !y.isValid())
      return Value::invalid();
    if (x.kind != Value::Kind::Tensor && y.kind != Value::Kind::Tensor)
      return error(loc, "where needs at least one tensor among its values");
    ElementType dt =
        x.kind == Value::Kind::Tensor ? x.type.dtype : y.type.dtype;
    if (x.kind != Value::Kind::Tensor)
      x = scalarConstant(x, dt, l[1]);
    if (y.kind != Value::Kind::Tensor)
      y = scalarConstant(y, dt, l[2]);
    if (!x.isValid() || !y.isValid())
      return Value::invalid();
    ElementType vt = promote(x.type.dtype, y.type.dtype);
    x = cast(x, vt, loc);
    y = cast(y, vt, loc);
    llvm::SmallVector<Dim, 4> xy, all;
    if (!broadcastShapes(x.type, y.type, "where", loc, xy))
      return Value::invalid();
    TensorType xyt;
    xyt.dtype = vt;
    xyt.dims = xy;
    if (!broadcastShapes(c.type, xyt, "where", loc, all))
      return Value::invalid();
    TensorType rt;
    rt.dtype = vt;
    rt.dims = all;
    return tensorOf(make("select", {c.node, x.node, y.node}, rt));
  }

  // Reductions.
  if (name == "sum" || name == "mean" || name == "max" || name == "min") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    if (name == "mean" && !needFloat(x, 0))
      return Value::invalid();
    if (a[2].kind != Value::Kind::Bool)
      return error(l[2], "'keepdim' must be a bool, got " + describe(a[2]));
    bool keep = a[2].b;
    std::vector<int64_t> axes;
    if (a[1].kind == Value::Kind::None) {
      for (unsigned k = 0; k < x.type.rank(); ++k)
        axes.push_back(k);
    } else {
      if (!toIntList(a[1], l[1], "'axis'", axes))
        return Value::invalid();
      for (int64_t &ax : axes) {
        ax = normalizeAxis(ax, x.type.rank(), l[1], x.type);
        if (ax < 0)
          return Value::invalid();
      }
      llvm::sort(axes);
      for (size_t k = 1; k < axes.size(); ++k)
        if (axes[k] == axes[k - 1])
          return error(l[1],
                       "axis " + std::to_string(axes[k]) + " is repeated");
    }
    TensorType rt;
    rt.dtype = x.type.dtype;
    for (unsigned k = 0; k < x.type.rank(); ++k) {
      bool reduced = llvm::is_contained(axes, (int64_t)k);
      if (!reduced)
        rt.dims.push_back(x.type.dims[k]);
      else if (keep)
        rt.dims.push_back(Dim::of(1));
    }
    int id = make("reduce_" + name.str(), {x.node}, rt);
    node(id).ints = axes;
    node(id).flag = keep;
    return tensorOf(id);
  }
  if (name == "softmax" || name == "log_softmax") {
    Value x = tensorArg(0);
    if (!x.isValid() || !needFloat(x, 0))
      return Value::invalid();
    if (!a[1].isStaticInt())
      return error(l[1],
                   "'axis' must be a compile-time int, got " + describe(a[1]));
    int64_t ax = normalizeAxis(a[1].i.value, x.type.rank(), l[1], x.type);
    if (ax < 0)
      return Value::invalid();
    int id = make(name, {x.node}, x.type);
    node(id).ints = {ax};
    return tensorOf(id);
  }
  if (name == "argmax") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    if (a[2].kind != Value::Kind::Bool)
      return error(l[2], "'keepdim' must be a bool, got " + describe(a[2]));
    if (a[1].kind == Value::Kind::None) {
      // Over all elements, as torch.argmax(x).
      Count c = countOf(x.type.dims);
      DimResult n = c.unknown    ? DimResult(Dim::unknown())
                    : c.overflow ? DimResult(DimError::Overflow)
                                 : countDim(c.value, c.syms);
      if (!n.ok())
        return error(l[0], "the element count of " + x.type.str() + ": " +
                               dimErrorMessage(n.error));
      x = reshapeTo(x, {n.dim}, loc);
      int id = make("argmax", {x.node}, scalarType(ElementType::I64));
      node(id).ints = {0};
      return tensorOf(id);
    }
    if (!a[1].isStaticInt())
      return error(l[1],
                   "'axis' must be a compile-time int, got " + describe(a[1]));
    int64_t ax = normalizeAxis(a[1].i.value, x.type.rank(), l[1], x.type);
    if (ax < 0)
      return Value::invalid();
    TensorType rt;
    rt.dtype = ElementType::I64;
    for (unsigned k = 0; k < x.type.rank(); ++k)
      if (k != ax)
        rt.dims.push_back(x.type.dims[k]);
      else if (a[2].b)
        rt.dims.push_back(Dim::of(1));
    int id = make("argmax", {x.node}, rt);
    node(id).ints = {ax};
    node(id).flag = a[2].b;
    return tensorOf(id);
  }

  // Shape manipulation.
  if (name == "reshape") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    std::vector<Dim> target;
    if (!toDimList(a[1], l[1], "the shape of reshape", target))
      return Value::invalid();
    int inferred = -1;
    for (size_t k = 0; k < target.size(); ++k) {
      if (target[k].isStatic() && target[k].value == -1) {
        if (inferred >= 0)
          return error(l[1], "reshape allows a single -1, got " +
                                 shapeString(target));
        inferred = k;
      } else if (target[k].isStatic() && target[k].value < 0) {
        return error(l[1], "invalid dimension " + target[k].str() +
                               " in reshape target " + shapeString(target));
      }
    }
    Count src = countOf(x.type.dims);
    std::vector<Dim> known;
    for (size_t k = 0; k < target.size(); ++k)
      if ((int)k != inferred)
        known.push_back(target[k]);
    Count dst = countOf(known);
    std::string msg = "cannot reshape " + x.type.str() + " (" +
                      countString(src) + " elements) to " + shapeString(target);
    if (src.overflow || dst.overflow)
      return error(l[1], msg + ": the element count overflows int64");
    // The generated code checks nothing at run time (see the lowering of
    // dlc.reshape): without a -1 the two counts must be equal at compile
    // time, with one the inferred extent is the source count divided by the
    // known ones, and that division must be exact at compile time too.
    if (inferred < 0) {
      std::string srcCount = countString(src), dstCount = countString(dst);
      if (src.syms == dst.syms && src.value == dst.value && !src.unknown &&
          !dst.unknown)
        return reshapeTo(x, target, loc);
      msg += " (" + dstCount + " elements)";
      if (src.unknown || dst.unknown)
        return error(l[1], msg + ": element counts known only at run time "
                                 "cannot be checked against each other");
      if (src.syms == dst.syms)
        return error(l[1], msg);
      return error(l[1], msg + ": element count " + srcCount +
                             " cannot be checked against " + dstCount +
                             " at run time" + declareHint(src, dst) +
                             declareHint(dst, src));
    }
    if (dst.value == 0)
      return error(l[1], msg + ": a zero-sized dimension makes -1 "
                               "ambiguous");
    Dim d = Dim::unknown();
    if (src.unknown || dst.unknown) {
      // Derived from the run-time element count by the generated code.
    } else if (src.value == 0) {
      d = Dim::of(0);
    } else {
      // Cancel the common factors: [N, K] to [N, -1, 2] leaves K / 2.
      std::multiset<std::string> num, den;
      std::set_difference(src.syms.begin(), src.syms.end(), dst.syms.begin(),
                          dst.syms.end(), std::inserter(num, num.end()));
      std::set_difference(dst.syms.begin(), dst.syms.end(), src.syms.begin(),
                          src.syms.end(), std::inserter(den, den.end()));
      int64_t g = std::gcd(src.value, dst.value);
      if (den.empty() && dst.value / g == 1) {
        DimResult r = countDim(src.value / g, num);
        if (!r.ok())
          return error(l[1], msg + ": " + dimErrorMessage(r.error));
        d = r.dim;
      } else if (den.empty() && num.empty()) {
        return error(l[1], msg + ": " + std::to_string(src.value) +
                               " is not divisible by " +
                               std::to_string(dst.value));
      } else {
        DimResult n = countDim(src.value / g, num);
        DimResult q = countDim(dst.value / g, den);
        std::string ns = n.ok() ? n.dim.str() : "the element count";
        std::string qs = q.ok() ? q.dim.str() : "the known extents";
        return error(l[1], msg + ": the -1 would be " + ns + "/" + qs +
                               ", and the generated code cannot check that " +
                               ns + " is divisible by " + qs + " at run time");
      }
    }
    target[inferred] = d;
    return reshapeTo(x, target, loc);
  }
  if (name == "transpose") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    unsigned r = x.type.rank();
    std::vector<int64_t> perm;
    if (a[1].kind == Value::Kind::None) {
      for (unsigned k = 0; k < r; ++k)
        perm.push_back(r - 1 - k);
    } else if (a[1].kind == Value::Kind::Int &&
               a[2].kind != Value::Kind::None) {
      // transpose(x, d0, d1) swaps two axes, as torch.transpose.
      if (!a[1].isStaticInt() || !a[2].isStaticInt())
        return error(loc, "transpose axes must be compile-time ints");
      int64_t d0 = normalizeAxis(a[1].i.value, r, l[1], x.type);
      if (d0 < 0)
        return Value::invalid();
      int64_t d1 = normalizeAxis(a[2].i.value, r, l[2], x.type);
      if (d1 < 0)
        return Value::invalid();
      for (unsigned k = 0; k < r; ++k)
        perm.push_back(k);
      std::swap(perm[d0], perm[d1]);
    } else {
      if (!toIntList(a[1], l[1], "the permutation of transpose", perm))
        return Value::invalid();
      std::vector<bool> seen(r, false);
      bool ok = perm.size() == r;
      for (int64_t &p : perm) {
        if (p < 0)
          p += r;
        if (p < 0 || p >= (int64_t)r || seen[p]) {
          ok = false;
          break;
        }
        seen[p] = true;
      }
      if (!ok) {
        std::vector<int64_t> orig;
        toIntList(a[1], l[1], "", orig);
        std::string s = "[";
        for (size_t k = 0; k < orig.size(); ++k)
          s += (k ? ", " : "") + std::to_string(orig[k]);
        return error(l[1], "transpose permutation " + s +
                               "] is not a permutation of the " +
                               std::to_string(r) + " dimensions of " +
                               x.type.str());
      }
    }
    TensorType rt;
    rt.dtype = x.type.dtype;
    for (int64_t p : perm)
      rt.dims.push_back(x.type.dims[p]);
    int id = make("transpose", {x.node}, rt);
    node(id).ints = perm;
    return tensorOf(id);
  }
  if (name == "flatten") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    if (!a[1].isStaticInt() || !a[2].isStaticInt())
      return error(loc, "flatten's 'start' and 'end' must be compile-time "
                        "ints");
    if (x.type.rank() == 0)
      return reshapeTo(x, {Dim::of(1)}, loc);
    int64_t s = normalizeAxis(a[1].i.value, x.type.rank(), l[1], x.type);
    if (s < 0)
      return Value::invalid();
    int64_t e = normalizeAxis(a[2].i.value, x.type.rank(), l[2], x.type);
    if (e < 0)
      return Value::invalid();
    if (s > e)
      return error(loc, "flatten's start " + std::to_string(s) +
                            " is after its end " + std::to_string(e));
    llvm::SmallVector<Dim, 4> dims;
    Dim prod = Dim::of(1);
    for (int64_t k = 0; k < (int64_t)x.type.rank(); ++k) {
      if (k < s || k > e)
        dims.push_back(x.type.dims[k]);
      else {
        DimResult r = dimMul(prod, x.type.dims[k]);
        if (!r.ok())
          return error(loc, "flatten of " + x.type.str() + ": " +
                                dimErrorMessage(r.error));
        prod = r.dim;
        if (k == e)
          dims.push_back(prod);
      }
    }
    return reshapeTo(x, dims, loc);
  }
  if (name == "squeeze" || name == "unsqueeze") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    llvm::SmallVector<Dim, 4> dims(x.type.dims.begin(), x.type.dims.end());
    if (name == "unsqueeze") {
      if (!a[1].isStaticInt())
        return error(l[1], "'axis' must be a compile-time int, got " +
                               describe(a[1]));
      int64_t ax = normalizeAxis(a[1].i.value, x.type.rank() + 1, l[1], x.type);
      if (ax < 0)
        return Value::invalid();
      dims.insert(dims.begin() + ax, Dim::of(1));
      return reshapeTo(x, dims, loc);
    }
    std::vector<int64_t> axes;
    if (a[1].kind == Value::Kind::None) {
      for (unsigned k = 0; k < x.type.rank(); ++k)
        if (x.type.dims[k].isStatic() && x.type.dims[k].value == 1)
          axes.push_back(k);
    } else {
      if (!toIntList(a[1], l[1], "'axis'", axes))
        return Value::invalid();
      for (int64_t &ax : axes) {
        ax = normalizeAxis(ax, x.type.rank(), l[1], x.type);
        if (ax < 0)
          return Value::invalid();
        const Dim &d = x.type.dims[ax];
        if (!(d.isStatic() && d.value == 1))
          return error(l[1], "cannot squeeze dimension " + std::to_string(ax) +
                                 " of " + x.type.str() + ": its size is " +
                                 d.str() + ", not 1");
      }
    }
    llvm::SmallVector<Dim, 4> out;
    for (unsigned k = 0; k < x.type.rank(); ++k)
      if (!llvm::is_contained(axes, (int64_t)k))
        out.push_back(x.type.dims[k]);
    return reshapeTo(x, out, loc);
  }
  if (name == "expand") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    std::vector<Dim> target;
    if (!toDimList(a[1], l[1], "the shape of expand", target))
      return Value::invalid();
    if (target.size() < x.type.rank())
      return error(l[1], "cannot expand " + x.type.str() + " to " +
                             shapeString(target) + ": fewer dimensions");
    size_t off = target.size() - x.type.rank();
    for (size_t k = 0; k < target.size(); ++k) {
      bool isKeep = target[k].isStatic() && target[k].value == -1;
      if (k < off) {
        if (isKeep)
          return error(l[1], "-1 is not allowed for the new leading "
                             "dimension " +
                                 std::to_string(k) + " of expand");
        continue;
      }
      const Dim &src = x.type.dims[k - off];
      if (isKeep) {
        target[k] = src;
        continue;
      }
      if (!(src.isStatic() && src.value == 1) &&
          !dimsCompatible(src, target[k]))
        return error(l[1], "cannot expand " + x.type.str() + " to " +
                               shapeString(target) + ": dimension " +
                               src.str() + " is not 1 and differs from " +
                               target[k].str());
    }
    TensorType rt;
    rt.dtype = x.type.dtype;
    rt.dims.assign(target.begin(), target.end());
    return tensorOf(make("broadcast_to", {x.node}, rt));
  }
  if (name == "concat") {
    if (a[0].kind != Value::Kind::List || a[0].list->empty())
      return error(l[0], "concat needs a non-empty list of tensors, got " +
                             describe(a[0]));
    std::vector<Value> xs;
    for (const Value &e : *a[0].list) {
      Value t = toTensor(e, l[0], "each element of concat's list");
      if (!t.isValid())
        return t;
      xs.push_back(t);
    }
    if (!a[1].isStaticInt())
      return error(l[1],
                   "'axis' must be a compile-time int, got " + describe(a[1]));
    const TensorType &t0 = xs[0].type;
    int64_t ax = normalizeAxis(a[1].i.value, t0.rank(), l[1], t0);
    if (ax < 0)
      return Value::invalid();
    TensorType rt = t0;
    std::vector<int> ops;
    for (size_t k = 0; k < xs.size(); ++k) {
      const TensorType &t = xs[k].type;
      if (t.rank() != t0.rank() || t.dtype != t0.dtype)
        return error(l[0], "concat of " + t0.str() + " and " + t.str() +
                               ": element types and ranks must match");
      for (unsigned d = 0; d < t.rank(); ++d) {
        if ((int64_t)d == ax)
          continue;
        if (!dimsCompatible(t.dims[d], t0.dims[d]))
          return error(l[0], "concat of " + t0.str() + " and " + t.str() +
                                 " along axis " + std::to_string(ax) +
                                 ": dimensions " + t0.dims[d].str() + " and " +
                                 t.dims[d].str() + " differ");
      }
      if (k) {
        DimResult r = dimAdd(rt.dims[ax], t.dims[ax]);
        if (!r.ok())
          return error(l[0], "concat along axis " + std::to_string(ax) + ": " +
                                 dimErrorMessage(r.error));
        rt.dims[ax] = r.dim;
      }
      ops.push_back(xs[k].node);
    }
    int id = make("concat", ops, rt);
    node(id).ints = {ax};
    return tensorOf(id);
  }
  if (name == "split") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    if (!a[2].isStaticInt())
      return error(l[2],
                   "'axis' must be a compile-time int, got " + describe(a[2]));
    int64_t ax = normalizeAxis(a[2].i.value, x.type.rank(), l[2], x.type);
    if (ax < 0)
      return Value::invalid();
    const Dim &n = x.type.dims[ax];
    std::vector<int64_t> sizes;
    if (a[1].isStaticInt()) {
      int64_t s = a[1].i.value;
      if (s <= 0)
        return error(l[1],
                     "split size must be positive, got " + std::to_string(s));
      if (!n.isStatic())
        return error(l[1], "cannot split symbolic dimension " + n.str() +
                               " of " + x.type.str() +
                               " into chunks of a fixed size");
      // Counted first: a chunk is a node, and `off += s` could overflow.
      int64_t chunks = n.value / s + (n.value % s != 0);
      if (chunks > static_cast<int64_t>(kMaxNodes))
        return error(l[1], "split of " + x.type.str() + " into chunks of " +
                               std::to_string(s) + " makes " +
                               std::to_string(chunks) +
                               " parts, more than the budget of " +
                               std::to_string(kMaxNodes) + " operations");
      for (int64_t k = 0; k < chunks; ++k)
        sizes.push_back(std::min(s, n.value - k * s));
    } else {
      if (!toIntList(a[1], l[1], "split sizes", sizes))
        return Value::invalid();
      int64_t total = 0;
      for (int64_t s : sizes) {
        if (s < 0)
          return error(l[1], "split sizes must not be negative");
        std::optional<int64_t> t = checkedAdd(total, s);
        if (!t)
          return error(l[1], "split sizes add up to more than int64 holds");
        total = *t;
      }
      if (n.isStatic() && total != n.value)
        return error(l[1], "split sizes add up to " + std::to_string(total) +
                               " but dimension " + std::to_string(ax) + " of " +
                               x.type.str() + " is " + n.str());
    }
    std::vector<Value> parts;
    int64_t off = 0;
    for (int64_t s : sizes) {
      TensorType rt = x.type;
      rt.dims[ax] = Dim::of(s);
      int id = make("slice", {x.node}, rt);
      std::vector<int64_t> spec;
      for (unsigned d = 0; d < x.type.rank(); ++d)
        if ((int64_t)d == ax)
          spec.insert(spec.end(), {off, off + s, 1});
        else
          spec.insert(spec.end(), {0, std::numeric_limits<int64_t>::max(), 1});
      node(id).ints = spec;
      parts.push_back(tensorOf(id));
      off += s;
    }
    return Value::ofList(std::move(parts));
  }
  if (name == "matmul") {
    Value x = tensorArg(0), y = tensorArg(1);
    if (!x.isValid() || !y.isValid())
      return Value::invalid();
    return matmul(x, y, loc);
  }
  if (name == "cast") {
    Value x = tensorArg(0);
    if (!x.isValid())
      return x;
    std::optional<ElementType> dt;
    if (a[1].kind == Value::Kind::Str)
      dt = parseDType(a[1].s);
    if (!dt)
      return error(l[1], "cast needs an element type name such as \"f32\", "
                         "got " +
                             describe(a[1]));
    if (x.type.dtype == *dt)
      return x;
    return cast(x, *dt, loc);
  }

  // Neural-network layers.
  if (name == "linear") {
    Value x = tensorArg(0), w = tensorArg(1);
    if (!x.isValid() || !w.isValid())
      return Value::invalid();
    if (!needFloat(x, 0))
      return Value::invalid();
    if (w.type.rank() != 2)
      return error(l[1], "linear's weight must have rank 2 [out, in], got " +
                             w.type.str());
    if (x.type.rank() == 0)
      return error(l[0], "linear needs an input with at least one "
                         "dimension, got " +
                             x.type.str());
    const Dim &in = x.type.dims.back();
    if (!dimsCompatible(in, w.type.dims[1]))
      return error(loc, "linear of " + x.type.str() + " and weight " +
                            w.type.str() + ": input features " + in.str() +
                            " and " + w.type.dims[1].str() + " differ" +
                            dimMismatchHint(in, w.type.dims[1]));
    if (x.type.dtype != w.type.dtype)
      return error(loc, "linear of " + x.type.str() + " and weight " +
                            w.type.str() + ": element types differ");
    std::vector<int> ops = {x.node, w.node};
    if (!isAbsent(a[2])) {
      Value b = tensorArg(2);
      if (!b.isValid())
        return b;
      if (b.type.rank() != 1 || !dimsCompatible(b.type.dims[0], w.type.dims[0]))
        return error(l[2], "linear's bias must be [" + w.type.dims[0].str() +
                               "] for weight " + w.type.str() + ", got " +
                               b.type.str());
      if (b.type.dtype != x.type.dtype)
        return error(l[2], "linear's bias " + b.type.str() +
                               " has another element type than " +
                               x.type.str());
      ops.push_back(b.node);
    }
    TensorType rt = x.type;
    rt.dims.back() = w.type.dims[0];
    return tensorOf(make("linear", ops, rt));
  }
  if (name == "conv2d" || name == "max_pool2d" || name == "avg_pool2d") {
    bool isConv = name == "conv2d";
    Value x = tensorArg(0);
    if (!x.isValid() || !needFloat(x, 0))
      return Value::invalid();
    if (x.type.rank() != 4)
      return error(l[0], "'" + name +
                             "' expects an NCHW input of rank 4, "
                             "got " +
                             x.type.str());
    auto pair = [&](size_t k, const char *what,
                    std::vector<int64_t> &out) -> bool {
      if (!toIntList(a[k], l[k], what, out))
        return false;
      if (out.size() == 1)
        out.push_back(out[0]);
      if (out.size() != 2)
        return error(l[k], std::string(what) +
                               " must be an int or a pair, "
                               "got " +
                               std::to_string(out.size()) + " values")
            .isValid();
      return true;
    };
    std::vector<int64_t> kernel, stride, padding, dilation = {1, 1};
    int64_t groups = 1;
    TensorType rt;
    rt.dtype = x.type.dtype;
    std::vector<int> ops = {x.node};
    if (isConv) {
      Value w = tensorArg(1);
      if (!w.isValid())
        return w;
      if (w.type.rank() != 4)
        return error(l[1], "conv2d's weight must be [Cout, Cin/groups, kH, "
                           "kW], got " +
                               w.type.str());
      if (!pair(3, "stride", stride) || !pair(4, "padding", padding) ||
          !pair(5, "dilation", dilation))
        return Value::invalid();
      if (!a[6].isStaticInt() || a[6].i.value <= 0)
        return error(l[6],
                     "groups must be a positive int, got " + describe(a[6]));
      groups = a[6].i.value;
      const Dim &cin = x.type.dims[1];
      DimResult channels = dimMul(w.type.dims[1], Dim::of(groups));
      if (!channels.ok())
        return error(l[6], "conv2d's groups: " +
                               std::string(dimErrorMessage(channels.error)));
      const Dim &expect = channels.dim;
      if (!dimsCompatible(cin, expect))
        return error(loc, "conv2d of " + x.type.str() + " and weight " +
                              w.type.str() + ": input channels " + cin.str() +
                              " and " + expect.str() +
                              " (weight dim 1 x groups) differ");
      if (w.type.dims[0].isStatic() && w.type.dims[0].value % groups != 0)
        return error(l[1], "conv2d's output channels " + w.type.dims[0].str() +
                               " are not divisible by groups " +
                               std::to_string(groups));
      kernel = {w.type.dims[2].value, w.type.dims[3].value};
      ops.push_back(w.node);
      if (!isAbsent(a[2])) {
        Value b = tensorArg(2);
        if (!b.isValid())
          return b;
        if (b.type.rank() != 1 ||
            !dimsCompatible(b.type.dims[0], w.type.dims[0]))
          return error(l[2], "conv2d's bias must be [" + w.type.dims[0].str() +
                                 "], got " + b.type.str());
        ops.push_back(b.node);
      }
      rt.dims = {x.type.dims[0], w.type.dims[0]};
    } else {
      if (!pair(1, "kernel", kernel))
        return Value::invalid();
      if (a[2].kind == Value::Kind::None)
        stride = kernel;
      else if (!pair(2, "stride", stride))
        return Value::invalid();
      if (!pair(3, "padding", padding))
        return Value::invalid();
      for (int k = 0; k < 2; ++k)
        if (padding[k] > kernel[k] / 2) // padding * 2 could overflow.
          return error(l[3], "padding " + std::to_string(padding[k]) +
                                 " must be at most half the kernel size " +
                                 std::to_string(kernel[k]));
      rt.dims = {x.type.dims[0], x.type.dims[1]};
    }
    for (int k = 0; k < 2; ++k) {
      if (kernel[k] <= 0 || stride[k] <= 0 || dilation[k] <= 0 ||
          padding[k] < 0)
        return error(loc, "'" + name +
                              "' needs positive kernel, stride and "
                              "dilation and non-negative padding");
      const Dim &in = x.type.dims[2 + k];
      // out = (in + 2p - d(k-1) - 1) // s + 1, each step checked: the
      // attributes are arbitrary compile-time ints.
      std::optional<int64_t> span = checkedMul(dilation[k], kernel[k] - 1);
      if (span)
        span = checkedAdd(*span, 1);
      std::optional<int64_t> pad2 = checkedMul(2, padding[k]);
      if (span && pad2)
        span = checkedSub(*span, *pad2);
      DimResult r =
          span ? dimSub(in, Dim::of(*span)) : DimResult(DimError::Overflow);
      if (r.ok())
        r = dimFloorDiv(r.dim, Dim::of(stride[k]));
      if (r.ok())
        r = dimAdd(r.dim, Dim::of(1));
      if (!r.ok())
        return error(loc, "'" + name + "' of " + x.type.str() + ": " +
                              dimErrorMessage(r.error));
      const Dim &out = r.dim;
      if (out.isStatic() && out.value <= 0)
        return error(loc, "'" + name + "' of " + x.type.str() +
                              ": the kernel (" + std::to_string(kernel[k]) +
                              ") does not fit in spatial size " + in.str());
      rt.dims.push_back(out);
    }
    int id = make(name, ops, rt);
    std::vector<int64_t> attrs = kernel;
    attrs.insert(attrs.end(), stride.begin(), stride.end());
    attrs.insert(attrs.end(), padding.begin(), padding.end());
    attrs.insert(attrs.end(), dilation.begin(), dilation.end());
    attrs.push_back(groups);
    node(id).ints = attrs;
    return tensorOf(id);
  }
  if (name == "global_avg_pool2d") {
    Value x = tensorArg(0);
    if (!x.isValid() || !needFloat(x, 0))
      return Value::invalid();
    if (x.type.rank() != 4)
      return error(l[0], "global_avg_pool2d expects an NCHW input of rank 4, "
                         "got " +
                             x.type.str());
    // Maps [N, C, H, W] to [N, C]: a mean over the spatial axes.
    TensorType rt;
    rt.dtype = x.type.dtype;
    rt.dims = {x.type.dims[0], x.type.dims[1]};
    int id = make("reduce_mean", {x.node}, rt);
    node(id).ints = {2, 3};
    return tensorOf(id);
  }
  if (name == "batch_norm") {
    Value x = tensorArg(0);
    if (!x.isValid() || !needFloat(x, 0))
      return Value::invalid();
    if (x.type.rank() < 2)
      return error(l[0], "batch_norm expects [N, C, ...], got " + x.type.str());
    const Dim &c = x.type.dims[1];
    std::vector<int> ops = {x.node};
    for (size_t k : {3, 4, 1, 2}) {
      if ((k == 1 || k == 2) && isAbsent(a[k])) {
        ops.push_back(-1);
        continue;
      }
      Value t = tensorArg(k);
      if (!t.isValid())
        return t;
      if (t.type.rank() != 1 || !dimsCompatible(t.type.dims[0], c))
        return error(l[k], "batch_norm's '" + sig.names[k] + "' must be [" +
                               c.str() + "] for input " + x.type.str() +
                               ", got " + t.type.str());
      ops.push_back(t.node);
    }
    double momentum, eps;
    if (!toDouble(a[5], l[5], "momentum", momentum) ||
        !toDouble(a[6], l[6], "eps", eps))
      return Value::invalid();
    // Operands: x, running mean, running var, then weight and bias if any.
    std::vector<int> present;
    for (int o : ops)
      if (o >= 0)
        present.push_back(o);
    int id = make("batch_norm", present, x.type);
    node(id).fval = eps;
    node(id).floats = {momentum};
    node(id).flag = training;
    node(id).ints = {ops[3] >= 0, ops[4] >= 0};
    return tensorOf(id);
  }
  if (name == "layer_norm") {
    Value x = tensorArg(0), w = tensorArg(1);
    if (!x.isValid() || !w.isValid() || !needFloat(x, 0))
      return Value::invalid();
    unsigned nr = w.type.rank();
    bool ok = nr >= 1 && nr <= x.type.rank();
    for (unsigned k = 0; ok && k < nr; ++k)
      ok = dimsCompatible(w.type.dims[k], x.type.dims[x.type.rank() - nr + k]);
    if (!ok)
      return error(l[1], "layer_norm's weight " + w.type.str() +
                             " must match the trailing dimensions of " +
                             x.type.str());
    std::vector<int> ops = {x.node, w.node};
    if (!isAbsent(a[2])) {
      Value b = tensorArg(2);
      if (!b.isValid())
        return b;
      if (b.type.dims != w.type.dims)
        return error(l[2], "layer_norm's bias " + b.type.str() +
                               " must have the weight's shape " + w.type.str());
      ops.push_back(b.node);
    }
    double eps;
    if (!toDouble(a[3], l[3], "eps", eps))
      return Value::invalid();
    int id = make("layer_norm", ops, x.type);
    node(id).fval = eps;
    return tensorOf(id);
  }
  if (name == "embedding") {
    Value ids = tensorArg(0), table = tensorArg(1);
    if (!ids.isValid() || !table.isValid())
      return Value::invalid();
    if (!isInteger(ids.type.dtype))
      return error(l[0], "embedding ids must be an integer tensor, got " +
                             ids.type.str());
    if (table.type.rank() != 2)
      return error(l[1],
                   "embedding table must be [n, d], got " + table.type.str());
    TensorType rt = ids.type;
    rt.dtype = table.type.dtype;
    rt.dims.push_back(table.type.dims[1]);
    return tensorOf(make("embedding", {ids.node, table.node}, rt));
  }
  if (name == "dropout") {
    Value x = tensorArg(0);
    if (!x.isValid() || !needFloat(x, 0))
      return Value::invalid();
    double p;
    if (!toDouble(a[1], l[1], "dropout probability", p))
      return Value::invalid();
    if (p < 0 || p > 1)
      return error(l[1], "dropout probability must be in [0, 1], got " +
                             describe(a[1]));
    // Identity in evaluation mode, as nn.Dropout.
    if (!training || p == 0)
      return x;
    int id = make("dropout", {x.node}, x.type);
    node(id).fval = p;
    return tensorOf(id);
  }
  if (name == "causal_mask") {
    if (a[0].kind != Value::Kind::Int)
      return error(l[0], "causal_mask needs a size (an int or a symbolic "
                         "dimension), got " +
                             describe(a[0]));
    TensorType rt;
    rt.dims = {a[0].i, a[0].i};
    int id = make("causal_mask", {}, rt);
    node(id).ints = {a[0].i.isStatic() ? a[0].i.value : -1};
    return tensorOf(id);
  }
  if (name == "one_hot") {
    Value ids = tensorArg(0);
    if (!ids.isValid())
      return ids;
    if (!isInteger(ids.type.dtype))
      return error(l[0], "one_hot ids must be an integer tensor, got " +
                             ids.type.str());
    if (!a[1].isStaticInt() || a[1].i.value <= 0)
      return error(l[1], "one_hot needs a positive compile-time number of "
                         "classes, got " +
                             describe(a[1]));
    TensorType rt = ids.type;
    rt.dtype = ElementType::I64;
    rt.dims.push_back(a[1].i);
    int id = make("one_hot", {ids.node}, rt);
    node(id).ints = {a[1].i.value};
    return tensorOf(id);
  }

  // Losses and metrics.
  if (name == "mse" || name == "binary_cross_entropy_with_logits") {
    Value p = tensorArg(0), t = tensorArg(1);
    if (!p.isValid() || !t.isValid() || !needFloat(p, 0) || !needFloat(t, 1))
      return Value::invalid();
    bool same = p.type.rank() == t.type.rank();
    for (unsigned k = 0; same && k < p.type.rank(); ++k)
      same = dimsCompatible(p.type.dims[k], t.type.dims[k]);
    if (!same)
      return error(loc, name + " of " + p.type.str() + " and " + t.type.str() +
                            ": shapes differ (" + name +
                            " does not broadcast)");
    t = cast(t, p.type.dtype, loc);
    if (name == "mse")
      return tensorOf(make("mse", {p.node, t.node}, scalarType(p.type.dtype)));
    return tensorOf(
        make("bce_with_logits", {p.node, t.node}, scalarType(p.type.dtype)));
  }
  if (name == "cross_entropy" || name == "accuracy") {
    Value lg = tensorArg(0), lb = tensorArg(1);
    if (!lg.isValid() || !lb.isValid() || !needFloat(lg, 0))
      return Value::invalid();
    std::string what = name.str() + " of logits " + lg.type.str() +
                       " and labels " + lb.type.str();
    const TensorType &L = lg.type, &Y = lb.type;
    if (L.rank() == 0)
      return error(l[0], what + ": logits need a class dimension");
    bool soft = name == "cross_entropy" && isFloat(Y.dtype);
    if (soft || (name == "accuracy" && Y.rank() == L.rank())) {
      // Probability targets (cross_entropy) or binary accuracy on logits.
      bool same = Y.rank() == L.rank();
      for (unsigned k = 0; same && k < L.rank(); ++k)
        same = dimsCompatible(L.dims[k], Y.dims[k]);
      if (!same)
        return error(loc, what + ": " +
                              (soft ? "probability targets must have the "
                                      "logits' shape"
                                    : "shapes differ"));
      if (soft)
        lb = cast(lb, L.dtype, loc);
    } else {
      if (!isInteger(Y.dtype))
        return error(l[1], what + ": labels must be integer class indices");
      if (Y.rank() + 1 != L.rank())
        return error(loc, what + ": labels must have one dimension fewer "
                                 "than the logits");
      // [N, C, d1...] against [N, d1...].
      for (unsigned k = 0; k < Y.rank(); ++k) {
        const Dim &ld = L.dims[k == 0 ? 0 : k + 1];
        if (!dimsCompatible(ld, Y.dims[k]))
          return error(
              loc,
              what + ": " +
                  (k == 0 ? std::string("batch dimensions ") : "dimensions ") +
                  ld.str() + " and " + Y.dims[k].str() + " differ");
      }
    }
    TensorType rt = scalarType(name == "accuracy" ? ElementType::F32 : L.dtype);
    return tensorOf(make(name, {lg.node, lb.node}, rt));
  }
  return error(loc, "builtin '" + name + "' cannot be used here");
}
