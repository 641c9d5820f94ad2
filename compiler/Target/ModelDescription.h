//===- ModelDescription.h - what a model.so says about itself ---*- C++ -*-===//
//
// The self-description of include/dlc/ModelABI.h, collected from the dlc IR
// before lowering erases the state declarations and argument attributes.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_TARGET_MODELDESCRIPTION_H
#define DLC_COMPILER_TARGET_MODELDESCRIPTION_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace dlc {

/// One named tensor: a parameter, buffer, input or output.
struct TensorDescription {
  std::string name;
  int32_t dtype = 0; ///< dlc_dtype
  /// >= 0: a fixed extent; < 0: the symbol `symbols[-1 - dim]`.
  llvm::SmallVector<int64_t, 4> dims;
  uint64_t offset = 0; ///< in the state arena
  int32_t init = 0;    ///< dlc_init_kind
  double initA = 0, initB = 0;
  int64_t fanIn = 0, fanOut = 0;
};

/// The whole self-description.
struct ModelDescription {
  std::string name;
  llvm::SmallVector<std::string> symbols;
  llvm::SmallVector<TensorDescription> params, buffers, inputs, outputs;
  llvm::SmallVector<TensorDescription> optimizerState;
  /// The train block's batch and results (loss, metrics); empty without one.
  llvm::SmallVector<TensorDescription> batchInputs, stepOutputs;
  uint64_t stateBytes = 0;
  uint32_t cpuFeatures = 0; ///< dlc_cpu_feature bits the code may use
  uint32_t entryPoints = 0; ///< dlc_entry_point bits
  /// The GPU's compute capability * 10 (80 for sm_80) the code needs; 0
  /// for code that runs on the CPU alone.
  uint32_t gpuArch = 0;
  std::string optimizerJson; ///< "" when the program has no train block
};

/// Collects the description of `module`, a dlc-dialect model with a public
/// `forward` and, when it has a train block, the `train_step` (after
/// autodiff) and `eval_step` it built. Emits an error at the offending op
/// and fails otherwise.
mlir::FailureOr<ModelDescription> describeModel(mlir::ModuleOp module);

} // namespace dlc

#endif // DLC_COMPILER_TARGET_MODELDESCRIPTION_H
