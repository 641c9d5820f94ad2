//===- DlcShapeOps.cpp - comparison, selection, broadcast, slices ---------===//
//
// Verifiers and type inference of the ops that compare, choose, broadcast,
// slice and concatenate. The op classes are generated in DlcOps.cpp.
//
//===----------------------------------------------------------------------===//
#include "dialects/Dlc/DlcOps.h"
#include "dialects/Dlc/OpUtils.h"
#include "dialects/Dlc/ShapeRules.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dlc;

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  Shape shape;
  std::string error;
  if (failed(broadcastShapes(rankedType(adaptor.getLhs()).getShape(),
                             rankedType(adaptor.getRhs()).getShape(), shape,
                             error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 1)));
  return success();
}

LogicalResult CompareOp::verify() {
  bool known = llvm::StringSwitch<bool>(getPredicate())
                   .Cases("lt", "le", "gt", "ge", "eq", "ne", true)
                   .Default(false);
  if (!known)
    return emitOpError("unknown predicate \"")
           << getPredicate() << "\"; expected lt, le, gt, ge, eq or ne";
  Type lhs = getLhs().getType().getElementType();
  Type rhs = getRhs().getType().getElementType();
  if (lhs != rhs)
    return emitOpError("element types differ: ") << lhs << " and " << rhs;
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto x = rankedType(adaptor.getTrueValue());
  auto y = rankedType(adaptor.getFalseValue());
  if (x.getElementType() != y.getElementType()) {
    if (loc)
      mlir::emitError(*loc, "select of element types that differ: ")
          << x.getElementType() << " and " << y.getElementType();
    return failure();
  }
  Shape values, shape;
  std::string error;
  if (failed(broadcastShapes(x.getShape(), y.getShape(), values, error)) ||
      failed(broadcastShapes(rankedType(adaptor.getCondition()).getShape(),
                             values, shape, error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult BroadcastToOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("broadcast cannot change the element type");
  if (in.getRank() > out.getRank())
    return emitOpError("cannot broadcast ")
           << formatShape(in.getShape()) << " to the lower rank of "
           << formatShape(out.getShape());
  int64_t offset = out.getRank() - in.getRank();
  for (int64_t i = 0; i < in.getRank(); ++i) {
    int64_t from = in.getDimSize(i), to = out.getDimSize(i + offset);
    if (from != 1 && !extentsCompatible(from, to))
      return emitOpError("cannot broadcast ")
             << formatShape(in.getShape()) << " to "
             << formatShape(out.getShape()) << ": dimension " << i << " is "
             << from;
  }
  if (static_cast<int64_t>(getSizes().size()) != out.getNumDynamicDims())
    return emitOpError("expected ")
           << out.getNumDynamicDims() << " sizes for the dynamic extents of "
           << formatShape(out.getShape()) << ", got " << getSizes().size();
  return success();
}

/// Checks the starts and strides of a box of `box` inside `whole`, the
/// geometry shared by dlc.slice and dlc.insert_slice.
static LogicalResult verifyBox(Operation *op, RankedTensorType box,
                               RankedTensorType whole, ArrayRef<int64_t> starts,
                               ArrayRef<int64_t> strides) {
  if (box.getElementType() != whole.getElementType())
    return op->emitOpError("element types differ: ")
           << box.getElementType() << " and " << whole.getElementType();
  int64_t rank = whole.getRank();
  if (box.getRank() != rank || static_cast<int64_t>(starts.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return op->emitOpError("expected rank ")
           << rank << " for the box, its starts and its strides, got "
           << box.getRank() << ", " << starts.size() << " and "
           << strides.size();
  for (int64_t i = 0; i < rank; ++i) {
    if (starts[i] < 0 || strides[i] <= 0)
      return op->emitOpError("dimension ")
             << i << " needs a start >= 0 and a stride > 0, got " << starts[i]
             << " and " << strides[i];
    int64_t size = box.getDimSize(i), extent = whole.getDimSize(i);
    if (ShapedType::isDynamic(size)) {
      // A dynamic box extent runs to the end of a dynamic dimension.
      if (!ShapedType::isDynamic(extent))
        return op->emitOpError("dimension ")
               << i << " of the box is dynamic but the tensor's is " << extent;
      continue;
    }
    if (ShapedType::isDynamic(extent) || size == 0)
      continue;
    // The last element must lie inside (no overflow: attributes are small).
    if (starts[i] + (size - 1) * strides[i] >= extent)
      return op->emitOpError("dimension ")
             << i << ": " << size << " elements from " << starts[i]
             << " with stride " << strides[i] << " overrun the extent "
             << extent;
  }
  return success();
}

LogicalResult SliceOp::verify() {
  return verifyBox(*this, getResult().getType(), getInput().getType(),
                   getStarts(), getStrides());
}

LogicalResult InsertSliceOp::verify() {
  return verifyBox(*this, getSource().getType(), getDest().getType(),
                   getStarts(), getStrides());
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return shapeError(loc, "concat needs at least one tensor");
  auto first = rankedType(adaptor.getInputs().front());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return shapeError(loc, "axis " + std::to_string(axis) +
                               " is out of range for rank " +
                               std::to_string(first.getRank()));
  Shape shape(first.getShape());
  shape[axis] = 0;
  for (Value input : adaptor.getInputs()) {
    auto type = rankedType(input);
    if (type.getRank() != first.getRank() ||
        type.getElementType() != first.getElementType()) {
      if (loc)
        mlir::emitError(*loc, "concat of ")
            << first << " and " << type
            << ": element types and ranks must match";
      return failure();
    }
    for (int64_t i = 0; i < type.getRank(); ++i) {
      int64_t extent = type.getDimSize(i);
      if (i == axis) {
        shape[i] =
            ShapedType::isDynamic(extent) || ShapedType::isDynamic(shape[i])
                ? ShapedType::kDynamic
                : shape[i] + extent;
      } else if (!extentsCompatible(shape[i], extent)) {
        return shapeError(loc, "concat of " + formatShape(first.getShape()) +
                                   " and " + formatShape(type.getShape()) +
                                   ": dimension " + std::to_string(i) +
                                   " differs");
      } else if (ShapedType::isDynamic(shape[i])) {
        shape[i] = extent;
      }
    }
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}
