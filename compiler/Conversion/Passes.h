//===- Passes.h - dlc conversion passes -------------------------*- C++ -*-===//
#ifndef DLC_COMPILER_CONVERSION_PASSES_H
#define DLC_COMPILER_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace dlc {

#define GEN_PASS_DECL
#include "compiler/Conversion/Passes.h.inc"

/// Adds the patterns that lower dlc compute ops to linalg on tensors (see
/// the pass's flatten-convolution-rows option).
void populateDlcToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                 bool flattenConvolutionRows = true);

#define GEN_PASS_REGISTRATION
#include "compiler/Conversion/Passes.h.inc"

} // namespace dlc

#endif // DLC_COMPILER_CONVERSION_PASSES_H
