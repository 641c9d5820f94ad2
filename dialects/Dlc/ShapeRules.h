//===- ShapeRules.h - result shapes of dlc ops ------------------*- C++ -*-===//
//
// Shape rules shared by the ops' type inference and the lowering. Shapes use
// mlir::ShapedType::kDynamic for symbolic dimensions; a rule returns failure
// with a message quoting both shapes when it cannot type its operands.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_DLC_SHAPERULES_H
#define DLC_DIALECTS_DLC_SHAPERULES_H

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace dlc {

using Shape = llvm::SmallVector<int64_t, 4>;

/// Formats a shape as `[?, 784]`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// NumPy broadcasting of two shapes. Two dynamic dimensions are taken to be
/// equal (the frontend checks symbolic names); a dynamic one against a static
/// one that is not 1 takes the static extent.
mlir::LogicalResult broadcastShapes(llvm::ArrayRef<int64_t> lhs,
                                    llvm::ArrayRef<int64_t> rhs, Shape &result,
                                    std::string &error);

/// `[..., M, K] @ [..., K, N]` with broadcast batch dimensions.
mlir::LogicalResult matmulShape(llvm::ArrayRef<int64_t> lhs,
                                llvm::ArrayRef<int64_t> rhs, Shape &result,
                                std::string &error);

/// `linear`: input `[..., K]`, weight `[M, K]`, optional bias `[M]`.
mlir::LogicalResult linearShape(llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> weight,
                                const llvm::ArrayRef<int64_t> *bias,
                                Shape &result, std::string &error);

/// Drops (or keeps as 1 with `keepDim`) the given axes, which must be
/// distinct and in [0, rank).
mlir::LogicalResult reduceShape(llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> axes, bool keepDim,
                                Shape &result, std::string &error);

/// The output extent of a window (convolution, pooling) sliding over
/// `input` with the given kernel, stride, padding on each side and dilation:
/// (input + 2 padding - dilation (kernel - 1) - 1) / stride + 1. Dynamic
/// for a dynamic input; fails with a message when the window does not fit.
mlir::LogicalResult windowExtent(int64_t input, int64_t kernel, int64_t stride,
                                 int64_t padding, int64_t dilation,
                                 int64_t &result, std::string &error);

/// Whether two extents can be the same at run time.
inline bool extentsCompatible(int64_t a, int64_t b) {
  return a < 0 || b < 0 || a == b;
}

} // namespace dlc

#endif // DLC_DIALECTS_DLC_SHAPERULES_H
