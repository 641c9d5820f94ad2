//===- VjpRules.cpp - the vector-Jacobian product of every dlc op ---------===//
//
// One function per differentiable op: given the gradient `dy` of the loss
// with respect to the op's result, it returns the gradients with respect to
// the operands the autodiff pass needs. Rules read the forward op's
// operands and result (activations are kept) and are written in dlc ops, so
// the backward pass is lowered and fused like the forward one. The table at
// the end attaches each rule to its op as DifferentiableOpInterface.
//
// Conventions follow PyTorch where an op's derivative is a choice: the
// gradient of maximum/minimum splits evenly on ties, that of abs is 0 at 0,
// relu's is 0 at 0, and reductions to a maximum share the gradient evenly
// among tied maxima (amax/amin).
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/VjpRules.h"
#include "compiler/Transforms/VjpBuilder.h"
#include "dialects/Dlc/DlcDialect.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/IR/DialectRegistry.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

namespace {

/// The gradients of an op's operands, in operand order; null where none.
using Grads = SmallVector<Value, 3>;

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

Grads vjp(AddOp op, VjpBuilder &b, Value dy) {
  return {b.sumToShapeOf(dy, op.getLhs()), b.sumToShapeOf(dy, op.getRhs())};
}

Grads vjp(SubOp op, VjpBuilder &b, Value dy) {
  return {b.sumToShapeOf(dy, op.getLhs()),
          b.sumToShapeOf(b.neg(dy), op.getRhs())};
}

Grads vjp(MulOp op, VjpBuilder &b, Value dy) {
  return {b.sumToShapeOf(b.mul(dy, op.getRhs()), op.getLhs()),
          b.sumToShapeOf(b.mul(dy, op.getLhs()), op.getRhs())};
}

Grads vjp(DivOp op, VjpBuilder &b, Value dy) {
  Value x = op.getLhs(), y = op.getRhs();
  // d(x / y)/dy = -(x / y) / y, from the result already computed.
  Value dyOverY = b.div(dy, y);
  return {b.sumToShapeOf(dyOverY, x),
          b.sumToShapeOf(b.neg(b.mul(dyOverY, op.getResult())), y)};
}

/// The share of an elementwise extremum's gradient that goes to `x`: all of
/// it where x wins, half on a tie, none where it loses (PyTorch's rule).
Value extremumShare(VjpBuilder &b, StringRef loses, Value x, Value y) {
  Value one = b.constantLike(x, 1.0), half = b.constantLike(x, 0.5);
  Value zero = b.constantLike(x, 0.0);
  return b.select(b.compare(loses, x, y), zero,
                  b.select(b.compare("eq", x, y), half, one));
}

Grads vjp(MaximumOp op, VjpBuilder &b, Value dy) {
  Value x = op.getLhs(), y = op.getRhs();
  return {b.sumToShapeOf(b.mul(dy, extremumShare(b, "lt", x, y)), x),
          b.sumToShapeOf(b.mul(dy, extremumShare(b, "lt", y, x)), y)};
}

Grads vjp(MinimumOp op, VjpBuilder &b, Value dy) {
  Value x = op.getLhs(), y = op.getRhs();
  return {b.sumToShapeOf(b.mul(dy, extremumShare(b, "gt", x, y)), x),
          b.sumToShapeOf(b.mul(dy, extremumShare(b, "gt", y, x)), y)};
}

Grads vjp(PowOp op, VjpBuilder &b, Value dy) {
  Value x = op.getLhs(), e = op.getRhs();
  // e x^(e-1), and x^e log x for the exponent.
  Value dx = b.mul(dy, b.mul(e, b.pow(x, b.sub(e, b.constantLike(e, 1.0)))));
  Value de = b.mul(dy, b.mul(op.getResult(), b.log(x)));
  return {b.sumToShapeOf(dx, x), b.sumToShapeOf(de, e)};
}

Grads vjp(NegOp, VjpBuilder &b, Value dy) { return {b.neg(dy)}; }

Grads vjp(ReluOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  return {b.select(b.compare("gt", x, b.constantLike(x, 0.0)), dy,
                   b.constantLike(x, 0.0))};
}

Grads vjp(ExpOp op, VjpBuilder &b, Value dy) {
  return {b.mul(dy, op.getResult())};
}

Grads vjp(LogOp op, VjpBuilder &b, Value dy) {
  return {b.div(dy, op.getInput())};
}

Grads vjp(TanhOp op, VjpBuilder &b, Value dy) {
  Value y = op.getResult();
  return {b.mul(dy, b.sub(b.constantLike(y, 1.0), b.mul(y, y)))};
}

Grads vjp(SigmoidOp op, VjpBuilder &b, Value dy) {
  Value y = op.getResult();
  return {b.mul(dy, b.mul(y, b.sub(b.constantLike(y, 1.0), y)))};
}

Grads vjp(SqrtOp op, VjpBuilder &b, Value dy) {
  Value y = op.getResult();
  return {b.div(b.mul(dy, b.constantLike(y, 0.5)), y)};
}

Grads vjp(RsqrtOp op, VjpBuilder &b, Value dy) {
  // d(x^-1/2) = -x^-3/2 / 2 = -y^3 / 2.
  Value y = op.getResult();
  return {b.mul(dy, b.mul(b.mul(y, b.mul(y, y)), b.constantLike(y, -0.5)))};
}

Grads vjp(AbsOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  Value zero = b.constantLike(x, 0.0);
  Value sign = b.select(
      b.compare("gt", x, zero), b.constantLike(x, 1.0),
      b.select(b.compare("lt", x, zero), b.constantLike(x, -1.0), zero));
  return {b.mul(dy, sign)};
}

Grads vjp(ErfOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  Value gauss = b.exp(b.neg(b.mul(x, x)));
  return {b.mul(dy, b.mul(gauss, b.constantLike(x, 2.0 / std::sqrt(M_PI))))};
}

Grads vjp(GeluOp op, VjpBuilder &b, Value dy) {
  return {b.builder().create<GeluGradOp>(b.location(), op.getInput(), dy,
                                         op.getApproximateAttr())};
}

Grads vjp(CastOp op, VjpBuilder &b, Value dy) {
  Type from = typeOf(op.getInput()).getElementType();
  if (!isa<FloatType>(from) ||
      !isa<FloatType>(typeOf(op.getResult()).getElementType()))
    return {Value()};
  return {b.cast(dy, from)};
}

Grads vjp(SelectOp op, VjpBuilder &b, Value dy) {
  Value zero = b.constantLike(dy, 0.0);
  Value c = op.getCondition();
  return {Value(), b.sumToShapeOf(b.select(c, dy, zero), op.getTrueValue()),
          b.sumToShapeOf(b.select(c, zero, dy), op.getFalseValue())};
}

//===----------------------------------------------------------------------===//
// Contractions and shape
//===----------------------------------------------------------------------===//

Grads vjp(MatmulOp op, VjpBuilder &b, Value dy) {
  Value x = op.getLhs(), y = op.getRhs();
  return {b.sumToShapeOf(b.matmul(dy, b.transposeLastTwo(y)), x),
          b.sumToShapeOf(b.matmul(b.transposeLastTwo(x), dy), y)};
}

Grads vjp(LinearOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput(), w = op.getWeight();
  auto xType = typeOf(x), dyType = typeOf(dy);
  int64_t rank = xType.getRank();
  // Over the input's leading dimensions as one: [P, K] and [P, M].
  auto flat = [&](Value v, RankedTensorType type) {
    int64_t rows = 1;
    for (int64_t i = 0; i + 1 < rank; ++i)
      rows = type.isDynamicDim(i) || ShapedType::isDynamic(rows)
                 ? ShapedType::kDynamic
                 : rows * type.getDimSize(i);
    auto flatType = RankedTensorType::get({rows, type.getShape().back()},
                                          type.getElementType());
    return b.reshapeLike(v, flatType, v);
  };
  Value x2 = rank == 2 ? x : flat(x, xType);
  Value dy2 = rank == 2 ? dy : flat(dy, dyType);
  Value dx = b.reshapeLike(b.matmul(dy2, w), xType, x);
  Value dw = b.matmul(b.transposeLastTwo(dy2), x2);
  Grads grads = {dx, dw};
  if (op.getBias()) {
    SmallVector<int64_t> leading;
    for (int64_t i = 0; i + 1 < rank; ++i)
      leading.push_back(i);
    grads.push_back(b.sum(dy, leading, /*keepDim=*/false));
  }
  return grads;
}

Grads vjp(TransposeOp op, VjpBuilder &b, Value dy) {
  ArrayRef<int64_t> perm = op.getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return {b.builder().create<TransposeOp>(
      b.location(), dy, b.builder().getDenseI64ArrayAttr(inverse))};
}

Grads vjp(ReshapeOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  Grads grads = {b.reshapeLike(dy, typeOf(x), x)};
  grads.append(op.getSizes().size(), Value());
  return grads;
}

Grads vjp(BroadcastToOp op, VjpBuilder &b, Value dy) {
  Grads grads = {b.sumToShapeOf(dy, op.getInput())};
  grads.append(op.getSizes().size(), Value());
  return grads;
}

Grads vjp(SliceOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  return {b.builder().create<InsertSliceOp>(b.location(), dy, b.zerosLike(x),
                                            op.getStartsAttr(),
                                            op.getStridesAttr())};
}

Grads vjp(InsertSliceOp op, VjpBuilder &b, Value dy) {
  OpBuilder &ob = b.builder();
  Value source = op.getSource();
  Value dSource = ob.create<SliceOp>(b.location(), source.getType(), dy,
                                     op.getStartsAttr(), op.getStridesAttr());
  Value dDest =
      ob.create<InsertSliceOp>(b.location(), b.zerosLike(source), dy,
                               op.getStartsAttr(), op.getStridesAttr());
  return {dSource, dDest};
}

//===----------------------------------------------------------------------===//
// Reductions and normalisations
//===----------------------------------------------------------------------===//

Grads vjp(ReduceSumOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  return {b.broadcastLike(b.keepDims(dy, x, op.getAxes(), op.getKeepdim()), x)};
}

Grads vjp(ReduceMeanOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  Value spread =
      b.broadcastLike(b.keepDims(dy, x, op.getAxes(), op.getKeepdim()), x);
  return {b.div(spread, b.count(x, op.getAxes(), typeOf(x).getElementType()))};
}

/// The gradient of a reduction to an extremum, shared evenly by the
/// elements equal to it.
template <typename ReduceOp>
Grads extremumReductionVjp(ReduceOp op, VjpBuilder &b, Value dy) {
  Value x = op.getInput();
  ArrayRef<int64_t> axes = op.getAxes();
  Value extremum = b.keepDims(op.getResult(), x, axes, op.getKeepdim());
  Value hit = b.cast(b.compare("eq", x, extremum), typeOf(x).getElementType());
  Value ties = b.sum(hit, axes, /*keepDim=*/true);
  Value share = b.div(b.keepDims(dy, x, axes, op.getKeepdim()), ties);
  return {b.mul(hit, share)};
}

Grads vjp(ReduceMaxOp op, VjpBuilder &b, Value dy) {
  return extremumReductionVjp(op, b, dy);
}

Grads vjp(ReduceMinOp op, VjpBuilder &b, Value dy) {
  return extremumReductionVjp(op, b, dy);
}

Grads vjp(SoftmaxOp op, VjpBuilder &b, Value dy) {
  Value y = op.getResult();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  Value dot = b.sum(b.mul(dy, y), {axis}, /*keepDim=*/true);
  return {b.mul(y, b.sub(dy, dot))};
}

Grads vjp(LogSoftmaxOp op, VjpBuilder &b, Value dy) {
  Value y = op.getResult();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  Value total = b.sum(dy, {axis}, /*keepDim=*/true);
  return {b.sub(dy, b.mul(b.exp(y), total))};
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

Grads vjp(CrossEntropyOp op, VjpBuilder &b, Value dy) {
  return {b.builder().create<CrossEntropyGradOp>(
              b.location(), op.getLogits().getType(), op.getLogits(),
              op.getLabels(), dy),
          Value()};
}

Grads vjp(MseOp op, VjpBuilder &b, Value dy) {
  Value p = op.getPrediction(), t = op.getTarget();
  SmallVector<int64_t> all;
  for (int64_t i = 0; i < typeOf(p).getRank(); ++i)
    all.push_back(i);
  Value scale = b.div(b.mul(dy, b.constantLike(dy, 2.0)),
                      b.count(p, all, typeOf(p).getElementType()));
  Value dp = b.mul(b.sub(p, t), scale);
  return {dp, b.neg(dp)};
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

Grads vjp(ConcatOp op, VjpBuilder &b, Value dy) {
  int64_t axis = static_cast<int64_t>(op.getAxis());
  int64_t rank = typeOf(dy).getRank();
  Grads grads;
  int64_t offset = 0;
  for (auto [i, part] : llvm::enumerate(op.getInputs())) {
    auto type = typeOf(part);
    if (offset < 0) {
      // A dynamic extent before this part: its offset is not a constant.
      op.emitError("the gradient of concat needs the parts before the "
                   "last along axis ")
          << axis << " to have fixed extents";
      return {};
    }
    SmallVector<int64_t> starts(rank, 0), strides(rank, 1);
    starts[axis] = offset;
    grads.push_back(b.builder().create<SliceOp>(
        b.location(), type, dy, b.builder().getDenseI64ArrayAttr(starts),
        b.builder().getDenseI64ArrayAttr(strides)));
    offset = type.isDynamicDim(axis) ? -1 : offset + type.getDimSize(axis);
  }
  return grads;
}

Grads vjp(EmbeddingOp op, VjpBuilder &b, Value dy) {
  int64_t rows = typeOf(op.getTable()).getDimSize(0);
  return {Value(), b.builder().create<EmbeddingGradOp>(
                       b.location(), op.getIds(), dy,
                       b.builder().getI64IntegerAttr(rows))};
}

Grads vjp(DropoutOp op, VjpBuilder &b, Value dy) {
  // Dropout is linear in x: its VJP is the same mask applied to dy,
  // regenerated from the seed and stream instead of stored.
  return {b.builder().create<DropoutOp>(b.location(), dy, op.getSeed(),
                                        op.getPAttr(), op.getStreamAttr()),
          Value()};
}

Grads vjp(Conv2dOp op, VjpBuilder &b, Value dy) {
  OpBuilder &ob = b.builder();
  Value x = op.getInput(), w = op.getWeight();
  auto xType = typeOf(x), wType = typeOf(w);
  Value dx = ob.create<Conv2dInputGradOp>(
      b.location(), dy, w, op.getStrideAttr(), op.getPaddingAttr(),
      op.getDilationAttr(), op.getGroupsAttr(),
      ob.getDenseI64ArrayAttr({xType.getDimSize(2), xType.getDimSize(3)}));
  Value dw = ob.create<Conv2dWeightGradOp>(
      b.location(), x, dy, op.getStrideAttr(), op.getPaddingAttr(),
      op.getDilationAttr(), op.getGroupsAttr(),
      ob.getDenseI64ArrayAttr({wType.getDimSize(2), wType.getDimSize(3)}));
  Grads grads = {dx, dw};
  if (op.getBias())
    grads.push_back(b.sum(dy, {0, 2, 3}, /*keepDim=*/false));
  return grads;
}

Grads vjp(MaxPool2dOp op, VjpBuilder &b, Value dy) {
  return {b.builder().create<MaxPool2dGradOp>(
      b.location(), op.getInput().getType(), op.getInput(), dy,
      op.getKernelAttr(), op.getStrideAttr(), op.getPaddingAttr())};
}

Grads vjp(AvgPool2dOp op, VjpBuilder &b, Value dy) {
  return {b.builder().create<AvgPool2dGradOp>(
      b.location(), op.getInput().getType(), dy, op.getKernelAttr(),
      op.getStrideAttr(), op.getPaddingAttr())};
}

//===----------------------------------------------------------------------===//
// Attachment
//===----------------------------------------------------------------------===//

/// DifferentiableOpInterface for `OpT`, through its `vjp` rule above.
template <typename OpT>
struct VjpModel : DifferentiableOpInterface::ExternalModel<VjpModel<OpT>, OpT> {
  LogicalResult buildVjp(Operation *op, OpBuilder &builder,
                         ValueRange resultGrads, ArrayRef<bool> needed,
                         SmallVectorImpl<Value> &operandGrads) const {
    // Every differentiable dlc op has a single result.
    Value dy = resultGrads.front();
    if (!dy) {
      operandGrads.append(op->getNumOperands(), Value());
      return success();
    }
    VjpBuilder b(builder, op->getLoc());
    Grads grads = vjp(cast<OpT>(op), b, dy);
    if (grads.size() != op->getNumOperands())
      return failure();
    for (auto [grad, want] : llvm::zip(grads, needed))
      operandGrads.push_back(want ? grad : Value());
    return success();
  }
};

template <typename... Ops> void attach(MLIRContext *context) {
  (Ops::template attachInterface<VjpModel<Ops>>(*context), ...);
}

} // namespace

void dlc::registerVjpRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, DlcDialect *) {
    // The single table of differentiable ops. An op missing here and not
    // marked NonDifferentiable fails test/unit/VjpCoverageTest.cpp and, in
    // a model, autodiff with a diagnostic naming it.
    attach<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, PowOp, NegOp,
           ReluOp, ExpOp, LogOp, TanhOp, SigmoidOp, SqrtOp, RsqrtOp, AbsOp,
           ErfOp, GeluOp, CastOp, SelectOp, MatmulOp, LinearOp, TransposeOp,
           ReshapeOp, BroadcastToOp, SliceOp, InsertSliceOp, ReduceSumOp,
           ReduceMeanOp, ReduceMaxOp, ReduceMinOp, SoftmaxOp, LogSoftmaxOp,
           CrossEntropyOp, MseOp, ConcatOp, EmbeddingOp, DropoutOp, Conv2dOp,
           MaxPool2dOp, AvgPool2dOp>(context);
  });
}
