//===- StateLayout.cpp - byte layout of a model's state arena -------------===//
#include "dialects/Dlc/StateLayout.h"
#include "dialects/Dlc/DlcOps.h"
#include "dlc/ModelABI.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace dlc {

/// Matches DLC_STATE_ALIGNMENT of include/dlc/ModelABI.h: a cache line, and
/// the widest vector load, so kernels may assume aligned parameters.
static constexpr uint64_t kSlotAlignment = 64;
static_assert(kSlotAlignment == DLC_STATE_ALIGNMENT,
              "the state layout must honour the ABI's alignment");

uint64_t elementBytes(Type type) {
  return std::max<uint64_t>(1, type.getIntOrFloatBitWidth() / 8);
}

StateLayout computeStateLayout(ModuleOp module) {
  StateLayout layout;
  auto add = [&](Operation *decl, StringRef name, Type type, StateKind kind) {
    auto tensor = cast<RankedTensorType>(type);
    uint64_t bytes =
        tensor.getNumElements() * elementBytes(tensor.getElementType());
    layout.totalBytes = llvm::alignTo(layout.totalBytes, kSlotAlignment);
    layout.slotByName[name] = layout.slots.size();
    layout.slots.push_back(
        {decl, name, tensor, layout.totalBytes, bytes, kind});
    layout.totalBytes += bytes;
  };
  for (auto param : module.getOps<ParamOp>())
    add(param, param.getSymName(), param.getType(), StateKind::Param);
  for (auto buffer : module.getOps<BufferOp>())
    add(buffer, buffer.getSymName(), buffer.getType(), StateKind::Buffer);
  for (auto state : module.getOps<OptimizerStateOp>())
    add(state, state.getSymName(), state.getType(), StateKind::OptimizerState);
  layout.totalBytes =
      llvm::alignTo(std::max<uint64_t>(layout.totalBytes, 1), kSlotAlignment);
  return layout;
}

} // namespace dlc
