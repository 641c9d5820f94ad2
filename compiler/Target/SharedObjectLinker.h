//===- SharedObjectLinker.h - objects to model.so with LLD ------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_SHAREDOBJECTLINKER_H
#define DLC_COMPILER_TARGET_SHAREDOBJECTLINKER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace dlc {

/// Links relocatable objects (their bytes) into the ELF shared object
/// `outputPath` with LLD in-process, against the C and math libraries this
/// process has loaded. The file appears atomically: written beside the
/// target under a temporary name, then renamed.
llvm::Error linkSharedObject(llvm::ArrayRef<llvm::StringRef> objects,
                             llvm::StringRef outputPath);

/// The prebuilt ABI shim object (runtime/shim/ModelShim.c) that every
/// model.so contains.
llvm::StringRef modelShimObject();

} // namespace dlc

#endif // DLC_COMPILER_TARGET_SHAREDOBJECTLINKER_H
