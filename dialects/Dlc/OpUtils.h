//===- OpUtils.h - helpers shared by the dlc op definitions -----*- C++ -*-===//
#ifndef DLC_DIALECTS_DLC_OPUTILS_H
#define DLC_DIALECTS_DLC_OPUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <optional>
#include <string>

namespace dlc {

/// Reports a shape-rule failure at the op's location, if there is one (type
/// inference may run without one).
inline mlir::LogicalResult shapeError(std::optional<mlir::Location> loc,
                                      const std::string &message) {
  if (loc)
    return mlir::emitError(*loc, message);
  return mlir::failure();
}

/// An I64Attr's value with its sign: ODS getters return it as uint64_t, so
/// a negative attribute would otherwise pass every `< 0` check.
inline int64_t signedValue(uint64_t value) {
  return static_cast<int64_t>(value);
}

/// The type of a value the op's constraints have made a ranked tensor.
inline mlir::RankedTensorType rankedType(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

} // namespace dlc

#endif // DLC_DIALECTS_DLC_OPUTILS_H
