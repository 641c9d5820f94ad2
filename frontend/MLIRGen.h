//===- MLIRGen.h - Checked model to dlc dialect IR --------------*- C++ -*-===//
//
// Translates sema's ModelGraph into a builtin.module of the dlc dialect: params
// and buffers as module-level symbols, forward/loss/metrics as func.funcs.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_MLIRGEN_H
#define DLC_FRONTEND_MLIRGEN_H

#include "frontend/Diagnostics.h"
#include "frontend/Graph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace dlc {

/// Emits `model` as dlc IR. Operations without code generation yet are
/// reported as located errors through `diags` and null is returned.
mlir::OwningOpRef<mlir::ModuleOp> emitDlcIR(mlir::MLIRContext &context,
                                            const ModelGraph &model,
                                            Diagnostics &diags);

} // namespace dlc

#endif // DLC_FRONTEND_MLIRGEN_H
