//===- VjpBuilder.h - dlc IR building blocks for gradient rules -*- C++ -*-===//
//
// The small vocabulary the VJP rules (VjpRules.cpp) and the optimizer
// expansion (Optimizer.cpp) are written in: dlc ops with inferred types,
// constants shaped like a value, and the reshapes, broadcasts and
// reductions that undo broadcasting. Everything it builds is dlc IR, so a
// backward pass is lowered and fused like the forward one.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_VJPBUILDER_H
#define DLC_COMPILER_TRANSFORMS_VJPBUILDER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace dlc {

class VjpBuilder {
public:
  VjpBuilder(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() const { return loc; }

  /// A rank-0 constant of `elementType`.
  mlir::Value constant(mlir::Type elementType, double value);
  /// A rank-0 constant of `like`'s element type.
  mlir::Value constantLike(mlir::Value like, double value);

  /// Elementwise dlc ops with NumPy broadcasting.
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value div(mlir::Value x, mlir::Value y);
  mlir::Value neg(mlir::Value x);
  mlir::Value exp(mlir::Value x);
  mlir::Value log(mlir::Value x);
  mlir::Value sqrt(mlir::Value x);
  mlir::Value rsqrt(mlir::Value x);
  mlir::Value sigmoid(mlir::Value x);
  /// dlc.reduce_mean over `axes`.
  mlir::Value mean(mlir::Value x, llvm::ArrayRef<int64_t> axes, bool keepDim);
  mlir::Value pow(mlir::Value x, mlir::Value y);
  /// dlc.compare `predicate` (lt, le, gt, ge, eq, ne).
  mlir::Value compare(llvm::StringRef predicate, mlir::Value x, mlir::Value y);
  mlir::Value select(mlir::Value condition, mlir::Value x, mlir::Value y);
  /// `x` with element type `elementType`.
  mlir::Value cast(mlir::Value x, mlir::Type elementType);

  /// dlc.size of `x` along `axis`.
  mlir::Value size(mlir::Value x, int64_t axis);
  /// The product of `x`'s extents along `axes` as a rank-0 tensor of
  /// `elementType` (the divisor of a mean).
  mlir::Value count(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                    mlir::Type elementType);

  /// dlc.reduce_sum over `axes`.
  mlir::Value sum(mlir::Value x, llvm::ArrayRef<int64_t> axes, bool keepDim);
  /// `x` reshaped to `type`, each dynamic extent read from `like` at the
  /// same axis (`like` has `type`'s shape at run time).
  mlir::Value reshapeLike(mlir::Value x, mlir::RankedTensorType type,
                          mlir::Value like);
  /// `x` broadcast to the type and run-time shape of `like`.
  mlir::Value broadcastLike(mlir::Value x, mlir::Value like);
  /// Zeros of `like`'s type and run-time shape.
  mlir::Value zerosLike(mlir::Value like);
  /// The gradient `grad` of a broadcast result, summed back to the shape of
  /// the operand `operand` that was broadcast.
  mlir::Value sumToShapeOf(mlir::Value grad, mlir::Value operand);
  /// A reduction's result `reduced` (without keepdim) with the reduced
  /// `axes` of `input` put back as extent 1, so it broadcasts over `input`.
  mlir::Value keepDims(mlir::Value reduced, mlir::Value input,
                       llvm::ArrayRef<int64_t> axes, bool alreadyKept);
  /// `x` with its last two dimensions swapped.
  mlir::Value transposeLastTwo(mlir::Value x);
  /// dlc.matmul.
  mlir::Value matmul(mlir::Value x, mlir::Value y);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_VJPBUILDER_H
