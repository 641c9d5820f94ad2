//===- PtxModules.h - the PTX embedded in objects ---------------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_PTXMODULES_H
#define DLC_COMPILER_TARGET_PTXMODULES_H

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace dlc {

/// Every PTX module embedded in the object file `bytes`, as text. Both the
/// MLIR kernels (gpu.binary) and Halide's CUDA kernels keep their PTX as a
/// NUL-terminated string that starts with LLVM's NVPTX banner.
std::vector<llvm::StringRef> findPtxModules(llvm::StringRef bytes);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_PTXMODULES_H
