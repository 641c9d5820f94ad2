//===- DistributeLoops.cpp - scf.parallel onto GPU blocks and threads -----===//
//
// The mapping convert-parallel-loops-to-gpu reads: every outermost
// scf.parallel becomes one 1-d grid. Collapsing all its loops into one
// keeps every thread busy whatever the loops' extents (a [N, 10] loop nest
// mapped dimension by dimension would launch blocks of 10 threads).
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"

#include <numeric>

namespace dlc {
#define GEN_PASS_DEF_GPUDISTRIBUTELOOPSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// Replaces `loop` (which has no reductions) with a nest of scf.for, one
/// per dimension, outermost first.
static void sequentialise(RewriterBase &rewriter, scf::ParallelOp loop) {
  rewriter.setInsertionPoint(loop);
  SmallVector<Value> ivs;
  for (auto [lower, upper, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    auto nested =
        rewriter.create<scf::ForOp>(loop.getLoc(), lower, upper, step);
    ivs.push_back(nested.getInductionVar());
    rewriter.setInsertionPoint(nested.getBody()->getTerminator());
  }
  Block *body = loop.getBody();
  rewriter.eraseOp(body->getTerminator()); // scf.reduce with no operands
  rewriter.inlineBlockBefore(body, rewriter.getInsertionBlock(),
                             rewriter.getInsertionPoint(), ivs);
  rewriter.eraseOp(loop);
}

/// Marks `loop`'s single dimension to run on `processor`.
static LogicalResult mapTo(scf::ParallelOp loop, gpu::Processor processor) {
  MLIRContext *context = loop.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
  return gpu::setMappingAttr(
      loop, {gpu::ParallelLoopDimMappingAttr::get(context, processor, identity,
                                                  identity)});
}

namespace {
struct GpuDistributeLoops
    : public dlc::impl::GpuDistributeLoopsPassBase<GpuDistributeLoops> {
  using GpuDistributeLoopsPassBase::GpuDistributeLoopsPassBase;

  void runOnOperation() override {
    if (threadsPerBlock <= 0 || threadsPerBlock > 1024) {
      getOperation().emitError("threads-per-block must be in 1..1024");
      return signalPassFailure();
    }
    SmallVector<scf::ParallelOp> outermost;
    getOperation().walk<WalkOrder::PreOrder>([&](scf::ParallelOp loop) {
      outermost.push_back(loop);
      return WalkResult::skip();
    });
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp loop : outermost) {
      // A reduction would need a combining step across threads, which the
      // mapping has no place for; such a loop runs on the host.
      if (loop.getNumReductions() != 0)
        continue;
      SmallVector<scf::ParallelOp> nested;
      loop.getBody()->walk(
          [&](scf::ParallelOp inner) { nested.push_back(inner); });
      if (llvm::any_of(nested, [](scf::ParallelOp inner) {
            return inner.getNumReductions() != 0;
          }))
        continue;
      // Innermost first, so that each one's body is already sequential.
      for (scf::ParallelOp inner : llvm::reverse(nested))
        sequentialise(rewriter, inner);

      if (loop.getNumLoops() > 1) {
        std::vector<unsigned> all(loop.getNumLoops());
        std::iota(all.begin(), all.end(), 0u);
        // The collapsed loop takes `loop`'s place, after the ops that
        // compute its bound.
        Operation *next = loop->getNextNode();
        collapseParallelLoops(rewriter, loop, {all});
        loop = cast<scf::ParallelOp>(next->getPrevNode());
      }
      auto [blocks, threads] = scf::tileParallelLoop(loop, {threadsPerBlock},
                                                     /*noMinMaxBounds=*/true);
      if (failed(mapTo(blocks, gpu::Processor::BlockX)) ||
          failed(mapTo(threads, gpu::Processor::ThreadX))) {
        loop.emitError("cannot map this loop onto GPU blocks and threads");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
