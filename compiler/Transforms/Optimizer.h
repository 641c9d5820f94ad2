//===- Optimizer.h - the optimizer's update in train_step -------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_OPTIMIZER_H
#define DLC_COMPILER_TRANSFORMS_OPTIMIZER_H

#include "dialects/Dlc/DlcOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"

namespace dlc {

/// A parameter and the gradient of the loss with respect to it.
struct ParamGradient {
  ParamOp param;
  mlir::Value grad;
};

/// Emits, at `builder`'s insertion point, the update of every parameter by
/// the optimizer `optimizer` (the module's `dlc.optimizer`: kind sgd, adam
/// or adamw, PyTorch's hyper-parameters, a learning-rate schedule) as
/// `dlc.store`s, declaring the optimizer's state (`optimizer.step`,
/// `optimizer.<param>.momentum_buffer`, `.exp_avg`, `.exp_avg_sq`) in the
/// module. Fails with a diagnostic at `loc` on an unknown optimizer.
mlir::LogicalResult buildOptimizerUpdate(mlir::OpBuilder &builder,
                                         mlir::Location loc,
                                         mlir::ModuleOp module,
                                         mlir::DictionaryAttr optimizer,
                                         llvm::ArrayRef<ParamGradient> grads);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_OPTIMIZER_H
