//===- Types.h - Element types, dimensions and tensor types -----*- C++ -*-===//
//
// The frontend's view of a tensor type: an element type and a list of
// dimensions, each static, symbolic (`N`, `N*T`, bound when the model is
// called) or unknown until run time.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_TYPES_H
#define DLC_FRONTEND_TYPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace dlc {

/// Element types of the language.
enum class ElementType { F32, F16, BF16, F64, I32, I64, Bool };

/// Spelling of an element type (`f32`).
llvm::StringRef elementTypeName(ElementType t);
/// Parses an element type name; nullopt when unknown.
std::optional<ElementType> parseDType(llvm::StringRef name);
/// True for f32 f16 bf16 f64.
bool isFloat(ElementType t);
/// True for i32 i64.
bool isInteger(ElementType t);
/// The type both operands of a binary op are converted to (PyTorch's
/// promotion: floats beat integers, wider beats narrower).
ElementType promote(ElementType a, ElementType b);

/// One dimension: static (`sym` empty), symbolic (`sym` is a name or an
/// expression of names such as `N*T`), or unknown (`sym` is "?").
struct Dim {
  /// The size when static.
  int64_t value = 0;
  /// Symbolic expression; empty when static, "?" when unknown.
  std::string sym;

  /// A static dimension.
  static Dim of(int64_t v) {
    Dim d;
    d.value = v;
    return d;
  }
  /// A symbolic dimension named or spelled `s`.
  static Dim symbol(llvm::StringRef s) {
    Dim d;
    d.sym = s.str();
    return d;
  }
  /// A dimension known only at run time.
  static Dim unknown() { return symbol("?"); }
  /// True when the size is known now.
  bool isStatic() const { return sym.empty(); }
  /// True when nothing is known.
  bool isUnknown() const { return sym == "?"; }
  /// Printed form: `784`, `N`, `N*T`, `?`.
  std::string str() const { return isStatic() ? std::to_string(value) : sym; }
  bool operator==(const Dim &o) const {
    return sym == o.sym && (!isStatic() || value == o.value);
  }
  bool operator!=(const Dim &o) const { return !(*this == o); }
};

/// Why dimension arithmetic has no result.
enum class DimError {
  None,
  /// A static result does not fit in int64.
  Overflow,
  /// Floor division by a static zero.
  DivisionByZero,
  /// A symbolic result would be spelled with more than kMaxSymbolLength
  /// characters (`D = D + D` in a loop doubles it each time).
  TooLong,
};

/// Longest spelling of a symbolic dimension expression.
constexpr size_t kMaxSymbolLength = 256;

/// The outcome of dimension arithmetic: `dim` when `ok()`, else `error`.
struct [[nodiscard]] DimResult {
  DimResult(Dim d) : dim(std::move(d)) {}
  DimResult(DimError e) : error(e) {}
  bool ok() const { return error == DimError::None; }
  Dim dim;
  DimError error = DimError::None;
};

/// The message for a failed DimResult ("dimension expression overflows
/// int64").
const char *dimErrorMessage(DimError e);

/// Symbolic arithmetic on dimensions (folds when both are static). Static
/// results are checked for int64 overflow, symbolic ones for length.
DimResult dimAdd(const Dim &a, const Dim &b);
DimResult dimSub(const Dim &a, const Dim &b);
DimResult dimMul(const Dim &a, const Dim &b);
/// Python's floor division (`//`), including by a static zero (an error).
DimResult dimFloorDiv(const Dim &a, const Dim &b);

/// int64 arithmetic that reports overflow (nullopt) instead of wrapping or
/// trapping; the division and modulo are Python's (they round toward
/// negative infinity) and return nullopt for a zero divisor too.
std::optional<int64_t> checkedAdd(int64_t a, int64_t b);
std::optional<int64_t> checkedSub(int64_t a, int64_t b);
std::optional<int64_t> checkedMul(int64_t a, int64_t b);
std::optional<int64_t> checkedFloorDiv(int64_t a, int64_t b);
std::optional<int64_t> checkedFloorMod(int64_t a, int64_t b);

/// Whether two dimensions that meet in a computation (broadcast, matmul,
/// linear, ...) agree: equal static sizes or the same symbol. A symbol against
/// a static size does not agree: the generated code has no run-time check for
/// it, so the program must declare the fixed size (see dimMismatchHint).
bool dimsCompatible(const Dim &a, const Dim &b);
/// " (declare ... as 784)" when one of two mismatched dimensions is symbolic
/// and the other static; empty otherwise.
std::string dimMismatchHint(const Dim &a, const Dim &b);
/// The more precise of two compatible dimensions.
Dim mergeDims(const Dim &a, const Dim &b);

/// A ranked tensor type.
struct TensorType {
  /// Element type.
  ElementType dtype = ElementType::F32;
  /// Dimensions, outermost first.
  llvm::SmallVector<Dim, 4> dims;

  /// Number of dimensions.
  unsigned rank() const { return dims.size(); }
  /// `f32[N, 784]`.
  std::string str() const;
  /// Same element type and same dimensions spelling.
  bool operator==(const TensorType &o) const {
    return dtype == o.dtype && dims == o.dims;
  }
};

/// Prints a shape `[N, 784]`.
std::string shapeString(llvm::ArrayRef<Dim> dims);

/// Size in bytes of one element of type `t`.
int64_t dtypeBytes(ElementType t);

/// The product of the static dimensions of `t` and the bytes they take.
/// nullopt when the product of the nonzero ones (or its bytes) does not fit
/// in int64: code generation and the runtime compute these sizes in int64,
/// in whatever order ([2^40, 2^40, 0] is empty but overflows on the way).
std::optional<int64_t> staticElementCount(const TensorType &t);
std::optional<int64_t> staticByteSize(const TensorType &t);

} // namespace dlc

#endif // DLC_FRONTEND_TYPES_H
