//===- Pipelines.h - dlc's pass pipelines -----------------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_PIPELINES_H
#define DLC_COMPILER_TRANSFORMS_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class DialectRegistry;
class OpPassManager;
} // namespace mlir

namespace dlc {

/// Knobs of the CPU pipeline; also `dlc-opt --dlc-lower-to-cpu="..."`.
struct CpuPipelineOptions
    : public mlir::PassPipelineOptions<CpuPipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("0 to 3, as dlc's -O"),
                            llvm::cl::init(2)};
  Option<bool> fusion{*this, "fusion",
                      llvm::cl::desc("fuse elementwise ops (dlc's --fusion)"),
                      llvm::cl::init(true)};
  Option<bool> parallelLoops{
      *this, "parallel-loops",
      llvm::cl::desc("linalg to scf.parallel, parallel loops outermost "
                     "(for the GPU pipeline)"),
      llvm::cl::init(false)};
};

/// The train block's train_step (autodiff and the optimizer), simplified.
void buildTrainingPipeline(mlir::OpPassManager &pm);

/// dlc -> linalg on tensors -> entry points -> bufferized loops, stopping
/// before the LLVM dialect (what `dlc --emit=lowered` shows).
/// `addKernelPasses`, when given, adds passes that run on linalg on tensors
/// before elementwise fusion: there kernels leave MLIR for Halide.
void buildLowerToLoopsPipeline(
    mlir::OpPassManager &pm, const CpuPipelineOptions &options,
    llvm::function_ref<void(mlir::OpPassManager &)> addKernelPasses = {});

/// Bufferized loops -> LLVM dialect, ready for translation to LLVM IR.
/// `gpu`: the module has GPU kernels (buildGpuKernelsPipeline), whose
/// launches become calls of the mgpu* runtime functions.
void buildLoopsToLLVMPipeline(mlir::OpPassManager &pm, bool gpu = false);

/// All of the above: `dlc-lower-to-cpu`.
void buildLowerToCpuPipeline(mlir::OpPassManager &pm,
                             const CpuPipelineOptions &options);

/// Registers `dlc-lower-to-cpu` with the pass registry.
void registerDlcPipelines();

/// Adds every dialect and external interface model the pipelines need
/// (bufferization models, LLVM translation interfaces).
void registerPipelineDialects(mlir::DialectRegistry &registry);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_PIPELINES_H
