//===- Passes.h - dlc graph passes ------------------------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_PASSES_H
#define DLC_COMPILER_TRANSFORMS_PASSES_H

#include "dialects/Dlc/DlcDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_PASSES_H
