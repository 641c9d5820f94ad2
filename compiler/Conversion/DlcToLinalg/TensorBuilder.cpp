//===- TensorBuilder.cpp - linalg-on-tensors building blocks --------------===//
#include "compiler/Conversion/DlcToLinalg/TensorBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

namespace dlc {

Value TensorBuilder::dim(Value tensor, int64_t axis) {
  return b.create<tensor::DimOp>(loc, tensor, axis);
}

Value TensorBuilder::extentOf(Value sizeTensor) {
  Value value = b.create<tensor::ExtractOp>(loc, sizeTensor, ValueRange{});
  return b.create<arith::IndexCastOp>(loc, b.getIndexType(), value);
}

Value TensorBuilder::index(int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

SmallVector<OpFoldResult> TensorBuilder::sizesOf(Value tensor) {
  auto type = tensorTypeOf(tensor);
  SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    sizes.push_back(type.isDynamicDim(i)
                        ? OpFoldResult(dim(tensor, i))
                        : OpFoldResult(b.getIndexAttr(type.getDimSize(i))));
  return sizes;
}

SmallVector<OpFoldResult> TensorBuilder::indices(ArrayRef<int64_t> values) {
  SmallVector<OpFoldResult> attrs;
  for (int64_t v : values)
    attrs.push_back(b.getIndexAttr(v));
  return attrs;
}

Value TensorBuilder::pad(Value tensor, ArrayRef<int64_t> low,
                         ArrayRef<int64_t> high, Value value) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return tensor;
  // A filled tensor with the input inserted at `low`, rather than
  // tensor.pad, whose bufferization sizes its buffer from the buffer itself
  // when an extent is dynamic.
  auto type = tensorTypeOf(tensor);
  SmallVector<int64_t> shape;
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (type.isDynamicDim(i)) {
      shape.push_back(ShapedType::kDynamic);
      sizes.push_back(b.create<arith::AddIOp>(loc, dim(tensor, i),
                                              index(low[i] + high[i])));
    } else {
      shape.push_back(type.getDimSize(i) + low[i] + high[i]);
    }
  }
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  Value padded = fill(emptyWithSizes(paddedType, sizes), value);
  SmallVector<int64_t> ones(type.getRank(), 1);
  return b.create<tensor::InsertSliceOp>(loc, tensor, padded, indices(low),
                                         sizesOf(tensor), indices(ones));
}

Value TensorBuilder::splitDim(Value tensor, int64_t axis,
                              ArrayRef<int64_t> parts) {
  auto type = tensorTypeOf(tensor);
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> groups;
  SmallVector<OpFoldResult> outputShape;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    ReassociationIndices group;
    if (i == axis) {
      for (int64_t part : parts) {
        group.push_back(shape.size());
        shape.push_back(part);
        outputShape.push_back(b.getIndexAttr(part));
      }
    } else {
      group.push_back(shape.size());
      shape.push_back(type.getDimSize(i));
      outputShape.push_back(type.isDynamicDim(i)
                                ? OpFoldResult(dim(tensor, i))
                                : b.getIndexAttr(type.getDimSize(i)));
    }
    groups.push_back(group);
  }
  auto result = RankedTensorType::get(shape, type.getElementType());
  return b.create<tensor::ExpandShapeOp>(loc, result, tensor, groups,
                                         outputShape);
}

Value TensorBuilder::mergeDims(Value tensor, int64_t axis) {
  auto type = tensorTypeOf(tensor);
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (i == axis + 1)
      continue;
    if (i == axis) {
      int64_t a = type.getDimSize(i), c = type.getDimSize(i + 1);
      shape.push_back(ShapedType::isDynamic(a) || ShapedType::isDynamic(c)
                          ? ShapedType::kDynamic
                          : a * c);
      groups.push_back({i, i + 1});
    } else {
      shape.push_back(type.getDimSize(i));
      groups.push_back({i});
    }
  }
  auto result = RankedTensorType::get(shape, type.getElementType());
  return b.create<tensor::CollapseShapeOp>(loc, result, tensor, groups);
}

SmallVector<Value> TensorBuilder::dynamicSizes(RankedTensorType type,
                                               ValueRange sources) {
  SmallVector<Value> sizes;
  int64_t rank = type.getRank();
  for (int64_t i = 0; i < rank; ++i) {
    if (!type.isDynamicDim(i))
      continue;
    Value size;
    for (Value source : sources) {
      auto sourceType = tensorTypeOf(source);
      int64_t j = i - (rank - sourceType.getRank());
      if (j >= 0 && sourceType.isDynamicDim(j)) {
        size = dim(source, j);
        break;
      }
    }
    if (!size) {
      // Keep the IR well formed; the pattern sees failed() and gives up.
      missingSize = true;
      size = b.create<arith::ConstantIndexOp>(loc, 0);
    }
    sizes.push_back(size);
  }
  return sizes;
}

Value TensorBuilder::emptyWithSizes(RankedTensorType type, ValueRange sizes) {
  return b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType(),
                                   sizes);
}

Value TensorBuilder::empty(RankedTensorType type, ValueRange sources) {
  return emptyWithSizes(type, dynamicSizes(type, sources));
}

Value TensorBuilder::fill(Value init, Value value) {
  return b.create<linalg::FillOp>(loc, value, init).getResult(0);
}

Value TensorBuilder::scalar(Type elementType, double value) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(floatType, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(elementType, static_cast<int64_t>(value)));
}

Value TensorBuilder::extentProduct(Value tensor, ArrayRef<int64_t> axes,
                                   Type elementType) {
  Value product = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t axis : axes)
    product = b.create<arith::MulIOp>(loc, product, dim(tensor, axis));
  Value asInt = b.create<arith::IndexCastOp>(loc, b.getI64Type(), product);
  return b.create<arith::SIToFPOp>(loc, elementType, asInt);
}

Type TensorBuilder::accumulatorType(Type elementType) {
  if (elementType.isF16() || elementType.isBF16())
    return b.getF32Type();
  return elementType;
}

Value TensorBuilder::convert(Value tensor, Type elementType) {
  auto type = tensorTypeOf(tensor);
  Type from = type.getElementType();
  if (from == elementType)
    return tensor;
  auto resultType = RankedTensorType::get(type.getShape(), elementType);
  bool widen =
      from.getIntOrFloatBitWidth() < elementType.getIntOrFloatBitWidth();
  return elementwise(
      resultType, {tensor}, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        return widen ? nb.create<arith::ExtFOp>(nloc, elementType, args[0])
                           .getResult()
                     : nb.create<arith::TruncFOp>(nloc, elementType, args[0])
                           .getResult();
      });
}

/// The indexing map that reads an operand of `operandType` inside loops over
/// `resultShape`: right-aligned, with broadcast (extent-1) dims pinned to 0.
static AffineMap broadcastMap(RankedTensorType operandType,
                              ArrayRef<int64_t> resultShape,
                              MLIRContext *context) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - operandType.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t j = 0; j < operandType.getRank(); ++j) {
    bool broadcast =
        operandType.getDimSize(j) == 1 && resultShape[j + offset] != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(j + offset, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

Value parallelGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                      ArrayRef<AffineMap> inputMaps, Value init,
                      TensorBuilder::BodyFn body) {
  auto type = tensorTypeOf(init);
  SmallVector<AffineMap> maps(inputMaps.begin(), inputMaps.end());
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto op = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, body(nb, nloc, args));
      });
  return op.getResult(0);
}

Value TensorBuilder::elementwiseInto(Value init, ValueRange operands,
                                     BodyFn body) {
  MLIRContext *context = b.getContext();
  auto resultShape = tensorTypeOf(init).getShape();
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(broadcastMap(tensorTypeOf(operand), resultShape, context));
  // The body sees the operands' elements, not the destination's.
  return parallelGeneric(
      b, loc, operands, maps, init,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return body(nested, nestedLoc, args.drop_back());
      });
}

Value TensorBuilder::elementwise(RankedTensorType resultType,
                                 ValueRange operands, BodyFn body) {
  return elementwiseInto(empty(resultType, operands), operands, body);
}

Value TensorBuilder::reduce(Value input, ArrayRef<int64_t> axes, bool keepDim,
                            double identity, BodyFn body) {
  MLIRContext *context = b.getContext();
  auto inputType = tensorTypeOf(input);
  int64_t rank = inputType.getRank();
  SmallVector<bool> reduced(rank, false);
  for (int64_t axis : axes)
    reduced[axis] = true;

  SmallVector<int64_t> resultShape;
  SmallVector<Value> resultSizes;
  SmallVector<AffineExpr> resultExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    iterators.push_back(reduced[i] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (reduced[i] && !keepDim)
      continue;
    resultShape.push_back(reduced[i] ? 1 : inputType.getDimSize(i));
    resultExprs.push_back(reduced[i] ? getAffineConstantExpr(0, context)
                                     : getAffineDimExpr(i, context));
    if (!reduced[i] && inputType.isDynamicDim(i))
      resultSizes.push_back(dim(input, i));
  }
  Type elementType = inputType.getElementType();
  Type accumulator = accumulatorType(elementType);
  auto resultType = RankedTensorType::get(resultShape, accumulator);
  Value init = fill(emptyWithSizes(resultType, resultSizes),
                    scalar(accumulator, identity));
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, resultExprs, context)};
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, ValueRange{input}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value element = args[0];
        if (accumulator != elementType)
          element =
              nested.create<arith::ExtFOp>(nestedLoc, accumulator, element);
        nested.create<linalg::YieldOp>(
            nestedLoc, body(nested, nestedLoc, {element, args[1]}));
      });
  return generic.getResult(0);
}

Value TensorBuilder::contraction(Value lhs, Value rhs, Value init,
                                 ArrayRef<AffineMap> maps,
                                 int64_t reductionLoop) {
  auto initType = tensorTypeOf(init);
  Type accumulator = initType.getElementType();
  SmallVector<utils::IteratorType> iterators(initType.getRank() + 1,
                                             utils::IteratorType::parallel);
  iterators[reductionLoop] = utils::IteratorType::reduction;
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{initType}, ValueRange{lhs, rhs}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value x = args[0], y = args[1];
        if (x.getType() != accumulator) {
          x = nested.create<arith::ExtFOp>(nestedLoc, accumulator, x);
          y = nested.create<arith::ExtFOp>(nestedLoc, accumulator, y);
        }
        // reassoc lets LLVM vectorise the k loop (a float reduction) and
        // contract lets it fuse the multiply-add: the sum's order then
        // differs from a sequential one by rounding only, as every BLAS's
        // does.
        auto flags =
            arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
        Value product = nested.create<arith::MulFOp>(nestedLoc, x, y, flags);
        Value sum =
            nested.create<arith::AddFOp>(nestedLoc, args[2], product, flags);
        nested.create<linalg::YieldOp>(nestedLoc, sum);
      });
  return generic.getResult(0);
}

Value TensorBuilder::matmul(Value lhs, Value rhs, Value init) {
  MLIRContext *context = b.getContext();
  auto initType = tensorTypeOf(init);
  // Loops: the batch dimensions, m, k, then n innermost. With n inside k
  // the innermost loop walks rhs and the result contiguously while lhs's
  // element stays fixed, a loop LLVM vectorises; with k innermost it would
  // stride through rhs by a whole row per step.
  int64_t resultRank = initType.getRank();
  int64_t numLoops = resultRank + 1;
  AffineExpr m = getAffineDimExpr(resultRank - 2, context);
  AffineExpr k = getAffineDimExpr(resultRank - 1, context);
  AffineExpr n = getAffineDimExpr(resultRank, context);

  // Batch dimensions are right-aligned and broadcast where an operand has 1.
  auto batchExprs = [&](RankedTensorType type) {
    SmallVector<AffineExpr> exprs;
    int64_t batchRank = type.getRank() - 2;
    int64_t offset = (resultRank - 2) - batchRank;
    for (int64_t j = 0; j < batchRank; ++j) {
      bool broadcast =
          type.getDimSize(j) == 1 && initType.getDimSize(j + offset) != 1;
      exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                                : getAffineDimExpr(j + offset, context));
    }
    return exprs;
  };
  SmallVector<AffineExpr> lhsExprs = batchExprs(tensorTypeOf(lhs));
  lhsExprs.append({m, k});
  SmallVector<AffineExpr> rhsExprs = batchExprs(tensorTypeOf(rhs));
  rhsExprs.append({k, n});
  SmallVector<AffineExpr> outExprs;
  for (int64_t j = 0; j < resultRank - 1; ++j)
    outExprs.push_back(getAffineDimExpr(j, context));
  outExprs.push_back(n);
  return contraction(lhs, rhs, init,
                     {AffineMap::get(numLoops, 0, lhsExprs, context),
                      AffineMap::get(numLoops, 0, rhsExprs, context),
                      AffineMap::get(numLoops, 0, outExprs, context)},
                     /*reductionLoop=*/resultRank - 1);
}

Value TensorBuilder::linear(Value input, Value weight, Value init) {
  MLIRContext *context = b.getContext();
  // Loops: the result's dimensions (the input's leading ones, then m), then
  // k innermost: input and weight are both contiguous along k, so the inner
  // loop is a dot product that reassoc lets LLVM vectorise.
  int64_t resultRank = tensorTypeOf(init).getRank();
  int64_t numLoops = resultRank + 1;
  AffineExpr k = getAffineDimExpr(resultRank, context);
  AffineExpr m = getAffineDimExpr(resultRank - 1, context);
  SmallVector<AffineExpr> inputExprs;
  for (int64_t i = 0; i < resultRank - 1; ++i)
    inputExprs.push_back(getAffineDimExpr(i, context));
  inputExprs.push_back(k);
  AffineMap out = b.getMultiDimIdentityMap(resultRank);
  return contraction(input, weight, init,
                     {AffineMap::get(numLoops, 0, inputExprs, context),
                      AffineMap::get(numLoops, 0, {m, k}, context),
                      AffineMap::get(numLoops, 0, out.getResults(), context)},
                     /*reductionLoop=*/resultRank);
}

} // namespace dlc
