//===- LayerLowering.cpp - embedding, dropout, masks, backward ops --------===//
//
// Lowerings of the layer ops that are not windows (see
// ConvolutionLowering.cpp, PoolingLowering.cpp), the backward ops of gelu and
// cross_entropy, and the learning-rate schedule of the optimizer.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

namespace {

/// The identity map of `rank` loops with the last `drop` dropped: how an
/// operand with fewer trailing dims (ids of an embedding) is read.
AffineMap leadingDims(MLIRContext *context, unsigned rank, unsigned drop) {
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i + drop < rank; ++i)
    exprs.push_back(getAffineDimExpr(i, context));
  return AffineMap::get(rank, 0, exprs, context);
}

/// Sizes of the dynamic dims of `type` taken from `source` at the same axes.
SmallVector<Value> sameDynamicSizes(TensorBuilder &tb, RankedTensorType type,
                                    Value source) {
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(tb.dim(source, i));
  return sizes;
}

//===----------------------------------------------------------------------===//
// Embedding
//===----------------------------------------------------------------------===//

/// Whether an id lies in [0, rows).
Value idInRange(OpBuilder &b, Location loc, Value id, int64_t rows) {
  Type type = id.getType();
  auto constant = [&](int64_t v) {
    return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, v));
  };
  return b.create<arith::AndIOp>(
      loc,
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, id, constant(0)),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, id,
                              constant(rows)));
}

struct EmbeddingLowering : OpConversionPattern<EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Value ids = adaptor.getIds(), table = adaptor.getTable();
    int64_t rows = tensorTypeOf(table).getDimSize(0);
    int64_t rank = resultType.getRank();
    Value init =
        tb.emptyWithSizes(resultType, sameDynamicSizes(tb, resultType, ids));
    Value result = parallelGeneric(
        rewriter, op.getLoc(), {ids},
        {leadingDims(rewriter.getContext(), rank, 1)}, init,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value inRange = idInRange(b, loc, args[0], rows);
          Value row =
              b.create<arith::IndexCastOp>(loc, b.getIndexType(), args[0]);
          // Read row 0 for an id out of range, then replace it with NaN.
          row = b.create<arith::SelectOp>(
              loc, inRange, row, b.create<arith::ConstantIndexOp>(loc, 0));
          Value column = b.create<linalg::IndexOp>(loc, rank - 1);
          Value value =
              b.create<tensor::ExtractOp>(loc, table, ValueRange{row, column});
          return b.create<arith::SelectOp>(
              loc, inRange, value, floatConstant(b, loc, value.getType(), NAN));
        });
    return finish(rewriter, op, tb, result);
  }
};

/// `tensor` of rank >= 1 with its first `count` dimensions merged into one.
Value mergeLeading(OpBuilder &b, Location loc, Value tensor, int64_t count) {
  auto type = tensorTypeOf(tensor);
  SmallVector<ReassociationIndices> groups(1);
  int64_t merged = 1;
  for (int64_t i = 0; i < count; ++i) {
    groups[0].push_back(i);
    merged = type.isDynamicDim(i) || ShapedType::isDynamic(merged)
                 ? ShapedType::kDynamic
                 : merged * type.getDimSize(i);
  }
  SmallVector<int64_t> shape = {merged};
  for (int64_t i = count; i < type.getRank(); ++i) {
    groups.push_back({i});
    shape.push_back(type.getDimSize(i));
  }
  return b.create<tensor::CollapseShapeOp>(
      loc, RankedTensorType::get(shape, type.getElementType()), tensor, groups);
}

struct EmbeddingGradLowering : OpConversionPattern<EmbeddingGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    TensorBuilder tb(rewriter, loc);
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    int64_t idsRank = tensorTypeOf(op.getIds()).getRank();
    if (idsRank == 0)
      return rewriter.notifyMatchFailure(op, "rank-0 ids");
    int64_t rows = resultType.getDimSize(0), width = resultType.getDimSize(1);
    Value ids = mergeLeading(rewriter, loc, adaptor.getIds(), idsRank);
    Value grad = mergeLeading(rewriter, loc, tb.convert(adaptor.getGrad(), acc),
                              idsRank);
    Value table = tb.fill(
        tb.emptyWithSizes(RankedTensorType::get({rows, width}, acc), {}),
        tb.scalar(acc, 0.0));
    // A scatter-add, one id at a time: each row of the gradient is added to
    // the table row its id names. Work is proportional to the ids, not to
    // the table.
    auto rowType = RankedTensorType::get({width}, acc);
    auto loop = rewriter.create<scf::ForOp>(
        loc, tb.index(0), tb.dim(ids, 0), tb.index(1), ValueRange{table},
        [&](OpBuilder &b, Location l, Value position, ValueRange carried) {
          Value id = b.create<tensor::ExtractOp>(l, ids, position);
          Value inRange = idInRange(b, l, id, rows);
          auto branch = b.create<scf::IfOp>(
              l, inRange,
              [&](OpBuilder &tb2, Location l2) {
                Value row =
                    tb2.create<arith::IndexCastOp>(l2, tb2.getIndexType(), id);
                auto unit = tb2.getIndexAttr(1);
                auto zero = tb2.getIndexAttr(0);
                auto w = tb2.getIndexAttr(width);
                Value update = tb2.create<tensor::ExtractSliceOp>(
                    l2, rowType, grad, ArrayRef<OpFoldResult>{position, zero},
                    ArrayRef<OpFoldResult>{unit, w},
                    ArrayRef<OpFoldResult>{unit, unit});
                Value current = tb2.create<tensor::ExtractSliceOp>(
                    l2, rowType, carried[0], ArrayRef<OpFoldResult>{row, zero},
                    ArrayRef<OpFoldResult>{unit, w},
                    ArrayRef<OpFoldResult>{unit, unit});
                Value sum = parallelGeneric(
                    tb2, l2, {update}, {tb2.getMultiDimIdentityMap(1)}, current,
                    [](OpBuilder &nb, Location nl, ValueRange args) {
                      return nb.create<arith::AddFOp>(nl, args[0], args[1]);
                    });
                Value updated = tb2.create<tensor::InsertSliceOp>(
                    l2, sum, carried[0], ArrayRef<OpFoldResult>{row, zero},
                    ArrayRef<OpFoldResult>{unit, w},
                    ArrayRef<OpFoldResult>{unit, unit});
                tb2.create<scf::YieldOp>(l2, updated);
              },
              [&](OpBuilder &eb, Location l2) {
                eb.create<scf::YieldOp>(l2, carried[0]);
              });
          b.create<scf::YieldOp>(l, branch.getResult(0));
        });
    return finish(rewriter, op, tb, tb.convert(loop.getResult(0), element));
  }
};

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

/// `ArithOp` of each element of `x` with `y` broadcast to `x`'s shape.
template <typename ArithOp>
Value binaryOf(TensorBuilder &tb, Value x, Value y) {
  return tb.elementwise(tensorTypeOf(x), {x, y},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<ArithOp>(loc, args[0], args[1]);
                        });
}

/// rsqrt(v + eps) of each element.
Value inverseDeviation(TensorBuilder &tb, Value variance, double eps) {
  Type type = tensorTypeOf(variance).getElementType();
  return tb.elementwise(tensorTypeOf(variance), {variance},
                        [&](OpBuilder &b, Location loc, ValueRange args) {
                          Value shifted = b.create<arith::AddFOp>(
                              loc, args[0], floatConstant(b, loc, type, eps));
                          return b.create<math::RsqrtOp>(loc, shifted);
                        });
}

struct LayerNormLowering : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto type = tensorTypeOf(op.getResult());
    Type acc = tb.accumulatorType(type.getElementType());
    Value x = tb.convert(adaptor.getInput(), acc);
    int64_t rank = type.getRank();
    int64_t normalized = tensorTypeOf(op.getWeight()).getRank();
    SmallVector<int64_t> axes;
    for (int64_t i = rank - normalized; i < rank; ++i)
      axes.push_back(i);
    // Two passes, as torch does: the mean, then the biased variance of the
    // centred values.
    Value centered =
        binaryOf<arith::SubFOp>(tb, x, meanOf(tb, x, axes, /*keepDim=*/true));
    Value squares = binaryOf<arith::MulFOp>(tb, centered, centered);
    Value inverse =
        inverseDeviation(tb, meanOf(tb, squares, axes, /*keepDim=*/true),
                         op.getEps().convertToDouble());
    Value y = binaryOf<arith::MulFOp>(tb, centered, inverse);
    y = binaryOf<arith::MulFOp>(tb, y, tb.convert(adaptor.getWeight(), acc));
    if (Value bias = adaptor.getBias())
      y = binaryOf<arith::AddFOp>(tb, y, tb.convert(bias, acc));
    return finish(rewriter, op, tb, tb.convert(y, type.getElementType()));
  }
};

struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto type = tensorTypeOf(op.getResult());
    Type acc = tb.accumulatorType(type.getElementType());
    int64_t rank = type.getRank();
    // [C] as [C, 1, ...]: broadcasting then reads it along axis 1.
    SmallVector<int64_t> parts = {type.getDimSize(1)};
    parts.append(rank - 2, 1);
    auto perChannel = [&](Value v) {
      Value converted = tb.convert(v, acc);
      return rank == 2 ? converted : tb.splitDim(converted, 0, parts);
    };
    Value x = tb.convert(adaptor.getInput(), acc);
    Value y = binaryOf<arith::SubFOp>(tb, x, perChannel(adaptor.getMean()));
    Value inverse = inverseDeviation(tb, perChannel(adaptor.getVar()),
                                     op.getEps().convertToDouble());
    y = binaryOf<arith::MulFOp>(tb, y, inverse);
    if (Value weight = adaptor.getWeight())
      y = binaryOf<arith::MulFOp>(tb, y, perChannel(weight));
    if (Value bias = adaptor.getBias())
      y = binaryOf<arith::AddFOp>(tb, y, perChannel(bias));
    return finish(rewriter, op, tb, tb.convert(y, type.getElementType()));
  }
};

//===----------------------------------------------------------------------===//
// Dropout and masks
//===----------------------------------------------------------------------===//

/// splitmix64's finaliser, as runtime/shim/CounterRng.h defines it.
Value mix64(OpBuilder &b, Location loc, Value z) {
  auto step = [&](Value v, int64_t shift, uint64_t multiplier) {
    Value shifted =
        b.create<arith::ShRUIOp>(loc, v, i64Constant(b, loc, shift));
    Value x = b.create<arith::XOrIOp>(loc, v, shifted);
    return b.create<arith::MulIOp>(
        loc, x, i64Constant(b, loc, static_cast<int64_t>(multiplier)));
  };
  z = step(z, 30, 0xbf58476d1ce4e5b9ULL);
  z = step(z, 27, 0x94d049bb133111ebULL);
  return b.create<arith::XOrIOp>(
      loc, z, b.create<arith::ShRUIOp>(loc, z, i64Constant(b, loc, 31)));
}

constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

struct DropoutLowering : OpConversionPattern<DropoutOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    TensorBuilder tb(rewriter, loc);
    auto type = tensorTypeOf(op.getResult());
    Value input = adaptor.getInput();
    double p = op.getP().convertToDouble();
    // The key of this op's stream under this step's seed, as dlcRngKey.
    Value seed = rewriter.create<tensor::ExtractOp>(loc, adaptor.getSeed(),
                                                    ValueRange{});
    Value stream = i64Constant(
        rewriter, loc,
        static_cast<int64_t>(static_cast<uint64_t>(op.getStream()) + kGolden));
    Value key =
        mix64(rewriter, loc,
              rewriter.create<arith::XOrIOp>(loc, mix64(rewriter, loc, seed),
                                             mix64(rewriter, loc, stream)));
    // Element i is kept when the top 24 bits of bits(i) reach p * 2^24.
    int64_t threshold = static_cast<int64_t>(std::llround(p * (1 << 24)));
    SmallVector<Value> extents;
    for (int64_t i = 0; i < type.getRank(); ++i)
      extents.push_back(rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getI64Type(), tb.dim(input, i)));
    Value init = tb.emptyWithSizes(type, sameDynamicSizes(tb, type, input));
    Value result = parallelGeneric(
        rewriter, loc, {input},
        {rewriter.getMultiDimIdentityMap(type.getRank())}, init,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          // The row-major position of the element.
          Value flat = i64Constant(b, l, 0);
          for (int64_t i = 0; i < type.getRank(); ++i)
            flat = b.create<arith::AddIOp>(
                l, b.create<arith::MulIOp>(l, flat, extents[i]),
                loopIndex(b, l, i));
          Value counter = b.create<arith::MulIOp>(
              l, b.create<arith::AddIOp>(l, flat, i64Constant(b, l, 1)),
              i64Constant(b, l, static_cast<int64_t>(kGolden)));
          Value bits = mix64(b, l, b.create<arith::AddIOp>(l, key, counter));
          Value top = b.create<arith::ShRUIOp>(l, bits, i64Constant(b, l, 40));
          Value keep = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::uge, top, i64Constant(b, l, threshold));
          Type element = args[0].getType();
          Value scaled = b.create<arith::MulFOp>(
              l, args[0], floatConstant(b, l, element, 1.0 / (1.0 - p)));
          return b.create<arith::SelectOp>(l, keep, scaled,
                                           floatConstant(b, l, element, 0.0));
        });
    return finish(rewriter, op, tb, result);
  }
};

struct CausalMaskLowering : OpConversionPattern<CausalMaskOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CausalMaskOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    TensorBuilder tb(rewriter, loc);
    auto type = tensorTypeOf(op.getResult());
    SmallVector<Value> sizes;
    if (Value size = adaptor.getSize()) {
      Value extent = tb.extentOf(size);
      sizes = {extent, extent};
    }
    Value init = tb.emptyWithSizes(type, sizes);
    Value mask =
        parallelGeneric(rewriter, loc, {}, {}, init,
                        [&](OpBuilder &b, Location l, ValueRange) -> Value {
                          Value later = b.create<arith::CmpIOp>(
                              l, arith::CmpIPredicate::sgt, loopIndex(b, l, 1),
                              loopIndex(b, l, 0));
                          Type element = type.getElementType();
                          return b.create<arith::SelectOp>(
                              l, later, floatConstant(b, l, element, -INFINITY),
                              floatConstant(b, l, element, 0.0));
                        });
    return finish(rewriter, op, tb, mask);
  }
};

struct OneHotLowering : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    TensorBuilder tb(rewriter, loc);
    auto type = tensorTypeOf(op.getResult());
    Value ids = adaptor.getIds();
    int64_t rank = type.getRank();
    Value init = tb.emptyWithSizes(type, sameDynamicSizes(tb, type, ids));
    Value result = parallelGeneric(
        rewriter, loc, {ids}, {leadingDims(rewriter.getContext(), rank, 1)},
        init, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value id = args[0];
          if (!id.getType().isInteger(64))
            id = b.create<arith::ExtSIOp>(l, b.getI64Type(), id);
          Value hit = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, id,
                                              loopIndex(b, l, rank - 1));
          return b.create<arith::ExtUIOp>(l, b.getI64Type(), hit);
        });
    return finish(rewriter, op, tb, result);
  }
};

//===----------------------------------------------------------------------===//
// Backward ops
//===----------------------------------------------------------------------===//

/// gelu'(x): Phi(x) + x phi(x) exactly, or the derivative of PyTorch's tanh
/// approximation.
Value geluDerivative(OpBuilder &b, Location loc, Value x, bool tanhForm) {
  Type type = x.getType();
  auto c = [&](double v) { return floatConstant(b, loc, type, v); };
  auto mul = [&](Value p, Value q) {
    return b.create<arith::MulFOp>(loc, p, q).getResult();
  };
  auto add = [&](Value p, Value q) {
    return b.create<arith::AddFOp>(loc, p, q).getResult();
  };
  if (tanhForm) {
    constexpr double k = 0.044715;
    double scale = std::sqrt(2.0 / M_PI);
    Value x2 = mul(x, x);
    Value inner = mul(c(scale), add(x, mul(c(k), mul(x2, x))));
    Value t = b.create<math::TanhOp>(loc, inner);
    Value one = c(1.0);
    Value left = mul(c(0.5), add(one, t));
    Value sech2 = b.create<arith::SubFOp>(loc, one, mul(t, t));
    Value dInner = mul(c(scale), add(one, mul(c(3.0 * k), x2)));
    return add(left, mul(mul(c(0.5), x), mul(sech2, dInner)));
  }
  Value cdf = mul(
      c(0.5), add(c(1.0), b.create<math::ErfOp>(loc, mul(x, c(M_SQRT1_2)))));
  Value pdf = mul(c(1.0 / std::sqrt(2.0 * M_PI)),
                  b.create<math::ExpOp>(loc, mul(c(-0.5), mul(x, x))));
  return add(cdf, mul(x, pdf));
}

struct GeluGradLowering : OpConversionPattern<GeluGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GeluGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto type = tensorTypeOf(op.getResult());
    Type acc = tb.accumulatorType(type.getElementType());
    bool tanhForm = op.getApproximate() == "tanh";
    Value x = tb.convert(adaptor.getInput(), acc);
    Value dy = tb.convert(adaptor.getGrad(), acc);
    Value dx = tb.elementwise(
        tensorTypeOf(x), {x, dy},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return b.create<arith::MulFOp>(
              loc, args[1], geluDerivative(b, loc, args[0], tanhForm));
        });
    return finish(rewriter, op, tb, tb.convert(dx, type.getElementType()));
  }
};

struct CrossEntropyGradLowering : OpConversionPattern<CrossEntropyGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CrossEntropyGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    TensorBuilder tb(rewriter, loc);
    MLIRContext *context = rewriter.getContext();
    auto type = tensorTypeOf(op.getResult());
    Type acc = tb.accumulatorType(type.getElementType());
    Value logits = tb.convert(adaptor.getLogits(), acc);
    Value labels = adaptor.getLabels();
    Value probabilities = softmax(tb, logits, 1);
    // Rows labelled ignore_index count neither in the mean nor get a
    // gradient, as in the forward lowering.
    auto rowsType = RankedTensorType::get({type.getDimSize(0)}, acc);
    Value counted = tb.elementwise(
        rowsType, {labels}, [&](OpBuilder &b, Location l, ValueRange args) {
          Value ignored = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::eq, args[0],
              b.create<arith::ConstantOp>(
                  l, b.getIntegerAttr(args[0].getType(), kIgnoreIndex)));
          return b.create<arith::SelectOp>(l, ignored,
                                           floatConstant(b, l, acc, 0.0),
                                           floatConstant(b, l, acc, 1.0));
        });
    Value count = sumOfAll(tb, counted);
    Value grad = tb.convert(adaptor.getGrad(), acc);
    int64_t classes = type.getDimSize(1);
    Value init = tb.emptyWithSizes(tensorTypeOf(logits),
                                   sameDynamicSizes(tb, type, logits));
    AffineExpr n = getAffineDimExpr(0, context);
    AffineMap scalar = AffineMap::get(2, 0, {}, context);
    Value result = parallelGeneric(
        rewriter, loc, {probabilities, labels, grad, count},
        {rewriter.getMultiDimIdentityMap(2), AffineMap::get(2, 0, {n}, context),
         scalar, scalar},
        init, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value label = args[1];
          Type labelType = label.getType();
          Value ignored = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::eq, label,
              b.create<arith::ConstantOp>(
                  l, b.getIntegerAttr(labelType, kIgnoreIndex)));
          Value inRange = idInRange(b, l, label, classes);
          Value column = b.create<arith::IndexCastOp>(
              l, labelType, b.create<linalg::IndexOp>(l, 1));
          Value hit = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq,
                                              label, column);
          Value target =
              b.create<arith::SelectOp>(l, hit, floatConstant(b, l, acc, 1.0),
                                        floatConstant(b, l, acc, 0.0));
          Value scale = b.create<arith::DivFOp>(l, args[2], args[3]);
          Value value = b.create<arith::MulFOp>(
              l, b.create<arith::SubFOp>(l, args[0], target), scale);
          // A label outside [0, C) made the loss NaN; so is its gradient.
          value = b.create<arith::SelectOp>(l, inRange, value,
                                            floatConstant(b, l, acc, NAN));
          return b.create<arith::SelectOp>(
              l, ignored, floatConstant(b, l, acc, 0.0), value);
        });
    return finish(rewriter, op, tb, tb.convert(result, type.getElementType()));
  }
};

//===----------------------------------------------------------------------===//
// Learning-rate schedules
//===----------------------------------------------------------------------===//

struct LearningRateLowering : OpConversionPattern<LearningRateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LearningRateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Type f64 = b.getF64Type();
    auto c = [&](double v) { return floatConstant(b, loc, f64, v); };
    Value step =
        b.create<tensor::ExtractOp>(loc, adaptor.getStep(), ValueRange{});
    Value t = b.create<arith::SIToFPOp>(loc, f64, step);
    double lr = op.getLr().convertToDouble();
    double warmup = static_cast<double>(op.getWarmup());
    StringRef schedule = op.getSchedule();
    Value rate = c(lr);
    if (schedule == "step") {
      Value epochs = b.create<math::FloorOp>(
          loc, b.create<arith::DivFOp>(
                   loc, t, c(static_cast<double>(op.getStepSize()))));
      Value decay = b.create<math::PowFOp>(
          loc, c(op.getGamma().convertToDouble()), epochs);
      rate = b.create<arith::MulFOp>(loc, rate, decay);
    } else if (schedule == "cosine") {
      double span = static_cast<double>(op.getTotalSteps()) - warmup;
      Value progress = b.create<arith::DivFOp>(
          loc, b.create<arith::SubFOp>(loc, t, c(warmup)), c(span));
      progress = b.create<arith::MinimumFOp>(
          loc, b.create<arith::MaximumFOp>(loc, progress, c(0.0)), c(1.0));
      double low = op.getMinLr().convertToDouble();
      Value wave = b.create<arith::AddFOp>(
          loc, c(1.0),
          b.create<math::CosOp>(
              loc, b.create<arith::MulFOp>(loc, c(M_PI), progress)));
      rate = b.create<arith::AddFOp>(
          loc, c(low), b.create<arith::MulFOp>(loc, c(0.5 * (lr - low)), wave));
    }
    if (op.getWarmup() > 0) {
      Value ramp = b.create<arith::DivFOp>(
          loc, b.create<arith::AddFOp>(loc, t, c(1.0)), c(warmup));
      rate = b.create<arith::MulFOp>(
          loc, rate, b.create<arith::MinimumFOp>(loc, ramp, c(1.0)));
    }
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(
        op, op.getResult().getType(), ValueRange{rate});
    return success();
  }
};

} // namespace

void dlc::populateLayerLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LayerNormLowering, BatchNormLowering, EmbeddingLowering,
               EmbeddingGradLowering, DropoutLowering, CausalMaskLowering,
               OneHotLowering, GeluGradLowering, CrossEntropyGradLowering,
               LearningRateLowering>(patterns.getContext());
}
