//===- WindowUtils.cpp - what convolution and pooling lowerings share -----===//
#include "compiler/Conversion/DlcToLinalg/WindowUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::window {

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

Value generic(TensorBuilder &tb, ValueRange inputs, Value init,
              ArrayRef<AffineMap> maps, unsigned numReduction,
              TensorBuilder::BodyFn body) {
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

AffineMap affineMap(MLIRContext *context, unsigned numDims,
                    ArrayRef<AffineExpr> exprs) {
  return AffineMap::get(numDims, 0, exprs, context);
}

Value batchedEmpty(TensorBuilder &tb, ArrayRef<int64_t> shape, Type elementType,
                   Value batchSource) {
  auto type = RankedTensorType::get(shape, elementType);
  SmallVector<Value> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(tb.dim(batchSource, 0));
  return tb.emptyWithSizes(type, sizes);
}

Value filled(TensorBuilder &tb, ArrayRef<int64_t> shape, Type elementType,
             Value batchSource, double fill) {
  return tb.fill(batchedEmpty(tb, shape, elementType, batchSource),
                 tb.scalar(elementType, fill));
}

std::pair<int64_t, int64_t> spatial(Value v) {
  auto type = tensorTypeOf(v);
  return {type.getDimSize(2), type.getDimSize(3)};
}

Value windowOperand(TensorBuilder &tb, const Geometry &g) {
  return tb.builder().create<tensor::EmptyOp>(
      tb.location(), ArrayRef<int64_t>{g.kernel[0], g.kernel[1]},
      tb.builder().getI1Type());
}

Value transposedWindowGrid(TensorBuilder &tb, Value grad, const Geometry &g,
                           ArrayRef<int64_t> inputSize, double fill,
                           int64_t extraRows) {
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

Value padSpatial(TensorBuilder &tb, Value x, const Geometry &g, double fill) {
  Type element = tensorTypeOf(x).getElementType();
  return tb.pad(x, {0, 0, g.padding[0], g.padding[1]},
                {0, 0, g.padding[0], g.padding[1]}, tb.scalar(element, fill));
}

} // namespace dlc::window
