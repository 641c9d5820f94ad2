//===- GpuPipeline.h - dlc's pipeline for NVIDIA GPUs -----------*- C++ -*-===//
//
// --target=nvptx: the loops MLIR keeps (everything but the Halide kernels)
// become gpu-dialect kernels, compiled to PTX by LLVM's NVPTX backend and
// embedded in the host code, which launches them through the mgpu* functions
// of runtime/shim/CudaShim.c.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TRANSFORMS_GPUPIPELINE_H
#define DLC_COMPILER_TRANSFORMS_GPUPIPELINE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir {
class DialectRegistry;
class OpPassManager;
} // namespace mlir

namespace dlc {

/// A GPU architecture dlc compiles for (`--gpu-arch`).
struct GpuArch {
  const char *chip;        ///< "sm_80"
  const char *ptxFeatures; ///< the oldest PTX ISA with the chip: "+ptx70"
  unsigned capability;     ///< compute capability * 10: 80
};

/// Every --gpu-arch dlc supports, oldest first.
llvm::ArrayRef<GpuArch> supportedGpuArchs();

/// The architecture named `chip`, or null.
const GpuArch *findGpuArch(llvm::StringRef chip);

/// "sm_80 or sm_90", for messages.
std::string supportedGpuArchList();

/// Bufferized parallel loops (CpuPipelineOptions::parallelLoops) -> host
/// code with gpu.launch_func of kernels whose PTX for `arch` is embedded in
/// gpu.binary ops. buildLoopsToLLVMPipeline(pm, /*gpu=*/true) follows.
void buildGpuKernelsPipeline(mlir::OpPassManager &pm, const GpuArch &arch);

/// Registers `dlc-lower-to-nvptx` (the whole pipeline, as
/// dlc-lower-to-cpu) with the pass registry.
void registerGpuPipelines();

/// Adds the dialects, NVVM target and translations the GPU pipeline needs.
void registerGpuPipelineDialects(mlir::DialectRegistry &registry);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_GPUPIPELINE_H
