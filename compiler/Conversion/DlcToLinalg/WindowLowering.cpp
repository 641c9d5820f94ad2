//===- WindowLowering.cpp - convolution and pooling to linalg -------------===//
//
// Convolution and pooling, forward and backward, as linalg generics over
// affine windows. Groups are an explicit loop: channels are split into
// [groups, channels per group] by tensor.expand_shape, so one form serves
// plain, grouped and depthwise convolutions.
//
// Backward ops use the transposed-window form: the result gradient is
// spread on a zero grid with the forward stride between elements (the
// "dilated" gradient) and offset so that each input position reads its
// windows at h + k. Every map is then affine and every loop a plain range,
// which keeps the kernels vectorisable, and the same grid serves the input
// gradients of conv2d, max_pool2d and avg_pool2d.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

namespace {

/// Kernel, stride, padding and dilation, each [height, width].
struct Geometry {
  int64_t kernel[2], stride[2], padding[2], dilation[2];
};

Geometry geometry(ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                  ArrayRef<int64_t> padding, ArrayRef<int64_t> dilation) {
  Geometry g;
  for (int k = 0; k < 2; ++k) {
    g.kernel[k] = kernel[k];
    g.stride[k] = stride[k];
    g.padding[k] = padding[k];
    g.dilation[k] = dilation.empty() ? 1 : dilation[k];
  }
  return g;
}

constexpr int64_t kNoDilation[2] = {1, 1};

using BodyFn = TensorBuilder::BodyFn;

/// A linalg.generic whose first `numParallel` loops are parallel and the
/// rest reductions; `body` gets the input elements and the accumulator.
Value generic(TensorBuilder &tb, ValueRange inputs, Value init,
              ArrayRef<AffineMap> maps, unsigned numReduction, BodyFn body) {
  unsigned numLoops = maps.front().getNumDims();
  SmallVector<utils::IteratorType> iterators(numLoops - numReduction,
                                             utils::IteratorType::parallel);
  iterators.append(numReduction, utils::IteratorType::reduction);
  auto op = tb.builder().create<linalg::GenericOp>(
      tb.location(), TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
        b.create<linalg::YieldOp>(loc, body(b, loc, args));
      });
  return op.getResult(0);
}

/// The map (d0, ..., dn-1) -> exprs.
AffineMap map(MLIRContext *context, unsigned numDims,
              ArrayRef<AffineExpr> exprs) {
  return AffineMap::get(numDims, 0, exprs, context);
}

/// A fused multiply-add for contraction bodies: reassoc lets LLVM vectorise
/// the reduction, contract lets it use FMA (see TensorBuilder::contraction).
Value multiplyAdd(OpBuilder &b, Location loc, Value x, Value y, Value acc) {
  auto flags = arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
  Value product = b.create<arith::MulFOp>(loc, x, y, flags);
  return b.create<arith::AddFOp>(loc, acc, product, flags);
}

/// A zero-filled (or `fill`-filled) tensor of `shape` whose leading dynamic
/// extent is the batch of `batchSource`.
Value filled(TensorBuilder &tb, ArrayRef<int64_t> shape, Type elementType,
             Value batchSource, double fill) {
  auto type = RankedTensorType::get(shape, elementType);
  SmallVector<Value> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(tb.dim(batchSource, 0));
  return tb.fill(tb.emptyWithSizes(type, sizes), tb.scalar(elementType, fill));
}

/// The spatial extents (dims 2 and 3) of a static-spatial NCHW type.
std::pair<int64_t, int64_t> spatial(Value v) {
  auto type = tensorTypeOf(v);
  return {type.getDimSize(2), type.getDimSize(3)};
}

/// A dummy [kH, kW] operand that gives linalg the window loops' ranges.
Value windowOperand(TensorBuilder &tb, const Geometry &g) {
  return tb.builder().create<tensor::EmptyOp>(
      tb.location(), ArrayRef<int64_t>{g.kernel[0], g.kernel[1]},
      tb.builder().getI1Type());
}

/// The transposed-window grid of `grad [N, C, OH, OW]` for an input of
/// spatial size `inputSize`: a `[N, C, H + (kH - 1) dH, W + (kW - 1) dW]`
/// tensor of `fill` where grad[oh] sits at oh * stride + (k - 1) d - padding.
/// Input position h then meets, at h + k' d, the gradient of the window that
/// covers it with kernel tap k - 1 - k'.
Value transposedWindowGrid(TensorBuilder &tb, Value grad, const Geometry &g,
                           ArrayRef<int64_t> inputSize, double fill) {
  OpBuilder &b = tb.builder();
  Location loc = tb.location();
  auto gradType = tensorTypeOf(grad);
  int64_t gridSize[2], first[2], count[2], offset[2];
  for (int k = 0; k < 2; ++k) {
    int64_t span = (g.kernel[k] - 1) * g.dilation[k];
    int64_t low = span - g.padding[k];
    gridSize[k] = inputSize[k] + span;
    int64_t outExtent = gradType.getDimSize(2 + k);
    // Gradient rows whose grid position falls inside [0, gridSize).
    first[k] = low >= 0 ? 0 : (-low + g.stride[k] - 1) / g.stride[k];
    int64_t last =
        std::min(outExtent - 1, (gridSize[k] - 1 - low) / g.stride[k]);
    count[k] = std::max<int64_t>(0, last - first[k] + 1);
    offset[k] = first[k] * g.stride[k] + low;
  }
  SmallVector<int64_t> shape = {gradType.getDimSize(0), gradType.getDimSize(1),
                                gridSize[0], gridSize[1]};
  Value grid = filled(tb, shape, gradType.getElementType(), grad, fill);
  if (count[0] == 0 || count[1] == 0)
    return grid;
  SmallVector<OpFoldResult> partSizes = tb.sizesOf(grad);
  partSizes[2] = b.getIndexAttr(count[0]);
  partSizes[3] = b.getIndexAttr(count[1]);
  Value part = b.create<tensor::ExtractSliceOp>(
      loc, grad, tb.indices({0, 0, first[0], first[1]}), partSizes,
      tb.indices({1, 1, 1, 1}));
  return b.create<tensor::InsertSliceOp>(
      loc, part, grid, tb.indices({0, 0, offset[0], offset[1]}), partSizes,
      tb.indices({1, 1, g.stride[0], g.stride[1]}));
}

/// A convolution's loops: `inputs` read by `maps` (8 loops, the last 3
/// reductions) and multiplied, summed into `init`.
Value convolution(TensorBuilder &tb, ValueRange inputs, Value init,
                  ArrayRef<AffineMap> maps) {
  return generic(tb, inputs, init, maps, 3,
                 [](OpBuilder &b, Location loc, ValueRange args) {
                   return multiplyAdd(b, loc, args[0], args[1], args[2]);
                 });
}

/// How a grouped convolution splits its channels.
struct Groups {
  int64_t count, outPerGroup, inPerGroup;
};

/// The groups of a convolution of `weight [Cout, Cin / groups, kH, kW]`.
Groups groupsOf(Value weight, uint64_t groups) {
  auto type = tensorTypeOf(weight);
  auto count = static_cast<int64_t>(groups);
  return {count, type.getDimSize(0) / count, type.getDimSize(1)};
}

/// `x [N, C, H, W]` padded with `fill` by the geometry's padding.
Value padSpatial(TensorBuilder &tb, Value x, const Geometry &g, double fill) {
  Type element = tensorTypeOf(x).getElementType();
  return tb.pad(x, {0, 0, g.padding[0], g.padding[1]},
                {0, 0, g.padding[0], g.padding[1]}, tb.scalar(element, fill));
}

/// The weight with its kernel taps reversed: w[.., K - 1 - kh, K - 1 - kw].
Value flipKernel(TensorBuilder &tb, Value weight) {
  MLIRContext *context = tb.builder().getContext();
  auto type = tensorTypeOf(weight);
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> read;
  for (int64_t i = 0; i < rank; ++i)
    read.push_back(getAffineDimExpr(i, context));
  for (int64_t i = rank - 2; i < rank; ++i)
    read[i] = getAffineConstantExpr(type.getDimSize(i) - 1, context) - read[i];
  Value init = tb.emptyWithSizes(type, {});
  return generic(
      tb, {weight}, init,
      {map(context, rank, read), tb.builder().getMultiDimIdentityMap(rank)}, 0,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g = geometry(tensorTypeOf(op.getWeight()).getShape().drop_front(2),
                          op.getStride(), op.getPadding(), op.getDilation());
    auto [groups, coutPerGroup, cinPerGroup] =
        groupsOf(op.getWeight(), op.getGroups());

    Value x = padSpatial(tb, tb.convert(adaptor.getInput(), acc), g, 0.0);
    x = tb.splitDim(x, 1, {groups, cinPerGroup});
    Value w = tb.splitDim(tb.convert(adaptor.getWeight(), acc), 0,
                          {groups, coutPerGroup});
    SmallVector<int64_t> outShape = {resultType.getDimSize(0), groups,
                                     coutPerGroup, resultType.getDimSize(2),
                                     resultType.getDimSize(3)};
    Value init = filled(tb, outShape, acc, adaptor.getInput(), 0.0);
    // Loops: n g co oh ow | ci kh kw.
    AffineExpr n, gr, co, oh, ow, ci, kh, kw;
    bindDims(context, n, gr, co, oh, ow, ci, kh, kw);
    if (Value bias = adaptor.getBias()) {
      Value b = tb.splitDim(tb.convert(bias, acc), 0, {groups, coutPerGroup});
      init = generic(
          tb, {b}, init,
          {map(context, 5, {gr, co}), rewriter.getMultiDimIdentityMap(5)}, 0,
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    AffineExpr h = oh * g.stride[0] + kh * g.dilation[0];
    AffineExpr wi = ow * g.stride[1] + kw * g.dilation[1];
    Value out = convolution(tb, {x, w}, init,
                            {map(context, 8, {n, gr, ci, h, wi}),
                             map(context, 8, {gr, co, ci, kh, kw}),
                             map(context, 8, {n, gr, co, oh, ow})});
    return finish(rewriter, op, tb, tb.convert(tb.mergeDims(out, 1), element));
  }
};

struct Conv2dInputGradLowering : OpConversionPattern<Conv2dInputGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2dInputGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    auto weightType = tensorTypeOf(op.getWeight());
    Geometry g = geometry(weightType.getShape().drop_front(2), op.getStride(),
                          op.getPadding(), op.getDilation());
    auto [groups, coutPerGroup, cinPerGroup] =
        groupsOf(op.getWeight(), op.getGroups());

    Value grid = transposedWindowGrid(tb, tb.convert(adaptor.getGrad(), acc), g,
                                      op.getInputSize(), 0.0);
    grid = tb.splitDim(grid, 1, {groups, coutPerGroup});
    Value w = tb.splitDim(flipKernel(tb, tb.convert(adaptor.getWeight(), acc)),
                          0, {groups, coutPerGroup});
    SmallVector<int64_t> outShape = {resultType.getDimSize(0), groups,
                                     cinPerGroup, resultType.getDimSize(2),
                                     resultType.getDimSize(3)};
    Value init = filled(tb, outShape, acc, adaptor.getGrad(), 0.0);
    // Loops: n g ci h w | co kh kw, with the kernel already flipped.
    AffineExpr n, gr, ci, h, wi, co, kh, kw;
    bindDims(context, n, gr, ci, h, wi, co, kh, kw);
    Value out = convolution(
        tb, {grid, w}, init,
        {map(context, 8,
             {n, gr, co, h + kh * g.dilation[0], wi + kw * g.dilation[1]}),
         map(context, 8, {gr, co, ci, kh, kw}),
         map(context, 8, {n, gr, ci, h, wi})});
    return finish(rewriter, op, tb, tb.convert(tb.mergeDims(out, 1), element));
  }
};

struct Conv2dWeightGradLowering : OpConversionPattern<Conv2dWeightGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2dWeightGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g = geometry(op.getKernel(), op.getStride(), op.getPadding(),
                          op.getDilation());
    // The weight's gradient has the weight's shape.
    auto [groups, coutPerGroup, cinPerGroup] =
        groupsOf(op.getResult(), op.getGroups());

    Value x = padSpatial(tb, tb.convert(adaptor.getInput(), acc), g, 0.0);
    x = tb.splitDim(x, 1, {groups, cinPerGroup});
    Value dy = tb.splitDim(tb.convert(adaptor.getGrad(), acc), 1,
                           {groups, coutPerGroup});
    SmallVector<int64_t> outShape = {groups, coutPerGroup, cinPerGroup,
                                     g.kernel[0], g.kernel[1]};
    Value init =
        tb.fill(tb.emptyWithSizes(RankedTensorType::get(outShape, acc), {}),
                tb.scalar(acc, 0.0));
    // Loops: g co ci kh kw | n oh ow.
    AffineExpr gr, co, ci, kh, kw, n, oh, ow;
    bindDims(context, gr, co, ci, kh, kw, n, oh, ow);
    Value out =
        convolution(tb, {dy, x}, init,
                    {map(context, 8, {n, gr, co, oh, ow}),
                     map(context, 8,
                         {n, gr, ci, oh * g.stride[0] + kh * g.dilation[0],
                          ow * g.stride[1] + kw * g.dilation[1]}),
                     map(context, 8, {gr, co, ci, kh, kw})});
    return finish(rewriter, op, tb, tb.convert(tb.mergeDims(out, 0), element));
  }
};

struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    Value x = padSpatial(tb, adaptor.getInput(), g, -INFINITY);
    Value init = filled(tb, resultType.getShape(), resultType.getElementType(),
                        adaptor.getInput(), -INFINITY);
    // Loops: n c oh ow | kh kw. maximumf propagates NaN, as PyTorch does.
    AffineExpr n, c, oh, ow, kh, kw;
    bindDims(context, n, c, oh, ow, kh, kw);
    Value out = generic(
        tb, {x, windowOperand(tb, g)}, init,
        {map(context, 6, {n, c, oh * g.stride[0] + kh, ow * g.stride[1] + kw}),
         map(context, 6, {kh, kw}), map(context, 6, {n, c, oh, ow})},
        2, [](OpBuilder &b, Location loc, ValueRange args) {
          return b.create<arith::MaximumFOp>(loc, args[0], args[2]);
        });
    return finish(rewriter, op, tb, out);
  }
};

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    Value x = padSpatial(tb, tb.convert(adaptor.getInput(), acc), g, 0.0);
    Value init =
        filled(tb, resultType.getShape(), acc, adaptor.getInput(), 0.0);
    double scale = 1.0 / static_cast<double>(g.kernel[0] * g.kernel[1]);
    AffineExpr n, c, oh, ow, kh, kw;
    bindDims(context, n, c, oh, ow, kh, kw);
    Value sum = generic(
        tb, {x, windowOperand(tb, g)}, init,
        {map(context, 6, {n, c, oh * g.stride[0] + kh, ow * g.stride[1] + kw}),
         map(context, 6, {kh, kw}), map(context, 6, {n, c, oh, ow})},
        2, [](OpBuilder &b, Location loc, ValueRange args) {
          return b.create<arith::AddFOp>(loc, args[2], args[0], kReduction);
        });
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
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    auto [height, width] = spatial(op.getResult());
    Value grid = transposedWindowGrid(tb, tb.convert(adaptor.getGrad(), acc), g,
                                      {height, width}, 0.0);
    Value init = filled(tb, resultType.getShape(), acc, adaptor.getGrad(), 0.0);
    double scale = 1.0 / static_cast<double>(g.kernel[0] * g.kernel[1]);
    // Loops: n c h w | kh kw.
    AffineExpr n, c, h, w, kh, kw;
    bindDims(context, n, c, h, w, kh, kw);
    Value out = generic(
        tb, {grid, windowOperand(tb, g)}, init,
        {map(context, 6, {n, c, h + kh, w + kw}), map(context, 6, {kh, kw}),
         map(context, 6, {n, c, h, w})},
        2, [&](OpBuilder &b, Location loc, ValueRange args) {
          Value share = b.create<arith::MulFOp>(
              loc, args[0], floatConstant(b, loc, acc, scale));
          return b.create<arith::AddFOp>(loc, args[2], share, kReduction);
        });
    return finish(rewriter, op, tb, tb.convert(out, element));
  }
};

/// Per window of `x [N, C, H, W]`, the flat index h * W + w of its first
/// maximum (NaN counts as the maximum), as i64 `[N, C, OH, OW]`.
Value windowArgmax(TensorBuilder &tb, Value x, const Geometry &g,
                   ArrayRef<int64_t> outShape) {
  OpBuilder &b = tb.builder();
  Location loc = tb.location();
  MLIRContext *context = b.getContext();
  Type element = tensorTypeOf(x).getElementType();
  auto [height, width] = spatial(x);
  Value padded = padSpatial(tb, x, g, 0.0);
  Value best = filled(tb, outShape, element, x, -INFINITY);
  Value index = filled(tb, outShape, b.getI64Type(), x, -1.0);
  AffineExpr n, c, oh, ow, kh, kw;
  bindDims(context, n, c, oh, ow, kh, kw);
  AffineMap out = map(context, 6, {n, c, oh, ow});
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  auto op = b.create<linalg::GenericOp>(
      loc, TypeRange{best.getType(), index.getType()},
      ValueRange{padded, windowOperand(tb, g)}, ValueRange{best, index},
      ArrayRef<AffineMap>{
          map(context, 6, {n, c, oh * g.stride[0] + kh, ow * g.stride[1] + kw}),
          map(context, 6, {kh, kw}), out, out},
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        auto idx = [&](unsigned loop) {
          return nb.create<arith::IndexCastOp>(
              nloc, nb.getI64Type(), nb.create<linalg::IndexOp>(nloc, loop));
        };
        auto i64 = [&](int64_t v) {
          return nb.create<arith::ConstantOp>(nloc, nb.getI64IntegerAttr(v));
        };
        // The tap's position in the unpadded input.
        Value h = nb.create<arith::AddIOp>(
            nloc, nb.create<arith::MulIOp>(nloc, idx(2), i64(g.stride[0])),
            nb.create<arith::SubIOp>(nloc, idx(4), i64(g.padding[0])));
        Value w = nb.create<arith::AddIOp>(
            nloc, nb.create<arith::MulIOp>(nloc, idx(3), i64(g.stride[1])),
            nb.create<arith::SubIOp>(nloc, idx(5), i64(g.padding[1])));
        auto inRange = [&](Value v, int64_t extent) {
          return nb.create<arith::AndIOp>(
              nloc,
              nb.create<arith::CmpIOp>(nloc, arith::CmpIPredicate::sge, v,
                                       i64(0)),
              nb.create<arith::CmpIOp>(nloc, arith::CmpIPredicate::slt, v,
                                       i64(extent)));
        };
        Value inside = nb.create<arith::AndIOp>(nloc, inRange(h, height),
                                                inRange(w, width));
        Value value = args[0], bestValue = args[2], bestIndex = args[3];
        Value none = nb.create<arith::CmpIOp>(nloc, arith::CmpIPredicate::eq,
                                              bestIndex, i64(-1));
        Value greater = nb.create<arith::CmpFOp>(
            nloc, arith::CmpFPredicate::OGT, value, bestValue);
        Value nanBeatsNumber = nb.create<arith::AndIOp>(
            nloc,
            nb.create<arith::CmpFOp>(nloc, arith::CmpFPredicate::UNO, value,
                                     value),
            nb.create<arith::CmpFOp>(nloc, arith::CmpFPredicate::ORD, bestValue,
                                     bestValue));
        Value better = nb.create<arith::OrIOp>(
            nloc, none, nb.create<arith::OrIOp>(nloc, greater, nanBeatsNumber));
        Value take = nb.create<arith::AndIOp>(nloc, inside, better);
        Value flat = nb.create<arith::AddIOp>(
            nloc, nb.create<arith::MulIOp>(nloc, h, i64(width)), w);
        nb.create<linalg::YieldOp>(
            nloc, ValueRange{
                      nb.create<arith::SelectOp>(nloc, take, value, bestValue),
                      nb.create<arith::SelectOp>(nloc, take, flat, bestIndex)});
      });
  return op.getResult(1);
}

struct MaxPool2dGradLowering : OpConversionPattern<MaxPool2dGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2dGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    MLIRContext *context = rewriter.getContext();
    auto resultType = tensorTypeOf(op.getResult());
    Type element = resultType.getElementType();
    Type acc = tb.accumulatorType(element);
    Geometry g =
        geometry(op.getKernel(), op.getStride(), op.getPadding(), kNoDilation);
    auto [height, width] = spatial(op.getInput());
    Value index = windowArgmax(tb, adaptor.getInput(), g,
                               tensorTypeOf(op.getGrad()).getShape());
    Value gradGrid = transposedWindowGrid(
        tb, tb.convert(adaptor.getGrad(), acc), g, {height, width}, 0.0);
    Value indexGrid = transposedWindowGrid(tb, index, g, {height, width}, -1.0);
    Value init =
        filled(tb, resultType.getShape(), acc, adaptor.getInput(), 0.0);
    // Loops: n c h w | kh kw; a window's gradient lands where its index
    // names this position.
    AffineExpr n, c, h, w, kh, kw;
    bindDims(context, n, c, h, w, kh, kw);
    AffineMap tap = map(context, 6, {n, c, h + kh, w + kw});
    Value out = generic(
        tb, {gradGrid, indexGrid, windowOperand(tb, g)}, init,
        {tap, tap, map(context, 6, {kh, kw}), map(context, 6, {n, c, h, w})}, 2,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          auto idx = [&](unsigned loop) {
            return b.create<arith::IndexCastOp>(
                loc, b.getI64Type(), b.create<linalg::IndexOp>(loc, loop));
          };
          Value here = b.create<arith::AddIOp>(
              loc,
              b.create<arith::MulIOp>(
                  loc, idx(2),
                  b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(width))),
              idx(3));
          Value hit = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                              args[1], here);
          Value share = b.create<arith::SelectOp>(
              loc, hit, args[0], floatConstant(b, loc, acc, 0.0));
          return b.create<arith::AddFOp>(loc, args[3], share, kReduction);
        });
    return finish(rewriter, op, tb, tb.convert(out, element));
  }
};

} // namespace

void dlc::populateWindowLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering, Conv2dInputGradLowering,
               Conv2dWeightGradLowering, MaxPool2dLowering, AvgPool2dLowering,
               AvgPool2dGradLowering, MaxPool2dGradLowering>(
      patterns.getContext());
}
