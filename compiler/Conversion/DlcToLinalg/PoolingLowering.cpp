//===- PoolingLowering.cpp - max and average pooling to linalg ------------===//
//
// max_pool2d and avg_pool2d, forward and backward. A window of up to 16
// taps is one all-parallel generic whose operands are a strided slice per
// tap; larger windows keep their taps as reduction loops. The gradients
// read the transposed-window grid (WindowUtils.h); max pooling's finds
// each window's maximum again, as PyTorch's CPU kernel picks it, and
// skips the grid when the windows tile the input (stride = kernel).
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"
#include "compiler/Conversion/DlcToLinalg/WindowUtils.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::window;

namespace {

/// Pooling windows of at most this many taps are unrolled: each tap becomes
/// an operand of one all-parallel generic, whose innermost loop (a row of
/// outputs) LLVM vectorises. With the taps as reduction loops, the innermost
/// loop is two or three taps long and stays scalar: the CNN example's train
/// step spent a third of its time in its 2x2 max-pool windows so.
constexpr int64_t kMaxUnrolledTaps = 16;

/// An accumulator of a window reduction: its element type and start value.
struct Accumulator {
  Type type;
  double init;
};

/// What a window reduction's step sees of one tap: its place in the window
/// (index values, constants when the taps are unrolled) and each source's
/// element there.
struct Tap {
  Value kh, kw;
  ValueRange values;
};

/// One step of a window reduction: the accumulators after `tap`.
using TapStep = function_ref<SmallVector<Value>(
    OpBuilder &, Location, const Tap &, ValueRange accumulators)>;

/// An arith.constant of any scalar type.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return floatConstant(b, loc, type, value);
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

/// For every (n, c, i, j) of `shape`, folds `step` over the window's taps in
/// scan order (kh, then kw), where source s's element at tap (kh, kw) is
/// s[n, c, i * stride[0] + kh, j * stride[1] + kw]. Returns the final
/// accumulators, each a tensor of `shape` whose leading dynamic extent is
/// the batch of `batchSource`. Steps may read linalg.index 2 and 3 (i, j).
SmallVector<Value> reduceWindows(TensorBuilder &tb, ValueRange sources,
                                 ArrayRef<int64_t> shape, Value batchSource,
                                 const Geometry &g, ArrayRef<int64_t> stride,
                                 ArrayRef<Accumulator> accumulators,
                                 TapStep step) {
  OpBuilder &b = tb.builder();
  MLIRContext *context = b.getContext();
  int64_t taps = g.kernel[0] * g.kernel[1];
  bool unrolled = taps <= kMaxUnrolledTaps;
  unsigned loops = unrolled ? 4 : 6;
  AffineExpr n = b.getAffineDimExpr(0), c = b.getAffineDimExpr(1),
             i = b.getAffineDimExpr(2), j = b.getAffineDimExpr(3);
  SmallVector<Value> inputs, inits;
  SmallVector<AffineMap> maps;
  if (unrolled) {
    // Each tap reads a strided slice of the output's shape. (An indexing map
    // (i + 0) instead would be a plain loop, and linalg would take the
    // loop's extent from the larger source.)
    for (int64_t kh = 0; kh < g.kernel[0]; ++kh)
      for (int64_t kw = 0; kw < g.kernel[1]; ++kw)
        for (Value source : sources) {
          SmallVector<OpFoldResult> sizes = tb.sizesOf(source);
          sizes[2] = b.getIndexAttr(shape[2]);
          sizes[3] = b.getIndexAttr(shape[3]);
          inputs.push_back(b.create<tensor::ExtractSliceOp>(
              tb.location(), source, tb.indices({0, 0, kh, kw}), sizes,
              tb.indices({1, 1, stride[0], stride[1]})));
          maps.push_back(b.getMultiDimIdentityMap(4));
        }
  } else {
    AffineExpr kh = b.getAffineDimExpr(4), kw = b.getAffineDimExpr(5);
    for (Value source : sources) {
      inputs.push_back(source);
      maps.push_back(affineMap(context, loops,
                               {n, c, i * stride[0] + kh, j * stride[1] + kw}));
    }
    inputs.push_back(windowOperand(tb, g));
    maps.push_back(affineMap(context, loops, {kh, kw}));
  }
  SmallVector<Type> resultTypes;
  for (const Accumulator &acc : accumulators) {
    // Unrolled, every output element is written once: no fill needed.
    inits.push_back(unrolled
                        ? batchedEmpty(tb, shape, acc.type, batchSource)
                        : filled(tb, shape, acc.type, batchSource, acc.init));
    resultTypes.push_back(inits.back().getType());
    maps.push_back(affineMap(context, loops, {n, c, i, j}));
  }
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  if (!unrolled)
    iterators.append(2, utils::IteratorType::reduction);
  size_t perTap = sources.size();
  auto op = b.create<linalg::GenericOp>(
      tb.location(), resultTypes, inputs, inits, maps, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange args) {
        SmallVector<Value> accs;
        if (unrolled) {
          // Start values are constants, so the first step folds away.
          for (const Accumulator &acc : accumulators)
            accs.push_back(scalarConstant(nb, loc, acc.type, acc.init));
          for (int64_t t = 0; t < taps; ++t) {
            Tap tap{nb.create<arith::ConstantIndexOp>(loc, t / g.kernel[1]),
                    nb.create<arith::ConstantIndexOp>(loc, t % g.kernel[1]),
                    args.slice(t * perTap, perTap)};
            accs = step(nb, loc, tap, accs);
          }
        } else {
          Tap tap{nb.create<linalg::IndexOp>(loc, 4),
                  nb.create<linalg::IndexOp>(loc, 5), args.take_front(perTap)};
          accs = step(nb, loc, tap, args.drop_front(perTap + 1));
        }
        nb.create<linalg::YieldOp>(loc, accs);
      });
  return SmallVector<Value>(op.getResults());
}

struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    Value x = padSpatial(tb, adaptor.getInput(), g, -INFINITY);
    // maximumf propagates NaN, as PyTorch does.
    Value out = reduceWindows(
        tb, {x}, resultType.getShape(), adaptor.getInput(), g, g.stride,
        {{resultType.getElementType(), -INFINITY}},
        [](OpBuilder &b, Location loc, const Tap &tap,
           ValueRange acc) -> SmallVector<Value> {
          return {b.create<arith::MaximumFOp>(loc, acc[0], tap.values[0])};
        })[0];
    return finish(rewriter, op, tb, out);
  }
};

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    Value x = padSpatial(tb, tb.convert(adaptor.getInput(), acc), g, 0.0);
    double scale = 1.0 / static_cast<double>(g.kernel[0] * g.kernel[1]);
    // Sums start from -0.0, the exact identity of addf.
    Value sum = reduceWindows(tb, {x}, resultType.getShape(),
                              adaptor.getInput(), g, g.stride, {{acc, -0.0}},
                              [](OpBuilder &b, Location loc, const Tap &tap,
                                 ValueRange sum) -> SmallVector<Value> {
                                return {b.create<arith::AddFOp>(
                                    loc, sum[0], tap.values[0], kReduction)};
                              })[0];
    Value mean =
        tb.elementwise(tensorTypeOf(sum), {sum},
                       [&](OpBuilder &b, Location loc, ValueRange args) {
                         return b.create<arith::MulFOp>(
                             loc, args[0], floatConstant(b, loc, acc, scale));
                       });
    return finish(rewriter, op, tb, tb.convert(mean, element));
  }
};

struct AvgPool2dGradLowering : OpConversionPattern<AvgPool2dGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2dGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    auto [height, width] = spatial(op.getResult());
    Value grid = transposedWindowGrid(tb, tb.convert(adaptor.getGrad(), acc), g,
                                      {height, width}, 0.0);
    double scale = 1.0 / static_cast<double>(g.kernel[0] * g.kernel[1]);
    // Position (h, w) meets its windows' gradients at grid (h + kh, w + kw).
    Value out = reduceWindows(
        tb, {grid}, resultType.getShape(), adaptor.getGrad(), g, {1, 1},
        {{acc, -0.0}},
        [&](OpBuilder &b, Location loc, const Tap &tap,
            ValueRange sum) -> SmallVector<Value> {
          Value share = b.create<arith::MulFOp>(
              loc, tap.values[0], floatConstant(b, loc, acc, scale));
          return {b.create<arith::AddFOp>(loc, sum[0], share, kReduction)};
        })[0];
    return finish(rewriter, op, tb, tb.convert(out, element));
  }
};

/// Per window of `x [N, C, H, W]`, the flat index h * W + w of its first
/// maximum, or of its last NaN, as PyTorch's CPU kernel picks them
/// (`val > max || isnan(val)` in scan order), as i64 `[N, C, OH, OW]`.
Value windowArgmax(TensorBuilder &tb, Value x, const Geometry &g,
                   ArrayRef<int64_t> outShape) {
  Type element = tensorTypeOf(x).getElementType();
  auto [height, width] = spatial(x);
  bool padded = g.padding[0] != 0 || g.padding[1] != 0;
  Value source = padSpatial(tb, x, g, 0.0);
  auto step = [&](OpBuilder &b, Location loc, const Tap &tap,
                  ValueRange acc) -> SmallVector<Value> {
    auto i64 = [&](int64_t v) { return i64Constant(b, loc, v); };
    auto tapIndex = [&](Value k) {
      return b.create<arith::IndexCastOp>(loc, b.getI64Type(), k);
    };
    // The tap's position in the unpadded input.
    auto position = [&](unsigned loop, Value k, int dim) {
      Value start = b.create<arith::MulIOp>(loc, loopIndex(b, loc, loop),
                                            i64(g.stride[dim]));
      Value offset =
          b.create<arith::SubIOp>(loc, tapIndex(k), i64(g.padding[dim]));
      return b.create<arith::AddIOp>(loc, start, offset);
    };
    Value h = position(2, tap.kh, 0);
    Value w = position(3, tap.kw, 1);
    Value value = tap.values[0], bestValue = acc[0], bestIndex = acc[1];
    // Each value is named before use: the order of ops in the IR then does
    // not depend on the C++ compiler's order of evaluating arguments.
    Value none = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                         bestIndex, i64(-1));
    Value greater = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT,
                                            value, bestValue);
    Value isNaN =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, value, value);
    Value better = b.create<arith::OrIOp>(loc, greater, isNaN);
    Value take = b.create<arith::OrIOp>(loc, none, better);
    if (padded) {
      // A tap on the padding never wins.
      auto inRange = [&](Value v, int64_t extent) -> Value {
        Value low =
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, v, i64(0));
        Value high = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, v,
                                             i64(extent));
        return b.create<arith::AndIOp>(loc, low, high);
      };
      Value rowInside = inRange(h, height);
      Value columnInside = inRange(w, width);
      Value inside = b.create<arith::AndIOp>(loc, rowInside, columnInside);
      take = b.create<arith::AndIOp>(loc, take, inside);
    }
    Value rowStart = b.create<arith::MulIOp>(loc, h, i64(width));
    Value flat = b.create<arith::AddIOp>(loc, rowStart, w);
    return {b.create<arith::SelectOp>(loc, take, value, bestValue),
            b.create<arith::SelectOp>(loc, take, flat, bestIndex)};
  };
  return reduceWindows(tb, {source}, outShape, x, g, g.stride,
                       {{element, -INFINITY}, {tb.builder().getI64Type(), -1}},
                       step)[1];
}

/// Whether the windows of `g` over an input of `height` x `width` cover it
/// exactly once: each input position then belongs to one window, found by
/// dividing its coordinates by the kernel.
bool windowsTileExactly(const Geometry &g, int64_t height, int64_t width) {
  for (int dim = 0; dim < 2; ++dim)
    if (g.padding[dim] != 0 || g.stride[dim] != g.kernel[dim])
      return false;
  return height > 0 && width > 0 && height % g.kernel[0] == 0 &&
         width % g.kernel[1] == 0;
}

/// The max-pool gradient when windows tile the input: each window's
/// gradient goes to the position its index names, zero to the others. The
/// loops run over the result seen as [N, C, OH, kH, OW, kW], so that every
/// operand's index is affine without division and the loop over OW, with
/// kW unrolled inside it, vectorises. (Read at (h / kH, w / kW), the
/// gradient's loads were a gather and the loop stayed scalar.)
Value tiledMaxPoolGrad(TensorBuilder &tb, Value grad, Value index,
                       const Geometry &g, RankedTensorType resultType,
                       Value batchSource) {
  OpBuilder &b = tb.builder();
  int64_t width = resultType.getDimSize(3);
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> windowed = {shape[0],
                                   shape[1],
                                   shape[2] / g.kernel[0],
                                   g.kernel[0],
                                   shape[3] / g.kernel[1],
                                   g.kernel[1]};
  AffineExpr n = b.getAffineDimExpr(0), c = b.getAffineDimExpr(1),
             oh = b.getAffineDimExpr(2), ow = b.getAffineDimExpr(4);
  AffineMap window = affineMap(b.getContext(), 6, {n, c, oh, ow});
  Type acc = tensorTypeOf(grad).getElementType();
  Value init = batchedEmpty(tb, windowed, acc, batchSource);
  Value out = generic(
      tb, {grad, index}, init, {window, window, b.getMultiDimIdentityMap(6)}, 0,
      [&](OpBuilder &nb, Location loc, ValueRange args) -> Value {
        auto i64 = [&](int64_t v) { return i64Constant(nb, loc, v); };
        // here = (oh kH + kh) W + ow kW + kw, the flat index windowArgmax
        // gives.
        Value rowStart = nb.create<arith::MulIOp>(loc, loopIndex(nb, loc, 2),
                                                  i64(g.kernel[0]));
        Value h =
            nb.create<arith::AddIOp>(loc, rowStart, loopIndex(nb, loc, 3));
        Value columnStart = nb.create<arith::MulIOp>(loc, loopIndex(nb, loc, 4),
                                                     i64(g.kernel[1]));
        Value w =
            nb.create<arith::AddIOp>(loc, columnStart, loopIndex(nb, loc, 5));
        Value row = nb.create<arith::MulIOp>(loc, h, i64(width));
        Value here = nb.create<arith::AddIOp>(loc, row, w);
        Value hit = nb.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                             args[1], here);
        return nb.create<arith::SelectOp>(loc, hit, args[0],
                                          floatConstant(nb, loc, acc, 0.0));
      });
  return tb.mergeDims(tb.mergeDims(out, 4), 2);
}

struct MaxPool2dGradLowering : OpConversionPattern<MaxPool2dGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2dGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    auto [height, width] = spatial(op.getInput());
    Value index = windowArgmax(tb, adaptor.getInput(), g,
                               tensorTypeOf(op.getGrad()).getShape());
    if (windowsTileExactly(g, height, width)) {
      RankedTensorType accType = resultType.clone(acc);
      Value out = tiledMaxPoolGrad(tb, tb.convert(adaptor.getGrad(), acc),
                                   index, g, accType, adaptor.getInput());
      return finish(rewriter, op, tb, tb.convert(out, element));
    }
    Value gradGrid = transposedWindowGrid(
        tb, tb.convert(adaptor.getGrad(), acc), g, {height, width}, 0.0);
    Value indexGrid = transposedWindowGrid(tb, index, g, {height, width}, -1.0);
    // Position (h, w) meets its windows at grid (h + kh, w + kw); a window's
    // gradient lands here when its index names this position.
    auto step = [&](OpBuilder &b, Location loc, const Tap &tap,
                    ValueRange sum) -> SmallVector<Value> {
      Value row = b.create<arith::MulIOp>(loc, loopIndex(b, loc, 2),
                                          i64Constant(b, loc, width));
      Value here = b.create<arith::AddIOp>(loc, row, loopIndex(b, loc, 3));
      Value hit = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                          tap.values[1], here);
      Value share = b.create<arith::SelectOp>(loc, hit, tap.values[0],
                                              floatConstant(b, loc, acc, 0.0));
      return {b.create<arith::AddFOp>(loc, sum[0], share, kReduction)};
    };
    Value out =
        reduceWindows(tb, {gradGrid, indexGrid}, resultType.getShape(),
                      adaptor.getInput(), g, {1, 1}, {{acc, -0.0}}, step)[0];
    return finish(rewriter, op, tb, tb.convert(out, element));
  }
};

} // namespace

void dlc::populatePoolingLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, AvgPool2dGradLowering,
               MaxPool2dGradLowering>(patterns.getContext());
}
