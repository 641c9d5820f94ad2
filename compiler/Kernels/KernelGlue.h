//===- KernelGlue.h - memref descriptors to Halide buffers ------*- C++ -*-===//
#ifndef DLC_COMPILER_KERNELS_KERNELGLUE_H
#define DLC_COMPILER_KERNELS_KERNELGLUE_H

#include "compiler/Kernels/KernelLibrary.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace dlc {

/// Defines `_mlir_ciface_<symbol>` in `module` for every kernel the module
/// calls: it views each memref descriptor as a halide_buffer_t (with the
/// shim's dlc_halide_buffer_from_memref) and calls the Halide function,
/// reporting a failure to the shim.
/// `gpu`: the kernels were compiled for Halide's CUDA target; the buffers
/// also name their memory as CUDA device memory (it is managed memory:
/// runtime/shim/CudaShim.c) and the shim's dlc_halide_cuda_kernel_done
/// waits for each kernel before host code goes on.
llvm::Error emitKernelGlue(llvm::Module &module,
                           llvm::ArrayRef<KernelObject> kernels,
                           bool gpu = false);

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_KERNELGLUE_H
