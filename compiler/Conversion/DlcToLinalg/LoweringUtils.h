//===- LoweringUtils.h - pieces shared by the dlc-to-linalg patterns -*- C++
//-*-===//
//
// Scalar bodies and composite tensor computations (softmax, means, argmax,
// the label column of cross-entropy) that more than one lowering builds, and
// the pattern populators of each lowering file.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
#define DLC_COMPILER_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H

#include "compiler/Conversion/DlcToLinalg/TensorBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/DialectConversion.h"

namespace dlc {

/// Replaces `op` with `result`, unless the builder could not size a tensor.
mlir::LogicalResult finish(mlir::ConversionPatternRewriter &rewriter,
                           mlir::Operation *op, const TensorBuilder &tb,
                           mlir::Value result);

/// A float scalar constant of `type`.
mlir::Value floatConstant(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type, double value);
/// An i64 scalar constant.
mlir::Value i64Constant(mlir::OpBuilder &b, mlir::Location loc, int64_t value);
/// `linalg.index` of `loop` as i64, in a linalg.generic's body.
mlir::Value loopIndex(mlir::OpBuilder &b, mlir::Location loc, unsigned loop);

/// One scalar conversion with PyTorch's rules: floats truncate toward zero
/// into integers, anything nonzero is `true`, and `true` is 1.
mlir::Value castScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       mlir::Type to);

/// Combiners of reductions. reassoc lets LLVM vectorise the reduction loop;
/// a sum then rounds differently from a sequential one, as PyTorch's
/// vectorised sums do.
constexpr mlir::arith::FastMathFlags kReduction =
    mlir::arith::FastMathFlags::reassoc;
mlir::Value addScalar(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::ValueRange args);
mlir::Value maxScalar(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::ValueRange args);
mlir::Value minScalar(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::ValueRange args);

/// sum / count over `axes`, in the accumulator type.
mlir::Value meanOf(TensorBuilder &tb, mlir::Value input,
                   llvm::ArrayRef<int64_t> axes, bool keepDim);
/// Mean over every element, as a rank-0 tensor of the accumulator type.
mlir::Value meanOfAll(TensorBuilder &tb, mlir::Value x);
/// Sum over every element, as a rank-0 tensor.
mlir::Value sumOfAll(TensorBuilder &tb, mlir::Value x);

/// x - max(x, axis), the shift that keeps exp from overflowing.
mlir::Value shiftedByMax(TensorBuilder &tb, mlir::Value x, int64_t axis);
/// exp of each element.
mlir::Value expOf(TensorBuilder &tb, mlir::Value x);
/// log_softmax of `x` (already in its accumulator type) along `axis`.
mlir::Value logSoftmax(TensorBuilder &tb, mlir::Value x, int64_t axis);
/// softmax of `x` (already in its accumulator type) along `axis`.
mlir::Value softmax(TensorBuilder &tb, mlir::Value x, int64_t axis);

/// Index of the first maximum along `axis`, as i64, with `keepDim`. NaN is
/// the maximum, as in torch.argmax.
mlir::Value argmaxOf(TensorBuilder &tb, mlir::Value input, int64_t axis,
                     bool keepDim);

/// PyTorch's default `ignore_index` of cross_entropy.
constexpr int64_t kIgnoreIndex = -100;

/// Per row n: the value of `rows [N, C]` at the column `labels[n]`, as a
/// `[N]` tensor (0 for a label outside [0, C)).
mlir::Value pickLabelColumn(TensorBuilder &tb, mlir::Value rows,
                            mlir::Value labels);

/// Adds the patterns of each lowering file (see Passes.h for the whole set).
void populateShapeLoweringPatterns(mlir::RewritePatternSet &patterns);
/// `flattenRows`: see the pass's flatten-convolution-rows option.
void populateConvolutionLoweringPatterns(mlir::RewritePatternSet &patterns,
                                         bool flattenRows);
void populatePoolingLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateLayerLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace dlc

#endif // DLC_COMPILER_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
