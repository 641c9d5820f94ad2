//===- PoolBeforeRelu.cpp - max-pool first, ReLU on the pooled map --------===//
//
// A convolutional block ends in relu then max_pool2d: the ReLU, its mask
// and its gradient run over the full-size map, four times the pooled one.
// ReLU is monotone, so it commutes with a window's maximum, exactly.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/IR/Builders.h"

namespace dlc {
#define GEN_PASS_DEF_POOLBEFORERELUPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

/// Rewrites max_pool2d(relu(x)) as relu(max_pool2d(x)) where the pooling is
/// the ReLU's only user, so that the full-size ReLU is not computed at all.
static void poolBeforeRelu(MaxPool2dOp pool) {
  auto relu = pool.getInput().getDefiningOp<ReluOp>();
  if (!relu || !relu->hasOneUse())
    return;
  OpBuilder builder(pool);
  Operation *pooled = builder.clone(*pool);
  pooled->setOperand(0, relu.getInput());
  Value result = pooled->getResult(0);
  auto activated =
      builder.create<ReluOp>(pool.getLoc(), result.getType(), result);
  pool.getResult().replaceAllUsesWith(activated.getResult());
  pool.erase();
  relu.erase();
}

namespace {
struct PoolBeforeRelu
    : public dlc::impl::PoolBeforeReluPassBase<PoolBeforeRelu> {
  void runOnOperation() override {
    SmallVector<MaxPool2dOp> pools;
    getOperation().walk([&](MaxPool2dOp pool) { pools.push_back(pool); });
    for (MaxPool2dOp pool : pools)
      poolBeforeRelu(pool);
  }
};
} // namespace
