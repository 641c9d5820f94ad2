//===- dlc-opt.cpp - mlir-opt for the dlc dialect -------------------------===//
//
// Registers the dlc dialect, only the upstream dialects dlc's tests parse,
// every dlc pass and pipeline, canonicalize and CSE, so each is a flag that a
// lit test can drive on its own.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"
#include "compiler/Kernels/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  dlc::registerPipelineDialects(registry);
  dlc::registerDlcConversionPasses();
  dlc::registerDlcPasses();
  dlc::registerDlcKernelsPasses();
  dlc::registerDlcPipelines();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
