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

/// A tensor.empty of `shape` whose leading dynamic extent is the batch of
/// `batchSource`.
Value batchedEmpty(TensorBuilder &tb, ArrayRef<int64_t> shape, Type elementType,
                   Value batchSource) {
  auto type = RankedTensorType::get(shape, elementType);
  SmallVector<Value> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(tb.dim(batchSource, 0));
  return tb.emptyWithSizes(type, sizes);
}

/// batchedEmpty filled with `fill`.
Value filled(TensorBuilder &tb, ArrayRef<int64_t> shape, Type elementType,
             Value batchSource, double fill) {
  return tb.fill(batchedEmpty(tb, shape, elementType, batchSource),
                 tb.scalar(elementType, fill));
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
/// covers it with kernel tap k - 1 - k'. `extraRows` rows of `fill` follow.
Value transposedWindowGrid(TensorBuilder &tb, Value grad, const Geometry &g,
                           ArrayRef<int64_t> inputSize, double fill,
                           int64_t extraRows = 0) {
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
                                gridSize[0] + extraRows, gridSize[1]};
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

/// A convolution's loops: `inputs` read by `maps` (the last `numReduction`
/// loops are reductions) and multiplied, summed into `init`.
Value convolution(TensorBuilder &tb, ValueRange inputs, Value init,
                  ArrayRef<AffineMap> maps, unsigned numReduction = 3) {
  return generic(tb, inputs, init, maps, numReduction,
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

/// Flattened rows. A stride-1 convolution reads input row h + kh d at
/// column w + kw d. In the padded input's flat rows (Wp wide) that element
/// is q + kh d Wp + kw d, for q = h Wp + w. Computed for all Wp columns of
/// each output row, the window becomes a 1-D one over OH * Wp outputs, and
/// its loads are whole vectors. The last Wp - OW columns of each row wrap
/// into the next input row and are dropped; one more row of zeros below
/// the input keeps the last ones in bounds.
///
/// Rows that fill whole 16-lane vectors gain nothing from it. On the CNN
/// example's 14- and 28-wide maps it replaces half vectors with a shifted
/// tail.
constexpr int64_t kRowVectorLanes = 16;

/// Whether a convolution with output rows `outWidth` wide runs over
/// flattened rows.
bool flattensRows(const Geometry &g, int64_t outWidth, bool enabled) {
  return enabled && g.stride[0] == 1 && g.stride[1] == 1 &&
         outWidth % kRowVectorLanes != 0;
}

/// `x [N, C, H, W]` padded by the geometry's padding, plus one row of zeros
/// at the bottom, split into groups, its planes flattened:
/// `[N, groups, C / groups, (H + 2 ph + 1) * (W + 2 pw)]`.
Value flatPaddedPlanes(TensorBuilder &tb, Value x, const Geometry &g,
                       int64_t groups, int64_t perGroup) {
  Type element = tensorTypeOf(x).getElementType();
  Value padded =
      tb.pad(x, {0, 0, g.padding[0], g.padding[1]},
             {0, 0, g.padding[0] + 1, g.padding[1]}, tb.scalar(element, 0.0));
  return tb.mergeDims(tb.splitDim(padded, 1, {groups, perGroup}), 3);
}

/// Flat output rows `[N, G, C, OH * rowLength]` as `[N, G * C, OH, OW]`:
/// the first OW columns of each row.
Value rowsOfFlat(TensorBuilder &tb, Value flat, int64_t outHeight,
                 int64_t rowLength, int64_t outWidth) {
  Value rows = tb.splitDim(tb.mergeDims(flat, 1), 2, {outHeight, rowLength});
  SmallVector<OpFoldResult> sizes = tb.sizesOf(rows);
  sizes[3] = tb.builder().getIndexAttr(outWidth);
  return tb.builder().create<tensor::ExtractSliceOp>(
      tb.location(), rows, tb.indices({0, 0, 0, 0}), sizes,
      tb.indices({1, 1, 1, 1}));
}

/// The flat index of window tap (kh, kw) relative to its output's, in rows
/// `rowLength` wide.
AffineExpr flatTap(AffineExpr kh, AffineExpr kw, const Geometry &g,
                   int64_t rowLength) {
  return kh * (g.dilation[0] * rowLength) + kw * g.dilation[1];
}

/// A convolution pattern, told whether to flatten rows (not for the GPU,
/// whose schedules tile images in two dimensions).
template <typename Op> struct ConvolutionPattern : OpConversionPattern<Op> {
  ConvolutionPattern(MLIRContext *context, bool flattenRows)
      : OpConversionPattern<Op>(context), flattenRows(flattenRows) {}
  bool flattenRows;
};

struct Conv2dLowering : ConvolutionPattern<Conv2dOp> {
  using ConvolutionPattern::ConvolutionPattern;
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
    int64_t outHeight = resultType.getDimSize(2);
    int64_t outWidth = resultType.getDimSize(3);
    bool flat = flattensRows(g, outWidth, flattenRows);

    Value input = tb.convert(adaptor.getInput(), acc);
    Value x = flat ? flatPaddedPlanes(tb, input, g, groups, cinPerGroup)
                   : tb.splitDim(padSpatial(tb, input, g, 0.0), 1,
                                 {groups, cinPerGroup});
    Value w = tb.splitDim(tb.convert(adaptor.getWeight(), acc), 0,
                          {groups, coutPerGroup});
    // The padded input's row length, which flat rows step by.
    int64_t rowLength = outWidth + (g.kernel[1] - 1) * g.dilation[1];
    SmallVector<int64_t> outShape = {resultType.getDimSize(0), groups,
                                     coutPerGroup};
    if (flat)
      outShape.push_back(outHeight * rowLength);
    else
      outShape.append({outHeight, outWidth});
    unsigned outRank = outShape.size();
    Value init = filled(tb, outShape, acc, adaptor.getInput(), 0.0);
    if (Value bias = adaptor.getBias()) {
      Value b = tb.splitDim(tb.convert(bias, acc), 0, {groups, coutPerGroup});
      init = generic(
          tb, {b}, init,
          {map(context, outRank,
               {getAffineDimExpr(1, context), getAffineDimExpr(2, context)}),
           rewriter.getMultiDimIdentityMap(outRank)},
          0, [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    if (flat) {
      // Loops: n g co q | ci kh kw.
      AffineExpr n, gr, co, q, ci, kh, kw;
      bindDims(context, n, gr, co, q, ci, kh, kw);
      Value out = convolution(
          tb, {x, w}, init,
          {map(context, 7, {n, gr, ci, q + flatTap(kh, kw, g, rowLength)}),
           map(context, 7, {gr, co, ci, kh, kw}),
           map(context, 7, {n, gr, co, q})});
      Value rows = rowsOfFlat(tb, out, outHeight, rowLength, outWidth);
      return finish(rewriter, op, tb, tb.convert(rows, element));
    }
    // Loops: n g co oh ow | ci kh kw.
    AffineExpr n, gr, co, oh, ow, ci, kh, kw;
    bindDims(context, n, gr, co, oh, ow, ci, kh, kw);
    AffineExpr h = oh * g.stride[0] + kh * g.dilation[0];
    AffineExpr wi = ow * g.stride[1] + kw * g.dilation[1];
    Value out = convolution(tb, {x, w}, init,
                            {map(context, 8, {n, gr, ci, h, wi}),
                             map(context, 8, {gr, co, ci, kh, kw}),
                             map(context, 8, {n, gr, co, oh, ow})});
    return finish(rewriter, op, tb, tb.convert(tb.mergeDims(out, 1), element));
  }
};

struct Conv2dInputGradLowering : ConvolutionPattern<Conv2dInputGradOp> {
  using ConvolutionPattern::ConvolutionPattern;
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
    int64_t height = resultType.getDimSize(2), width = resultType.getDimSize(3);
    bool flat = flattensRows(g, width, flattenRows);

    Value grid = transposedWindowGrid(tb, tb.convert(adaptor.getGrad(), acc), g,
                                      op.getInputSize(), 0.0, flat ? 1 : 0);
    // The grid's row length, which flat rows step by.
    int64_t rowLength = tensorTypeOf(grid).getDimSize(3);
    grid = tb.splitDim(grid, 1, {groups, coutPerGroup});
    Value w = tb.splitDim(flipKernel(tb, tb.convert(adaptor.getWeight(), acc)),
                          0, {groups, coutPerGroup});
    SmallVector<int64_t> outShape = {resultType.getDimSize(0), groups,
                                     cinPerGroup};
    if (flat)
      outShape.push_back(height * rowLength);
    else
      outShape.append({height, width});
    Value init = filled(tb, outShape, acc, adaptor.getGrad(), 0.0);
    if (flat) {
      // Loops: n g ci q | co kh kw, with the kernel already flipped.
      grid = tb.mergeDims(grid, 3);
      AffineExpr n, gr, ci, q, co, kh, kw;
      bindDims(context, n, gr, ci, q, co, kh, kw);
      Value out = convolution(
          tb, {grid, w}, init,
          {map(context, 7, {n, gr, co, q + flatTap(kh, kw, g, rowLength)}),
           map(context, 7, {gr, co, ci, kh, kw}),
           map(context, 7, {n, gr, ci, q})});
      Value rows = rowsOfFlat(tb, out, height, rowLength, width);
      return finish(rewriter, op, tb, tb.convert(rows, element));
    }
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

struct Conv2dWeightGradLowering : ConvolutionPattern<Conv2dWeightGradOp> {
  using ConvolutionPattern::ConvolutionPattern;
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
    auto gradType = tensorTypeOf(op.getGrad());
    int64_t outWidth = gradType.getDimSize(3);
    bool flat = flattensRows(g, outWidth, flattenRows);

    Value input = tb.convert(adaptor.getInput(), acc);
    Value x = flat ? flatPaddedPlanes(tb, input, g, groups, cinPerGroup)
                   : tb.splitDim(padSpatial(tb, input, g, 0.0), 1,
                                 {groups, cinPerGroup});
    Value dy = tb.convert(adaptor.getGrad(), acc);
    // The padded input's row length, which flat rows step by.
    int64_t rowLength = outWidth + (g.kernel[1] - 1) * g.dilation[1];
    if (flat) {
      // dy's rows get the input's row length with zeros: the wrapped
      // columns add nothing. (A non-finite input element there would make
      // 0 * inf a NaN; the loss is not finite then either.)
      dy = tb.pad(dy, {0, 0, 0, 0}, {0, 0, 0, rowLength - outWidth},
                  tb.scalar(acc, 0.0));
      dy = tb.mergeDims(tb.splitDim(dy, 1, {groups, coutPerGroup}), 3);
    } else {
      dy = tb.splitDim(dy, 1, {groups, coutPerGroup});
    }
    SmallVector<int64_t> outShape = {groups, coutPerGroup, cinPerGroup,
                                     g.kernel[0], g.kernel[1]};
    Value init =
        tb.fill(tb.emptyWithSizes(RankedTensorType::get(outShape, acc), {}),
                tb.scalar(acc, 0.0));
    if (flat) {
      // Loops: g co ci kh kw | n q.
      AffineExpr gr, co, ci, kh, kw, n, q;
      bindDims(context, gr, co, ci, kh, kw, n, q);
      Value out = convolution(
          tb, {dy, x}, init,
          {map(context, 7, {n, gr, co, q}),
           map(context, 7, {n, gr, ci, q + flatTap(kh, kw, g, rowLength)}),
           map(context, 7, {gr, co, ci, kh, kw})},
          /*numReduction=*/2);
      return finish(rewriter, op, tb,
                    tb.convert(tb.mergeDims(out, 0), element));
    }
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
      maps.push_back(
          map(context, loops, {n, c, i * stride[0] + kh, j * stride[1] + kw}));
    }
    inputs.push_back(windowOperand(tb, g));
    maps.push_back(map(context, loops, {kh, kw}));
  }
  SmallVector<Type> resultTypes;
  for (const Accumulator &acc : accumulators) {
    // Unrolled, every output element is written once: no fill needed.
    inits.push_back(unrolled
                        ? batchedEmpty(tb, shape, acc.type, batchSource)
                        : filled(tb, shape, acc.type, batchSource, acc.init));
    resultTypes.push_back(inits.back().getType());
    maps.push_back(map(context, loops, {n, c, i, j}));
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

/// linalg.index `loop` as i64.
Value loopIndex(OpBuilder &b, Location loc, unsigned loop) {
  return b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                      b.create<linalg::IndexOp>(loc, loop));
}

Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  return b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(value));
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

void dlc::populateWindowLoweringPatterns(RewritePatternSet &patterns,
                                         bool flattenConvolutionRows) {
  patterns
      .add<Conv2dLowering, Conv2dInputGradLowering, Conv2dWeightGradLowering>(
          patterns.getContext(), flattenConvolutionRows);
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, AvgPool2dGradLowering,
               MaxPool2dGradLowering>(patterns.getContext());
}
