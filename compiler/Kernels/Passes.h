//===- Passes.h - passes that hand kernels to Halide ------------*- C++ -*-===//
#ifndef DLC_COMPILER_KERNELS_PASSES_H
#define DLC_COMPILER_KERNELS_PASSES_H

#include "dialects/Dlc/DlcDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

class KernelLibrary;

#define GEN_PASS_DECL
#include "compiler/Kernels/Passes.h.inc"

/// Outlines into `library`, which collects the compiled objects for the
/// driver to link.
std::unique_ptr<mlir::Pass>
createOutlineHalideKernelsPass(KernelLibrary &library, bool fuseEpilogues);

#define GEN_PASS_REGISTRATION
#include "compiler/Kernels/Passes.h.inc"

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_PASSES_H
