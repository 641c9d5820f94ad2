//===- WindowUtils.h - shared by the window lowerings -----------*- C++ -*-===//
//
// Window geometry and the tensors both kinds of window op build: padded
// inputs, the transposed-window grid of a gradient, generics over windows.
//
// Backward ops use the transposed-window form: the result gradient is
// spread on a zero grid with the forward stride between elements (the
// "dilated" gradient) and offset so that each input position reads its
// windows at h + k. Every map is then affine and every loop a plain range,
// which keeps the kernels vectorisable, and the same grid serves the input
// gradients of conv2d, max_pool2d and avg_pool2d.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CONVERSION_DLCTOLINALG_WINDOWUTILS_H
#define DLC_COMPILER_CONVERSION_DLCTOLINALG_WINDOWUTILS_H

#include "compiler/Conversion/DlcToLinalg/TensorBuilder.h"

#include "mlir/IR/AffineMap.h"

namespace dlc::window {

/// Kernel, stride, padding and dilation, each [height, width].
struct Geometry {
  int64_t kernel[2], stride[2], padding[2], dilation[2];
};

/// The geometry of a window op's attributes; no dilation is 1.
Geometry geometry(llvm::ArrayRef<int64_t> kernel,
                  llvm::ArrayRef<int64_t> stride,
                  llvm::ArrayRef<int64_t> padding,
                  llvm::ArrayRef<int64_t> dilation);

constexpr int64_t kNoDilation[2] = {1, 1};

/// A linalg.generic whose first loops are parallel and the last
/// `numReduction` reductions; `body` gets the input elements and the
/// accumulator.
mlir::Value generic(TensorBuilder &tb, mlir::ValueRange inputs,
                    mlir::Value init, llvm::ArrayRef<mlir::AffineMap> maps,
                    unsigned numReduction, TensorBuilder::BodyFn body);

/// The map (d0, ..., dn-1) -> exprs.
mlir::AffineMap affineMap(mlir::MLIRContext *context, unsigned numDims,
                          llvm::ArrayRef<mlir::AffineExpr> exprs);

/// A tensor.empty of `shape` whose leading dynamic extent is the batch of
/// `batchSource`.
mlir::Value batchedEmpty(TensorBuilder &tb, llvm::ArrayRef<int64_t> shape,
                         mlir::Type elementType, mlir::Value batchSource);

/// batchedEmpty filled with `fill`.
mlir::Value filled(TensorBuilder &tb, llvm::ArrayRef<int64_t> shape,
                   mlir::Type elementType, mlir::Value batchSource,
                   double fill);

/// The spatial extents (dims 2 and 3) of a static-spatial NCHW type.
std::pair<int64_t, int64_t> spatial(mlir::Value v);

/// A dummy [kH, kW] operand that gives linalg the window loops' ranges.
mlir::Value windowOperand(TensorBuilder &tb, const Geometry &g);

/// The transposed-window grid of `grad [N, C, OH, OW]` for an input of
/// spatial size `inputSize`: a `[N, C, H + (kH - 1) dH, W + (kW - 1) dW]`
/// tensor of `fill` where grad[oh] sits at oh * stride + (k - 1) d - padding.
/// Input position h then meets, at h + k' d, the gradient of the window that
/// covers it with kernel tap k - 1 - k'. `extraRows` rows of `fill` follow.
mlir::Value transposedWindowGrid(TensorBuilder &tb, mlir::Value grad,
                                 const Geometry &g,
                                 llvm::ArrayRef<int64_t> inputSize, double fill,
                                 int64_t extraRows = 0);

/// `x [N, C, H, W]` padded with `fill` by the geometry's padding.
mlir::Value padSpatial(TensorBuilder &tb, mlir::Value x, const Geometry &g,
                       double fill);

} // namespace dlc::window

#endif // DLC_COMPILER_CONVERSION_DLCTOLINALG_WINDOWUTILS_H
