//===- RowLoops.h - a rows fusion group as one loop over rows ---*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_ROWLOOPS_H
#define DLC_COMPILER_TRANSFORMS_ROWLOOPS_H

#include "mlir/IR/PatternMatch.h"

namespace dlc {

/// Runs the linalg ops of `body` that work row by row (their first
/// `rowDims` loops parallel and indexing the rows of every operand they
/// touch) inside one loop nest over the rows, each computing one row of its
/// result from one row of its operands: a softmax's maximum, exponentials,
/// sum and quotients of a row are computed while the row is in cache, and
/// intermediate rows never travel to memory and back between ops. Ops that
/// need every row (a mean over the batch) follow the loop. Returns false,
/// leaving `body` as it was, where the ops do not tile by rows this way.
bool runRowByRow(mlir::RewriterBase &rewriter, mlir::Block &body,
                 int64_t rowDims);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_ROWLOOPS_H
