//===- DlcToLinalg.cpp - lower dlc compute ops to linalg on tensors -------===//
//
// Every dlc compute op becomes linalg generics (or tensor ops) over tensors;
// composite ops (softmax, cross_entropy, ...) are expanded here into the
// numerically stable forms PyTorch uses. State reads (`dlc.load`) stay: the
// entry-point lowering turns them into views of the state arena.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace dlc {
#define GEN_PASS_DEF_CONVERTDLCTOLINALGPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Scalar body of a broadcasting binary op, float or integer. Booleans (i1)
/// compare unsigned, so that true (1) is the larger.
template <typename SourceOp>
Value binaryScalar(OpBuilder &b, Location loc, Value x, Value y);

#define DLC_BINARY(OP, FLOAT_OP, INT_OP, BOOL_OP)                              \
  template <>                                                                  \
  Value binaryScalar<OP>(OpBuilder & b, Location loc, Value x, Value y) {      \
    if (isa<FloatType>(x.getType()))                                           \
      return b.create<FLOAT_OP>(loc, x, y);                                    \
    if (x.getType().isInteger(1))                                              \
      return b.create<BOOL_OP>(loc, x, y);                                     \
    return b.create<INT_OP>(loc, x, y);                                        \
  }
DLC_BINARY(AddOp, arith::AddFOp, arith::AddIOp, arith::XOrIOp)
DLC_BINARY(SubOp, arith::SubFOp, arith::SubIOp, arith::XOrIOp)
DLC_BINARY(MulOp, arith::MulFOp, arith::MulIOp, arith::AndIOp)
DLC_BINARY(MaximumOp, arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp)
DLC_BINARY(MinimumOp, arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp)
#undef DLC_BINARY

// Division and power are float-only (their verifiers say so).
template <>
Value binaryScalar<DivOp>(OpBuilder &b, Location loc, Value x, Value y) {
  return b.create<arith::DivFOp>(loc, x, y);
}
template <>
Value binaryScalar<PowOp>(OpBuilder &b, Location loc, Value x, Value y) {
  return b.create<math::PowFOp>(loc, x, y);
}

template <typename SourceOp>
struct BinaryLowering : OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value result = tb.elementwise(
        tensorTypeOf(op.getResult()), {adaptor.getLhs(), adaptor.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) {
          return binaryScalar<SourceOp>(b, loc, args[0], args[1]);
        });
    return finish(rewriter, op, tb, result);
  }
};

Value reluScalar(OpBuilder &b, Location loc, Value x) {
  return b.create<arith::MaximumFOp>(loc, x,
                                     floatConstant(b, loc, x.getType(), 0));
}

Value sigmoidScalar(OpBuilder &b, Location loc, Value x) {
  Value one = floatConstant(b, loc, x.getType(), 1);
  Value negated = b.create<arith::NegFOp>(loc, x);
  Value denominator =
      b.create<arith::AddFOp>(loc, one, b.create<math::ExpOp>(loc, negated));
  return b.create<arith::DivFOp>(loc, one, denominator);
}

Value geluScalar(OpBuilder &b, Location loc, Value x, bool tanhForm) {
  auto constant = [&](double v) {
    return floatConstant(b, loc, x.getType(), v);
  };
  Value inner;
  if (tanhForm) {
    // PyTorch: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
    Value cube =
        b.create<arith::MulFOp>(loc, x, b.create<arith::MulFOp>(loc, x, x));
    Value poly = b.create<arith::AddFOp>(
        loc, x, b.create<arith::MulFOp>(loc, constant(0.044715), cube));
    inner = b.create<math::TanhOp>(
        loc,
        b.create<arith::MulFOp>(loc, constant(std::sqrt(2.0 / M_PI)), poly));
  } else {
    // Exact: 0.5 x (1 + erf(x / sqrt(2)))
    inner = b.create<math::ErfOp>(
        loc, b.create<arith::MulFOp>(loc, x, constant(M_SQRT1_2)));
  }
  Value half = b.create<arith::MulFOp>(loc, constant(0.5), x);
  return b.create<arith::MulFOp>(
      loc, half, b.create<arith::AddFOp>(loc, constant(1.0), inner));
}

template <typename SourceOp>
Value unaryScalar(OpBuilder &b, Location loc, SourceOp op, Value x);

#define DLC_UNARY(OP, EXPR)                                                    \
  template <>                                                                  \
  Value unaryScalar<OP>(OpBuilder & b, Location loc, OP op, Value x) {         \
    (void)op;                                                                  \
    return EXPR;                                                               \
  }
DLC_UNARY(NegOp, b.create<arith::NegFOp>(loc, x))
DLC_UNARY(ReluOp, reluScalar(b, loc, x))
DLC_UNARY(ExpOp, b.create<math::ExpOp>(loc, x))
DLC_UNARY(LogOp, b.create<math::LogOp>(loc, x))
DLC_UNARY(TanhOp, b.create<math::TanhOp>(loc, x))
DLC_UNARY(SigmoidOp, sigmoidScalar(b, loc, x))
DLC_UNARY(SqrtOp, b.create<math::SqrtOp>(loc, x))
DLC_UNARY(RsqrtOp, b.create<math::RsqrtOp>(loc, x))
DLC_UNARY(AbsOp, b.create<math::AbsFOp>(loc, x))
DLC_UNARY(ErfOp, b.create<math::ErfOp>(loc, x))
DLC_UNARY(GeluOp, geluScalar(b, loc, x, op.getApproximate() == "tanh"))
#undef DLC_UNARY

template <typename SourceOp>
struct UnaryLowering : OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value result =
        tb.elementwise(tensorTypeOf(op.getResult()), {adaptor.getInput()},
                       [&](OpBuilder &b, Location loc, ValueRange args) {
                         return unaryScalar<SourceOp>(b, loc, op, args[0]);
                       });
    return finish(rewriter, op, tb, result);
  }
};

struct CastLowering : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = tensorTypeOf(op.getResult());
    TensorBuilder tb(rewriter, op.getLoc());
    Value result = tb.elementwise(
        resultType, {adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return castScalar(b, loc, args[0], resultType.getElementType());
        });
    return finish(rewriter, op, tb, result);
  }
};

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Contractions and shape
//===----------------------------------------------------------------------===//

struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    // N comes from rhs, M from lhs, and each batch dim from whichever operand
    // is dynamic there (both are right-aligned).
    SmallVector<Value> sizes;
    int64_t rank = resultType.getRank();
    for (int64_t i = 0; i < rank; ++i) {
      if (!resultType.isDynamicDim(i))
        continue;
      Value source = i == rank - 1 ? rhs : lhs;
      int64_t j = i - (rank - tensorTypeOf(source).getRank());
      if (i < rank - 2 && (j < 0 || !tensorTypeOf(source).isDynamicDim(j))) {
        source = rhs;
        j = i - (rank - tensorTypeOf(rhs).getRank());
      }
      sizes.push_back(tb.dim(source, j));
    }
    Type elementType = resultType.getElementType();
    Type accumulator = tb.accumulatorType(elementType);
    Value init =
        tb.fill(tb.emptyWithSizes(resultType.clone(accumulator), sizes),
                tb.scalar(accumulator, 0.0));
    Value product = tb.matmul(lhs, rhs, init);
    return finish(rewriter, op, tb, tb.convert(product, elementType));
  }
};

struct LinearLowering : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Value input = adaptor.getInput(), weight = adaptor.getWeight();
    // The leading dims are the input's; the last is the weight's rows.
    SmallVector<Value> sizes;
    int64_t rank = resultType.getRank();
    for (int64_t i = 0; i < rank; ++i)
      if (resultType.isDynamicDim(i))
        sizes.push_back(i == rank - 1 ? tb.dim(weight, 0) : tb.dim(input, i));
    Type elementType = resultType.getElementType();
    Type accumulator = tb.accumulatorType(elementType);
    Value init = tb.emptyWithSizes(resultType.clone(accumulator), sizes);
    // Start the accumulation from the broadcast bias: it saves a pass over
    // the output compared with adding it afterwards.
    if (Value bias = adaptor.getBias())
      init = tb.elementwiseInto(
          init, {bias}, [&](OpBuilder &b, Location loc, ValueRange args) {
            return castScalar(b, loc, args[0], accumulator);
          });
    else
      init = tb.fill(init, tb.scalar(accumulator, 0.0));
    Value product = tb.linear(input, weight, init);
    return finish(rewriter, op, tb, tb.convert(product, elementType));
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    SmallVector<Value> sizes;
    for (auto [i, axis] : llvm::enumerate(op.getPermutation()))
      if (resultType.isDynamicDim(i))
        sizes.push_back(tb.dim(adaptor.getInput(), axis));
    Value init = tb.emptyWithSizes(resultType, sizes);
    rewriter.replaceOp(
        op, rewriter
                .create<linalg::TransposeOp>(op.getLoc(), adaptor.getInput(),
                                             init, op.getPermutation())
                .getResult());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reductions and normalisations
//===----------------------------------------------------------------------===//

template <typename SourceOp>
struct ReduceLowering : OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value input = adaptor.getInput();
    ArrayRef<int64_t> axes = op.getAxes();
    bool keep = op.getKeepdim();
    Value result;
    if constexpr (std::is_same_v<SourceOp, ReduceSumOp>)
      result = tb.reduce(input, axes, keep, 0.0, addScalar);
    else if constexpr (std::is_same_v<SourceOp, ReduceMeanOp>)
      result = meanOf(tb, input, axes, keep);
    else if constexpr (std::is_same_v<SourceOp, ReduceMaxOp>)
      result = tb.reduce(input, axes, keep, -INFINITY, maxScalar);
    else
      result = tb.reduce(input, axes, keep, INFINITY, minScalar);
    Type elementType = tensorTypeOf(op.getResult()).getElementType();
    return finish(rewriter, op, tb, tb.convert(result, elementType));
  }
};

/// softmax and log_softmax compute in the accumulator type.
template <typename SourceOp>
struct NormalizeLowering : OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Type elementType = tensorTypeOf(op.getResult()).getElementType();
    Value x = tb.convert(adaptor.getInput(), tb.accumulatorType(elementType));
    Value result = std::is_same_v<SourceOp, SoftmaxOp>
                       ? softmax(tb, x, op.getAxis())
                       : logSoftmax(tb, x, op.getAxis());
    return finish(rewriter, op, tb, tb.convert(result, elementType));
  }
};

struct ArgmaxLowering : OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    return finish(
        rewriter, op, tb,
        argmaxOf(tb, adaptor.getInput(), op.getAxis(), op.getKeepdim()));
  }
};

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//

struct CrossEntropyLowering : OpConversionPattern<CrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Type elementType = tensorTypeOf(op.getResult()).getElementType();
    Type accumulator = tb.accumulatorType(elementType);
    Value logits = tb.convert(adaptor.getLogits(), accumulator);
    Value labels = adaptor.getLabels();
    Value logProbs = logSoftmax(tb, logits, 1);
    Value picked = pickLabelColumn(tb, logProbs, labels);
    // As PyTorch: rows labelled ignore_index (-100) count neither in the sum
    // nor in the mean. A label outside [0, C) cannot raise an error from
    // compiled code, so it makes the loss NaN instead of a silent 0.
    Value classes = tb.dim(logits, 1);
    auto rowsType = tensorTypeOf(picked);
    Value terms = tb.elementwise(
        rowsType, {picked, labels},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value label = args[1];
          Type labelType = label.getType();
          auto labelConstant = [&](int64_t v) {
            return b
                .create<arith::ConstantOp>(loc, b.getIntegerAttr(labelType, v))
                .getResult();
          };
          Value count = b.create<arith::IndexCastOp>(loc, labelType, classes);
          Value ignored =
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, label,
                                      labelConstant(kIgnoreIndex));
          Value inRange = b.create<arith::AndIOp>(
              loc,
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, label,
                                      labelConstant(0)),
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, label,
                                      count));
          Value nan = floatConstant(b, loc, accumulator, NAN);
          Value zero = floatConstant(b, loc, accumulator, 0.0);
          Value negated = b.create<arith::NegFOp>(loc, args[0]);
          Value counted = b.create<arith::SelectOp>(loc, inRange, negated, nan);
          return b.create<arith::SelectOp>(loc, ignored, zero, counted);
        });
    Value weights = tb.elementwise(
        rowsType, {labels}, [&](OpBuilder &b, Location loc, ValueRange args) {
          Value ignored = b.create<arith::CmpIOp>(
              loc, arith::CmpIPredicate::eq, args[0],
              b.create<arith::ConstantOp>(
                  loc, b.getIntegerAttr(args[0].getType(), kIgnoreIndex)));
          return b.create<arith::SelectOp>(
              loc, ignored, floatConstant(b, loc, accumulator, 0.0),
              floatConstant(b, loc, accumulator, 1.0));
        });
    Value total = sumOfAll(tb, terms), counted = sumOfAll(tb, weights);
    Value loss =
        tb.elementwise(tensorTypeOf(total), {total, counted},
                       [](OpBuilder &b, Location loc, ValueRange args) {
                         return b.create<arith::DivFOp>(loc, args[0], args[1]);
                       });
    return finish(rewriter, op, tb, tb.convert(loss, elementType));
  }
};

struct MseLowering : OpConversionPattern<MseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Type elementType = tensorTypeOf(op.getResult()).getElementType();
    Type accumulator = tb.accumulatorType(elementType);
    Value prediction = tb.convert(adaptor.getPrediction(), accumulator);
    Value target = tb.convert(adaptor.getTarget(), accumulator);
    Value squares =
        tb.elementwise(tensorTypeOf(prediction), {prediction, target},
                       [](OpBuilder &b, Location loc, ValueRange args) {
                         Value diff =
                             b.create<arith::SubFOp>(loc, args[0], args[1]);
                         return b.create<arith::MulFOp>(loc, diff, diff);
                       });
    return finish(rewriter, op, tb,
                  tb.convert(meanOfAll(tb, squares), elementType));
  }
};

struct BceWithLogitsLowering : OpConversionPattern<BceWithLogitsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BceWithLogitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Type elementType = tensorTypeOf(op.getResult()).getElementType();
    Type accumulator = tb.accumulatorType(elementType);
    Value z = tb.convert(adaptor.getLogits(), accumulator);
    Value y = tb.convert(adaptor.getTarget(), accumulator);
    // PyTorch's stable form: max(z, 0) - z y + log1p(exp(-|z|)).
    Value terms = tb.elementwise(
        tensorTypeOf(z), {z, y},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value zero = floatConstant(b, loc, accumulator, 0.0);
          Value positive = b.create<arith::MaximumFOp>(loc, args[0], zero);
          Value product = b.create<arith::MulFOp>(loc, args[0], args[1]);
          Value magnitude = b.create<math::AbsFOp>(loc, args[0]);
          Value tail = b.create<math::Log1pOp>(
              loc, b.create<math::ExpOp>(
                       loc, b.create<arith::NegFOp>(loc, magnitude)));
          return b.create<arith::AddFOp>(
              loc, b.create<arith::SubFOp>(loc, positive, product), tail);
        });
    return finish(rewriter, op, tb,
                  tb.convert(meanOfAll(tb, terms), elementType));
  }
};

struct AccuracyLowering : OpConversionPattern<AccuracyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AccuracyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value predicted = argmaxOf(tb, adaptor.getLogits(), 1, /*keepDim=*/false);
    Type elementType = tensorTypeOf(op.getResult()).getElementType();
    Type accumulator = tb.accumulatorType(elementType);
    auto hitsType =
        RankedTensorType::get(tensorTypeOf(predicted).getShape(), accumulator);
    Value hits = tb.elementwise(
        hitsType, {predicted, adaptor.getLabels()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value label = castScalar(b, loc, args[1], args[0].getType());
          Value equal = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                                args[0], label);
          return b.create<arith::UIToFPOp>(loc, accumulator, equal);
        });
    return finish(rewriter, op, tb,
                  tb.convert(meanOfAll(tb, hits), elementType));
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertDlcToLinalgPass
    : dlc::impl::ConvertDlcToLinalgPassBase<ConvertDlcToLinalgPass> {
  using ConvertDlcToLinalgPassBase::ConvertDlcToLinalgPassBase;
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect, func::FuncDialect>();
    target.addIllegalDialect<DlcDialect>();
    // State stays symbolic until the entry points are lowered; fusion
    // groups keep their ops, lowered, until dlc-lower-fusion-groups.
    target.addLegalOp<ParamOp, BufferOp, OptimizerStateOp, LoadOp, StoreOp,
                      FusionGroupOp, YieldOp>();

    RewritePatternSet patterns(context);
    populateDlcToLinalgPatterns(patterns, flattenConvolutionRows);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void dlc::populateDlcToLinalgPatterns(RewritePatternSet &patterns,
                                      bool flattenConvolutionRows) {
  patterns.add<
      BinaryLowering<AddOp>, BinaryLowering<SubOp>, BinaryLowering<MulOp>,
      BinaryLowering<DivOp>, BinaryLowering<MaximumOp>,
      BinaryLowering<MinimumOp>, BinaryLowering<PowOp>, UnaryLowering<NegOp>,
      UnaryLowering<ReluOp>, UnaryLowering<ExpOp>, UnaryLowering<LogOp>,
      UnaryLowering<TanhOp>, UnaryLowering<SigmoidOp>, UnaryLowering<SqrtOp>,
      UnaryLowering<RsqrtOp>, UnaryLowering<AbsOp>, UnaryLowering<ErfOp>,
      UnaryLowering<GeluOp>, CastLowering, ConstantLowering, MatmulLowering,
      LinearLowering, TransposeLowering, ReduceLowering<ReduceSumOp>,
      ReduceLowering<ReduceMeanOp>, ReduceLowering<ReduceMaxOp>,
      ReduceLowering<ReduceMinOp>, NormalizeLowering<SoftmaxOp>,
      NormalizeLowering<LogSoftmaxOp>, ArgmaxLowering, CrossEntropyLowering,
      MseLowering, BceWithLogitsLowering, AccuracyLowering>(
      patterns.getContext());
  populateShapeLoweringPatterns(patterns);
  populateConvolutionLoweringPatterns(patterns, flattenConvolutionRows);
  populatePoolingLoweringPatterns(patterns);
  populateLayerLoweringPatterns(patterns);
}
