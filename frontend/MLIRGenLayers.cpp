//===- MLIRGenLayers.cpp - nodes that expand into several dlc ops ---------===//
//
// Slicing with dropped dimensions, convolution and pooling windows,
// normalisation (batch normalisation's training form computes the batch's
// statistics and updates the running ones), and
// the loss and metric forms that the dialect's ops do not take directly
// (probability targets, class dimensions beyond [N, C], binary accuracy).
//
//===----------------------------------------------------------------------===//
#include "frontend/MLIRGenImpl.h"

#include "dialects/Dlc/DlcOps.h"

#include <limits>

using namespace dlc;

static mlir::RankedTensorType typeOf(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType());
}

//===----------------------------------------------------------------------===//
// Slices
//===----------------------------------------------------------------------===//

mlir::Value MLIRGen::emitSlice(const Node &n) {
  mlir::Location l = loc(n.loc);
  mlir::Value x = operand(n, 0);
  auto input = typeOf(x);
  const TensorType &inputDims = state->fn->nodes[n.operands[0]].type;
  constexpr int64_t kEnd = std::numeric_limits<int64_t>::max();
  llvm::SmallVector<int64_t, 4> starts, strides, box;
  size_t resultAxis = 0;
  for (int64_t d = 0; d < input.getRank(); ++d) {
    int64_t start = n.ints[3 * d], stop = n.ints[3 * d + 1];
    int64_t step = n.ints[3 * d + 2];
    starts.push_back(start);
    strides.push_back(step);
    if (llvm::is_contained(n.ints2, d)) {
      box.push_back(1);
      continue;
    }
    const Dim &out = n.type.dims[resultAxis++];
    if (out.isStatic()) {
      box.push_back(out.value);
      if (!input.isDynamicDim(d) || start >= 0)
        continue;
    } else if (input.isDynamicDim(d) && start >= 0 &&
               (stop == kEnd ||
                (stop == kEnd - 1 && out == inputDims.dims[d]))) {
      // To the end of a symbolic dimension (`x[1:]`, `x[:N]` of N).
      box.push_back(mlir::ShapedType::kDynamic);
      continue;
    }
    return unsupported(n, "a slice of " + inputDims.str() +
                              " along dimension " + std::to_string(d) +
                              " with bounds known only at run time");
  }
  auto boxType = mlir::RankedTensorType::get(box, input.getElementType());
  mlir::Value slice = builder.create<SliceOp>(
      l, boxType, x, builder.getDenseI64ArrayAttr(starts),
      builder.getDenseI64ArrayAttr(strides));
  if (n.ints2.empty())
    return slice;
  // Drop the indexed dimensions; the others keep their extents.
  auto resultType = tensorType(n.type);
  llvm::SmallVector<mlir::Value, 4> sizes;
  if (resultType.getNumDynamicDims() > 1)
    for (int64_t d = 0; d < boxType.getRank(); ++d)
      if (boxType.isDynamicDim(d))
        sizes.push_back(sizeOfAxis(slice, d, l));
  return builder.create<ReshapeOp>(l, resultType, slice, sizes,
                                   mlir::IntegerAttr());
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

mlir::Value MLIRGen::emitWindow(const Node &n) {
  mlir::Location l = loc(n.loc);
  mlir::Value x = operand(n, 0);
  auto input = typeOf(x);
  if (input.isDynamicDim(1) || input.isDynamicDim(2) || input.isDynamicDim(3))
    return unsupported(n, n.op + " over an input of symbolic channels, "
                                 "height or width");
  llvm::ArrayRef<int64_t> attrs = n.ints;
  auto pair = [&](size_t at) {
    return builder.getDenseI64ArrayAttr(attrs.slice(at, 2));
  };
  if (n.op == "conv2d")
    return builder.create<Conv2dOp>(
        l, x, operand(n, 1),
        n.operands.size() > 2 ? operand(n, 2) : mlir::Value(), pair(2), pair(4),
        pair(6), builder.getI64IntegerAttr(attrs[8]));
  if (n.op == "max_pool2d")
    return builder.create<MaxPool2dOp>(l, x, pair(0), pair(2), pair(4));
  return builder.create<AvgPool2dOp>(l, x, pair(0), pair(2), pair(4));
}

//===----------------------------------------------------------------------===//
// Batch normalisation
//===----------------------------------------------------------------------===//

/// `v` with the element type `element`.
static mlir::Value castTo(mlir::OpBuilder &b, mlir::Location l, mlir::Value v,
                          mlir::Type element) {
  auto type = typeOf(v);
  if (!v || type.getElementType() == element)
    return v;
  return b.create<CastOp>(l, type.clone(element), v);
}

mlir::Value MLIRGen::emitLayerNorm(const Node &n) {
  mlir::Location l = loc(n.loc);
  mlir::Value x = operand(n, 0);
  mlir::Type element = typeOf(x).getElementType();
  mlir::Value bias = n.operands.size() > 2
                         ? castTo(builder, l, operand(n, 2), element)
                         : mlir::Value();
  return builder.create<LayerNormOp>(l, x.getType(), x,
                                     castTo(builder, l, operand(n, 1), element),
                                     bias, builder.getF64FloatAttr(n.fval));
}

mlir::Value MLIRGen::emitBatchNorm(const Node &n) {
  mlir::Location l = loc(n.loc);
  mlir::Value x = operand(n, 0);
  auto type = typeOf(x);
  mlir::Type element = type.getElementType();
  bool hasWeight = n.ints[0], hasBias = n.ints[1];
  mlir::Value weight =
      hasWeight ? castTo(builder, l, operand(n, 3), element) : mlir::Value();
  mlir::Value bias =
      hasBias ? castTo(builder, l, operand(n, hasWeight ? 4 : 3), element)
              : mlir::Value();
  auto eps = builder.getF64FloatAttr(n.fval);
  auto normalize = [&](mlir::Value mean, mlir::Value var) -> mlir::Value {
    return builder.create<BatchNormOp>(
        l, x.getType(), x, mean, var, weight, bias, eps,
        n.flag ? builder.getUnitAttr() : mlir::UnitAttr());
  };

  if (!n.flag)
    return normalize(castTo(builder, l, operand(n, 1), element),
                     castTo(builder, l, operand(n, 2), element));

  // Training: normalise with the batch's mean and biased variance, computed
  // by reductions (the op's gradient goes through them in closed form), and
  // move the running statistics towards them (the variance unbiased), as
  // PyTorch does.
  const Node &meanNode = state->fn->nodes[n.operands[1]];
  const Node &varNode = state->fn->nodes[n.operands[2]];
  if (meanNode.op != "load" || varNode.op != "load" ||
      !bufferTypes.count(meanNode.str) || !bufferTypes.count(varNode.str)) {
    diags.error(n.loc, "batch_norm in training updates its running mean and "
                       "variance, which must be buffers of the model");
    return nullptr;
  }
  llvm::SmallVector<int64_t, 4> axes = {0};
  for (int64_t d = 2; d < type.getRank(); ++d)
    axes.push_back(d);
  auto axesAttr = builder.getDenseI64ArrayAttr(axes);
  auto channels = mlir::RankedTensorType::get({type.getDimSize(1)}, element);
  auto perChannel = [&](mlir::Value kept) {
    return builder.create<ReshapeOp>(l, channels, kept, mlir::ValueRange{},
                                     mlir::IntegerAttr());
  };
  auto keep = builder.getBoolAttr(true);
  mlir::Value meanKept = builder.create<ReduceMeanOp>(l, x, axesAttr, keep);
  mlir::Value centered = builder.create<SubOp>(l, x, meanKept);
  mlir::Value varKept = builder.create<ReduceMeanOp>(
      l, builder.create<MulOp>(l, centered, centered), axesAttr, keep);
  mlir::Value mean = perChannel(meanKept), var = perChannel(varKept);
  mlir::Value y = normalize(mean, var);

  auto update = [&](const Node &stat, mlir::Value batchValue) {
    auto statType = tensorType(bufferTypes[stat.str]);
    mlir::Value old = stateValue(stat.str, statType, l);
    mlir::Type statElement = statType.getElementType();
    mlir::Value value = castTo(builder, l, batchValue, statElement);
    double momentum = n.floats[0];
    mlir::Value blended = builder.create<AddOp>(
        l, builder.create<MulOp>(l, old, scalar(statElement, 1 - momentum, l)),
        builder.create<MulOp>(l, value, scalar(statElement, momentum, l)));
    state->stores[stat.str] = blended;
  };
  mlir::Value count = this->count(x, axes, element, l);
  mlir::Value unbiased = builder.create<DivOp>(
      l, builder.create<MulOp>(l, var, count),
      builder.create<SubOp>(l, count, scalar(element, 1, l)));
  update(meanNode, mean);
  update(varNode, unbiased);
  // PyTorch's BatchNorm counts its training batches in a sibling buffer.
  llvm::StringRef prefix = llvm::StringRef(meanNode.str).rsplit('.').first;
  std::string counter = prefix == meanNode.str
                            ? "num_batches_tracked"
                            : (prefix + ".num_batches_tracked").str();
  auto counterType = bufferTypes.find(counter);
  if (counterType != bufferTypes.end() &&
      counterType->second.dtype == ElementType::I64 &&
      counterType->second.rank() == 0) {
    auto i64 = builder.getI64Type();
    mlir::Value old =
        stateValue(counter, mlir::RankedTensorType::get({}, i64), l);
    state->stores[counterType->first()] =
        builder.create<AddOp>(l, old, scalar(i64, 1, l));
  }
  return y;
}

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//

/// Integer labels as i32 or i64, the index types the dialect takes.
static mlir::Value indexLabels(mlir::OpBuilder &b, mlir::Location l,
                               mlir::Value labels) {
  auto type = typeOf(labels);
  mlir::Type element = type.getElementType();
  if (element.isSignlessInteger(32) || element.isSignlessInteger(64))
    return labels;
  return b.create<CastOp>(l, type.clone(b.getI64Type()), labels);
}

/// Logits `[N, C, d...]` as `[N * d..., C]` and labels `[N, d...]` as
/// `[N * d...]`, the form of the dialect's classification ops.
static std::pair<mlir::Value, mlir::Value> flattenClasses(mlir::OpBuilder &b,
                                                          mlir::Location l,
                                                          mlir::Value logits,
                                                          mlir::Value labels) {
  auto type = typeOf(logits);
  int64_t rank = type.getRank();
  if (rank == 2)
    return {logits, labels};
  llvm::SmallVector<int64_t, 4> perm = {0};
  for (int64_t d = 2; d < rank; ++d)
    perm.push_back(d);
  perm.push_back(1);
  mlir::Value moved =
      b.create<TransposeOp>(l, logits, b.getDenseI64ArrayAttr(perm));
  int64_t rows = 1;
  bool dynamic = false;
  for (int64_t d = 0; d < rank; ++d)
    if (d != 1) {
      dynamic |= type.isDynamicDim(d);
      rows *= dynamic ? 1 : type.getDimSize(d);
    }
  int64_t extent = dynamic ? mlir::ShapedType::kDynamic : rows;
  auto flatLogits = mlir::RankedTensorType::get({extent, type.getDimSize(1)},
                                                type.getElementType());
  auto flatLabels =
      mlir::RankedTensorType::get({extent}, typeOf(labels).getElementType());
  return {b.create<ReshapeOp>(l, flatLogits, moved, mlir::ValueRange{},
                              mlir::IntegerAttr()),
          b.create<ReshapeOp>(l, flatLabels, labels, mlir::ValueRange{},
                              mlir::IntegerAttr())};
}

static llvm::SmallVector<int64_t, 4> allAxes(mlir::Value v) {
  llvm::SmallVector<int64_t, 4> axes;
  for (int64_t d = 0; d < typeOf(v).getRank(); ++d)
    axes.push_back(d);
  return axes;
}

mlir::Value MLIRGen::emitCrossEntropy(const Node &n) {
  mlir::Location l = loc(n.loc);
  mlir::Value logits = operand(n, 0), labels = operand(n, 1);
  if (mlir::isa<mlir::FloatType>(typeOf(labels).getElementType())) {
    // Probability targets: the mean over rows of -sum(y * log_softmax(x)).
    mlir::Value logProbs = builder.create<LogSoftmaxOp>(
        l, logits.getType(), logits, builder.getI64IntegerAttr(1));
    mlir::Value perRow = builder.create<ReduceSumOp>(
        l, builder.create<MulOp>(l, labels, logProbs),
        builder.getDenseI64ArrayAttr({1}), builder.getBoolAttr(false));
    mlir::Value mean = builder.create<ReduceMeanOp>(
        l, perRow, builder.getDenseI64ArrayAttr(allAxes(perRow)),
        builder.getBoolAttr(false));
    return builder.create<NegOp>(l, mean.getType(), mean);
  }
  auto [flatLogits, flatLabels] =
      flattenClasses(builder, l, logits, indexLabels(builder, l, labels));
  return builder.create<CrossEntropyOp>(l, flatLogits, flatLabels);
}

mlir::Value MLIRGen::emitAccuracy(const Node &n) {
  mlir::Location l = loc(n.loc);
  mlir::Value logits = operand(n, 0), labels = operand(n, 1);
  auto logitsType = typeOf(logits), labelsType = typeOf(labels);
  if (labelsType.getRank() + 1 == logitsType.getRank()) {
    auto [flatLogits, flatLabels] =
        flattenClasses(builder, l, logits, indexLabels(builder, l, labels));
    return builder.create<AccuracyOp>(l, flatLogits, flatLabels);
  }
  // Binary accuracy: a positive logit predicts the positive class, which a
  // target of more than 0.5 (or a nonzero integer) names.
  mlir::Type labelElement = labelsType.getElementType();
  bool floatLabels = mlir::isa<mlir::FloatType>(labelElement);
  mlir::Value predicted =
      builder.create<CompareOp>(l, builder.getStringAttr("gt"), logits,
                                scalar(logitsType.getElementType(), 0.0, l));
  mlir::Value actual = builder.create<CompareOp>(
      l, builder.getStringAttr(floatLabels ? "gt" : "ne"), labels,
      scalar(labelElement, floatLabels ? 0.5 : 0.0, l));
  mlir::Value hits = builder.create<CompareOp>(l, builder.getStringAttr("eq"),
                                               predicted, actual);
  auto f32 = builder.getF32Type();
  mlir::Value asFloat =
      builder.create<CastOp>(l, typeOf(hits).clone(f32), hits);
  return builder.create<ReduceMeanOp>(
      l, asFloat, builder.getDenseI64ArrayAttr(allAxes(asFloat)),
      builder.getBoolAttr(false));
}
