//===- VjpBuilder.cpp - dlc IR building blocks for gradient rules ---------===//
#include "compiler/Transforms/VjpBuilder.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace dlc {

static RankedTensorType typeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

Value VjpBuilder::constant(Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  Attribute attr;
  if (auto f = dyn_cast<FloatType>(elementType))
    attr = FloatAttr::get(f, value);
  else
    attr = IntegerAttr::get(elementType, static_cast<int64_t>(value));
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, attr));
}

Value VjpBuilder::constantLike(Value like, double value) {
  return constant(typeOf(like).getElementType(), value);
}

Value VjpBuilder::add(Value x, Value y) { return b.create<AddOp>(loc, x, y); }
Value VjpBuilder::sub(Value x, Value y) { return b.create<SubOp>(loc, x, y); }
Value VjpBuilder::mul(Value x, Value y) { return b.create<MulOp>(loc, x, y); }
Value VjpBuilder::div(Value x, Value y) { return b.create<DivOp>(loc, x, y); }
Value VjpBuilder::pow(Value x, Value y) { return b.create<PowOp>(loc, x, y); }
Value VjpBuilder::neg(Value x) { return b.create<NegOp>(loc, x.getType(), x); }
Value VjpBuilder::exp(Value x) { return b.create<ExpOp>(loc, x.getType(), x); }
Value VjpBuilder::log(Value x) { return b.create<LogOp>(loc, x.getType(), x); }
Value VjpBuilder::sqrt(Value x) {
  return b.create<SqrtOp>(loc, x.getType(), x);
}

Value VjpBuilder::rsqrt(Value x) {
  return b.create<RsqrtOp>(loc, x.getType(), x);
}
Value VjpBuilder::sigmoid(Value x) {
  return b.create<SigmoidOp>(loc, x.getType(), x);
}

Value VjpBuilder::mean(Value x, ArrayRef<int64_t> axes, bool keepDim) {
  return b.create<ReduceMeanOp>(loc, x, b.getDenseI64ArrayAttr(axes),
                                b.getBoolAttr(keepDim));
}

Value VjpBuilder::compare(StringRef predicate, Value x, Value y) {
  return b.create<CompareOp>(loc, b.getStringAttr(predicate), x, y);
}

Value VjpBuilder::select(Value condition, Value x, Value y) {
  return b.create<SelectOp>(loc, condition, x, y);
}

Value VjpBuilder::cast(Value x, Type elementType) {
  auto type = typeOf(x);
  if (type.getElementType() == elementType)
    return x;
  return b.create<CastOp>(loc, type.clone(elementType), x);
}

Value VjpBuilder::size(Value x, int64_t axis) {
  return b.create<SizeOp>(loc, x, b.getI64IntegerAttr(axis));
}

Value VjpBuilder::count(Value x, ArrayRef<int64_t> axes, Type elementType) {
  auto type = typeOf(x);
  int64_t fixed = 1;
  Value dynamic;
  for (int64_t axis : axes) {
    if (!type.isDynamicDim(axis)) {
      fixed *= type.getDimSize(axis);
      continue;
    }
    Value extent = size(x, axis);
    dynamic = dynamic ? mul(dynamic, extent) : extent;
  }
  Value total = constant(elementType, static_cast<double>(fixed));
  if (!dynamic)
    return total;
  Value runtime = cast(dynamic, elementType);
  return fixed == 1 ? runtime : mul(runtime, total);
}

Value VjpBuilder::sum(Value x, ArrayRef<int64_t> axes, bool keepDim) {
  if (axes.empty())
    return x;
  return b.create<ReduceSumOp>(loc, x, b.getDenseI64ArrayAttr(axes),
                               b.getBoolAttr(keepDim));
}

Value VjpBuilder::reshapeLike(Value x, RankedTensorType type, Value like) {
  if (x.getType() == type)
    return x;
  SmallVector<Value> sizes;
  if (type.getNumDynamicDims() > 1)
    for (int64_t i = 0; i < type.getRank(); ++i)
      if (type.isDynamicDim(i))
        sizes.push_back(size(like, i));
  return b.create<ReshapeOp>(loc, type, x, sizes, IntegerAttr());
}

Value VjpBuilder::broadcastLike(Value x, Value like) {
  auto type = typeOf(like).clone(typeOf(x).getElementType());
  if (x.getType() == type)
    return x;
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(size(like, i));
  return b.create<BroadcastToOp>(loc, type, x, sizes);
}

Value VjpBuilder::zerosLike(Value like) {
  return broadcastLike(constantLike(like, 0.0), like);
}

Value VjpBuilder::sumToShapeOf(Value grad, Value operand) {
  auto gradType = typeOf(grad), target = typeOf(operand);
  int64_t leading = gradType.getRank() - target.getRank();
  SmallVector<int64_t> extra, ones;
  for (int64_t i = 0; i < leading; ++i)
    extra.push_back(i);
  // Dimensions the operand had as 1 and the result did not.
  for (int64_t i = 0; i < target.getRank(); ++i)
    if (target.getDimSize(i) == 1 && gradType.getDimSize(i + leading) != 1)
      ones.push_back(i);
  Value reduced = sum(grad, extra, /*keepDim=*/false);
  reduced = sum(reduced, ones, /*keepDim=*/true);
  // A dynamic extent of the operand may have met a fixed one.
  return reshapeLike(reduced, target, operand);
}

Value VjpBuilder::keepDims(Value reduced, Value input, ArrayRef<int64_t> axes,
                           bool alreadyKept) {
  auto inputType = typeOf(input);
  if (alreadyKept)
    return reduced;
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < inputType.getRank(); ++i)
    shape.push_back(llvm::is_contained(axes, i) ? 1 : inputType.getDimSize(i));
  auto kept = RankedTensorType::get(shape, typeOf(reduced).getElementType());
  // The kept extents are the input's, so `input` supplies the dynamic ones.
  return reshapeLike(reduced, kept, input);
}

Value VjpBuilder::transposeLastTwo(Value x) {
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    perm.push_back(i);
  std::swap(perm[rank - 1], perm[rank - 2]);
  return b.create<TransposeOp>(loc, x, b.getDenseI64ArrayAttr(perm));
}

Value VjpBuilder::matmul(Value x, Value y) {
  return b.create<MatmulOp>(loc, x, y);
}

} // namespace dlc
