//===- ConvolutionLowering.cpp - conv2d and its gradients to linalg -------===//
//
// Convolutions, forward and backward, as linalg generics over affine
// windows (see WindowUtils.h for the transposed-window form of the input
// gradient). Groups are an explicit loop: channels are split into
// [groups, channels per group] by tensor.expand_shape, so one form serves
// plain, grouped and depthwise convolutions. Halide takes these generics
// as window kernels where it runs them faster (compiler/Kernels).
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"
#include "compiler/Conversion/DlcToLinalg/WindowUtils.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::window;

namespace {

/// A fused multiply-add for contraction bodies: reassoc lets LLVM vectorise
/// the reduction, contract lets it use FMA (see TensorBuilder::contraction).
Value multiplyAdd(OpBuilder &b, Location loc, Value x, Value y, Value acc) {
  auto flags = arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
  Value product = b.create<arith::MulFOp>(loc, x, y, flags);
  return b.create<arith::AddFOp>(loc, acc, product, flags);
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
      {affineMap(context, rank, read),
       tb.builder().getMultiDimIdentityMap(rank)},
      0, [](OpBuilder &, Location, ValueRange args) { return args[0]; });
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

/// The row length of a stride-1 convolution's padded input, which flat
/// rows step by: its output rows plus the kernel's span.
int64_t paddedRowLength(const Geometry &g, int64_t outWidth) {
  return outWidth + (g.kernel[1] - 1) * g.dilation[1];
}

/// The shape of a grouped convolution's image-shaped result:
/// `[batch, groups, channels, height * rowLength]` over flat rows,
/// `[batch, groups, channels, height, width]` otherwise.
SmallVector<int64_t> groupedImageShape(int64_t batch, int64_t groups,
                                       int64_t channels, int64_t height,
                                       int64_t width, bool flat,
                                       int64_t rowLength) {
  SmallVector<int64_t> shape = {batch, groups, channels};
  if (flat)
    shape.push_back(height * rowLength);
  else
    shape.append({height, width});
  return shape;
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
    int64_t rowLength = paddedRowLength(g, outWidth);
    SmallVector<int64_t> outShape =
        groupedImageShape(resultType.getDimSize(0), groups, coutPerGroup,
                          outHeight, outWidth, flat, rowLength);
    unsigned outRank = outShape.size();
    Value init = filled(tb, outShape, acc, adaptor.getInput(), 0.0);
    if (Value bias = adaptor.getBias()) {
      Value b = tb.splitDim(tb.convert(bias, acc), 0, {groups, coutPerGroup});
      init = generic(
          tb, {b}, init,
          {affineMap(
               context, outRank,
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
          {affineMap(context, 7,
                     {n, gr, ci, q + flatTap(kh, kw, g, rowLength)}),
           affineMap(context, 7, {gr, co, ci, kh, kw}),
           affineMap(context, 7, {n, gr, co, q})});
      Value rows = rowsOfFlat(tb, out, outHeight, rowLength, outWidth);
      return finish(rewriter, op, tb, tb.convert(rows, element));
    }
    // Loops: n g co oh ow | ci kh kw.
    AffineExpr n, gr, co, oh, ow, ci, kh, kw;
    bindDims(context, n, gr, co, oh, ow, ci, kh, kw);
    AffineExpr h = oh * g.stride[0] + kh * g.dilation[0];
    AffineExpr wi = ow * g.stride[1] + kw * g.dilation[1];
    Value out = convolution(tb, {x, w}, init,
                            {affineMap(context, 8, {n, gr, ci, h, wi}),
                             affineMap(context, 8, {gr, co, ci, kh, kw}),
                             affineMap(context, 8, {n, gr, co, oh, ow})});
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
    SmallVector<int64_t> outShape =
        groupedImageShape(resultType.getDimSize(0), groups, cinPerGroup, height,
                          width, flat, rowLength);
    Value init = filled(tb, outShape, acc, adaptor.getGrad(), 0.0);
    if (flat) {
      // Loops: n g ci q | co kh kw, with the kernel already flipped.
      grid = tb.mergeDims(grid, 3);
      AffineExpr n, gr, ci, q, co, kh, kw;
      bindDims(context, n, gr, ci, q, co, kh, kw);
      Value out = convolution(
          tb, {grid, w}, init,
          {affineMap(context, 7,
                     {n, gr, co, q + flatTap(kh, kw, g, rowLength)}),
           affineMap(context, 7, {gr, co, ci, kh, kw}),
           affineMap(context, 7, {n, gr, ci, q})});
      Value rows = rowsOfFlat(tb, out, height, rowLength, width);
      return finish(rewriter, op, tb, tb.convert(rows, element));
    }
    // Loops: n g ci h w | co kh kw, with the kernel already flipped.
    AffineExpr n, gr, ci, h, wi, co, kh, kw;
    bindDims(context, n, gr, ci, h, wi, co, kh, kw);
    Value out = convolution(tb, {grid, w}, init,
                            {affineMap(context, 8,
                                       {n, gr, co, h + kh * g.dilation[0],
                                        wi + kw * g.dilation[1]}),
                             affineMap(context, 8, {gr, co, ci, kh, kw}),
                             affineMap(context, 8, {n, gr, ci, h, wi})});
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
    int64_t rowLength = paddedRowLength(g, outWidth);
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
          {affineMap(context, 7, {n, gr, co, q}),
           affineMap(context, 7,
                     {n, gr, ci, q + flatTap(kh, kw, g, rowLength)}),
           affineMap(context, 7, {gr, co, ci, kh, kw})},
          /*numReduction=*/2);
      return finish(rewriter, op, tb,
                    tb.convert(tb.mergeDims(out, 0), element));
    }
    // Loops: g co ci kh kw | n oh ow.
    AffineExpr gr, co, ci, kh, kw, n, oh, ow;
    bindDims(context, gr, co, ci, kh, kw, n, oh, ow);
    Value out = convolution(
        tb, {dy, x}, init,
        {affineMap(context, 8, {n, gr, co, oh, ow}),
         affineMap(context, 8,
                   {n, gr, ci, oh * g.stride[0] + kh * g.dilation[0],
                    ow * g.stride[1] + kw * g.dilation[1]}),
         affineMap(context, 8, {gr, co, ci, kh, kw})});
    return finish(rewriter, op, tb, tb.convert(tb.mergeDims(out, 0), element));
  }
};

} // namespace

void dlc::populateConvolutionLoweringPatterns(RewritePatternSet &patterns,
                                              bool flattenRows) {
  patterns
      .add<Conv2dLowering, Conv2dInputGradLowering, Conv2dWeightGradLowering>(
          patterns.getContext(), flattenRows);
}
