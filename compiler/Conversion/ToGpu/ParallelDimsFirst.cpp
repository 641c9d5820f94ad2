//===- ParallelDimsFirst.cpp - parallel loops outermost for the GPU -------===//
//
// A linalg.generic's loops, reordered so that its parallel loops come before
// its reductions: each then becomes one scf.parallel (one GPU launch) with
// the reductions as sequential loops inside every thread.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_GPUPARALLELDIMSFIRSTPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// The interchange that puts `op`'s parallel loops first, or an empty vector
/// when they already are.
static SmallVector<unsigned> parallelLoopsFirst(linalg::GenericOp op) {
  SmallVector<unsigned> parallel, reduction;
  for (auto [index, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (type == utils::IteratorType::parallel ? parallel : reduction)
        .push_back(index);
  SmallVector<unsigned> order = parallel;
  order.append(reduction);
  for (unsigned i = 0; i < order.size(); ++i)
    if (order[i] != i)
      return order;
  return {};
}

namespace {
struct GpuParallelDimsFirst
    : public dlc::impl::GpuParallelDimsFirstPassBase<GpuParallelDimsFirst> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> generics;
    getOperation().walk([&](linalg::GenericOp op) { generics.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : generics) {
      SmallVector<unsigned> order = parallelLoopsFirst(op);
      if (order.empty())
        continue;
      rewriter.setInsertionPoint(op);
      if (failed(linalg::interchangeGenericOp(rewriter, op, order))) {
        op.emitError("cannot move this op's parallel loops outermost");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
