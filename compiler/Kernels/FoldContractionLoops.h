//===- FoldContractionLoops.h - loops folded before a kernel is built -*- C++
//-*-===//
#ifndef DLC_COMPILER_KERNELS_FOLDCONTRACTIONLOOPS_H
#define DLC_COMPILER_KERNELS_FOLDCONTRACTIONLOOPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/DenseSet.h"

namespace dlc {

/// Folds each run of `contraction`'s loops that every operand walks together
/// and in order, or not at all, into one loop: a linear layer over [N, L, d]
/// tokens (the weights walk neither N nor L) becomes one [N*L, d] x [d, e]
/// product instead of N products of L rows. The chain of elementwise ops
/// that alone use its result (the epilogue a kernel takes) and a broadcast
/// it starts from are folded alike, so the outliner still finds them.
/// Returns the folded contraction, or `contraction` when nothing folds; the
/// ops replaced are erased and added to `erased`. `contraction` must have
/// a multiply-add body.
mlir::linalg::GenericOp
foldContractionLoops(mlir::linalg::GenericOp contraction,
                     llvm::DenseSet<mlir::Operation *> &erased);

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_FOLDCONTRACTIONLOOPS_H
