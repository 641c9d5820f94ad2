//===- LowerFusionGroups.cpp - each fusion group as the kernel it forms ---===//
//
// Runs on linalg on tensors, after kernel outlining has taken each
// contraction group's matmul or convolution with its epilogue into a Halide
// kernel. A rows group first computes what its ops share once; within each
// group, elementwise producers fuse into their consumers; with row-loops, a
// rows group then runs row by row in one loop; the group's body is inlined
// where the group stood.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/RowLoops.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_LOWERFUSIONGROUPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

/// The most ops a producer may have to be computed again by each of its
/// consumers, and the most a consumer may grow to by such fusions.
static constexpr unsigned MaxRecomputedOps = 4;
static constexpr unsigned MaxFusedOps = 32;

static unsigned bodySize(linalg::GenericOp op) {
  return op.getBody()->getOperations().size() - 1;
}

/// Whether each consumer of `producer` may compute it again instead of
/// reading it from memory: a few arithmetic ops per element (no math
/// functions), read elementwise by linalg ops of the group alone, so that
/// once it is fused into all of them nothing stores it. On tensors much
/// larger than the caches (the activations of a batch norm's backward
/// pass) that costs less than a store and the reads of each consumer.
static bool isCheapToRecompute(Operation *producer, FusionGroupOp group) {
  auto generic = dyn_cast<linalg::GenericOp>(producer);
  if (!generic || bodySize(generic) > MaxRecomputedOps ||
      !llvm::all_of(generic.getBody()->without_terminator(), [](Operation &op) {
        return isa<arith::ArithDialect>(op.getDialect());
      }))
    return false;
  return llvm::all_of(producer->getUses(), [&](OpOperand &use) {
    auto user = dyn_cast<linalg::GenericOp>(use.getOwner());
    return user && user->getParentOp() == group &&
           user.getMatchingIndexingMap(&use).isPermutation();
  });
}

/// Fuses elementwise producers into their consumers inside `group` only. A
/// producer outside it stays, and so does one that fusing would compute
/// more than once per element, unless that is cheap (above): one with
/// other users, or one its consumer reads broadcast (a row's log-sum, read
/// by every element of the row).
static LogicalResult fuseWithinGroup(FusionGroupOp group) {
  MLIRContext *context = group.getContext();
  RewritePatternSet patterns(context);
  bool mayRecompute = group.getKind() == FusionGroupOp::Elementwise;
  auto fusesOnce = [group, mayRecompute](OpOperand *fused) {
    Operation *producer = fused->get().getDefiningOp();
    auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
    if (!producer || !consumer || producer->getParentOp() != group ||
        consumer->getParentOp() != group ||
        !consumer.getMatchingIndexingMap(fused).isPermutation())
      return false;
    if (producer->hasOneUse())
      return true;
    auto generic = dyn_cast<linalg::GenericOp>(consumer.getOperation());
    return mayRecompute && generic && bodySize(generic) <= MaxFusedOps &&
           isCheapToRecompute(producer, group);
  };
  linalg::populateElementwiseOpsFusionPatterns(patterns, fusesOnce);
  linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
  tensor::populateFoldTensorEmptyPatterns(patterns);
  GreedyRewriteConfig config;
  config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
  return applyPatternsAndFoldGreedily(group, std::move(patterns), config);
}

/// Computes what the group's ops compute twice once: a cross-entropy and
/// its gradient each lower to a softmax of the same logits. The merged ops'
/// empty tensors are merged too; each use then gets its own again, as
/// bufferization's empty-tensor elimination expects (a shared one could put
/// two results in one buffer).
static void mergeDuplicates(RewriterBase &rewriter, FusionGroupOp group) {
  DominanceInfo dominance(group);
  eliminateCommonSubExpressions(rewriter, dominance, group);
  SmallVector<tensor::EmptyOp> empties;
  group.walk([&](tensor::EmptyOp empty) { empties.push_back(empty); });
  for (tensor::EmptyOp empty : empties) {
    SmallVector<OpOperand *> uses = llvm::map_to_vector(
        empty->getUses(), [](OpOperand &use) { return &use; });
    for (OpOperand *use : llvm::drop_begin(uses)) {
      rewriter.setInsertionPoint(empty);
      use->set(rewriter.clone(*empty)->getResult(0));
    }
  }
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
      if (group.getKind() == FusionGroupOp::Rows)
        mergeDuplicates(rewriter, group);
      if (failed(fuseWithinGroup(group)))
        return signalPassFailure();
      if (group.getKind() == FusionGroupOp::Rows && rowLoops) {
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
