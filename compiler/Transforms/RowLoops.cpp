//===- RowLoops.cpp - a rows fusion group as one loop over rows -----------===//
//
// Tiles every row-local op of the group by one row with TilingInterface,
// all inside one loop nest, and feeds each tiled op the tiled results of
// its producers: unlike tiling the last op and fusing producers into it,
// a producer with several consumers (a softmax's exponentials feed both
// the sum and the quotient) is computed once per row.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/RowLoops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

/// Whether `op` computes row r of its results from row r of its operands
/// (or from operands that have no rows, like a layer norm's weight).
static bool isRowLocal(linalg::LinalgOp op, int64_t rowDims) {
  if (!op.hasPureTensorSemantics() || !isa<TilingInterface>(*op) ||
      op.getNumLoops() < static_cast<unsigned>(rowDims))
    return false;
  for (int64_t loop = 0; loop < rowDims; ++loop)
    if (op.getIteratorTypesArray()[loop] != utils::IteratorType::parallel)
      return false;
  auto indexesRows = [&](AffineMap map) {
    if (map.getNumResults() < static_cast<unsigned>(rowDims))
      return false;
    for (auto [i, expr] : llvm::enumerate(map.getResults())) {
      bool isRow = static_cast<int64_t>(i) < rowDims;
      for (int64_t loop = 0; loop < rowDims; ++loop)
        if (expr.isFunctionOfDim(loop) != (isRow && loop == (int64_t)i))
          return false;
      if (isRow && expr != getAffineDimExpr(i, op.getContext()))
        return false;
    }
    return true;
  };
  auto ignoresRows = [&](AffineMap map) {
    for (int64_t loop = 0; loop < rowDims; ++loop)
      if (map.isFunctionOfDim(loop))
        return false;
    return true;
  };
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    bool isInit = op.isDpsInit(&operand);
    if (!indexesRows(map) && (isInit || !ignoresRows(map)))
      return false;
  }
  return true;
}

/// An extent as a static size, or as a dimension of a tensor that no op in
/// reach of the loop computes, where the chains of destinations and empty
/// tensors' sizes lead to one: equal extents then compare equal, and none
/// refers to a result that the loop replaces.
static OpFoldResult resolveExtent(OpBuilder &builder, OpFoldResult extent) {
  while (auto value = dyn_cast<Value>(extent)) {
    auto dim = value.getDefiningOp<tensor::DimOp>();
    std::optional<int64_t> index =
        dim ? dim.getConstantIndex() : std::optional<int64_t>();
    if (!index)
      return extent;
    Value source = dim.getSource();
    OpFoldResult next;
    while (!next) {
      auto type = cast<RankedTensorType>(source.getType());
      if (!type.isDynamicDim(*index))
        return builder.getIndexAttr(type.getDimSize(*index));
      if (auto empty = source.getDefiningOp<tensor::EmptyOp>()) {
        next = empty.getMixedSizes()[*index];
        break;
      }
      auto result = dyn_cast<OpResult>(source);
      auto destination =
          result ? dyn_cast<DestinationStyleOpInterface>(result.getOwner())
                 : DestinationStyleOpInterface();
      if (!destination)
        return source == dim.getSource()
                   ? extent
                   : OpFoldResult(builder.createOrFold<tensor::DimOp>(
                         dim.getLoc(), source, *index));
      source = destination.getTiedOpOperand(result)->get();
    }
    extent = next;
  }
  return extent;
}

/// Equal constants, one value, or two reads of one dimension of a tensor.
static bool sameExtent(OpFoldResult a, OpFoldResult b) {
  if (isEqualConstantIntOrValue(a, b))
    return true;
  auto dimA = dyn_cast_if_present<Value>(a)
                  ? cast<Value>(a).getDefiningOp<tensor::DimOp>()
                  : tensor::DimOp();
  auto dimB = dyn_cast_if_present<Value>(b)
                  ? cast<Value>(b).getDefiningOp<tensor::DimOp>()
                  : tensor::DimOp();
  return dimA && dimB && dimA.getSource() == dimB.getSource() &&
         dimA.getConstantIndex() &&
         dimA.getConstantIndex() == dimB.getConstantIndex();
}

static bool sameExtents(ArrayRef<OpFoldResult> a, ArrayRef<OpFoldResult> b) {
  return a.size() == b.size() && llvm::all_of(llvm::zip(a, b), [](auto pair) {
           return sameExtent(std::get<0>(pair), std::get<1>(pair));
         });
}

namespace {
/// One row-local op: its loop extents and, once tiled, the tiles of its
/// results and where in the full results they lie.
struct RowOp {
  TilingInterface op;
  SmallVector<OpFoldResult> extents;
  SmallVector<Value> tiles;
  SmallVector<SmallVector<OpFoldResult>> tileOffsets, tileSizes;
};
} // namespace

bool dlc::runRowByRow(RewriterBase &rewriter, Block &body, int64_t rowDims) {
  // The row-local ops, with their extents resolved to values from before
  // the loop. The loop walks the rows most of them walk (a cross-entropy's
  // rows of logits, not the labels'); ops on other rows stay outside it.
  SmallVector<Operation *> candidates;
  for (Operation &op : body.without_terminator())
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(&op))
      if (isRowLocal(linalgOp, rowDims))
        candidates.push_back(&op);
  if (candidates.size() < 2)
    return false;
  rewriter.setInsertionPoint(candidates.back());
  Location loc = candidates.back()->getLoc();
  std::vector<RowOp> all;
  for (Operation *op : candidates) {
    RowOp rowOp{cast<TilingInterface>(op), {}, {}, {}, {}};
    for (Range range : rowOp.op.getIterationDomain(rewriter)) {
      if (!isConstantIntValue(range.offset, 0) ||
          !isConstantIntValue(range.stride, 1))
        return false;
      rowOp.extents.push_back(resolveExtent(rewriter, range.size));
    }
    all.push_back(std::move(rowOp));
  }
  auto rowsOf = [&](const RowOp &rowOp) {
    return ArrayRef(rowOp.extents).take_front(rowDims);
  };
  const RowOp *common = &all.front();
  size_t mostWalkers = 0;
  for (const RowOp &rowOp : all) {
    size_t walkers = llvm::count_if(all, [&](const RowOp &other) {
      return sameExtents(rowsOf(rowOp), rowsOf(other));
    });
    if (walkers > mostWalkers) {
      mostWalkers = walkers;
      common = &rowOp;
    }
  }
  if (mostWalkers < 2)
    return false;
  std::vector<RowOp> rowOps;
  llvm::DenseMap<Operation *, size_t> rowOpIndex;
  SmallVector<OpFoldResult> rows(rowsOf(*common));
  for (RowOp &rowOp : all) {
    if (!sameExtents(rowsOf(rowOp), rows))
      continue;
    rowOpIndex[rowOp.op] = rowOps.size();
    rowOps.push_back(std::move(rowOp));
  }

  // Extents read from row-local results (for the empty tensors of later
  // ops) are read from before the loop instead.
  for (Operation &op : llvm::make_early_inc_range(body.without_terminator())) {
    auto dim = dyn_cast<tensor::DimOp>(&op);
    Operation *source = dim ? dim.getSource().getDefiningOp() : nullptr;
    if (!source || !rowOpIndex.contains(source))
      continue;
    rewriter.setInsertionPoint(dim);
    Value extent = getValueOrCreateConstantIndexOp(
        rewriter, dim.getLoc(), resolveExtent(rewriter, dim.getResult()));
    if (extent != dim.getResult())
      rewriter.replaceOp(dim, extent);
  }
  rewriter.setInsertionPoint(candidates.back());

  // Ops that read a row-local result but are not row-local themselves (a
  // mean over the batch) run after the loop; none may feed a row-local op.
  llvm::SetVector<Operation *> after;
  for (Operation &op : body.without_terminator()) {
    if (rowOpIndex.contains(&op))
      continue;
    for (Value operand : op.getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (def && (rowOpIndex.contains(def) || after.contains(def))) {
        after.insert(&op);
        break;
      }
    }
  }
  for (RowOp &rowOp : rowOps)
    for (Value operand : rowOp.op->getOperands())
      if (Operation *def = operand.getDefiningOp(); def && after.contains(def))
        return false;

  // Results used outside the row-local ops leave the loop through its
  // iteration arguments, which start as the empty tensor at the end of the
  // results' chain of destinations: every row of them is written.
  SmallVector<OpResult> escaping;
  SmallVector<Value> initial;
  for (RowOp &rowOp : rowOps) {
    for (OpResult result : rowOp.op->getResults()) {
      if (llvm::all_of(result.getUsers(), [&](Operation *user) {
            return rowOpIndex.contains(user);
          }))
        continue;
      Value init = result;
      while (auto r = dyn_cast<OpResult>(init)) {
        if (!rowOpIndex.contains(r.getOwner()))
          break;
        init = cast<DestinationStyleOpInterface>(r.getOwner())
                   .getTiedOpOperand(r)
                   ->get();
      }
      escaping.push_back(result);
      initial.push_back(init);
    }
  }

  SmallVector<Value> lower, upper, steps;
  Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
  Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d = 0; d < rowDims; ++d) {
    lower.push_back(zero);
    upper.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, rows[d]));
    steps.push_back(one);
  }

  bool tiledAll = true;
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lower, upper, steps, initial,
      [&](OpBuilder &b, Location loc, ValueRange rows,
          ValueRange results) -> scf::ValueVector {
        for (RowOp &rowOp : rowOps) {
          SmallVector<OpFoldResult> offsets, sizes;
          for (auto [d, extent] : llvm::enumerate(rowOp.extents)) {
            bool isRow = static_cast<int64_t>(d) < rowDims;
            offsets.push_back(isRow ? OpFoldResult(rows[d])
                                    : OpFoldResult(b.getIndexAttr(0)));
            sizes.push_back(isRow ? OpFoldResult(b.getIndexAttr(1)) : extent);
          }
          FailureOr<TilingResult> tiled =
              rowOp.op.getTiledImplementation(b, offsets, sizes);
          if (failed(tiled) || tiled->tiledOps.size() != 1) {
            tiledAll = false;
            break;
          }
          // Read producers' tiles instead of slices of their full results.
          for (OpOperand &operand : tiled->tiledOps[0]->getOpOperands()) {
            auto slice = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
            auto source =
                slice ? dyn_cast<OpResult>(slice.getSource()) : OpResult();
            if (!source || !rowOpIndex.contains(source.getOwner()))
              continue;
            RowOp &producer = rowOps[rowOpIndex[source.getOwner()]];
            unsigned n = source.getResultNumber();
            if (producer.tiles.empty() ||
                !sameExtents(slice.getMixedOffsets(),
                             producer.tileOffsets[n]) ||
                !sameExtents(slice.getMixedSizes(), producer.tileSizes[n]) ||
                !slice.hasUnitStride()) {
              tiledAll = false;
              break;
            }
            operand.set(producer.tiles[n]);
            if (slice->use_empty())
              slice->erase();
          }
          if (!tiledAll)
            break;
          rowOp.tiles = tiled->tiledValues;
          for (unsigned n = 0; n < rowOp.op->getNumResults(); ++n) {
            SmallVector<OpFoldResult> resultOffsets, resultSizes;
            if (failed(rowOp.op.getResultTilePosition(
                    b, n, offsets, sizes, resultOffsets, resultSizes))) {
              tiledAll = false;
              break;
            }
            rowOp.tileOffsets.push_back(resultOffsets);
            rowOp.tileSizes.push_back(resultSizes);
          }
          if (!tiledAll)
            break;
        }
        scf::ValueVector updated(results.begin(), results.end());
        if (!tiledAll)
          return updated;
        for (auto [i, result] : llvm::enumerate(escaping)) {
          RowOp &rowOp = rowOps[rowOpIndex[result.getOwner()]];
          unsigned n = result.getResultNumber();
          SmallVector<OpFoldResult> strides(rowOp.tileOffsets[n].size(),
                                            b.getIndexAttr(1));
          updated[i] = b.create<tensor::InsertSliceOp>(
              loc, rowOp.tiles[n], results[i], rowOp.tileOffsets[n],
              rowOp.tileSizes[n], strides);
        }
        return updated;
      });
  if (!tiledAll) {
    rewriter.eraseOp(nest.loops.front());
    return false;
  }

  for (auto [result, replacement] : llvm::zip(escaping, nest.results))
    rewriter.replaceUsesWithIf(result, replacement, [&](OpOperand &use) {
      return !rowOpIndex.contains(use.getOwner());
    });
  Operation *insertAfter = nest.loops.front();
  for (Operation *op : after) {
    if (op->isBeforeInBlock(insertAfter))
      rewriter.moveOpAfter(op, insertAfter);
    insertAfter = op;
  }
  // What still reads the replaced ops are the extents their iteration
  // domains were first read from, now resolved and unused.
  for (RowOp &rowOp : llvm::reverse(rowOps)) {
    for (Operation *user : llvm::make_early_inc_range(rowOp.op->getUsers()))
      if (isa<tensor::DimOp>(user) && user->use_empty())
        rewriter.eraseOp(user);
    rewriter.eraseOp(rowOp.op);
  }
  return true;
}
