//===- LoweringUtils.cpp - pieces shared by the dlc-to-linalg patterns ---===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

namespace dlc {

LogicalResult finish(ConversionPatternRewriter &rewriter, Operation *op,
                     const TensorBuilder &tb, Value result) {
  if (tb.failed())
    return rewriter.notifyMatchFailure(op, "a dynamic size has no source");
  rewriter.replaceOp(op, result);
  return success();
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
}

Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  return b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(value));
}

Value loopIndex(OpBuilder &b, Location loc, unsigned loop) {
  return b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                      b.create<linalg::IndexOp>(loc, loop));
}

Value castScalar(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (to.isInteger(1)) {
    if (fromFloat)
      return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                     floatConstant(b, loc, from, 0));
    Value zero = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(from, 0));
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x, zero);
  }
  unsigned fromBits = from.getIntOrFloatBitWidth();
  unsigned toBits = to.getIntOrFloatBitWidth();
  if (fromFloat && toFloat) {
    // f16 <-> bf16 have equal widths, and f64 -> f16 has no single
    // instruction on x86: both go through f32.
    if (fromBits == toBits || (fromBits == 64 && toBits == 16))
      return castScalar(b, loc, castScalar(b, loc, x, b.getF32Type()), to);
    if (fromBits < toBits)
      return b.create<arith::ExtFOp>(loc, to, x);
    return b.create<arith::TruncFOp>(loc, to, x);
  }
  if (!fromFloat && toFloat) {
    if (from.isInteger(1))
      return b.create<arith::UIToFPOp>(loc, to, x);
    return b.create<arith::SIToFPOp>(loc, to, x);
  }
  if (fromFloat)
    return b.create<arith::FPToSIOp>(loc, to, x);
  if (fromBits < toBits) {
    if (from.isInteger(1))
      return b.create<arith::ExtUIOp>(loc, to, x);
    return b.create<arith::ExtSIOp>(loc, to, x);
  }
  return b.create<arith::TruncIOp>(loc, to, x);
}

Value addScalar(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::AddFOp>(loc, args[0], args[1], kReduction);
}
Value maxScalar(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::MaximumFOp>(loc, args[0], args[1], kReduction);
}
Value minScalar(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::MinimumFOp>(loc, args[0], args[1], kReduction);
}

Value meanOf(TensorBuilder &tb, Value input, ArrayRef<int64_t> axes,
             bool keepDim) {
  Value sum = tb.reduce(input, axes, keepDim, 0.0, addScalar);
  Value count =
      tb.extentProduct(input, axes, tensorTypeOf(sum).getElementType());
  return tb.elementwise(tensorTypeOf(sum), {sum},
                        [&](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::DivFOp>(loc, args[0], count);
                        });
}

Value shiftedByMax(TensorBuilder &tb, Value x, int64_t axis) {
  Value max = tb.reduce(x, {axis}, /*keepDim=*/true, -INFINITY, maxScalar);
  return tb.elementwise(tensorTypeOf(x), {x, max},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::SubFOp>(loc, args[0], args[1]);
                        });
}

Value expOf(TensorBuilder &tb, Value x) {
  return tb.elementwise(tensorTypeOf(x), {x},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<math::ExpOp>(loc, args[0]);
                        });
}

Value logSoftmax(TensorBuilder &tb, Value x, int64_t axis) {
  Value shifted = shiftedByMax(tb, x, axis);
  Value sum =
      tb.reduce(expOf(tb, shifted), {axis}, /*keepDim=*/true, 0.0, addScalar);
  // One logarithm per row, not one per element of it.
  Value logSum =
      tb.elementwise(tensorTypeOf(sum), {sum},
                     [](OpBuilder &b, Location loc, ValueRange args) {
                       return b.create<math::LogOp>(loc, args[0]);
                     });
  return tb.elementwise(tensorTypeOf(x), {shifted, logSum},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::SubFOp>(loc, args[0], args[1]);
                        });
}

Value softmax(TensorBuilder &tb, Value x, int64_t axis) {
  Value exps = expOf(tb, shiftedByMax(tb, x, axis));
  Value sum = tb.reduce(exps, {axis}, /*keepDim=*/true, 0.0, addScalar);
  return tb.elementwise(tensorTypeOf(x), {exps, sum},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          return b.create<arith::DivFOp>(loc, args[0], args[1]);
                        });
}

Value argmaxOf(TensorBuilder &tb, Value input, int64_t axis, bool keepDim) {
  OpBuilder &b = tb.builder();
  Location loc = tb.location();
  MLIRContext *context = b.getContext();
  auto inputType = tensorTypeOf(input);
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
      sizes.push_back(tb.dim(input, i));
  }
  Type elementType = inputType.getElementType();
  auto valueType = RankedTensorType::get(shape, elementType);
  auto indexType = RankedTensorType::get(shape, b.getI64Type());
  Value values = tb.fill(tb.emptyWithSizes(valueType, sizes),
                         tb.scalar(elementType, -INFINITY));
  Value indices = tb.fill(tb.emptyWithSizes(indexType, sizes),
                          tb.scalar(b.getI64Type(), 0));
  AffineMap resultMap = AffineMap::get(rank, 0, exprs, context);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{valueType, indexType}, ValueRange{input},
      ValueRange{values, indices},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank), resultMap, resultMap},
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value x = args[0], best = args[1];
        Value index = nb.create<arith::IndexCastOp>(
            nloc, nb.getI64Type(), nb.create<linalg::IndexOp>(nloc, axis));
        // Strictly greater keeps the first maximum; the first NaN beats
        // every number and is never replaced.
        Value greater =
            nb.create<arith::CmpFOp>(nloc, arith::CmpFPredicate::OGT, x, best);
        Value xIsNan =
            nb.create<arith::CmpFOp>(nloc, arith::CmpFPredicate::UNO, x, x);
        Value bestIsNumber = nb.create<arith::CmpFOp>(
            nloc, arith::CmpFPredicate::ORD, best, best);
        Value take = nb.create<arith::OrIOp>(
            nloc, greater,
            nb.create<arith::AndIOp>(nloc, xIsNan, bestIsNumber));
        Value value = nb.create<arith::SelectOp>(nloc, take, x, best);
        Value chosen = nb.create<arith::SelectOp>(nloc, take, index, args[2]);
        nb.create<linalg::YieldOp>(nloc, ValueRange{value, chosen});
      });
  return generic.getResult(1);
}

Value pickLabelColumn(TensorBuilder &tb, Value rows, Value labels) {
  OpBuilder &b = tb.builder();
  Location loc = tb.location();
  MLIRContext *context = b.getContext();
  auto rowsType = tensorTypeOf(rows);
  Type elementType = rowsType.getElementType();
  auto resultType =
      RankedTensorType::get({rowsType.getDimSize(0)}, elementType);
  SmallVector<Value> sizes;
  if (resultType.isDynamicDim(0))
    sizes.push_back(tb.dim(rows, 0));
  Value init = tb.fill(tb.emptyWithSizes(resultType, sizes),
                       tb.scalar(elementType, 0.0));
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
        Value zero = floatConstant(nb, nloc, args[0].getType(), 0.0);
        Value picked = nb.create<arith::SelectOp>(nloc, hit, args[0], zero);
        nb.create<linalg::YieldOp>(
            nloc, nb.create<arith::AddFOp>(nloc, args[2], picked).getResult());
      });
  return generic.getResult(0);
}

Value meanOfAll(TensorBuilder &tb, Value x) {
  SmallVector<int64_t> axes;
  for (int64_t i = 0; i < tensorTypeOf(x).getRank(); ++i)
    axes.push_back(i);
  return meanOf(tb, x, axes, /*keepDim=*/false);
}

Value sumOfAll(TensorBuilder &tb, Value x) {
  SmallVector<int64_t> axes;
  for (int64_t i = 0; i < tensorTypeOf(x).getRank(); ++i)
    axes.push_back(i);
  return tb.reduce(x, axes, /*keepDim=*/false, 0.0, addScalar);
}

} // namespace dlc
