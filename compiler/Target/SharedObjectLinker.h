//===- SharedObjectLinker.h - objects to model.so with LLD ------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_SHAREDOBJECTLINKER_H
#define DLC_COMPILER_TARGET_SHAREDOBJECTLINKER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace dlc {

/// Fails, naming the directory, when `outputPath`'s directory is missing.
llvm::Error checkOutputDirectory(llvm::StringRef outputPath);

/// Links relocatable objects (their bytes) into the ELF shared object
/// `outputPath` with LLD in-process, against the C and math libraries this
/// process has loaded. The file appears atomically: written beside the
/// target under a temporary name, then renamed. Only the model ABI
/// (dlc_model_*) is exported.
llvm::Error linkSharedObject(llvm::ArrayRef<llvm::StringRef> objects,
                             llvm::StringRef outputPath);

/// The prebuilt ABI shim object (runtime/shim/ModelShim.c) that every
/// model.so contains.
llvm::StringRef modelShimObject();

/// The CUDA half of the shim (runtime/shim/CudaShim.c) that a model
/// compiled with --target=nvptx contains besides: dlc_model_bind_cuda, the
/// mgpu* functions its kernel launches call, and Halide's CUDA hooks.
llvm::StringRef cudaShimObject();

} // namespace dlc

#endif // DLC_COMPILER_TARGET_SHAREDOBJECTLINKER_H
