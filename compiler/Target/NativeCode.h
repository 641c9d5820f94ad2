//===- NativeCode.h - LLVM IR to host machine code --------------*- C++ -*-===//
#ifndef DLC_COMPILER_TARGET_NATIVECODE_H
#define DLC_COMPILER_TARGET_NATIVECODE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace dlc {

/// A position-independent TargetMachine for the host's architecture. `cpu`
/// is an LLVM CPU name (`x86-64-v3`, `skylake-avx512`), or "native" for the
/// host CPU and all its features (AVX-512 where present).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu, unsigned optLevel);

/// Gives `module` the machine's data layout and triple.
void setModuleTarget(llvm::Module &module, llvm::TargetMachine &machine);

/// Runs LLVM's default module pipeline for `optLevel` (0 to 3).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel);

/// Object file bytes (or assembly text with `assembly`) for `module`.
llvm::Expected<std::string> emitMachineCode(llvm::Module &module,
                                            llvm::TargetMachine &machine,
                                            bool assembly);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_NATIVECODE_H
