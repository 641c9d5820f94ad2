//===- StateLayout.h - byte layout of a model's state arena -----*- C++ -*-===//
//
// Parameters, then buffers, then the optimizer's state, each group in
// declaration order and each tensor at a 64-byte aligned offset. The
// entry-point lowering and the model description both use this one function, so
// the code and the self-description cannot disagree.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_DLC_STATELAYOUT_H
#define DLC_DIALECTS_DLC_STATELAYOUT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

namespace dlc {

/// What a tensor of the state arena is.
enum class StateKind { Param, Buffer, OptimizerState };

/// One tensor of the state arena.
struct StateSlot {
  mlir::Operation *decl; ///< the dlc.param, dlc.buffer or dlc.optimizer_state
  llvm::StringRef name;
  mlir::RankedTensorType type;
  uint64_t offset;
  uint64_t bytes;
  StateKind kind;
};

/// The arena: its slots in order and its total size in bytes.
struct StateLayout {
  llvm::SmallVector<StateSlot> slots;
  llvm::StringMap<size_t> slotByName;
  uint64_t totalBytes = 0;
};

/// Size in bytes of one element of `type` (i1 takes a byte).
uint64_t elementBytes(mlir::Type type);

/// Lays out every state declaration of `module`.
StateLayout computeStateLayout(mlir::ModuleOp module);

} // namespace dlc

#endif // DLC_DIALECTS_DLC_STATELAYOUT_H
