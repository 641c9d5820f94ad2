//===- LowerFusionGroups.cpp - each fusion group as the kernel it forms ---===//
//
// Runs on linalg on tensors, after kernel outlining has taken each
// contraction group's matmul or convolution with its epilogue into a Halide
// kernel. Within each group, elementwise producers fuse into their
// consumers; a rows group then runs row by row in one loop; the group's
// body is inlined where the group stood.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/RowLoops.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_LOWERFUSIONGROUPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

/// Fuses elementwise producers into their consumers inside `group` only: a
/// producer outside it, or one with other users (which fusing would
/// compute twice), stays.
static LogicalResult fuseWithinGroup(FusionGroupOp group) {
  MLIRContext *context = group.getContext();
  RewritePatternSet patterns(context);
  linalg::populateElementwiseOpsFusionPatterns(patterns, [group](
                                                             OpOperand *fused) {
    Operation *producer = fused->get().getDefiningOp();
    return producer && producer->getParentOp() == group &&
           fused->getOwner()->getParentOp() == group && producer->hasOneUse();
  });
  linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
  tensor::populateFoldTensorEmptyPatterns(patterns);
  GreedyRewriteConfig config;
  config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
  return applyPatternsAndFoldGreedily(group, std::move(patterns), config);
}

/// Moves the body before the group and hands its yielded values to the
/// group's users.
static void inlineGroup(RewriterBase &rewriter, FusionGroupOp group) {
  Block &body = group.getBody().front();
  auto yield = cast<YieldOp>(body.getTerminator());
  SmallVector<Value> yielded(yield.getValues());
  rewriter.eraseOp(yield);
  rewriter.inlineBlockBefore(&body, group);
  rewriter.replaceOp(group, yielded);
}

namespace {
struct LowerFusionGroups
    : public dlc::impl::LowerFusionGroupsPassBase<LowerFusionGroups> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<FusionGroupOp> groups;
    getOperation().walk([&](FusionGroupOp group) { groups.push_back(group); });
    IRRewriter rewriter(&getContext());
    for (FusionGroupOp group : groups) {
      if (failed(fuseWithinGroup(group)))
        return signalPassFailure();
      if (group.getKind() == FusionGroupOp::Rows) {
        bool tiled =
            runRowByRow(rewriter, group.getBody().front(), *group.getRowDims());
        if (!tiled && requireRowLoops) {
          group.emitError("rows group does not run row by row");
          return signalPassFailure();
        }
      }
      inlineGroup(rewriter, group);
    }
  }
};
} // namespace
