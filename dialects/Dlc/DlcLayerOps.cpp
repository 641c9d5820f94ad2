//===- DlcLayerOps.cpp - convolution, pooling, embedding, dropout ---------===//
//
// Verifiers and type inference of the neural-network ops, their backward
// ops, and the learning-rate schedule. The op classes are generated in
// DlcOps.cpp.
//
//===----------------------------------------------------------------------===//
#include "dialects/Dlc/DlcOps.h"
#include "dialects/Dlc/OpUtils.h"
#include "dialects/Dlc/ShapeRules.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

//===----------------------------------------------------------------------===//
// Window geometry
//===----------------------------------------------------------------------===//

namespace {
/// Kernel, stride, padding and dilation of a convolution or pooling window,
/// each [height, width].
struct Window {
  ArrayRef<int64_t> kernel, stride, padding, dilation;
};
} // namespace

/// Bounds that keep every extent computation far from int64 overflow.
static constexpr int64_t kMaxWindowValue = int64_t(1) << 31;

/// Checks that each window attribute holds two values in range; pooling
/// also needs padding of at most half the kernel, as in PyTorch.
static LogicalResult checkWindow(const Window &w, bool pooling,
                                 std::string &error) {
  auto pair = [&](ArrayRef<int64_t> values, StringRef name, int64_t low) {
    if (values.size() != 2) {
      error = (name + " needs 2 values (height, width), got " +
               std::to_string(values.size()))
                  .str();
      return false;
    }
    for (int64_t v : values)
      if (v < low || v >= kMaxWindowValue) {
        error = (name + " " + std::to_string(v) + " is out of range").str();
        return false;
      }
    return true;
  };
  if (!pair(w.kernel, "kernel", 1) || !pair(w.stride, "stride", 1) ||
      !pair(w.padding, "padding", 0) || !pair(w.dilation, "dilation", 1))
    return failure();
  if (pooling)
    for (int k = 0; k < 2; ++k)
      if (w.padding[k] > w.kernel[k] / 2) {
        error = "padding " + std::to_string(w.padding[k]) +
                " must be at most half the kernel size " +
                std::to_string(w.kernel[k]);
        return failure();
      }
  return success();
}

/// The output spatial extents of `w` over `height` and `width`.
static LogicalResult windowOutput(const Window &w, int64_t height,
                                  int64_t width, Shape &out,
                                  std::string &error) {
  int64_t extents[2] = {height, width};
  for (int k = 0; k < 2; ++k) {
    int64_t extent;
    if (failed(windowExtent(extents[k], w.kernel[k], w.stride[k], w.padding[k],
                            w.dilation[k], extent, error)))
      return failure();
    out.push_back(extent);
  }
  return success();
}

/// Checks that a window over `inputSpatial` yields `outputSpatial`, as a
/// backward op's operands must.
static LogicalResult checkWindowMatches(const Window &w,
                                        ArrayRef<int64_t> inputSpatial,
                                        ArrayRef<int64_t> outputSpatial,
                                        std::string &error) {
  Shape expected;
  if (failed(
          windowOutput(w, inputSpatial[0], inputSpatial[1], expected, error)))
    return failure();
  for (int k = 0; k < 2; ++k)
    if (!extentsCompatible(expected[k], outputSpatial[k])) {
      error = "a window over " + formatShape(inputSpatial) + " gives " +
              formatShape(expected) + ", not " + formatShape(outputSpatial);
      return failure();
    }
  return success();
}

static const int64_t kUnitDilation[2] = {1, 1};

/// Code generation needs the channels, height and width of a window op's
/// input, and its weight's whole shape, as fixed numbers.
static LogicalResult checkStaticWindowShape(RankedTensorType input,
                                            StringRef name,
                                            std::string &error) {
  for (int64_t d = 1; d < 4; ++d)
    if (input.isDynamicDim(d)) {
      error = name.str() + " needs fixed channels, height and width, got " +
              formatShape(input.getShape());
      return failure();
    }
  return success();
}

/// The operands of one window op share an element type.
static LogicalResult checkElementTypes(ValueRange values, StringRef name,
                                       std::string &error) {
  Type first;
  for (Value v : values) {
    if (!v)
      continue;
    Type element = rankedType(v).getElementType();
    if (first && element != first) {
      error = name.str() + " of element types that differ";
      return failure();
    }
    first = element;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// Checks `weight [Cout, Cin / groups, kH, kW]` against `inputChannels` and
/// `outputChannels` (either may be dynamic).
static LogicalResult checkConvChannels(RankedTensorType weight,
                                       int64_t inputChannels,
                                       int64_t outputChannels, int64_t groups,
                                       std::string &error) {
  if (weight.getRank() != 4) {
    error = "conv2d's weight must be [Cout, Cin/groups, kH, kW], got " +
            formatShape(weight.getShape());
    return failure();
  }
  if (groups <= 0 || groups >= kMaxWindowValue) {
    error = "groups must be positive, got " + std::to_string(groups);
    return failure();
  }
  int64_t perGroup = weight.getDimSize(1), cout = weight.getDimSize(0);
  if (!ShapedType::isDynamic(inputChannels) &&
      !ShapedType::isDynamic(perGroup) && perGroup * groups != inputChannels) {
    error = "input channels " + std::to_string(inputChannels) +
            " differ from the weight's " + std::to_string(perGroup) +
            " x groups " + std::to_string(groups);
    return failure();
  }
  if (!ShapedType::isDynamic(cout) && cout % groups != 0) {
    error = "output channels " + std::to_string(cout) +
            " are not divisible by groups " + std::to_string(groups);
    return failure();
  }
  if (!extentsCompatible(cout, outputChannels)) {
    error = "output channels " + std::to_string(outputChannels) +
            " differ from the weight's " + std::to_string(cout);
    return failure();
  }
  return success();
}

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto weight = rankedType(adaptor.getWeight());
  if (input.getRank() != 4)
    return shapeError(loc, "conv2d expects an NCHW input of rank 4, got " +
                               formatShape(input.getShape()));
  Window w{
      {}, adaptor.getStride(), adaptor.getPadding(), adaptor.getDilation()};
  std::string error;
  if (failed(checkStaticWindowShape(input, "conv2d", error)) ||
      failed(checkElementTypes(adaptor.getOperands(), "conv2d", error)))
    return shapeError(loc, error);
  if (!weight.hasStaticShape())
    return shapeError(loc, "conv2d needs a weight of fixed shape, got " +
                               formatShape(weight.getShape()));
  if (failed(checkConvChannels(weight, input.getDimSize(1),
                               ShapedType::kDynamic,
                               signedValue(adaptor.getGroups()), error)))
    return shapeError(loc, error);
  int64_t kernel[2] = {weight.getDimSize(2), weight.getDimSize(3)};
  w.kernel = kernel;
  if (failed(checkWindow(w, /*pooling=*/false, error)))
    return shapeError(loc, error);
  if (Value bias = adaptor.getBias()) {
    auto b = rankedType(bias);
    if (b.getRank() != 1 ||
        !extentsCompatible(b.getDimSize(0), weight.getDimSize(0)))
      return shapeError(loc, "conv2d's bias must be [Cout], got " +
                                 formatShape(b.getShape()));
  }
  Shape shape = {input.getDimSize(0), weight.getDimSize(0)};
  if (failed(windowOutput(w, input.getDimSize(2), input.getDimSize(3), shape,
                          error)))
    return shapeError(loc, "conv2d of " + formatShape(input.getShape()) + ": " +
                               error);
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult
Conv2dInputGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  auto grad = rankedType(adaptor.getGrad());
  auto weight = rankedType(adaptor.getWeight());
  ArrayRef<int64_t> size = adaptor.getInputSize();
  if (grad.getRank() != 4 || size.size() != 2 || size[0] <= 0 || size[1] <= 0)
    return shapeError(loc, "conv2d_input_grad needs a gradient of rank 4 and "
                           "a positive input_size [H, W]");
  std::string error;
  if (!weight.hasStaticShape() ||
      failed(checkStaticWindowShape(grad, "conv2d_input_grad", error)) ||
      failed(
          checkElementTypes(adaptor.getOperands(), "conv2d_input_grad", error)))
    return shapeError(loc, error.empty() ? "conv2d_input_grad needs a weight "
                                           "of fixed shape"
                                         : error);
  if (failed(checkConvChannels(weight, ShapedType::kDynamic, grad.getDimSize(1),
                               adaptor.getGroups(), error)))
    return shapeError(loc, error);
  int64_t kernel[2] = {weight.getDimSize(2), weight.getDimSize(3)};
  Window w{kernel, adaptor.getStride(), adaptor.getPadding(),
           adaptor.getDilation()};
  if (failed(checkWindow(w, /*pooling=*/false, error)) ||
      failed(checkWindowMatches(w, size, grad.getShape().drop_front(2), error)))
    return shapeError(loc, error);
  Shape shape = {grad.getDimSize(0),
                 weight.getDimSize(1) * signedValue(adaptor.getGroups()),
                 size[0], size[1]};
  types.push_back(RankedTensorType::get(shape, grad.getElementType()));
  return success();
}

LogicalResult
Conv2dWeightGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                     Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto grad = rankedType(adaptor.getGrad());
  if (input.getRank() != 4 || grad.getRank() != 4)
    return shapeError(loc, "conv2d_weight_grad needs an input and a gradient "
                           "of rank 4");
  Window w{adaptor.getKernel(), adaptor.getStride(), adaptor.getPadding(),
           adaptor.getDilation()};
  std::string error;
  if (failed(checkStaticWindowShape(input, "conv2d_weight_grad", error)) ||
      failed(checkStaticWindowShape(grad, "conv2d_weight_grad", error)) ||
      failed(checkElementTypes(adaptor.getOperands(), "conv2d_weight_grad",
                               error)) ||
      failed(checkWindow(w, /*pooling=*/false, error)) ||
      failed(checkWindowMatches(w, input.getShape().drop_front(2),
                                grad.getShape().drop_front(2), error)))
    return shapeError(loc, error);
  int64_t groups = signedValue(adaptor.getGroups()), cin = input.getDimSize(1);
  int64_t cout = grad.getDimSize(1);
  if (groups <= 0 || ShapedType::isDynamic(cin) ||
      ShapedType::isDynamic(cout) || cin % groups != 0 || cout % groups != 0)
    return shapeError(loc, "conv2d_weight_grad needs static channels "
                           "divisible by groups");
  Shape shape = {cout, cin / groups, w.kernel[0], w.kernel[1]};
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// The result type of max_pool2d and avg_pool2d.
static LogicalResult inferPool(std::optional<Location> loc, StringRef name,
                               Value inputValue, const Window &w,
                               SmallVectorImpl<Type> &types) {
  auto input = rankedType(inputValue);
  if (input.getRank() != 4)
    return shapeError(loc, name.str() + " expects an NCHW input of rank 4, " +
                               "got " + formatShape(input.getShape()));
  std::string error;
  if (failed(checkStaticWindowShape(input, name, error)) ||
      failed(checkWindow(w, /*pooling=*/true, error)))
    return shapeError(loc, error);
  Shape shape = {input.getDimSize(0), input.getDimSize(1)};
  if (failed(windowOutput(w, input.getDimSize(2), input.getDimSize(3), shape,
                          error)))
    return shapeError(loc, name.str() + " of " + formatShape(input.getShape()) +
                               ": " + error);
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(loc, "max_pool2d", adaptor.getInput(),
                   {adaptor.getKernel(), adaptor.getStride(),
                    adaptor.getPadding(), kUnitDilation},
                   types);
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(loc, "avg_pool2d", adaptor.getInput(),
                   {adaptor.getKernel(), adaptor.getStride(),
                    adaptor.getPadding(), kUnitDilation},
                   types);
}

/// Checks a pooling gradient `grad` against the pooled tensor's type `input`.
static LogicalResult verifyPoolGrad(Operation *op, RankedTensorType input,
                                    RankedTensorType grad, const Window &w) {
  if (input.getRank() != 4 || grad.getRank() != 4)
    return op->emitOpError("needs an input and a gradient of rank 4");
  if (input.getElementType() != grad.getElementType())
    return op->emitOpError("element types differ: ")
           << input.getElementType() << " and " << grad.getElementType();
  std::string error;
  if (failed(
          checkStaticWindowShape(input, op->getName().stripDialect(), error)) ||
      failed(checkWindow(w, /*pooling=*/true, error)) ||
      failed(checkWindowMatches(w, input.getShape().drop_front(2),
                                grad.getShape().drop_front(2), error)))
    return op->emitOpError(error);
  for (int k = 0; k < 2; ++k)
    if (!extentsCompatible(input.getDimSize(k), grad.getDimSize(k)))
      return op->emitOpError("batch and channel extents differ: ")
             << formatShape(input.getShape()) << " and "
             << formatShape(grad.getShape());
  return success();
}

LogicalResult MaxPool2dGradOp::verify() {
  return verifyPoolGrad(
      *this, getInput().getType(), getGrad().getType(),
      {getKernel(), getStride(), getPadding(), kUnitDilation});
}

LogicalResult AvgPool2dGradOp::verify() {
  auto result = getResult().getType();
  if (result.getRank() == 4 &&
      (result.isDynamicDim(2) || result.isDynamicDim(3)))
    return emitOpError("needs static spatial extents, got ")
           << formatShape(result.getShape());
  return verifyPoolGrad(
      *this, result, getGrad().getType(),
      {getKernel(), getStride(), getPadding(), kUnitDilation});
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

static LogicalResult verifyEps(Operation *op, double eps) {
  if (!(eps > 0) || !std::isfinite(eps))
    return op->emitOpError("eps must be finite and positive, got ") << eps;
  return success();
}

LogicalResult LayerNormOp::verify() {
  auto input = getInput().getType(), weight = getWeight().getType();
  int64_t rank = weight.getRank(), offset = input.getRank() - rank;
  bool fits = rank >= 1 && offset >= 0;
  for (int64_t i = 0; fits && i < rank; ++i)
    fits =
        extentsCompatible(weight.getDimSize(i), input.getDimSize(offset + i));
  if (!fits)
    return emitOpError("weight ") << formatShape(weight.getShape())
                                  << " must match the trailing dimensions of "
                                  << formatShape(input.getShape());
  if (getBias() && getBias().getType() != weight)
    return emitOpError("bias ")
           << getBias().getType() << " must have the weight's type " << weight;
  if (weight.getElementType() != input.getElementType())
    return emitOpError("element types differ: ")
           << input.getElementType() << " and " << weight.getElementType();
  return verifyEps(*this, getEps().convertToDouble());
}

LogicalResult BatchNormOp::verify() {
  auto input = getInput().getType();
  if (input.getRank() < 2)
    return emitOpError("expects [N, C, ...], got ")
           << formatShape(input.getShape());
  int64_t channels = input.getDimSize(1);
  for (Value v : {getMean(), getVar(), getWeight(), getBias()}) {
    if (!v)
      continue;
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getRank() != 1 || !extentsCompatible(type.getDimSize(0), channels))
      return emitOpError("statistics, weight and bias must be [")
             << (ShapedType::isDynamic(channels) ? std::string("?")
                                                 : std::to_string(channels))
             << "], got " << formatShape(type.getShape());
    if (type.getElementType() != input.getElementType())
      return emitOpError("element types differ: ")
             << input.getElementType() << " and " << type.getElementType();
  }
  return verifyEps(*this, getEps().convertToDouble());
}

//===----------------------------------------------------------------------===//
// Embedding, dropout, masks
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto ids = rankedType(adaptor.getIds());
  auto table = rankedType(adaptor.getTable());
  if (table.getRank() != 2)
    return shapeError(loc, "embedding table must be [n, d], got " +
                               formatShape(table.getShape()));
  Shape shape(ids.getShape());
  shape.push_back(table.getDimSize(1));
  types.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

LogicalResult EmbeddingGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  auto ids = rankedType(adaptor.getIds());
  auto grad = rankedType(adaptor.getGrad());
  bool ok = grad.getRank() == ids.getRank() + 1;
  for (int64_t i = 0; ok && i < ids.getRank(); ++i)
    ok = extentsCompatible(ids.getDimSize(i), grad.getDimSize(i));
  int64_t rows = signedValue(adaptor.getNumEmbeddings());
  if (!ok || rows <= 0 || ids.getRank() == 0)
    return shapeError(loc,
                      "embedding_grad of ids " + formatShape(ids.getShape()) +
                          " and gradient " + formatShape(grad.getShape()) +
                          " for a table of " +
                          std::to_string(adaptor.getNumEmbeddings()) + " rows");
  types.push_back(RankedTensorType::get({rows, grad.getShape().back()},
                                        grad.getElementType()));
  return success();
}

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  int64_t classes = signedValue(adaptor.getClasses());
  if (classes <= 0)
    return shapeError(loc, "one_hot needs a positive number of classes, got " +
                               std::to_string(classes));
  Shape shape(rankedType(adaptor.getIds()).getShape());
  shape.push_back(classes);
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult DropoutOp::verify() {
  double p = getP().convertToDouble();
  if (!(p >= 0.0 && p < 1.0))
    return emitOpError("probability must be in [0, 1), got ") << p;
  return success();
}

LogicalResult CausalMaskOp::verify() {
  auto type = getResult().getType();
  if (type.getRank() != 2 ||
      !extentsCompatible(type.getDimSize(0), type.getDimSize(1)) ||
      type.isDynamicDim(0) != type.isDynamicDim(1))
    return emitOpError("result must be square [T, T], got ")
           << formatShape(type.getShape());
  if (type.isDynamicDim(0) != static_cast<bool>(getSize()))
    return emitOpError(type.isDynamicDim(0)
                           ? "a dynamic mask needs a size operand"
                           : "a static mask takes no size operand");
  return success();
}

LogicalResult GeluGradOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("approximate must be \"none\" or \"tanh\", got \"")
           << getApproximate() << "\"";
  return success();
}

LogicalResult CrossEntropyGradOp::verify() {
  auto logits = getLogits().getType(), labels = getLabels().getType();
  auto grad = getGrad().getType();
  if (logits.getRank() != 2 || labels.getRank() != 1 ||
      !extentsCompatible(logits.getDimSize(0), labels.getDimSize(0)))
    return emitOpError("expected logits [N, C] and labels [N], got ")
           << formatShape(logits.getShape()) << " and "
           << formatShape(labels.getShape());
  if (grad.getRank() != 0 || grad.getElementType() != logits.getElementType())
    return emitOpError("the gradient must be a scalar of the logits' "
                       "element type, got ")
           << grad;
  return success();
}

//===----------------------------------------------------------------------===//
// Learning-rate schedules
//===----------------------------------------------------------------------===//

LogicalResult LearningRateOp::verify() {
  StringRef schedule = getSchedule();
  if (!llvm::StringSwitch<bool>(schedule)
           .Cases("constant", "step", "cosine", true)
           .Default(false))
    return emitOpError("unknown schedule \"")
           << schedule << "\"; expected constant, step or cosine";
  double lr = getLr().convertToDouble();
  if (!(lr >= 0) || !std::isfinite(lr))
    return emitOpError("learning rate must be finite and >= 0, got ") << lr;
  int64_t warmup = signedValue(getWarmup());
  int64_t stepSize = signedValue(getStepSize());
  int64_t total = signedValue(getTotalSteps());
  if (warmup < 0)
    return emitOpError("warmup must be >= 0, got ") << warmup;
  if (schedule == "step" && stepSize <= 0)
    return emitOpError("the step schedule needs step_size > 0, got ")
           << stepSize;
  if (schedule == "cosine" && total <= warmup)
    return emitOpError("the cosine schedule needs total_steps (")
           << total << ") greater than warmup (" << warmup << ")";
  return success();
}
