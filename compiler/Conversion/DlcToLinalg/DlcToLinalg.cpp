//===- DlcToLinalg.cpp - lower dlc compute ops to linalg on tensors -------===//
//
// Every dlc compute op becomes linalg generics (or tensor ops) over tensors;
// composite ops (softmax, cross_entropy, ...) are expanded here into the
// numerically stable forms PyTorch uses. State reads (`dlc.load`) stay: the
// entry-point lowering turns them into views of the state arena.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/TensorBuilder.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
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

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

bool isFloat(Type t) { return isa<FloatType>(getElementTypeOrSelf(t)); }

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Scalar body of a broadcasting binary op, float or integer.
template <typename SourceOp>
Value binaryScalar(OpBuilder &b, Location loc, Value x, Value y);

#define DLC_BINARY(OP, FLOAT_OP, INT_OP)                                       \
  template <>                                                                  \
  Value binaryScalar<OP>(OpBuilder & b, Location loc, Value x, Value y) {      \
    if (isa<FloatType>(x.getType()))                                           \
      return b.create<FLOAT_OP>(loc, x, y);                                    \
    return b.create<INT_OP>(loc, x, y);                                        \
  }
DLC_BINARY(AddOp, arith::AddFOp, arith::AddIOp)
DLC_BINARY(SubOp, arith::SubFOp, arith::SubIOp)
DLC_BINARY(MulOp, arith::MulFOp, arith::MulIOp)
DLC_BINARY(DivOp, arith::DivFOp, arith::DivSIOp)
DLC_BINARY(MaximumOp, arith::MaximumFOp, arith::MaxSIOp)
DLC_BINARY(MinimumOp, arith::MinimumFOp, arith::MinSIOp)
#undef DLC_BINARY

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
    if (std::is_same_v<SourceOp, PowOp> && !isFloat(op.getType()))
      return rewriter.notifyMatchFailure(op, "integer pow is not lowered");
    TensorBuilder tb(rewriter, op.getLoc());
    Value result = tb.elementwise(
        tensorType(op.getResult()), {adaptor.getLhs(), adaptor.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) {
          return binaryScalar<SourceOp>(b, loc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Scalar bodies of the unary ops.
Value reluScalar(OpBuilder &b, Location loc, Value x) {
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(x.getType(), 0));
  return b.create<arith::MaximumFOp>(loc, x, zero);
}

Value sigmoidScalar(OpBuilder &b, Location loc, Value x) {
  Value one = b.create<arith::ConstantOp>(loc, b.getFloatAttr(x.getType(), 1));
  Value negated = b.create<arith::NegFOp>(loc, x);
  Value denominator =
      b.create<arith::AddFOp>(loc, one, b.create<math::ExpOp>(loc, negated));
  return b.create<arith::DivFOp>(loc, one, denominator);
}

Value geluScalar(OpBuilder &b, Location loc, Value x, bool tanhForm) {
  Type t = x.getType();
  auto constant = [&](double v) {
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(t, v)).getResult();
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
        tb.elementwise(tensorType(op.getResult()), {adaptor.getInput()},
                       [&](OpBuilder &b, Location loc, ValueRange args) {
                         return unaryScalar<SourceOp>(b, loc, op, args[0]);
                       });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct CastLowering : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = tensorType(op.getResult());
    Type to = resultType.getElementType();
    Type from = tensorType(op.getInput()).getElementType();
    TensorBuilder tb(rewriter, op.getLoc());
    Value result = tb.elementwise(
        resultType, {adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value x = args[0];
          if (from == to)
            return x;
          bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
          if (fromFloat && toFloat)
            return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
                       ? b.create<arith::ExtFOp>(loc, to, x).getResult()
                       : b.create<arith::TruncFOp>(loc, to, x).getResult();
          if (!fromFloat && toFloat)
            return from.isInteger(1)
                       ? b.create<arith::UIToFPOp>(loc, to, x).getResult()
                       : b.create<arith::SIToFPOp>(loc, to, x).getResult();
          if (fromFloat && !toFloat)
            return b.create<arith::FPToSIOp>(loc, to, x);
          return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
                     ? b.create<arith::ExtSIOp>(loc, to, x).getResult()
                     : b.create<arith::TruncIOp>(loc, to, x).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
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
    auto resultType = tensorType(op.getResult());
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    // The result's dynamic sizes: N from rhs, M from lhs, and each batch dim
    // from whichever operand is dynamic there (both are right-aligned).
    SmallVector<Value> sizes;
    int64_t rank = resultType.getRank();
    for (int64_t i = 0; i < rank; ++i) {
      if (!resultType.isDynamicDim(i))
        continue;
      Value source = i == rank - 1 ? rhs : lhs;
      int64_t j = i - (rank - tensorType(source).getRank());
      if (i < rank - 2 && (j < 0 || !tensorType(source).isDynamicDim(j))) {
        source = rhs;
        j = i - (rank - tensorType(rhs).getRank());
      }
      sizes.push_back(rewriter.create<tensor::DimOp>(op.getLoc(), source, j));
    }
    Type elementType = resultType.getElementType();
    Value init = rewriter.create<tensor::EmptyOp>(
        op.getLoc(), resultType.getShape(), elementType, sizes);
    init = rewriter
               .create<linalg::FillOp>(op.getLoc(), tb.scalar(elementType, 0.0),
                                       init)
               .getResult(0);
    rewriter.replaceOp(op, tb.contract(lhs, rhs, init, /*transposeRhs=*/false));
    return success();
  }
};

struct LinearLowering : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorType(op.getResult());
    Value input = adaptor.getInput(), weight = adaptor.getWeight();
    if (resultType.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "rank-1 linear is not lowered");
    // Start the accumulation from the broadcast bias: saves a pass over the
    // output compared with adding it afterwards.
    Value init;
    if (Value bias = adaptor.getBias())
      init = tb.elementwise(
          resultType, {bias},
          [](OpBuilder &, Location, ValueRange args) { return args[0]; },
          /*sizeSources=*/{input});
    else
      init = tb.filled(resultType, {input},
                       tb.scalar(resultType.getElementType(), 0.0));
    rewriter.replaceOp(op, tb.contract(input, weight, init,
                                       /*transposeRhs=*/true));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = tensorType(op.getResult());
    SmallVector<Value> sizes;
    for (auto [i, axis] : llvm::enumerate(op.getPermutation()))
      if (resultType.isDynamicDim(i))
        sizes.push_back(rewriter.create<tensor::DimOp>(
            op.getLoc(), adaptor.getInput(), axis));
    Value init = rewriter.create<tensor::EmptyOp>(
        op.getLoc(), resultType.getShape(), resultType.getElementType(), sizes);
    rewriter.replaceOp(
        op, rewriter
                .create<linalg::TransposeOp>(op.getLoc(), adaptor.getInput(),
                                             init, op.getPermutation())
                .getResult());
    return success();
  }
};

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = tensorType(op.getResult());
    auto inputType = tensorType(op.getInput());
    if (resultType.getNumDynamicDims() > 1)
      return op.emitError("reshape to more than one symbolic dimension is "
                          "not lowered yet");
    // The one dynamic extent is the element count over the static ones.
    SmallVector<Value> extents;
    Value total = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    for (int64_t i = 0; i < inputType.getRank(); ++i)
      total = rewriter.create<arith::MulIOp>(
          loc, total,
          rewriter.create<tensor::DimOp>(loc, adaptor.getInput(), i));
    int64_t staticProduct = 1;
    for (int64_t d : resultType.getShape())
      if (!ShapedType::isDynamic(d))
        staticProduct *= d;
    for (int64_t d : resultType.getShape()) {
      Value extent =
          ShapedType::isDynamic(d)
              ? rewriter
                    .create<arith::DivUIOp>(
                        loc, total,
                        rewriter.create<arith::ConstantIndexOp>(loc,
                                                                staticProduct))
                    .getResult()
              : rewriter.create<arith::ConstantIndexOp>(loc, d).getResult();
      extents.push_back(rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getI64Type(), extent));
    }
    Value shape = rewriter.create<tensor::FromElementsOp>(loc, extents);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType,
                                                   adaptor.getInput(), shape);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reductions and normalisations
//===----------------------------------------------------------------------===//

Value addScalar(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::AddFOp>(loc, args[0], args[1]);
}
Value maxScalar(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::MaximumFOp>(loc, args[0], args[1]);
}
Value minScalar(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::MinimumFOp>(loc, args[0], args[1]);
}

/// sum / count over `axes`, broadcasting the count.
Value meanOf(TensorBuilder &tb, Value input, ArrayRef<int64_t> axes,
             bool keepDim) {
  Value sum = tb.reduce(input, axes, keepDim, 0.0, addScalar);
  Type elementType = tensorType(input).getElementType();
  Value count = tb.extentProduct(input, axes, elementType);
  return tb.elementwise(tensorType(sum), {sum},
                        [&](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::DivFOp>(loc, args[0], count);
                        });
}

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
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// x - max(x, axis), the shift that keeps exp from overflowing.
Value shiftedByMax(TensorBuilder &tb, Value x, int64_t axis) {
  Value max = tb.reduce(x, {axis}, /*keepDim=*/true, -INFINITY, maxScalar);
  return tb.elementwise(tensorType(x), {x, max},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::SubFOp>(loc, args[0], args[1]);
                        });
}

Value logSoftmax(TensorBuilder &tb, Value x, int64_t axis) {
  Value shifted = shiftedByMax(tb, x, axis);
  Value exps = tb.elementwise(tensorType(x), {shifted},
                              [](OpBuilder &b, Location loc, ValueRange args) {
                                return b.create<math::ExpOp>(loc, args[0]);
                              });
  Value sum = tb.reduce(exps, {axis}, /*keepDim=*/true, 0.0, addScalar);
  return tb.elementwise(tensorType(x), {shifted, sum},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::SubFOp>(
                              loc, args[0],
                              b.create<math::LogOp>(loc, args[1]));
                        });
}

struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value x = adaptor.getInput();
    int64_t axis = op.getAxis();
    Value exps =
        tb.elementwise(tensorType(x), {shiftedByMax(tb, x, axis)},
                       [](OpBuilder &b, Location loc, ValueRange args) {
                         return b.create<math::ExpOp>(loc, args[0]);
                       });
    Value sum = tb.reduce(exps, {axis}, /*keepDim=*/true, 0.0, addScalar);
    rewriter.replaceOp(
        op, tb.elementwise(tensorType(x), {exps, sum},
                           [](OpBuilder &b, Location loc, ValueRange args) {
                             return b.create<arith::DivFOp>(loc, args[0],
                                                            args[1]);
                           }));
    return success();
  }
};

struct LogSoftmaxLowering : OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    rewriter.replaceOp(op, logSoftmax(tb, adaptor.getInput(), op.getAxis()));
    return success();
  }
};

/// Index of the first maximum along `axis`, as i64, with `keepDim`.
Value argmaxOf(TensorBuilder &tb, Value input, int64_t axis, bool keepDim) {
  OpBuilder &b = tb.builder();
  Location loc = tb.location();
  MLIRContext *context = b.getContext();
  auto inputType = tensorType(input);
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> shape;
  SmallVector<Value> sizes;
  SmallVector<AffineExpr> exprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    iterators.push_back(i == axis ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
    if (i == axis && !keepDim)
      continue;
    shape.push_back(i == axis ? 1 : inputType.getDimSize(i));
    exprs.push_back(i == axis ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(i, context));
    if (i != axis && inputType.isDynamicDim(i))
      sizes.push_back(b.create<tensor::DimOp>(loc, input, i));
  }
  Type elementType = inputType.getElementType();
  auto valueType = RankedTensorType::get(shape, elementType);
  auto indexType = RankedTensorType::get(shape, b.getI64Type());
  Value values = b.create<linalg::FillOp>(
                      loc, tb.scalar(elementType, -INFINITY),
                      b.create<tensor::EmptyOp>(loc, shape, elementType, sizes)
                          .getResult())
                     .getResult(0);
  Value indices =
      b.create<linalg::FillOp>(
           loc, tb.scalar(b.getI64Type(), 0),
           b.create<tensor::EmptyOp>(loc, shape, b.getI64Type(), sizes)
               .getResult())
          .getResult(0);
  AffineMap resultMap = AffineMap::get(rank, 0, exprs, context);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{valueType, indexType}, ValueRange{input},
      ValueRange{values, indices},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank), resultMap, resultMap},
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value index = nb.create<arith::IndexCastOp>(
            nloc, nb.getI64Type(), nb.create<linalg::IndexOp>(nloc, axis));
        // Strictly greater keeps the first maximum, as torch.argmax does.
        Value greater = nb.create<arith::CmpFOp>(
            nloc, arith::CmpFPredicate::OGT, args[0], args[1]);
        Value value =
            nb.create<arith::SelectOp>(nloc, greater, args[0], args[1]);
        Value chosen =
            nb.create<arith::SelectOp>(nloc, greater, index, args[2]);
        nb.create<linalg::YieldOp>(nloc, ValueRange{value, chosen});
      });
  return generic.getResult(1);
}

struct ArgmaxLowering : OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    rewriter.replaceOp(
        op, argmaxOf(tb, adaptor.getInput(), op.getAxis(), op.getKeepdim()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//

/// Per row n: `select(label[n] == c, row[n, c], 0)` summed over c, i.e. the
/// value at the label's column, as a `[N]` tensor.
Value pickLabelColumn(TensorBuilder &tb, Value rows, Value labels) {
  OpBuilder &b = tb.builder();
  Location loc = tb.location();
  MLIRContext *context = b.getContext();
  auto rowsType = tensorType(rows);
  Type elementType = rowsType.getElementType();
  auto resultType =
      RankedTensorType::get({rowsType.getDimSize(0)}, elementType);
  SmallVector<Value> sizes;
  if (resultType.isDynamicDim(0))
    sizes.push_back(b.create<tensor::DimOp>(loc, rows, 0));
  Value init = b.create<linalg::FillOp>(
                    loc, tb.scalar(elementType, 0.0),
                    b.create<tensor::EmptyOp>(loc, resultType.getShape(),
                                              elementType, sizes)
                        .getResult())
                   .getResult(0);
  AffineExpr n = getAffineDimExpr(0, context), c = getAffineDimExpr(1, context);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, ValueRange{rows, labels}, ValueRange{init},
      ArrayRef<AffineMap>{AffineMap::get(2, 0, {n, c}, context),
                          AffineMap::get(2, 0, {n}, context),
                          AffineMap::get(2, 0, {n}, context)},
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                    utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value column = nb.create<arith::IndexCastOp>(
            nloc, args[1].getType(), nb.create<linalg::IndexOp>(nloc, 1));
        Value hit = nb.create<arith::CmpIOp>(nloc, arith::CmpIPredicate::eq,
                                             args[1], column);
        Value zero = nb.create<arith::ConstantOp>(
            nloc, nb.getFloatAttr(args[0].getType(), 0.0));
        Value picked = nb.create<arith::SelectOp>(nloc, hit, args[0], zero);
        nb.create<linalg::YieldOp>(
            nloc, nb.create<arith::AddFOp>(nloc, args[2], picked).getResult());
      });
  return generic.getResult(0);
}

/// Mean over every element, as a rank-0 tensor.
Value meanOfAll(TensorBuilder &tb, Value x) {
  SmallVector<int64_t> axes;
  for (int64_t i = 0; i < tensorType(x).getRank(); ++i)
    axes.push_back(i);
  return meanOf(tb, x, axes, /*keepDim=*/false);
}

struct CrossEntropyLowering : OpConversionPattern<CrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value logProbs = logSoftmax(tb, adaptor.getLogits(), 1);
    Value picked = pickLabelColumn(tb, logProbs, adaptor.getLabels());
    Value mean = meanOfAll(tb, picked);
    rewriter.replaceOp(
        op, tb.elementwise(tensorType(mean), {mean},
                           [](OpBuilder &b, Location loc, ValueRange args) {
                             return b.create<arith::NegFOp>(loc, args[0]);
                           }));
    return success();
  }
};

struct MseLowering : OpConversionPattern<MseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value squares =
        tb.elementwise(tensorType(adaptor.getPrediction()),
                       {adaptor.getPrediction(), adaptor.getTarget()},
                       [](OpBuilder &b, Location loc, ValueRange args) {
                         Value diff =
                             b.create<arith::SubFOp>(loc, args[0], args[1]);
                         return b.create<arith::MulFOp>(loc, diff, diff);
                       });
    rewriter.replaceOp(op, meanOfAll(tb, squares));
    return success();
  }
};

struct AccuracyLowering : OpConversionPattern<AccuracyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AccuracyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value predicted = argmaxOf(tb, adaptor.getLogits(), 1, /*keepDim=*/false);
    Type elementType = tensorType(op.getResult()).getElementType();
    auto hitsType =
        RankedTensorType::get(tensorType(predicted).getShape(), elementType);
    Value hits = tb.elementwise(
        hitsType, {predicted, adaptor.getLabels()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value label = args[1];
          if (label.getType() != args[0].getType())
            label = b.create<arith::ExtSIOp>(loc, args[0].getType(), label);
          Value equal = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                                args[0], label);
          return b.create<arith::UIToFPOp>(loc, elementType, equal);
        });
    rewriter.replaceOp(op, meanOfAll(tb, hits));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertDlcToLinalgPass
    : dlc::impl::ConvertDlcToLinalgPassBase<ConvertDlcToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect,
                           func::FuncDialect>();
    target.addIllegalDialect<DlcDialect>();
    // State stays symbolic until the entry points are lowered.
    target.addLegalOp<ParamOp, BufferOp, LoadOp>();

    RewritePatternSet patterns(context);
    populateDlcToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void dlc::populateDlcToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<
      BinaryLowering<AddOp>, BinaryLowering<SubOp>, BinaryLowering<MulOp>,
      BinaryLowering<DivOp>, BinaryLowering<MaximumOp>,
      BinaryLowering<MinimumOp>, BinaryLowering<PowOp>, UnaryLowering<NegOp>,
      UnaryLowering<ReluOp>, UnaryLowering<ExpOp>, UnaryLowering<LogOp>,
      UnaryLowering<TanhOp>, UnaryLowering<SigmoidOp>, UnaryLowering<SqrtOp>,
      UnaryLowering<RsqrtOp>, UnaryLowering<AbsOp>, UnaryLowering<ErfOp>,
      UnaryLowering<GeluOp>, CastLowering, ConstantLowering, MatmulLowering,
      LinearLowering, TransposeLowering, ReshapeLowering,
      ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMeanOp>,
      ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceMinOp>, SoftmaxLowering,
      LogSoftmaxLowering, ArgmaxLowering, CrossEntropyLowering, MseLowering,
      AccuracyLowering>(patterns.getContext());
}
