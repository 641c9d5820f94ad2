//===- FoldContractionLoops.cpp - loops folded before a kernel is built ---===//
//
// A linear layer over a sequence's tokens, x [N, L, d] times w [e, d], is a
// contraction with loops (N, L, e, d). Given as it is, a Halide kernel runs
// N separate products of L rows, cutting register tiles at every L-row edge
// (the transformer's L = 16 rows are tiles of 6, 6 and 4). N and L are
// walked together by every operand that walks them, so they fold into one
// loop of N*L rows: one product, tiled without the edges.
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/FoldContractionLoops.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

/// linalg's folding needs every map a projected permutation: no constant
/// indices, no sums of loops (a convolution's windows).
static bool hasPermutationMaps(linalg::GenericOp op) {
  return llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
    return map.isProjectedPermutation();
  });
}

/// The runs of consecutive loops, taken in `order`, that every map of `op`
/// walks together and in order, or not at all; only runs of two or more.
static SmallVector<ReassociationIndices> foldableRuns(linalg::GenericOp op,
                                                      ArrayRef<int64_t> order) {
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<ReassociationIndices> runs;
  ReassociationIndices run;
  auto close = [&] {
    if (run.size() > 1)
      runs.push_back(run);
    run.clear();
  };
  for (int64_t loop : order) {
    if (!run.empty()) {
      ReassociationIndices longer = run;
      longer.push_back(loop);
      if (loop == run.back() + 1 &&
          linalg::areDimSequencesPreserved(maps, {longer})) {
        run = longer;
        continue;
      }
      close();
    }
    run.push_back(loop);
  }
  close();
  return runs;
}

/// The runs of loops of the elementwise `op` that walk the tensor
/// dimensions `dimRuns` of its operand read through `map`, where that
/// operand is read, and its result written, at the same coordinates.
static std::optional<SmallVector<ReassociationIndices>>
loopRunsOver(linalg::GenericOp op, AffineMap map,
             ArrayRef<ReassociationIndices> dimRuns) {
  if (op.getNumReductionLoops() != 0 || op->getNumResults() != 1 ||
      !map.isPermutation() || !hasPermutationMaps(op) ||
      op.getMatchingIndexingMap(op.getDpsInitOperand(0)) != map)
    return std::nullopt;
  SmallVector<ReassociationIndices> runs;
  for (const ReassociationIndices &dims : dimRuns) {
    ReassociationIndices loops;
    for (int64_t dim : dims)
      loops.push_back(map.getDimPosition(dim));
    for (size_t i = 1; i < loops.size(); ++i)
      if (loops[i] != loops[i - 1] + 1)
        return std::nullopt;
    runs.push_back(loops);
  }
  if (!linalg::areDimSequencesPreserved(op.getIndexingMapsArray(), runs))
    return std::nullopt;
  return runs;
}

namespace {
/// Folds ops one at a time and keeps the reshapes it puts around them.
struct Folder {
  IRRewriter rewriter;
  llvm::DenseSet<Operation *> &erased;
  SmallVector<Operation *> reshapes;

  /// `op` with `runs` of its loops folded, and the value its result is now
  /// (the folded op's, expanded back to the old type); nullptr if linalg
  /// refuses.
  std::pair<linalg::GenericOp, Value>
  fold(linalg::GenericOp op, ArrayRef<ReassociationIndices> runs) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::CollapseResult> folded =
        linalg::collapseOpIterationDims(op, runs, rewriter);
    if (failed(folded))
      return {nullptr, nullptr};
    for (Value operand : folded->collapsedOp->getOperands())
      if (Operation *reshape = operand.getDefiningOp<tensor::CollapseShapeOp>())
        reshapes.push_back(reshape);
    for (Value result : folded->results)
      if (Operation *reshape = result.getDefiningOp<tensor::ExpandShapeOp>())
        reshapes.push_back(reshape);
    Value result = folded->results.front();
    rewriter.replaceOp(op, folded->results);
    erased.insert(op);
    return {cast<linalg::GenericOp>(folded->collapsedOp.getOperation()),
            result};
  }

  /// An expand_shape then a collapse_shape of the same dimensions cancel;
  /// a fill or an empty tensor is made in the folded shape directly, as
  /// the outliner and empty-tensor elimination expect.
  void cancelReshapes() {
    MLIRContext *context = rewriter.getContext();
    RewritePatternSet patterns(context);
    tensor::populateReassociativeReshapeFoldingPatterns(patterns);
    tensor::populateFoldTensorEmptyPatterns(patterns);
    linalg::FillOp::getCanonicalizationPatterns(patterns, context);
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingAndNewOps;
    (void)applyOpPatternsAndFold(reshapes, std::move(patterns), config);
  }

  /// Erases what the folding left unused in `block`: reshapes back to the
  /// old shapes and the sizes computed for them (which would otherwise
  /// count as second users of a kernel's sums and keep its epilogue out),
  /// and the old shape's fill.
  void eraseLeftovers(Block &block) {
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
      bool leftover =
          isa<tensor::DimOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp,
              tensor::EmptyOp, linalg::FillOp, affine::AffineApplyOp,
              arith::ConstantOp, arith::DivUIOp>(op);
      if (leftover && isOpTriviallyDead(&op)) {
        erased.insert(&op);
        rewriter.eraseOp(&op);
      }
    }
  }
};
} // namespace

linalg::GenericOp
dlc::foldContractionLoops(linalg::GenericOp contraction,
                          llvm::DenseSet<Operation *> &erased) {
  if (!hasPermutationMaps(contraction) || contraction.getNumDpsInits() != 1 ||
      contraction.getNumDpsInputs() == 0)
    return contraction;
  OpOperand *init = contraction.getDpsInitOperand(0);
  AffineMap outputMap = contraction.getMatchingIndexingMap(init);
  // Parallel loops in the output's order, reductions in the first input's.
  SmallVector<int64_t> parallel, reduction;
  for (unsigned d = 0; d < outputMap.getNumResults(); ++d)
    parallel.push_back(outputMap.getDimPosition(d));
  AffineMap firstInput =
      contraction.getMatchingIndexingMap(contraction.getDpsInputOperand(0));
  for (unsigned d = 0; d < firstInput.getNumResults(); ++d)
    if (contraction.getIteratorTypesArray()[firstInput.getDimPosition(d)] ==
        utils::IteratorType::reduction)
      reduction.push_back(firstInput.getDimPosition(d));
  SmallVector<ReassociationIndices> runs = foldableRuns(contraction, parallel);
  // The output's dimensions that fold, for the ops around the contraction.
  SmallVector<ReassociationIndices> outputRuns;
  for (const ReassociationIndices &run : runs) {
    ReassociationIndices dims;
    for (int64_t loop : run)
      dims.push_back(*outputMap.getResultPosition(
          getAffineDimExpr(loop, contraction.getContext())));
    outputRuns.push_back(dims);
  }
  runs.append(foldableRuns(contraction, reduction));
  if (runs.empty())
    return contraction;
  llvm::sort(runs);

  Folder folder{IRRewriter(contraction.getContext()), erased, {}};
  // A broadcast bias the sums start from folds first.
  if (auto bias = init->get().getDefiningOp<linalg::GenericOp>();
      bias && !outputRuns.empty() && bias->hasOneUse())
    if (std::optional<SmallVector<ReassociationIndices>> biasRuns =
            loopRunsOver(bias,
                         bias.getMatchingIndexingMap(bias.getDpsInitOperand(0)),
                         outputRuns))
      folder.fold(bias, *biasRuns);

  auto [folded, result] = folder.fold(contraction, runs);
  if (!folded) {
    folder.cancelReshapes();
    return contraction;
  }
  // Then the epilogue, up the chain of only users.
  while (!outputRuns.empty() && result.hasOneUse()) {
    OpOperand &use = *result.use_begin();
    auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
    if (!consumer)
      break;
    std::optional<SmallVector<ReassociationIndices>> consumerRuns =
        loopRunsOver(consumer, consumer.getMatchingIndexingMap(&use),
                     outputRuns);
    if (!consumerRuns)
      break;
    result = folder.fold(consumer, *consumerRuns).second;
    if (!result)
      break;
  }
  folder.cancelReshapes();
  folder.eraseLeftovers(*folded->getBlock());
  return folded;
}
