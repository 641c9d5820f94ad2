//===- AbiEmitter.h - the model ABI's generated half ------------*- C++ -*-===//
//
// Adds to a translated model what the prebuilt ABI shim (runtime/shim) calls:
// the constant `dlc_gen_model_info` and `dlc_gen_<entry>(void **args)` for
// forward, train_step and eval_step, which unpack memref descriptors for the
// MLIR-generated `_mlir_ciface_<entry>`.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TARGET_ABIEMITTER_H
#define DLC_COMPILER_TARGET_ABIEMITTER_H

#include "compiler/Target/ModelDescription.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace dlc {

/// Emits the description and the entry trampolines into `module`, and hides
/// every other definition so that only the shim's entry points are exported.
llvm::Error emitModelAbi(llvm::Module &module, const ModelDescription &model);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_ABIEMITTER_H
