//===- TensorBuilder.cpp - linalg-on-tensors building blocks --------------===//
#include "compiler/Conversion/DlcToLinalg/TensorBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

namespace dlc {

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
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
      auto sourceType = tensorType(source);
      int64_t j = i - (rank - sourceType.getRank());
      if (j >= 0 && sourceType.isDynamicDim(j)) {
        size = b.create<tensor::DimOp>(loc, source, j);
        break;
      }
    }
    assert(size && "a dynamic result dimension needs a dynamic source");
    sizes.push_back(size);
  }
  return sizes;
}

Value TensorBuilder::empty(RankedTensorType type, ValueRange sources) {
  return b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType(),
                                   dynamicSizes(type, sources));
}

Value TensorBuilder::scalar(Type elementType, double value) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(floatType, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(elementType, static_cast<int64_t>(value)));
}

Value TensorBuilder::filled(RankedTensorType type, ValueRange sources,
                            Value value) {
  Value init = empty(type, sources);
  return b.create<linalg::FillOp>(loc, value, init).getResult(0);
}

Value TensorBuilder::extentProduct(Value tensor, ArrayRef<int64_t> axes,
                                   Type elementType) {
  Value product = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t axis : axes) {
    Value extent = b.create<tensor::DimOp>(loc, tensor, axis);
    product = b.create<arith::MulIOp>(loc, product, extent);
  }
  Value asInt = b.create<arith::IndexCastOp>(loc, b.getI64Type(), product);
  return b.create<arith::SIToFPOp>(loc, elementType, asInt);
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

Value TensorBuilder::elementwise(RankedTensorType resultType,
                                 ValueRange operands, BodyFn body,
                                 ValueRange sizeSources) {
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(
        broadcastMap(tensorType(operand), resultType.getShape(), context));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = empty(resultType, sizeSources.empty() ? operands : sizeSources);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, operands, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        nested.create<linalg::YieldOp>(nestedLoc, result);
      });
  return generic.getResult(0);
}

Value TensorBuilder::reduce(Value input, ArrayRef<int64_t> axes, bool keepDim,
                            double identity, BodyFn body) {
  MLIRContext *context = b.getContext();
  auto inputType = tensorType(input);
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
      resultSizes.push_back(b.create<tensor::DimOp>(loc, input, i));
  }
  Type elementType = inputType.getElementType();
  auto resultType = RankedTensorType::get(resultShape, elementType);
  Value init =
      b.create<tensor::EmptyOp>(loc, resultShape, elementType, resultSizes);
  init = b.create<linalg::FillOp>(loc, scalar(elementType, identity), init)
             .getResult(0);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, resultExprs, context)};
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, ValueRange{input}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       body(nested, nestedLoc, args));
      });
  return generic.getResult(0);
}

Value TensorBuilder::contract(Value lhs, Value rhs, Value init,
                              bool transposeRhs) {
  MLIRContext *context = b.getContext();
  auto lhsType = tensorType(lhs), rhsType = tensorType(rhs);
  auto initType = tensorType(init);
  // Loops: the result's dimensions, then k.
  int64_t resultRank = initType.getRank();
  int64_t numLoops = resultRank + 1;
  AffineExpr k = getAffineDimExpr(resultRank, context);
  AffineExpr m = getAffineDimExpr(resultRank - 2, context);
  AffineExpr n = getAffineDimExpr(resultRank - 1, context);

  auto batchExprs = [&](RankedTensorType type, int64_t matrixDims) {
    SmallVector<AffineExpr> exprs;
    int64_t batchRank = type.getRank() - matrixDims;
    int64_t offset = (resultRank - 2) - batchRank;
    for (int64_t j = 0; j < batchRank; ++j) {
      bool broadcast =
          type.getDimSize(j) == 1 && initType.getDimSize(j + offset) != 1;
      exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                                : getAffineDimExpr(j + offset, context));
    }
    return exprs;
  };

  SmallVector<AffineExpr> lhsExprs = batchExprs(lhsType, 2);
  lhsExprs.append({m, k});
  SmallVector<AffineExpr> rhsExprs;
  if (transposeRhs) {
    rhsExprs = {n, k};
  } else {
    rhsExprs = batchExprs(rhsType, 2);
    rhsExprs.append({k, n});
  }
  SmallVector<AffineMap> maps = {
      AffineMap::get(numLoops, 0, lhsExprs, context),
      AffineMap::get(numLoops, 0, rhsExprs, context),
      AffineMap::get(numLoops, 0,
                     ArrayRef<AffineExpr>(
                         b.getMultiDimIdentityMap(resultRank).getResults()),
                     context)};
  SmallVector<utils::IteratorType> iterators(resultRank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{initType}, ValueRange{lhs, rhs}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value product =
            nested.create<arith::MulFOp>(nestedLoc, args[0], args[1]);
        Value sum = nested.create<arith::AddFOp>(nestedLoc, args[2], product);
        nested.create<linalg::YieldOp>(nestedLoc, sum);
      });
  return generic.getResult(0);
}

} // namespace dlc
