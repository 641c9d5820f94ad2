//===- TensorBuilder.h - linalg-on-tensors building blocks ------*- C++ -*-===//
//
// Small builders that the dlc-to-linalg patterns compose: result tensors with
// dynamic sizes taken from operands, broadcasting elementwise generics,
// reductions and contractions. Each emits linalg on tensors, so bufferization
// and fusion later see ordinary linalg IR.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CONVERSION_DLCTOLINALG_TENSORBUILDER_H
#define DLC_COMPILER_CONVERSION_DLCTOLINALG_TENSORBUILDER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace dlc {

/// Builds scalar bodies and tensors at one location.
class TensorBuilder {
public:
  TensorBuilder(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() const { return loc; }

  /// Sizes of `type`'s dynamic dimensions, each read from the first of
  /// `sources` that has a dynamic extent at the same (right-aligned) position.
  llvm::SmallVector<mlir::Value> dynamicSizes(mlir::RankedTensorType type,
                                              mlir::ValueRange sources);

  /// `tensor.empty` of `type` whose dynamic sizes come from `sources`.
  mlir::Value empty(mlir::RankedTensorType type, mlir::ValueRange sources);

  /// A tensor of `type` filled with the scalar `value`.
  mlir::Value filled(mlir::RankedTensorType type, mlir::ValueRange sources,
                     mlir::Value value);

  /// A scalar constant of a float or integer element type.
  mlir::Value scalar(mlir::Type elementType, double value);

  /// `linalg.index` product of the extents of `tensor` along `axes`, as a
  /// scalar of `elementType` (for means).
  mlir::Value extentProduct(mlir::Value tensor, llvm::ArrayRef<int64_t> axes,
                            mlir::Type elementType);

  using BodyFn = llvm::function_ref<mlir::Value(
      mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

  /// Elementwise map over `operands` broadcast NumPy-style to `resultType`.
  /// Dynamic result sizes come from `sizeSources`, or else the operands.
  mlir::Value elementwise(mlir::RankedTensorType resultType,
                          mlir::ValueRange operands, BodyFn body,
                          mlir::ValueRange sizeSources = {});

  /// Reduces `input` over `axes` with the combiner `body(element, acc)`,
  /// starting from `identity`. With `keepDim` reduced dimensions stay as 1.
  mlir::Value reduce(mlir::Value input, llvm::ArrayRef<int64_t> axes,
                     bool keepDim, double identity, BodyFn body);

  /// Batched matrix product `[..., M, K] x [..., K, N]` accumulated into
  /// `init` (already shaped `[..., M, N]`). With `transposeRhs`, rhs is
  /// `[N, K]` and shared by every batch (linear's weight).
  mlir::Value contract(mlir::Value lhs, mlir::Value rhs, mlir::Value init,
                       bool transposeRhs);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace dlc

#endif // DLC_COMPILER_CONVERSION_DLCTOLINALG_TENSORBUILDER_H
