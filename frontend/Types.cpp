//===- Types.cpp - Element types, dimensions and tensor types -------------===//
#include "frontend/Types.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <limits>

using namespace dlc;

llvm::StringRef dlc::elementTypeName(ElementType t) {
  switch (t) {
  case ElementType::F32:
    return "f32";
  case ElementType::F16:
    return "f16";
  case ElementType::BF16:
    return "bf16";
  case ElementType::F64:
    return "f64";
  case ElementType::I32:
    return "i32";
  case ElementType::I64:
    return "i64";
  case ElementType::Bool:
    return "bool";
  }
  return "?";
}

std::optional<ElementType> dlc::parseDType(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<ElementType>>(name)
      .Case("f32", ElementType::F32)
      .Case("f16", ElementType::F16)
      .Case("bf16", ElementType::BF16)
      .Case("f64", ElementType::F64)
      .Case("i32", ElementType::I32)
      .Case("i64", ElementType::I64)
      .Case("bool", ElementType::Bool)
      .Default(std::nullopt);
}

bool dlc::isFloat(ElementType t) {
  return t == ElementType::F32 || t == ElementType::F16 ||
         t == ElementType::BF16 || t == ElementType::F64;
}

bool dlc::isInteger(ElementType t) {
  return t == ElementType::I32 || t == ElementType::I64;
}

static int floatRank(ElementType t) {
  switch (t) {
  case ElementType::F16:
  case ElementType::BF16:
    return 1;
  case ElementType::F32:
    return 2;
  case ElementType::F64:
    return 3;
  default:
    return 0;
  }
}

ElementType dlc::promote(ElementType a, ElementType b) {
  if (a == b)
    return a;
  if (isFloat(a) || isFloat(b)) {
    if (!isFloat(a))
      return b;
    if (!isFloat(b))
      return a;
    // f16 with bf16 goes to f32 as in PyTorch.
    if (floatRank(a) == floatRank(b))
      return ElementType::F32;
    return floatRank(a) > floatRank(b) ? a : b;
  }
  if (a == ElementType::Bool)
    return b;
  if (b == ElementType::Bool)
    return a;
  return ElementType::I64;
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

const char *dlc::dimErrorMessage(DimError e) {
  switch (e) {
  case DimError::None:
    return "no error";
  case DimError::Overflow:
    return "dimension expression overflows int64";
  case DimError::DivisionByZero:
    return "division by zero";
  case DimError::TooLong:
    return "symbolic dimension expression is too long (more than 256 "
           "characters)";
  }
  return "invalid dimension expression";
}
static_assert(kMaxSymbolLength == 256, "update dimErrorMessage");

std::optional<int64_t> dlc::checkedAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

std::optional<int64_t> dlc::checkedSub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

std::optional<int64_t> dlc::checkedMul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

std::optional<int64_t> dlc::checkedFloorDiv(int64_t a, int64_t b) {
  // INT64_MIN / -1 does not fit and traps (SIGFPE) on x86.
  if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1))
    return std::nullopt;
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0)))
    --q;
  return q;
}

std::optional<int64_t> dlc::checkedFloorMod(int64_t a, int64_t b) {
  if (b == 0)
    return std::nullopt;
  // INT64_MIN % -1 traps like the division; the remainder is 0.
  if (b == -1)
    return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0)))
    r += b;
  return r;
}

/// A symbolic result, unless its spelling is too long.
static DimResult symbolic(std::string s) {
  if (s.size() > kMaxSymbolLength)
    return DimError::TooLong;
  return Dim::symbol(s);
}

/// A static result, unless it overflowed.
static DimResult fixed(std::optional<int64_t> v) {
  if (!v)
    return DimError::Overflow;
  return Dim::of(*v);
}

DimResult dlc::dimAdd(const Dim &a, const Dim &b) {
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  if (a.isStatic() && b.isStatic())
    return fixed(checkedAdd(a.value, b.value));
  if (b.isStatic() && b.value == 0)
    return a;
  if (a.isStatic() && a.value == 0)
    return b;
  // The magnitude is taken in uint64: -INT64_MIN does not fit in int64.
  if (b.isStatic() && b.value < 0)
    return symbolic(a.sym + "-" +
                    std::to_string(0 - static_cast<uint64_t>(b.value)));
  return symbolic(a.str() + "+" + b.str());
}

DimResult dlc::dimSub(const Dim &a, const Dim &b) {
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  if (a.isStatic() && b.isStatic())
    return fixed(checkedSub(a.value, b.value));
  if (b.isStatic() && b.value == 0)
    return a;
  if (a == b)
    return Dim::of(0);
  return symbolic(a.str() + "-" + paren(b));
}

DimResult dlc::dimMul(const Dim &a, const Dim &b) {
  if (a.isStatic() && b.isStatic())
    return fixed(checkedMul(a.value, b.value));
  if ((a.isStatic() && a.value == 0) || (b.isStatic() && b.value == 0))
    return Dim::of(0);
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  int64_t coeff = 1;
  llvm::SmallVector<std::string, 4> factors;
  for (const Dim *d : {&a, &b}) {
    if (d->isStatic()) {
      std::optional<int64_t> c = checkedMul(coeff, d->value);
      if (!c)
        return DimError::Overflow;
      coeff = *c;
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
      if (!part.getAsInteger(10, v)) {
        std::optional<int64_t> c = checkedMul(coeff, v);
        if (!c)
          return DimError::Overflow;
        coeff = *c;
      } else {
        factors.push_back(part.str());
      }
    }
  }
  llvm::sort(factors);
  std::string s = coeff != 1 ? std::to_string(coeff) : "";
  for (const std::string &f : factors)
    s += (s.empty() ? "" : "*") + f;
  return symbolic(s);
}

DimResult dlc::dimFloorDiv(const Dim &a, const Dim &b) {
  if (b.isStatic() && b.value == 0)
    return DimError::DivisionByZero;
  if (a.isStatic() && b.isStatic())
    return fixed(checkedFloorDiv(a.value, b.value));
  if (b.isStatic() && b.value == 1)
    return a;
  if (a.isUnknown() || b.isUnknown())
    return Dim::unknown();
  if (a == b)
    return Dim::of(1);
  return symbolic(paren(a) + "//" + paren(b));
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
  return elementTypeName(dtype).str() + shapeString(dims);
}

int64_t dlc::dtypeBytes(ElementType t) {
  switch (t) {
  case ElementType::F16:
  case ElementType::BF16:
    return 2;
  case ElementType::F32:
  case ElementType::I32:
    return 4;
  case ElementType::F64:
  case ElementType::I64:
    return 8;
  case ElementType::Bool:
    return 1;
  }
  return 8;
}

// The product of the nonzero static dimensions must fit, so that the count
// fits whatever order later stages multiply the dimensions in
// ([2^40, 2^40, 0] is empty, but 2^40 * 2^40 overflows first).
static std::optional<int64_t> nonzeroProduct(const TensorType &t,
                                             bool &hasZero) {
  int64_t n = 1;
  hasZero = false;
  for (const Dim &d : t.dims) {
    if (!d.isStatic())
      continue;
    if (d.value == 0) {
      hasZero = true;
      continue;
    }
    std::optional<int64_t> m = checkedMul(n, d.value);
    if (!m)
      return std::nullopt;
    n = *m;
  }
  return n;
}

std::optional<int64_t> dlc::staticElementCount(const TensorType &t) {
  bool hasZero;
  std::optional<int64_t> n = nonzeroProduct(t, hasZero);
  if (!n)
    return std::nullopt;
  return hasZero ? 0 : *n;
}

std::optional<int64_t> dlc::staticByteSize(const TensorType &t) {
  bool hasZero;
  std::optional<int64_t> n = nonzeroProduct(t, hasZero);
  if (!n)
    return std::nullopt;
  std::optional<int64_t> bytes = checkedMul(*n, dtypeBytes(t.dtype));
  if (!bytes)
    return std::nullopt;
  return hasZero ? 0 : *bytes;
}
