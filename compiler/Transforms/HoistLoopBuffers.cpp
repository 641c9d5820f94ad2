//===- HoistLoopBuffers.cpp - one buffer for all iterations of a loop -----===//
//
// Bufferization allocates a loop body's temporaries (the tiles of a row
// loop) in the body, so every iteration pays an allocation and a free. A
// buffer whose contents no later iteration and nothing after the loop can
// see is allocated once, before the loop, instead.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_HOISTLOOPBUFFERSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// Whether an op reads or writes through `buffer` without keeping it: a
/// load, a store into it, a linalg op, a copy or a call of a kernel (which
/// does not retain its buffers).
static bool onlyAccesses(Operation *user, Value buffer) {
  if (auto store = dyn_cast<memref::StoreOp>(user))
    return store.getMemRef() == buffer;
  return isa<memref::LoadOp, linalg::LinalgOp, memref::CopyOp, func::CallOp>(
      user);
}

/// Whether every use of `buffer`, and of every buffer an op derives from it
/// (a view, a cast), is an access inside `loop`: the buffer then lives
/// within one iteration.
static bool livesWithinIteration(Value buffer, scf::ForOp loop) {
  SmallVector<Value> worklist{buffer};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (!loop->isProperAncestor(user))
        return false;
      auto derived = llvm::make_filter_range(user->getResults(), [](Value r) {
        return isa<BaseMemRefType>(r.getType());
      });
      if (!derived.empty() && isa<ViewLikeOpInterface, memref::CastOp>(user)) {
        worklist.append(derived.begin(), derived.end());
        continue;
      }
      if (!onlyAccesses(user, value))
        return false;
    }
  }
  return true;
}

namespace {
struct HoistLoopBuffers
    : public dlc::impl::HoistLoopBuffersPassBase<HoistLoopBuffers> {
  void runOnOperation() override {
    // Inner loops first, so that a buffer moves out of a whole nest.
    getOperation().walk<WalkOrder::PostOrder>([](scf::ForOp loop) {
      for (Operation &op : llvm::make_early_inc_range(*loop.getBody())) {
        auto alloc = dyn_cast<memref::AllocOp>(&op);
        if (!alloc || !alloc.getDynamicSizes().empty() ||
            !alloc.getSymbolOperands().empty() ||
            !livesWithinIteration(alloc.getResult(), loop))
          continue;
        alloc->moveBefore(loop);
      }
    });
  }
};
} // namespace
