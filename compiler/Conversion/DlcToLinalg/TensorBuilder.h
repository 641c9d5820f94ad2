//===- TensorBuilder.h - linalg-on-tensors building blocks ------*- C++ -*-===//
//
// Small builders that the dlc-to-linalg patterns compose: result tensors with
// dynamic sizes taken from operands, broadcasting elementwise generics,
// reductions and contractions. Each emits linalg on tensors, so bufferization
// and fusion later see ordinary linalg IR.
//
// Reductions and contractions over f16/bf16 accumulate in f32, as PyTorch's
// CPU kernels do, so a long sum neither overflows nor loses its small terms.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CONVERSION_DLCTOLINALG_TENSORBUILDER_H
#define DLC_COMPILER_CONVERSION_DLCTOLINALG_TENSORBUILDER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace dlc {

/// The type of a value that is known to be a ranked tensor.
inline mlir::RankedTensorType tensorTypeOf(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

/// Builds scalar bodies and tensors at one location. A size it cannot find
/// marks the builder failed (see `failed`) instead of building invalid IR, so
/// a pattern can give up and let the conversion roll back.
class TensorBuilder {
public:
  TensorBuilder(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() const { return loc; }
  /// Whether some dynamic size had no source.
  bool failed() const { return missingSize; }

  /// `tensor.dim` of `tensor` along `axis`.
  mlir::Value dim(mlir::Value tensor, int64_t axis);
  /// The index held by a rank-0 i64 tensor (a dlc.size or a size operand).
  mlir::Value extentOf(mlir::Value sizeTensor);
  /// An index constant.
  mlir::Value index(int64_t value);
  /// The extents of `tensor`: constants where static, tensor.dim elsewhere.
  llvm::SmallVector<mlir::OpFoldResult> sizesOf(mlir::Value tensor);
  /// Index attributes of `values`, for static offsets and strides.
  llvm::SmallVector<mlir::OpFoldResult> indices(llvm::ArrayRef<int64_t> values);

  /// Sizes of `type`'s dynamic dimensions, each read from the first of
  /// `sources` that has a dynamic extent at the same (right-aligned) position.
  llvm::SmallVector<mlir::Value> dynamicSizes(mlir::RankedTensorType type,
                                              mlir::ValueRange sources);

  /// `tensor.empty` of `type`, its dynamic sizes given in order.
  mlir::Value emptyWithSizes(mlir::RankedTensorType type,
                             mlir::ValueRange sizes);
  /// `tensor.empty` of `type` whose dynamic sizes come from `sources`.
  mlir::Value empty(mlir::RankedTensorType type, mlir::ValueRange sources);
  /// `init` filled with the scalar `value`.
  mlir::Value fill(mlir::Value init, mlir::Value value);

  /// A scalar constant of a float or integer element type.
  mlir::Value scalar(mlir::Type elementType, double value);

  /// `tensor` padded on each side of each dimension with `value`.
  mlir::Value pad(mlir::Value tensor, llvm::ArrayRef<int64_t> low,
                  llvm::ArrayRef<int64_t> high, mlir::Value value);
  /// `tensor` with dimension `axis` split into `parts` (static extents).
  mlir::Value splitDim(mlir::Value tensor, int64_t axis,
                       llvm::ArrayRef<int64_t> parts);
  /// `tensor` with dimensions `axis` and `axis + 1` merged into one.
  mlir::Value mergeDims(mlir::Value tensor, int64_t axis);

  /// Product of the extents of `tensor` along `axes`, as a scalar of
  /// `elementType` (the divisor of a mean).
  mlir::Value extentProduct(mlir::Value tensor, llvm::ArrayRef<int64_t> axes,
                            mlir::Type elementType);

  /// f32 for f16 and bf16; the type itself otherwise.
  mlir::Type accumulatorType(mlir::Type elementType);
  /// `tensor` converted elementwise to `elementType` (a no-op when equal).
  mlir::Value convert(mlir::Value tensor, mlir::Type elementType);

  using BodyFn = llvm::function_ref<mlir::Value(
      mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

  /// Elementwise map over `operands` broadcast NumPy-style to `resultType`.
  mlir::Value elementwise(mlir::RankedTensorType resultType,
                          mlir::ValueRange operands, BodyFn body);
  /// The same, writing into the given `init` tensor.
  mlir::Value elementwiseInto(mlir::Value init, mlir::ValueRange operands,
                              BodyFn body);

  /// Reduces `input` over `axes` with the combiner `body(element, acc)`,
  /// starting from `identity`. With `keepDim` reduced dimensions stay as 1.
  /// The result has the accumulator type (see accumulatorType).
  mlir::Value reduce(mlir::Value input, llvm::ArrayRef<int64_t> axes,
                     bool keepDim, double identity, BodyFn body);

  /// Batched `[..., M, K] x [..., K, N]` accumulated into `init`, which has
  /// the result's shape and the accumulator type.
  mlir::Value matmul(mlir::Value lhs, mlir::Value rhs, mlir::Value init);
  /// `input [..., K]` times `weight [M, K]` transposed, accumulated into
  /// `init [..., M]` of the accumulator type.
  mlir::Value linear(mlir::Value input, mlir::Value weight, mlir::Value init);

private:
  /// `lhs * rhs` summed over the one reduction loop, `reductionLoop` of the
  /// result's rank + 1 loops, into `init`.
  mlir::Value contraction(mlir::Value lhs, mlir::Value rhs, mlir::Value init,
                          llvm::ArrayRef<mlir::AffineMap> maps,
                          int64_t reductionLoop);

  mlir::OpBuilder &b;
  mlir::Location loc;
  bool missingSize = false;
};

/// A generic of all-parallel loops over `init`, each input read by its map;
/// `body` gets the inputs' elements and then the destination's.
mlir::Value parallelGeneric(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::ValueRange inputs,
                            llvm::ArrayRef<mlir::AffineMap> inputMaps,
                            mlir::Value init, TensorBuilder::BodyFn body);

} // namespace dlc

#endif // DLC_COMPILER_CONVERSION_DLCTOLINALG_TENSORBUILDER_H
