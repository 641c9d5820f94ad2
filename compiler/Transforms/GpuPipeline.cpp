//===- GpuPipeline.cpp - dlc's pipeline for NVIDIA GPUs -------------------===//
#include "compiler/Transforms/GpuPipeline.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Pipelines.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToGPU/SCFToGPUPass.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace dlc {

// The PTX ISA versions are the oldest that know each chip (PTX 7.0 came with
// sm_80, 7.8 with sm_90), so the oldest drivers that run the chip load them.
static const GpuArch gpuArchs[] = {{"sm_80", "+ptx70", 80},
                                   {"sm_90", "+ptx78", 90}};

llvm::ArrayRef<GpuArch> supportedGpuArchs() { return gpuArchs; }

const GpuArch *findGpuArch(llvm::StringRef chip) {
  for (const GpuArch &arch : gpuArchs)
    if (chip == arch.chip)
      return &arch;
  return nullptr;
}

std::string supportedGpuArchList() {
  std::string list;
  for (const GpuArch &arch : gpuArchs) {
    if (!list.empty())
      list += &arch == &gpuArchs[std::size(gpuArchs) - 1] ? " or " : ", ";
    list += arch.chip;
  }
  return list;
}

void buildGpuKernelsPipeline(OpPassManager &pm, const GpuArch &arch) {
  pm.addPass(createGpuInlineConstantsPass());
  pm.addNestedPass<func::FuncOp>(createGpuDistributeLoopsPass());
  pm.addNestedPass<func::FuncOp>(createParallelLoopToGpuPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createLowerAffinePass());

  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createGpuDeviceMathPass());
  kernels.addPass(createConvertSCFToCFPass());
  kernels.addPass(createCanonicalizerPass());

  GpuNVVMAttachTargetOptions target;
  target.chip = arch.chip;
  target.features = arch.ptxFeatures;
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  // convert-gpu-to-nvvm leaves the math ops it has no libdevice call for
  // (fma); their LLVM intrinsics are illegal only during that pass.
  OpPassManager &nvvm = pm.nest<gpu::GPUModuleOp>();
  nvvm.addPass(createConvertGpuOpsToNVVMOps());
  nvvm.addPass(createConvertMathToLLVMPass());
  nvvm.addPass(createGpuDefineLibdevicePass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // PTX text ("isa"): the CUDA driver compiles it for the device it runs
  // on, and making it needs no CUDA toolkit (a cubin would need ptxas).
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

/// Stands in for a pipeline whose options are wrong: it fails on the module
/// with `message`, so that dlc-opt reports it like any other error.
struct RejectedPipeline
    : public PassWrapper<RejectedPipeline, OperationPass<ModuleOp>> {
  explicit RejectedPipeline(std::string message)
      : message(std::move(message)) {}
  void runOnOperation() override {
    getOperation().emitError(message);
    signalPassFailure();
  }
  std::string message;
};

namespace {
struct NvptxPipelineOptions : public PassPipelineOptions<NvptxPipelineOptions> {
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("the GPU architecture: sm_80, sm_90"),
                           llvm::cl::init("sm_80")};
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("0 to 3, as dlc's -O"),
                            llvm::cl::init(2)};
};
} // namespace

void registerGpuPipelines() {
  PassPipelineRegistration<NvptxPipelineOptions>(
      "dlc-lower-to-nvptx",
      "lowers a dlc model to the LLVM dialect with PTX kernels (no Halide)",
      [](OpPassManager &pm, const NvptxPipelineOptions &options) {
        const GpuArch *arch = findGpuArch(options.chip);
        if (!arch) {
          pm.addPass(std::make_unique<RejectedPipeline>(
              "dlc-lower-to-nvptx: unknown chip '" + options.chip +
              "' (expected " + supportedGpuArchList() + ")"));
          return;
        }
        CpuPipelineOptions loops;
        loops.optLevel = options.optLevel;
        loops.parallelLoops = true;
        buildTrainingPipeline(pm);
        buildLowerToLoopsPipeline(pm, loops);
        buildGpuKernelsPipeline(pm, *arch);
        buildLoopsToLLVMPipeline(pm, /*gpu=*/true);
      });
}

void registerGpuPipelineDialects(DialectRegistry &registry) {
  registry.insert<gpu::GPUDialect, NVVM::NVVMDialect, vector::VectorDialect>();
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
}

} // namespace dlc
