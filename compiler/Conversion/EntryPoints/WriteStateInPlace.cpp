//===- WriteStateInPlace.cpp - new state values computed in the arena -----===//
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_WRITESTATEINPLACEPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// `slot` and every view of it.
static llvm::SmallPtrSet<Value, 8> aliasesOf(Value slot) {
  llvm::SmallPtrSet<Value, 8> aliases;
  SmallVector<Value> work = {slot};
  while (!work.empty()) {
    Value value = work.pop_back_val();
    if (!aliases.insert(value).second)
      continue;
    for (Operation *user : value.getUsers())
      if (isa<ViewLikeOpInterface, memref::CastOp>(user))
        for (Value result : user->getResults())
          work.push_back(result);
  }
  return aliases;
}

static bool usesAny(Operation *op, const llvm::SmallPtrSet<Value, 8> &values) {
  bool found = false;
  op->walk([&](Operation *nested) {
    for (Value operand : nested->getOperands())
      found |= values.contains(operand);
  });
  return found;
}

/// Whether `op` may compute `buffer` in `slot`'s place: an elementwise
/// linalg.generic writing `buffer` that reads `slot` (only as itself) at the
/// index it writes.
static bool updatesInPlace(Operation *op, Value buffer, Value slot,
                           const llvm::SmallPtrSet<Value, 8> &aliases) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumLoops() != generic.getNumParallelLoops())
    return false;
  OpOperand *written = nullptr;
  for (OpOperand &init : generic.getDpsInitsMutable())
    if (init.get() == buffer)
      written = &init;
  if (!written)
    return false;
  AffineMap writeMap = generic.getMatchingIndexingMap(written);
  for (OpOperand &operand : op->getOpOperands()) {
    if (!aliases.contains(operand.get()))
      continue;
    if (operand.get() != slot || !generic.isDpsInput(&operand) ||
        generic.getMatchingIndexingMap(&operand) != writeMap)
      return false;
  }
  return true;
}

/// Computes the copy's source in its destination slot, if that is safe.
static bool writeInPlace(memref::CopyOp copy) {
  Value buffer = copy.getSource(), slot = copy.getTarget();
  auto alloc = buffer.getDefiningOp<memref::AllocOp>();
  if (!alloc || !slot.getDefiningOp<memref::ViewOp>() ||
      buffer.getType() != slot.getType() ||
      alloc->getBlock() != copy->getBlock())
    return false;
  // The buffer lives from its allocation to the copy, then is freed.
  SmallVector<Operation *> deallocs;
  for (Operation *user : buffer.getUsers()) {
    if (user->getBlock() != copy->getBlock())
      return false;
    if (copy->isBeforeInBlock(user)) {
      if (!isa<memref::DeallocOp>(user))
        return false;
      deallocs.push_back(user);
    }
  }
  llvm::SmallPtrSet<Value, 8> aliases = aliasesOf(slot);
  llvm::SmallPtrSet<Value, 8> bufferOnly = {buffer};
  bool written = false;
  for (Operation *op = alloc->getNextNode(); op != copy;
       op = op->getNextNode()) {
    bool touchesBuffer = usesAny(op, bufferOnly);
    if (usesAny(op, aliases)) {
      // Reads of the old value before the buffer is first written are
      // fine; then only the first writer itself may read it, elementwise.
      if (written ||
          (touchesBuffer && !updatesInPlace(op, buffer, slot, aliases)))
        return false;
    }
    written |= touchesBuffer;
  }
  buffer.replaceAllUsesWith(slot);
  copy.erase();
  for (Operation *dealloc : deallocs)
    dealloc->erase();
  alloc.erase();
  return true;
}

namespace {
struct WriteStateInPlace
    : public dlc::impl::WriteStateInPlacePassBase<WriteStateInPlace> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies)
      writeInPlace(copy);
  }
};
} // namespace
