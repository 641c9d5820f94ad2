//===- Pipelines.cpp - dlc's pass pipelines -------------------------------===//
#include "compiler/Transforms/Pipelines.h"
#include "compiler/Conversion/KernelCalls/KernelCallBufferization.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/VjpRules.h"
#include "dialects/Dlc/DlcDialect.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorInferTypeOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace dlc {

void buildTrainingPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createPoolBeforeReluPass());
  pm.addPass(createAutodiffPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLowerToLoopsPipeline(
    OpPassManager &pm, const CpuPipelineOptions &options,
    llvm::function_ref<void(OpPassManager &)> addKernelPasses) {
  bool fuse = options.optLevel > 0 && options.fusion;
  if (fuse)
    pm.addNestedPass<func::FuncOp>(createFormFusionGroupsPass());
  // The GPU's convolution schedules tile images in two dimensions.
  pm.addPass(createConvertDlcToLinalgPass(
      {/*flattenConvolutionRows=*/!options.parallelLoops}));
  pm.addPass(createCanonicalizerPass());
  // Kernels leave first: fused into a contraction, an elementwise op would
  // make it something no kernel matches; the kernels take the epilogues of
  // their contraction groups themselves.
  if (addKernelPasses)
    addKernelPasses(pm);
  if (fuse)
    pm.addNestedPass<func::FuncOp>(createLowerFusionGroupsPass());
  pm.addPass(createLowerEntryPointsPass());
  // Let results be computed straight into the caller's output buffers, the
  // state and the padded buffers of convolution inputs (whose destinations
  // must move up first). This must come before CSE: CSE merges equal
  // tensor.empty ops, and eliminating a shared one would compute two
  // results in one buffer.
  pm.addNestedPass<func::FuncOp>(createHoistDestinationsPass());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(createCSEPass());
  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  // Copies become linalg.copy, which turns into loops: a memref.copy of a
  // strided view (a slice) would call MLIR's runtime library, which a
  // model.so does not link.
  bufferization.memCpyFn = [](OpBuilder &b, Location loc, Value from,
                              Value to) {
    b.create<linalg::CopyOp>(loc, from, to);
    return success();
  };
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  pm.addNestedPass<func::FuncOp>(createHoistLoopBuffersPass());
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createBufferizationToMemRefPass());
  pm.addNestedPass<func::FuncOp>(createWriteStateInPlacePass());
  if (options.parallelLoops) {
    pm.addNestedPass<func::FuncOp>(createGpuParallelDimsFirstPass());
    pm.addPass(createConvertLinalgToParallelLoopsPass());
  } else {
    pm.addPass(createConvertLinalgToLoopsPass());
  }
  pm.addPass(createCanonicalizerPass());
}

void buildLoopsToLLVMPipeline(OpPassManager &pm, bool gpu) {
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Allocations go to the shim's allocator, which keeps freed blocks for
  // the next step (runtime/shim/ModelShim.c, "Working memory"). Its blocks
  // come aligned: aligning a plain allocation by pointer arithmetic
  // (ptrtoint, add, and, inttoptr) hides from LLVM's alias analysis that
  // two buffers are distinct allocations, and a copy between them, whose
  // loads and stores interleave, stays scalar.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  // On the CPU erf and tanh become arithmetic that vectorises; NVPTX has
  // them in libdevice.
  if (!gpu)
    pm.addPass(createApproximateMathPass());
  pm.addPass(createConvertMathToLLVMPass());
  // What has no LLVM intrinsic and was not approximated becomes a libm call.
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  // After finalize-memref-to-llvm: run before it, gpu-to-llvm's own memref
  // patterns would allocate host buffers with malloc instead of the shim's
  // allocator (which gives a GPU model managed memory).
  if (gpu)
    pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void buildLowerToCpuPipeline(OpPassManager &pm,
                             const CpuPipelineOptions &options) {
  buildTrainingPipeline(pm);
  buildLowerToLoopsPipeline(pm, options);
  buildLoopsToLLVMPipeline(pm);
}

void registerDlcPipelines() {
  PassPipelineRegistration<CpuPipelineOptions>(
      "dlc-lower-to-cpu",
      "lowers a dlc model to the LLVM dialect for the host CPU",
      buildLowerToCpuPipeline);
}

void registerPipelineDialects(DialectRegistry &registry) {
  registry.insert<DlcDialect, affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  func::FuncDialect, linalg::LinalgDialect, LLVM::LLVMDialect,
                  math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                  tensor::TensorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  // The shapes of reshapes, for folding a reshaped tensor.empty.
  tensor::registerInferTypeOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  registerKernelCallBufferization(registry);
  registerVjpRules(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

} // namespace dlc
