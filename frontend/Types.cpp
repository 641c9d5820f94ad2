//===- Types.cpp - Element types, dimensions and tensor types -------------===//
#include "frontend/Types.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

using namespace dlc;

llvm::StringRef dlc::dtypeName(DType t) {
  switch (t) {
  case DType::F32:
    return "f32";
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F64:
    return "f64";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::Bool:
    return "bool";
  }
  return "?";
}

std::optional<DType> dlc::parseDType(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<DType>>(name)
      .Case("f32", DType::F32)
      .Case("f16", DType::F16)
      .Case("bf16", DType::BF16)
      .Case("f64", DType::F64)
      .Case("i32", DType::I32)
      .Case("i64", DType::I64)
      .Case("bool", DType::Bool)
      .Default(std::nullopt);
}

bool dlc::isFloat(DType t) {
  return t == DType::F32 || t == DType::F16 || t == DType::BF16 ||
         t == DType::F64;
}

bool dlc::isInteger(DType t) { return t == DType::I32 || t == DType::I64; }

static int floatRank(DType t) {
  switch (t) {
  case DType::F16:
  case DType::BF16:
    return 1;
  case DType::F32:
    return 2;
  case DType::F64:
    return 3;
  default:
    return 0;
  }
}

DType dlc::promote(DType a, DType b) {
  if (a == b)
    return a;
  if (isFloat(a) || isFloat(b)) {
    if (!isFloat(a))
      return b;
    if (!isFloat(b))
      return a;
    // f16 with bf16 goes to f32 as in PyTorch.
    if (floatRank(a) == floatRank(b))
      return DType::F32;
    return floatRank(a) > floatRank(b) ? a : b;
  }
  if (a == DType::Bool)
    return b;
  if (b == DType::Bool)
    return a;
  return DType::I64;
}

// Symbolic dimensions are kept as canonical strings; products of names are
// split into factors and sorted so `T*N` and `N*T` compare equal.
static bool isProductOnly(llvm::StringRef s) {
  return s.find_first_of("+-/()?") == llvm::StringRef::npos;
}

static std::string paren(const Dim &d) {
  if (d.isStatic())
    return std::to_string(d.value);
  if (isProductOnly(d.sym))
    return d.sym;
  if (d.sym.front() == '(' && d.sym.back() == ')')
    return d.sym;
  return "(" + d.sym + ")";
}

Dim dlc::dimAdd(const Dim &a, const Dim &b) {
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  if (a.isStatic() && b.isStatic())
    return Dim::of(a.value + b.value);
  if (b.isStatic() && b.value == 0)
    return a;
  if (a.isStatic() && a.value == 0)
    return b;
  if (b.isStatic() && b.value < 0)
    return Dim::symbol(a.sym + "-" + std::to_string(-b.value));
  return Dim::symbol(a.str() + "+" + b.str());
}

Dim dlc::dimSub(const Dim &a, const Dim &b) {
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  if (a.isStatic() && b.isStatic())
    return Dim::of(a.value - b.value);
  if (b.isStatic() && b.value == 0)
    return a;
  if (a == b)
    return Dim::of(0);
  return Dim::symbol(a.str() + "-" + paren(b));
}

Dim dlc::dimMul(const Dim &a, const Dim &b) {
  if (a.isStatic() && b.isStatic())
    return Dim::of(a.value * b.value);
  if ((a.isStatic() && a.value == 0) || (b.isStatic() && b.value == 0))
    return Dim::of(0);
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  int64_t coeff = 1;
  llvm::SmallVector<std::string, 4> factors;
  for (const Dim *d : {&a, &b}) {
    if (d->isStatic()) {
      coeff *= d->value;
      continue;
    }
    std::string p = paren(*d);
    if (!isProductOnly(p)) {
      factors.push_back(p);
      continue;
    }
    llvm::SmallVector<llvm::StringRef, 4> parts;
    llvm::StringRef(p).split(parts, '*');
    for (llvm::StringRef part : parts) {
      int64_t v;
      if (!part.getAsInteger(10, v))
        coeff *= v;
      else
        factors.push_back(part.str());
    }
  }
  llvm::sort(factors);
  std::string s = coeff != 1 ? std::to_string(coeff) : "";
  for (const std::string &f : factors)
    s += (s.empty() ? "" : "*") + f;
  return Dim::symbol(s);
}

std::optional<Dim> dlc::dimFloorDiv(const Dim &a, const Dim &b) {
  if (b.isStatic() && b.value == 0)
    return std::nullopt;
  if (a.isStatic() && b.isStatic()) {
    int64_t q = a.value / b.value;
    if ((a.value % b.value != 0) && ((a.value < 0) != (b.value < 0)))
      --q;
    return Dim::of(q);
  }
  if (b.isStatic() && b.value == 1)
    return a;
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  if (a == b)
    return Dim::of(1);
  return Dim::symbol(paren(a) + "//" + paren(b));
}

bool dlc::dimsCompatible(const Dim &a, const Dim &b) {
  if (a.isUnknown() || b.isUnknown())
    return true;
  if (a.isStatic() && b.isStatic())
    return a.value == b.value;
  if (!a.isStatic() && !b.isStatic())
    return a.sym == b.sym;
  return false;
}

std::string dlc::dimMismatchHint(const Dim &a, const Dim &b) {
  if (a.isUnknown() || b.isUnknown() || a.isStatic() == b.isStatic())
    return "";
  const Dim &symbol = a.isStatic() ? b : a;
  const Dim &fixed = a.isStatic() ? a : b;
  return " (symbolic " + symbol.str() + " cannot be checked against " +
         fixed.str() + " at run time; declare it as " + fixed.str() + ")";
}

Dim dlc::mergeDims(const Dim &a, const Dim &b) {
  if (a.isStatic())
    return a;
  if (b.isStatic())
    return b;
  return a.isUnknown() ? b : a;
}

std::string dlc::shapeString(llvm::ArrayRef<Dim> dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? ", " : "") + dims[i].str();
  return s + "]";
}

std::string TensorType::str() const {
  return dtypeName(dtype).str() + shapeString(dims);
}
