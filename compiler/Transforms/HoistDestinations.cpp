//===- HoistDestinations.cpp - padded destinations before their interior --===//
//
// Empty-tensor elimination can only anchor an op's init at a destination
// that is already defined where the init is. A padded tensor's destination
// (an empty tensor filled with the padding value) is built where the
// padding is, after the op that computes the interior; moving it to just
// before that op's init lets the op compute the interior in place.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace dlc {
#define GEN_PASS_DEF_HOISTDESTINATIONSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// The ops that build the destination `interior` inserts into, in program
/// order: a tensor.empty, then the fills of it (the padding value). Empty
/// unless the destination is such a chain, each of whose values has only
/// the next op for a user.
static SmallVector<Operation *>
destinationChain(tensor::InsertSliceOp interior) {
  SmallVector<Operation *> chain;
  Value dest = interior.getDest();
  while (dest.hasOneUse()) {
    Operation *op = dest.getDefiningOp();
    if (!op)
      break;
    chain.push_back(op);
    if (isa<tensor::EmptyOp>(op)) {
      std::reverse(chain.begin(), chain.end());
      return chain;
    }
    auto fill = dyn_cast<linalg::FillOp>(op);
    if (!fill || !fill.hasPureTensorSemantics())
      break;
    dest = fill.getDpsInits()[0];
  }
  return {};
}

/// The tensor.empty that the op computing `value` writes into, through the
/// tied inits of destination-style ops, or null.
static tensor::EmptyOp initialEmpty(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (auto empty = dyn_cast<tensor::EmptyOp>(op))
      return empty;
    auto dps = dyn_cast<DestinationStyleOpInterface>(op);
    if (!dps || !dps.hasPureTensorSemantics())
      return nullptr;
    value = dps.getTiedOpOperand(cast<OpResult>(value))->get();
  }
  return nullptr;
}

/// Whether every operand of `ops` that none of them defines is available
/// before `point`.
static bool availableBefore(ArrayRef<Operation *> ops, Operation *point) {
  for (Operation *op : ops)
    for (Value operand : op->getOperands()) {
      Operation *definition = operand.getDefiningOp();
      if (!definition || llvm::is_contained(ops, definition) ||
          definition->getBlock() != point->getBlock())
        continue;
      if (!definition->isBeforeInBlock(point))
        return false;
    }
  return true;
}

namespace {
struct HoistDestinations
    : public dlc::impl::HoistDestinationsPassBase<HoistDestinations> {
  void runOnOperation() override {
    SmallVector<tensor::InsertSliceOp> inserts;
    getOperation().walk(
        [&](tensor::InsertSliceOp insert) { inserts.push_back(insert); });
    for (tensor::InsertSliceOp interior : inserts) {
      SmallVector<Operation *> chain = destinationChain(interior);
      tensor::EmptyOp anchor = initialEmpty(interior.getSource());
      // Just before the empty tensor that empty-tensor elimination will
      // replace: buffers are allocated where their empty tensor is, so the
      // padded one lives no longer than it must.
      if (chain.empty() || !anchor ||
          anchor->getBlock() != chain.front()->getBlock() ||
          chain.front()->isBeforeInBlock(anchor) ||
          !availableBefore(chain, anchor))
        continue;
      for (Operation *op : chain)
        op->moveBefore(anchor);
    }
  }
};
} // namespace
