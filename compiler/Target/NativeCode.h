//===- NativeCode.h - LLVM IR to host machine code --------------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_NATIVECODE_H
#define DLC_COMPILER_TARGET_NATIVECODE_H

#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace dlc {

/// A TargetMachine for the host CPU and all its features (AVX-512 where
/// present), position-independent for shared objects.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(unsigned optLevel);

/// Runs LLVM's default module pipeline for `optLevel` (0 to 3).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel);

/// Object file bytes (or assembly text with `assembly`) for `module`.
llvm::Expected<std::string> emitMachineCode(llvm::Module &module,
                                            llvm::TargetMachine &machine,
                                            bool assembly);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_NATIVECODE_H
