//===- DlcOps.cpp - verifiers and type inference of dlc ops ---------------===//
#include "dialects/Dlc/DlcOps.h"
#include "dialects/Dlc/OpUtils.h"
#include "dialects/Dlc/ShapeRules.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dlc;

//===----------------------------------------------------------------------===//
// State declarations
//===----------------------------------------------------------------------===//

template <typename DeclOp> static LogicalResult verifyStateDecl(DeclOp op) {
  auto type = cast<RankedTensorType>(op.getType());
  if (!type.hasStaticShape())
    return op.emitOpError("'")
           << op.getSymName() << "' needs a static shape, got " << type;
  bool known =
      llvm::StringSwitch<bool>(op.getInit())
          .Cases("zeros", "ones", "uniform", "normal", true)
          .Cases("glorot_uniform", "kaiming_uniform", "kaiming_normal", true)
          .Default(false);
  if (!known)
    return op.emitOpError("unknown initialiser '") << op.getInit() << "'";
  StringRef init = op.getInit();
  bool random = init != "zeros" && init != "ones";
  if (random && !isa<FloatType>(type.getElementType()))
    return op.emitOpError("'")
           << op.getSymName() << "' of type " << type
           << " cannot take the random initialiser '" << init << "'";
  double a = op.getInitA().convertToDouble();
  double b = op.getInitB().convertToDouble();
  if (init == "uniform" && !(a <= b))
    return op.emitOpError("uniform bounds are reversed: ") << a << " > " << b;
  if (init == "normal" && !(b >= 0))
    return op.emitOpError("normal standard deviation ") << b << " is negative";
  bool usesFans = init == "glorot_uniform" || init == "kaiming_uniform" ||
                  init == "kaiming_normal";
  if (usesFans && op.getFanIn() <= 0)
    return op.emitOpError("'")
           << init << "' needs a positive fan_in, got " << op.getFanIn();
  return success();
}

LogicalResult ParamOp::verify() { return verifyStateDecl(*this); }
LogicalResult BufferOp::verify() { return verifyStateDecl(*this); }
LogicalResult OptimizerStateOp::verify() { return verifyStateDecl(*this); }

static Type declaredStateType(Operation *decl);

LogicalResult LoadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *decl = symbolTable.lookupNearestSymbolFrom(*this, getNameAttr());
  Type declared = declaredStateType(decl);
  if (!declared)
    return emitOpError("'")
           << getName() << "' is not a tensor of the model state";
  if (declared != getType())
    return emitOpError("type ")
           << getType() << " does not match the declared " << declared;
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

/// The type of a state declaration; null for anything else.
static Type declaredStateType(Operation *decl) {
  if (auto param = dyn_cast_or_null<ParamOp>(decl))
    return param.getType();
  if (auto buffer = dyn_cast_or_null<BufferOp>(decl))
    return buffer.getType();
  if (auto state = dyn_cast_or_null<OptimizerStateOp>(decl))
    return state.getType();
  return nullptr;
}

LogicalResult StoreOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *decl = symbolTable.lookupNearestSymbolFrom(*this, getNameAttr());
  Type declared = declaredStateType(decl);
  if (!declared)
    return emitOpError("'")
           << getName() << "' is not a tensor of the model state";
  if (declared != getValue().getType())
    return emitOpError("type ") << getValue().getType()
                                << " does not match the declared " << declared;
  return success();
}

LogicalResult KernelCallOp::verify() {
  if (getResults().size() != getOutputs().size())
    return emitOpError("has ") << getOutputs().size() << " outputs but "
                               << getResults().size() << " results";
  for (auto [output, result] : llvm::zip(getOutputs(), getResults()))
    if (output.getType() != result.getType())
      return emitOpError("result type ")
             << result.getType() << " differs from its output's "
             << output.getType();
  return success();
}

LogicalResult
KernelCallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto kernel =
      symbolTable.lookupNearestSymbolFrom<func::FuncOp>(*this, getKernelAttr());
  if (!kernel || !kernel.isExternal())
    return emitOpError("'")
           << getKernel() << "' is not a declared external function";
  FunctionType type = kernel.getFunctionType();
  size_t operands = getInputs().size() + getOutputs().size();
  if (type.getNumInputs() != operands || type.getNumResults() != 0)
    return emitOpError("'") << getKernel() << "' takes " << type.getNumInputs()
                            << " buffers, not " << operands;
  for (auto [operand, argument] : llvm::zip(getOperands(), type.getInputs())) {
    auto tensor = cast<RankedTensorType>(operand.getType());
    auto memref = dyn_cast<MemRefType>(argument);
    if (!memref || memref.getRank() != tensor.getRank() ||
        memref.getElementType() != tensor.getElementType())
      return emitOpError("operand type ")
             << tensor << " does not match the kernel's " << argument;
  }
  return success();
}

LogicalResult FusionGroupOp::verify() {
  StringRef kind = getKind();
  if (kind != Contraction && kind != Rows && kind != Optimizer &&
      kind != Elementwise)
    return emitOpError("kind '") << kind
                                 << "' is not one of contraction, "
                                    "rows, optimizer, elementwise";
  if ((kind == Rows) != getRowDims().has_value())
    return emitOpError("row_dims is given exactly for a rows group");
  if (getRowDims() && *getRowDims() < 1)
    return emitOpError("row_dims ") << *getRowDims() << " is not positive";
  auto yield = dyn_cast<YieldOp>(getBody().front().getTerminator());
  if (!yield)
    return emitOpError("body does not end in dlc.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ") << yield.getValues().getTypes()
                                  << " but has results " << getResultTypes();
  return success();
}

LogicalResult SizeOp::verify() {
  int64_t rank = getInput().getType().getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  return success();
}

/// The operand of the elementwise op `op` and its axis that have the
/// dynamic extent of the result's `axis`, or null. Broadcasting takes
/// dynamic extents to be equal (the lowering reads the result's from
/// either operand), so any operand dynamic there has it.
static std::pair<Value, int64_t> operandWithExtent(Operation *op,
                                                   int64_t axis) {
  if (!op ||
      !(op->hasTrait<mlir::OpTrait::SameOperandsAndResultType>() ||
        isa<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, PowOp>(op)))
    return {};
  int64_t rank = cast<RankedTensorType>(op->getResult(0).getType()).getRank();
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    int64_t operandAxis = type ? axis - (rank - type.getRank()) : -1;
    if (operandAxis >= 0 && type.isDynamicDim(operandAxis))
      return {operand, operandAxis};
  }
  return {};
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto type = getInput().getType();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= type.getRank())
    return {};
  if (type.isDynamicDim(axis)) {
    // Asked of the elementwise op's operand instead, the extent no longer
    // keeps the op's result alive: fused into a reduction, it need not be
    // stored (a batch norm's squared deviations).
    auto [operand, operandAxis] =
        operandWithExtent(getInput().getDefiningOp(), axis);
    if (!operand)
      return {};
    getInputMutable().assign(operand);
    setAxis(operandAxis);
    return getResult();
  }
  return DenseElementsAttr::get(cast<ShapedType>(getResult().getType()),
                                llvm::ArrayRef<int64_t>(type.getDimSize(axis)));
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// The broadcasting binary ops' result type (see Dlc_BroadcastBinaryOp).
static LogicalResult inferBroadcast(std::optional<Location> loc, Value lhsValue,
                                    Value rhsValue,
                                    SmallVectorImpl<Type> &types) {
  auto lhs = rankedType(lhsValue), rhs = rankedType(rhsValue);
  if (lhs.getElementType() != rhs.getElementType()) {
    if (loc)
      emitError(*loc, "element types differ: ")
          << lhs.getElementType() << " and " << rhs.getElementType();
    return failure();
  }
  Shape shape;
  std::string error;
  if (failed(broadcastShapes(lhs.getShape(), rhs.getShape(), shape, error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

/// Division and power are defined on floats only: the language's `/` is
/// true division, as PyTorch's is, and integer division by zero would trap.
template <typename FloatOnlyOp>
static LogicalResult verifyFloatOnly(FloatOnlyOp op, StringRef what) {
  Type element = op.getLhs().getType().getElementType();
  if (!isa<FloatType>(element))
    return op.emitOpError(what)
           << " of " << element << " is not supported; cast to a float type";
  return success();
}

LogicalResult DivOp::verify() { return verifyFloatOnly(*this, "division"); }
LogicalResult PowOp::verify() { return verifyFloatOnly(*this, "power"); }

LogicalResult CastOp::verify() {
  if (getInput().getType().getShape() != getResult().getType().getShape())
    return emitOpError("cast cannot change the shape ")
           << formatShape(getInput().getType().getShape()) << " to "
           << formatShape(getResult().getType().getShape());
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("approximate must be \"none\" or \"tanh\", got \"")
           << getApproximate() << "\"";
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions and shape
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto lhs = rankedType(adaptor.getLhs()), rhs = rankedType(adaptor.getRhs());
  Shape shape;
  std::string error;
  if (failed(matmulShape(lhs.getShape(), rhs.getShape(), shape, error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

LogicalResult LinearOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto weight = rankedType(adaptor.getWeight());
  std::optional<ArrayRef<int64_t>> bias;
  if (adaptor.getBias())
    bias = rankedType(adaptor.getBias()).getShape();
  Shape shape;
  std::string error;
  if (failed(linearShape(input.getShape(), weight.getShape(),
                         bias ? &*bias : nullptr, shape, error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  int64_t rank = input.getRank();
  llvm::SmallVector<bool, 8> seen(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank)
    return shapeError(loc, "permutation of " + std::to_string(perm.size()) +
                               " axes for a tensor of rank " +
                               std::to_string(rank));
  Shape shape;
  for (int64_t axis : perm) {
    if (axis < 0 || axis >= rank || seen[axis])
      return shapeError(loc,
                        "invalid permutation axis " + std::to_string(axis));
    seen[axis] = true;
    shape.push_back(input.getDimSize(axis));
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

int64_t ReshapeOp::getInferredDim() {
  if (std::optional<int64_t> inferred = getInferred())
    return *inferred;
  auto out = getResult().getType();
  if (getSizes().empty() && out.getNumDynamicDims() == 1)
    for (int64_t i = 0; i < out.getRank(); ++i)
      if (out.isDynamicDim(i))
        return i;
  return -1;
}

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("reshape cannot change the element type");
  int64_t inferred = getInferredDim();
  if (std::optional<int64_t> given = getInferred())
    if (*given < 0 || *given >= out.getRank() || !out.isDynamicDim(*given))
      return emitOpError("inferred dimension ")
             << *given << " is not a dynamic dimension of "
             << formatShape(out.getShape());
  int64_t wanted = out.getNumDynamicDims() - (inferred >= 0 ? 1 : 0);
  if (static_cast<int64_t>(getSizes().size()) != wanted)
    return emitOpError("expected ")
           << wanted << " sizes for the dynamic extents of "
           << formatShape(out.getShape()) << ", got " << getSizes().size();
  int64_t fixed = 1;
  for (int64_t extent : out.getShape())
    if (!ShapedType::isDynamic(extent))
      fixed *= extent;
  // The lowering derives the inferred extent as count / fixed.
  if (fixed == 0 && inferred >= 0)
    return emitOpError("cannot derive a symbolic extent of ")
           << formatShape(out.getShape()) << " next to an extent of 0";
  if (!in.hasStaticShape())
    return success();
  // Against a static element count, a static result must have it and an
  // inferred extent must come out whole.
  bool onlyInferred = getSizes().empty() && inferred >= 0;
  bool fits = out.hasStaticShape() ? fixed == in.getNumElements()
              : onlyInferred       ? in.getNumElements() % fixed == 0
                                   : true;
  if (!fits)
    return emitOpError("cannot reshape ")
           << formatShape(in.getShape()) << " (" << in.getNumElements()
           << " elements) to " << formatShape(out.getShape());
  return success();
}

/// Operands of one contraction or loss share an element type.
static LogicalResult verifySameElementType(Operation *op, ValueRange values) {
  Type first =
      cast<RankedTensorType>(values.front().getType()).getElementType();
  for (Value v : values.drop_front())
    if (cast<RankedTensorType>(v.getType()).getElementType() != first)
      return op->emitOpError("operand element types differ: ")
             << first << " and "
             << cast<RankedTensorType>(v.getType()).getElementType();
  return success();
}

LogicalResult MatmulOp::verify() {
  return verifySameElementType(*this, getOperands());
}
LogicalResult LinearOp::verify() {
  return verifySameElementType(*this, getOperands());
}
LogicalResult MseOp::verify() {
  return verifySameElementType(*this, getOperands());
}

//===----------------------------------------------------------------------===//
// Reductions and normalisations
//===----------------------------------------------------------------------===//

/// The reductions' result type (see Dlc_ReduceOp).
static LogicalResult inferReduce(std::optional<Location> loc, Value inputValue,
                                 ArrayRef<int64_t> axes, bool keepDim,
                                 SmallVectorImpl<Type> &types) {
  auto input = rankedType(inputValue);
  Shape shape;
  std::string error;
  if (failed(reduceShape(input.getShape(), axes, keepDim, shape, error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

template <typename AxisOp> static LogicalResult verifyAxis(AxisOp op) {
  int64_t rank = op.getInput().getType().getRank();
  if (op.getAxis() < 0 || op.getAxis() >= rank)
    return op.emitOpError("axis ")
           << op.getAxis() << " is out of range for rank " << rank;
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifyAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifyAxis(*this); }

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  Shape shape;
  std::string error;
  int64_t axis = adaptor.getAxis();
  if (failed(reduceShape(input.getShape(), ArrayRef<int64_t>(axis),
                         adaptor.getKeepdim(), shape, error)))
    return shapeError(loc, error);
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//

/// Logits `[N, C]` against labels `[N]`, shared by cross_entropy and accuracy.
static LogicalResult inferClassification(std::optional<Location> loc,
                                         Value logitsValue, Value labelsValue,
                                         SmallVectorImpl<Type> &types) {
  auto logits = rankedType(logitsValue), labels = rankedType(labelsValue);
  if (logits.getRank() != 2 || labels.getRank() != 1 ||
      !extentsCompatible(logits.getDimSize(0), labels.getDimSize(0)))
    return shapeError(loc, "expected logits [N, C] and labels [N], got " +
                               formatShape(logits.getShape()) + " and " +
                               formatShape(labels.getShape()));
  types.push_back(RankedTensorType::get({}, logits.getElementType()));
  return success();
}

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  return inferClassification(loc, adaptor.getLogits(), adaptor.getLabels(),
                             types);
}

LogicalResult AccuracyOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  return inferClassification(loc, adaptor.getLogits(), adaptor.getLabels(),
                             types);
}

/// A loss of two tensors of one shape (no broadcasting): mse and
/// bce_with_logits. `what` names the op and its operands in messages.
static LogicalResult inferSameShapeLoss(std::optional<Location> loc,
                                        StringRef what, Value lhs, Value rhs,
                                        SmallVectorImpl<Type> &types) {
  auto a = rankedType(lhs), b = rankedType(rhs);
  bool same = a.getRank() == b.getRank();
  for (int64_t i = 0; same && i < a.getRank(); ++i)
    same = extentsCompatible(a.getDimSize(i), b.getDimSize(i));
  if (!same)
    return shapeError(loc, what.str() + " " + formatShape(a.getShape()) +
                               " and target " + formatShape(b.getShape()) +
                               ": shapes must be equal");
  types.push_back(RankedTensorType::get({}, a.getElementType()));
  return success();
}

LogicalResult MseOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  return inferSameShapeLoss(loc, "mse of prediction", adaptor.getPrediction(),
                            adaptor.getTarget(), types);
}

LogicalResult BceWithLogitsOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferSameShapeLoss(loc, "bce_with_logits of logits",
                            adaptor.getLogits(), adaptor.getTarget(), types);
}

LogicalResult BceWithLogitsOp::verify() {
  return verifySameElementType(*this, getOperands());
}

#define GET_OP_CLASSES
#include "dialects/Dlc/DlcOps.cpp.inc"
