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
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

namespace {

/// The gradients of an op's operands, in operand order; null where none.
using Grads = SmallVector<Value, 5>;

/// Which operands need a gradient (the autodiff pass's activity analysis).
using Needed = ArrayRef<bool>;

/// The gradients of `build`, one per operand, each built only if its
/// operand needs it: a rule computes nothing for an operand that does not
/// need a gradient (a batch input, a frozen parameter). Builders past the
/// op's operands (an absent optional bias) are ignored.
Grads only(Needed need, std::initializer_list<function_ref<Value()>> build) {
  Grads grads;
  for (auto [i, fn] : llvm::enumerate(build)) {
    if (i >= need.size())
      break;
    grads.push_back(need[i] ? fn() : Value());
  }
  return grads;
}

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// The axes [0, count).
SmallVector<int64_t> leadingAxes(int64_t count) {
  SmallVector<int64_t> axes;
  for (int64_t i = 0; i < count; ++i)
    axes.push_back(i);
  return axes;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

Grads vjp(AddOp op, VjpBuilder &b, Value dy, Needed need) {
  return only(need, {[&] { return b.sumToShapeOf(dy, op.getLhs()); },
                     [&] { return b.sumToShapeOf(dy, op.getRhs()); }});
}

Grads vjp(SubOp op, VjpBuilder &b, Value dy, Needed need) {
  return only(need, {[&] { return b.sumToShapeOf(dy, op.getLhs()); },
                     [&] { return b.sumToShapeOf(b.neg(dy), op.getRhs()); }});
}

Grads vjp(MulOp op, VjpBuilder &b, Value dy, Needed need) {
  Value x = op.getLhs(), y = op.getRhs();
  return only(need, {[&] { return b.sumToShapeOf(b.mul(dy, y), x); },
                     [&] { return b.sumToShapeOf(b.mul(dy, x), y); }});
}

Grads vjp(DivOp op, VjpBuilder &b, Value dy, Needed need) {
  Value x = op.getLhs(), y = op.getRhs();
  // d(x / y)/dy = -(x / y) / y, from the result already computed.
  return only(need, {[&] { return b.sumToShapeOf(b.div(dy, y), x); },
                     [&] {
                       Value share = b.mul(b.div(dy, y), op.getResult());
                       return b.sumToShapeOf(b.neg(share), y);
                     }});
}

/// The share of an elementwise extremum's gradient that goes to `x`: all of
/// it where x wins, half on a tie, none where it loses (PyTorch's rule).
Value extremumShare(VjpBuilder &b, StringRef loses, Value x, Value y) {
  Value one = b.constantLike(x, 1.0), half = b.constantLike(x, 0.5);
  Value zero = b.constantLike(x, 0.0);
  return b.select(b.compare(loses, x, y), zero,
                  b.select(b.compare("eq", x, y), half, one));
}

/// maximum (`loses` = "lt") and minimum ("gt").
Grads extremumVjp(Value x, Value y, StringRef loses, VjpBuilder &b, Value dy,
                  Needed need) {
  return only(
      need,
      {[&] {
         return b.sumToShapeOf(b.mul(dy, extremumShare(b, loses, x, y)), x);
       },
       [&] {
         return b.sumToShapeOf(b.mul(dy, extremumShare(b, loses, y, x)), y);
       }});
}

Grads vjp(MaximumOp op, VjpBuilder &b, Value dy, Needed need) {
  return extremumVjp(op.getLhs(), op.getRhs(), "lt", b, dy, need);
}

Grads vjp(MinimumOp op, VjpBuilder &b, Value dy, Needed need) {
  return extremumVjp(op.getLhs(), op.getRhs(), "gt", b, dy, need);
}

Grads vjp(PowOp op, VjpBuilder &b, Value dy, Needed need) {
  Value x = op.getLhs(), e = op.getRhs();
  // e x^(e-1), and x^e log x for the exponent.
  return only(need, {[&] {
                       Value slope =
                           b.mul(e, b.pow(x, b.sub(e, b.constantLike(e, 1.0))));
                       return b.sumToShapeOf(b.mul(dy, slope), x);
                     },
                     [&] {
                       return b.sumToShapeOf(
                           b.mul(dy, b.mul(op.getResult(), b.log(x))), e);
                     }});
}

Grads vjp(NegOp, VjpBuilder &b, Value dy, Needed) { return {b.neg(dy)}; }

Grads vjp(ReluOp op, VjpBuilder &b, Value dy, Needed) {
  // The mask reads the result, as PyTorch's threshold_backward does:
  // relu(x) > 0 exactly where x > 0 (NaN in, NaN out, both false). The
  // input then has relu as its only user, so a contraction producing it
  // keeps relu in its epilogue when training too and the pre-activation
  // tensor is never stored.
  Value y = op.getResult();
  return {b.select(b.compare("gt", y, b.constantLike(y, 0.0)), dy,
                   b.constantLike(y, 0.0))};
}

Grads vjp(ExpOp op, VjpBuilder &b, Value dy, Needed) {
  return {b.mul(dy, op.getResult())};
}

Grads vjp(LogOp op, VjpBuilder &b, Value dy, Needed) {
  return {b.div(dy, op.getInput())};
}

Grads vjp(TanhOp op, VjpBuilder &b, Value dy, Needed) {
  Value y = op.getResult();
  return {b.mul(dy, b.sub(b.constantLike(y, 1.0), b.mul(y, y)))};
}

Grads vjp(SigmoidOp op, VjpBuilder &b, Value dy, Needed) {
  Value y = op.getResult();
  return {b.mul(dy, b.mul(y, b.sub(b.constantLike(y, 1.0), y)))};
}

Grads vjp(SqrtOp op, VjpBuilder &b, Value dy, Needed) {
  Value y = op.getResult();
  return {b.div(b.mul(dy, b.constantLike(y, 0.5)), y)};
}

Grads vjp(RsqrtOp op, VjpBuilder &b, Value dy, Needed) {
  // d(x^-1/2) = -x^-3/2 / 2 = -y^3 / 2.
  Value y = op.getResult();
  return {b.mul(dy, b.mul(b.mul(y, b.mul(y, y)), b.constantLike(y, -0.5)))};
}

Grads vjp(AbsOp op, VjpBuilder &b, Value dy, Needed) {
  Value x = op.getInput();
  Value zero = b.constantLike(x, 0.0);
  Value sign = b.select(
      b.compare("gt", x, zero), b.constantLike(x, 1.0),
      b.select(b.compare("lt", x, zero), b.constantLike(x, -1.0), zero));
  return {b.mul(dy, sign)};
}

Grads vjp(ErfOp op, VjpBuilder &b, Value dy, Needed) {
  Value x = op.getInput();
  Value gauss = b.exp(b.neg(b.mul(x, x)));
  return {b.mul(dy, b.mul(gauss, b.constantLike(x, 2.0 / std::sqrt(M_PI))))};
}

Grads vjp(GeluOp op, VjpBuilder &b, Value dy, Needed) {
  return {b.builder().create<GeluGradOp>(b.location(), op.getInput(), dy,
                                         op.getApproximateAttr())};
}

Grads vjp(CastOp op, VjpBuilder &b, Value dy, Needed) {
  Type from = typeOf(op.getInput()).getElementType();
  if (!isa<FloatType>(from) ||
      !isa<FloatType>(typeOf(op.getResult()).getElementType()))
    return {Value()};
  return {b.cast(dy, from)};
}

Grads vjp(SelectOp op, VjpBuilder &b, Value dy, Needed need) {
  Value c = op.getCondition();
  return only(
      need, {[] { return Value(); },
             [&] {
               Value zero = b.constantLike(dy, 0.0);
               return b.sumToShapeOf(b.select(c, dy, zero), op.getTrueValue());
             },
             [&] {
               Value zero = b.constantLike(dy, 0.0);
               return b.sumToShapeOf(b.select(c, zero, dy), op.getFalseValue());
             }});
}

//===----------------------------------------------------------------------===//
// Contractions and shape
//===----------------------------------------------------------------------===//

Grads vjp(MatmulOp op, VjpBuilder &b, Value dy, Needed need) {
  Value x = op.getLhs(), y = op.getRhs();
  return only(
      need,
      {[&] { return b.sumToShapeOf(b.matmul(dy, b.transposeLastTwo(y)), x); },
       [&] { return b.sumToShapeOf(b.matmul(b.transposeLastTwo(x), dy), y); }});
}

Grads vjp(LinearOp op, VjpBuilder &b, Value dy, Needed need) {
  Value x = op.getInput(), w = op.getWeight();
  auto xType = typeOf(x);
  int64_t rank = xType.getRank();
  // The input's leading dimensions as one: [P, K] and [P, M].
  auto flat = [&](Value v) {
    auto type = typeOf(v);
    if (rank == 2)
      return v;
    int64_t rows = 1;
    for (int64_t i = 0; i + 1 < rank; ++i)
      rows = type.isDynamicDim(i) || ShapedType::isDynamic(rows)
                 ? ShapedType::kDynamic
                 : rows * type.getDimSize(i);
    auto flatType = RankedTensorType::get({rows, type.getShape().back()},
                                          type.getElementType());
    return b.reshapeLike(v, flatType, v);
  };
  return only(
      need,
      {[&] { return b.reshapeLike(b.matmul(flat(dy), w), xType, x); },
       [&] { return b.matmul(b.transposeLastTwo(flat(dy)), flat(x)); },
       [&] { return b.sum(dy, leadingAxes(rank - 1), /*keepDim=*/false); }});
}

Grads vjp(TransposeOp op, VjpBuilder &b, Value dy, Needed) {
  ArrayRef<int64_t> perm = op.getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return {b.builder().create<TransposeOp>(
      b.location(), dy, b.builder().getDenseI64ArrayAttr(inverse))};
}

Grads vjp(ReshapeOp op, VjpBuilder &b, Value dy, Needed) {
  Value x = op.getInput();
  Grads grads = {b.reshapeLike(dy, typeOf(x), x)};
  grads.append(op.getSizes().size(), Value());
  return grads;
}

Grads vjp(BroadcastToOp op, VjpBuilder &b, Value dy, Needed) {
  Grads grads = {b.sumToShapeOf(dy, op.getInput())};
  grads.append(op.getSizes().size(), Value());
  return grads;
}

Grads vjp(SliceOp op, VjpBuilder &b, Value dy, Needed) {
  Value x = op.getInput();
  return {b.builder().create<InsertSliceOp>(b.location(), dy, b.zerosLike(x),
                                            op.getStartsAttr(),
                                            op.getStridesAttr())};
}

Grads vjp(InsertSliceOp op, VjpBuilder &b, Value dy, Needed need) {
  OpBuilder &ob = b.builder();
  Value source = op.getSource();
  return only(need,
              {[&] {
                 return ob
                     .create<SliceOp>(b.location(), source.getType(), dy,
                                      op.getStartsAttr(), op.getStridesAttr())
                     .getResult();
               },
               [&] {
                 return ob
                     .create<InsertSliceOp>(b.location(), b.zerosLike(source),
                                            dy, op.getStartsAttr(),
                                            op.getStridesAttr())
                     .getResult();
               }});
}

/// A part of `whole` along `axis` from `offset` with the extents of
/// `part` (or, where `whole` is static and `part` is not, the extent that is
/// left): the slice a concat's part came from.
Value partOf(VjpBuilder &b, Value whole, Value part, int64_t axis,
             int64_t offset) {
  auto wholeType = typeOf(whole), partType = typeOf(part);
  int64_t rank = wholeType.getRank();
  SmallVector<int64_t> shape(partType.getShape());
  for (int64_t i = 0; i < rank; ++i)
    if (ShapedType::isDynamic(shape[i]) && !wholeType.isDynamicDim(i))
      shape[i] = i == axis ? wholeType.getDimSize(i) - offset
                           : wholeType.getDimSize(i);
  SmallVector<int64_t> starts(rank, 0), strides(rank, 1);
  starts[axis] = offset;
  OpBuilder &ob = b.builder();
  Value slice = ob.create<SliceOp>(
      b.location(), RankedTensorType::get(shape, partType.getElementType()),
      whole, ob.getDenseI64ArrayAttr(starts), ob.getDenseI64ArrayAttr(strides));
  return b.reshapeLike(slice, partType, part);
}

Grads vjp(ConcatOp op, VjpBuilder &b, Value dy, Needed need) {
  int64_t axis = static_cast<int64_t>(op.getAxis());
  Grads grads;
  int64_t offset = 0;
  for (auto [i, part] : llvm::enumerate(op.getInputs())) {
    auto type = typeOf(part);
    bool wanted = i < need.size() && need[i];
    if (wanted && offset < 0) {
      // A dynamic extent before this part: its offset is not a constant.
      op.emitError("the gradient of concat needs the parts before a "
                   "differentiated one to have fixed extents along axis ")
          << axis;
      return {};
    }
    grads.push_back(wanted ? partOf(b, dy, part, axis, offset) : Value());
    offset = offset < 0 || type.isDynamicDim(axis)
                 ? -1
                 : offset + type.getDimSize(axis);
  }
  return grads;
}

//===----------------------------------------------------------------------===//
// Reductions and normalisations
//===----------------------------------------------------------------------===//

Grads vjp(ReduceSumOp op, VjpBuilder &b, Value dy, Needed) {
  Value x = op.getInput();
  return {b.broadcastLike(b.keepDims(dy, x, op.getAxes(), op.getKeepdim()), x)};
}

Grads vjp(ReduceMeanOp op, VjpBuilder &b, Value dy, Needed) {
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

Grads vjp(ReduceMaxOp op, VjpBuilder &b, Value dy, Needed) {
  return extremumReductionVjp(op, b, dy);
}

Grads vjp(ReduceMinOp op, VjpBuilder &b, Value dy, Needed) {
  return extremumReductionVjp(op, b, dy);
}

Grads vjp(SoftmaxOp op, VjpBuilder &b, Value dy, Needed) {
  Value y = op.getResult();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  Value dot = b.sum(b.mul(dy, y), {axis}, /*keepDim=*/true);
  return {b.mul(y, b.sub(dy, dot))};
}

Grads vjp(LogSoftmaxOp op, VjpBuilder &b, Value dy, Needed) {
  Value y = op.getResult();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  Value total = b.sum(dy, {axis}, /*keepDim=*/true);
  return {b.sub(dy, b.mul(b.exp(y), total))};
}

Grads vjp(LayerNormOp op, VjpBuilder &b, Value dy, Needed need) {
  // The statistics are recomputed from the input rather than kept.
  Value x = op.getInput(), w = op.getWeight();
  int64_t rank = typeOf(x).getRank(), normalized = typeOf(w).getRank();
  SmallVector<int64_t> axes, leading = leadingAxes(rank - normalized);
  for (int64_t i = rank - normalized; i < rank; ++i)
    axes.push_back(i);
  Value centered = b.sub(x, b.mean(x, axes, /*keepDim=*/true));
  Value variance = b.mean(b.mul(centered, centered), axes, /*keepDim=*/true);
  Value inverse = b.rsqrt(
      b.add(variance, b.constantLike(x, op.getEps().convertToDouble())));
  Value normalizedX = b.mul(centered, inverse);
  return only(
      need,
      {[&] {
         // (g - mean(g) - x^ mean(g x^)) / sigma, with g = dy * weight.
         Value g = b.mul(dy, w);
         Value spread =
             b.mul(normalizedX, b.mean(b.mul(g, normalizedX), axes, true));
         return b.mul(inverse, b.sub(b.sub(g, b.mean(g, axes, true)), spread));
       },
       [&] { return b.sum(b.mul(dy, normalizedX), leading, false); },
       [&] { return b.sum(dy, leading, false); }});
}

/// A batch norm over the batch's own statistics (training): with x^ the
/// normalised input, M the count per channel, S1 = sum(dy) and
/// S2 = sum(dy x^) per channel,
///   dx = weight / sigma * (dy - (S1 + x^ S2) / M),
/// the gradient through the mean and variance included; dweight = S2 and
/// dbias = S1. Two sums, each a pass over dy, and one elementwise pass: the
/// autodiff of the reductions that computed the statistics took five sums.
static Grads batchStatisticsVjp(BatchNormOp op, VjpBuilder &b, Value dy,
                                Needed need, ArrayRef<int64_t> axes,
                                function_ref<Value(Value)> perChannel,
                                Value centered, Value inverse) {
  Value x = op.getInput();
  Value normalized = b.mul(centered, inverse);
  // Each sum built once, and only if a gradient reads it.
  Value sumDy, sumDyNormalized;
  auto sumOfDy = [&] {
    if (!sumDy)
      sumDy = b.sum(dy, axes, false);
    return sumDy;
  };
  auto sumOfDyNormalized = [&] {
    if (!sumDyNormalized)
      sumDyNormalized = b.sum(b.mul(dy, normalized), axes, false);
    return sumDyNormalized;
  };
  Grads grads(3);
  if (need[0]) {
    Value scale =
        op.getWeight() ? b.mul(perChannel(op.getWeight()), inverse) : inverse;
    Value perElement =
        b.div(scale, b.count(x, axes, typeOf(x).getElementType()));
    // One op per statement: C++ leaves the order of arguments open, and
    // the IR's order should not depend on the compiler.
    Value total = b.mul(perElement, perChannel(sumOfDy()));
    Value slope = b.mul(perElement, perChannel(sumOfDyNormalized()));
    Value shift = b.add(total, b.mul(slope, normalized));
    grads[0] = b.sub(b.mul(scale, dy), shift);
  }
  size_t next = 3;
  if (op.getWeight())
    grads.push_back(need[next++] ? sumOfDyNormalized() : Value());
  if (op.getBias())
    grads.push_back(need[next] ? sumOfDy() : Value());
  return grads;
}

Grads vjp(BatchNormOp op, VjpBuilder &b, Value dy, Needed need) {
  Value x = op.getInput();
  auto type = typeOf(x);
  int64_t rank = type.getRank();
  SmallVector<int64_t> axes = {0}, shape = {type.getDimSize(1)};
  for (int64_t i = 2; i < rank; ++i) {
    axes.push_back(i);
    shape.push_back(1);
  }
  // A [C] vector as [C, 1, ...], which broadcasts along axis 1.
  auto perChannel = [&](Value v) {
    auto channels = RankedTensorType::get(shape, type.getElementType());
    return b.reshapeLike(v, channels, v);
  };
  Value centered = b.sub(x, perChannel(op.getMean()));
  Value inverse =
      b.rsqrt(b.add(perChannel(op.getVar()),
                    b.constantLike(x, op.getEps().convertToDouble())));
  if (op.getBatchStatistics())
    return batchStatisticsVjp(op, b, dy, need, axes, perChannel, centered,
                              inverse);
  Value g = op.getWeight() ? b.mul(dy, perChannel(op.getWeight())) : dy;
  // g / sigma is the input's gradient and, summed, the mean's: built once.
  Value scaled;
  auto scaledGrad = [&] {
    if (!scaled)
      scaled = b.mul(g, inverse);
    return scaled;
  };
  // The statistics are operands: their gradients flow on to whatever
  // computed them (the batch's mean and variance in training).
  Grads grads =
      only(need,
           {scaledGrad, [&] { return b.neg(b.sum(scaledGrad(), axes, false)); },
            [&] {
              Value cube = b.mul(inverse, b.mul(inverse, inverse));
              Value slope = b.mul(cube, b.constantLike(x, -0.5));
              return b.sum(b.mul(b.mul(g, centered), slope), axes, false);
            }});
  // The optional weight and bias follow, when present.
  size_t next = 3;
  if (op.getWeight())
    grads.push_back(
        need[next++] ? b.sum(b.mul(dy, b.mul(centered, inverse)), axes, false)
                     : Value());
  if (op.getBias())
    grads.push_back(need[next] ? b.sum(dy, axes, false) : Value());
  return grads;
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

Grads vjp(CrossEntropyOp op, VjpBuilder &b, Value dy, Needed) {
  return {b.builder().create<CrossEntropyGradOp>(
              b.location(), op.getLogits().getType(), op.getLogits(),
              op.getLabels(), dy),
          Value()};
}

Grads vjp(MseOp op, VjpBuilder &b, Value dy, Needed need) {
  Value p = op.getPrediction(), t = op.getTarget();
  auto all = leadingAxes(typeOf(p).getRank());
  Value scale = b.div(b.mul(dy, b.constantLike(dy, 2.0)),
                      b.count(p, all, typeOf(p).getElementType()));
  Value dp = b.mul(b.sub(p, t), scale);
  return only(need, {[&] { return dp; }, [&] { return b.neg(dp); }});
}

Grads vjp(BceWithLogitsOp op, VjpBuilder &b, Value dy, Needed need) {
  Value z = op.getLogits(), t = op.getTarget();
  auto all = leadingAxes(typeOf(z).getRank());
  Value scale = b.div(dy, b.count(z, all, typeOf(z).getElementType()));
  return only(need, {[&] { return b.mul(b.sub(b.sigmoid(z), t), scale); },
                     [&] { return b.mul(b.neg(z), scale); }});
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

Grads vjp(EmbeddingOp op, VjpBuilder &b, Value dy, Needed) {
  Value ids = op.getIds();
  auto idsType = typeOf(ids);
  int64_t rows = typeOf(op.getTable()).getDimSize(0);
  if (idsType.getRank() == 0) {
    // One id: as a batch of one, the form embedding_grad takes.
    ids = b.reshapeLike(
        ids, RankedTensorType::get({1}, idsType.getElementType()), ids);
    auto dyType = typeOf(dy);
    dy = b.reshapeLike(dy,
                       RankedTensorType::get({1, dyType.getDimSize(0)},
                                             dyType.getElementType()),
                       dy);
  }
  return {Value(),
          b.builder().create<EmbeddingGradOp>(
              b.location(), ids, dy, b.builder().getI64IntegerAttr(rows))};
}

Grads vjp(DropoutOp op, VjpBuilder &b, Value dy, Needed) {
  // Dropout is linear in x: its VJP is the same mask applied to dy,
  // regenerated from the seed and stream instead of stored.
  return {b.builder().create<DropoutOp>(b.location(), dy, op.getSeed(),
                                        op.getPAttr(), op.getStreamAttr()),
          Value()};
}

Grads vjp(Conv2dOp op, VjpBuilder &b, Value dy, Needed need) {
  OpBuilder &ob = b.builder();
  Value x = op.getInput(), w = op.getWeight();
  auto xType = typeOf(x), wType = typeOf(w);
  return only(need, {[&] {
                       return ob
                           .create<Conv2dInputGradOp>(
                               b.location(), dy, w, op.getStrideAttr(),
                               op.getPaddingAttr(), op.getDilationAttr(),
                               op.getGroupsAttr(),
                               ob.getDenseI64ArrayAttr(
                                   {xType.getDimSize(2), xType.getDimSize(3)}))
                           .getResult();
                     },
                     [&] {
                       return ob
                           .create<Conv2dWeightGradOp>(
                               b.location(), x, dy, op.getStrideAttr(),
                               op.getPaddingAttr(), op.getDilationAttr(),
                               op.getGroupsAttr(),
                               ob.getDenseI64ArrayAttr(
                                   {wType.getDimSize(2), wType.getDimSize(3)}))
                           .getResult();
                     },
                     [&] {
                       return b.sum(dy, {0, 2, 3}, /*keepDim=*/false);
                     }});
}

Grads vjp(MaxPool2dOp op, VjpBuilder &b, Value dy, Needed) {
  return {b.builder().create<MaxPool2dGradOp>(
      b.location(), op.getInput().getType(), op.getInput(), dy,
      op.getKernelAttr(), op.getStrideAttr(), op.getPaddingAttr())};
}

Grads vjp(AvgPool2dOp op, VjpBuilder &b, Value dy, Needed) {
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
    Grads grads = vjp(cast<OpT>(op), b, dy, needed);
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
           LayerNormOp, BatchNormOp, CrossEntropyOp, MseOp, BceWithLogitsOp,
           ConcatOp, EmbeddingOp, DropoutOp, Conv2dOp, MaxPool2dOp,
           AvgPool2dOp>(context);
  });
}
