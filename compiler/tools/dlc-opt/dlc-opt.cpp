//===- dlc-opt.cpp - mlir-opt for the dlc dialect -------------------------===//
//
// Registers the dlc dialect, only the upstream dialects dlc's tests parse,
// every dlc pass and pipeline, canonicalize, CSE, empty-tensor elimination
// and the upstream passes of the GPU pipeline, so each is a flag that a lit
// test can drive on its own.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"
#include "compiler/Kernels/Passes.h"
#include "compiler/Transforms/GpuPipeline.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/Pipelines.h"

#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  dlc::registerPipelineDialects(registry);
  dlc::registerGpuPipelineDialects(registry);
  dlc::registerDlcConversionPasses();
  dlc::registerDlcPasses();
  dlc::registerDlcKernelsPasses();
  dlc::registerDlcPipelines();
  dlc::registerGpuPipelines();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  // The upstream steps of the GPU pipeline that dlc's tests run between
  // dlc's own GPU passes.
  mlir::registerPass([] { return mlir::createConvertSCFToCFPass(); });
  mlir::registerPass([] { return mlir::createConvertGpuOpsToNVVMOps(); });
  mlir::registerPass([] { return mlir::createConvertMathToLLVMPass(); });
  // What dlc-hoist-destinations prepares for, in its test.
  mlir::registerPass(
      [] { return mlir::bufferization::createEmptyTensorEliminationPass(); });
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
