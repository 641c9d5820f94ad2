//===- ModelDescription.cpp - what a model.so says about itself -----------===//
#include "compiler/Target/ModelDescription.h"
#include "dialects/Dlc/DlcOps.h"
#include "dialects/Dlc/StateLayout.h"
#include "dlc/ModelABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/JSON.h"

using namespace mlir;

namespace dlc {

static FailureOr<int32_t> dtypeOf(Type type, Location loc) {
  if (type.isF32())
    return DLC_F32;
  if (type.isF64())
    return DLC_F64;
  if (type.isF16())
    return DLC_F16;
  if (type.isBF16())
    return DLC_BF16;
  if (type.isSignlessInteger(32))
    return DLC_I32;
  if (type.isSignlessInteger(64))
    return DLC_I64;
  if (type.isSignlessInteger(1))
    return DLC_BOOL;
  return emitError(loc, "element type ") << type << " has no model ABI dtype";
}

static int32_t initKindOf(StringRef init) {
  return llvm::StringSwitch<int32_t>(init)
      .Case("zeros", DLC_INIT_ZEROS)
      .Case("ones", DLC_INIT_ONES)
      .Case("uniform", DLC_INIT_UNIFORM)
      .Case("normal", DLC_INIT_NORMAL)
      .Case("glorot_uniform", DLC_INIT_GLOROT_UNIFORM)
      .Case("kaiming_uniform", DLC_INIT_KAIMING_UNIFORM)
      .Case("kaiming_normal", DLC_INIT_KAIMING_NORMAL)
      .Default(DLC_INIT_ZEROS);
}

namespace {
/// Builds input/output descriptions, interning symbolic dimension names.
class SignatureReader {
public:
  explicit SignatureReader(ModelDescription &model) : model(model) {}

  FailureOr<TensorDescription> read(Type type, DictionaryAttr attrs,
                                    std::string name, Location loc) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return emitError(loc, "'") << name << "' is not a ranked tensor";
    TensorDescription desc;
    desc.name = std::move(name);
    FailureOr<int32_t> dtype = dtypeOf(tensor.getElementType(), loc);
    if (failed(dtype))
      return failure();
    desc.dtype = *dtype;
    auto dimsAttr = attrs ? attrs.getAs<ArrayAttr>("dlc.dims") : ArrayAttr();
    for (int64_t i = 0; i < tensor.getRank(); ++i) {
      Attribute dim = dimsAttr && i < static_cast<int64_t>(dimsAttr.size())
                          ? dimsAttr[i]
                          : Attribute();
      if (!tensor.isDynamicDim(i)) {
        // The type is what the code was compiled for, whatever the name.
        desc.dims.push_back(tensor.getDimSize(i));
      } else if (auto symbol = dyn_cast_or_null<StringAttr>(dim)) {
        desc.dims.push_back(-1 - intern(symbol.getValue()));
      } else {
        // A dynamic extent nobody named: give it a name of its own.
        desc.dims.push_back(-1 -
                            intern(desc.name + ".dim" + std::to_string(i)));
      }
    }
    return desc;
  }

  /// The symbols interned so far.
  const SmallVector<std::string> &symbols() const { return model.symbols; }

private:
  int64_t intern(StringRef symbol) {
    for (auto [i, known] : llvm::enumerate(model.symbols))
      if (known == symbol)
        return i;
    model.symbols.push_back(symbol.str());
    return model.symbols.size() - 1;
  }
  ModelDescription &model;
};
} // namespace

static std::string optimizerJson(ModuleOp module) {
  auto optimizer = module->getAttrOfType<DictionaryAttr>("dlc.optimizer");
  if (!optimizer)
    return "";
  llvm::json::Object object;
  for (NamedAttribute entry : optimizer) {
    std::string key = entry.getName().str();
    // BoolAttr is an i1 IntegerAttr: test it first, or true reads as -1.
    if (auto b = dyn_cast<BoolAttr>(entry.getValue()))
      object[key] = b.getValue();
    else if (auto s = dyn_cast<StringAttr>(entry.getValue()))
      object[key] = s.getValue().str();
    else if (auto f = dyn_cast<FloatAttr>(entry.getValue()))
      object[key] = f.getValueAsDouble();
    else if (auto i = dyn_cast<IntegerAttr>(entry.getValue()))
      object[key] = i.getValue().getSExtValue();
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(object));
  return text;
}

/// The first `count` arguments of `func`, named by `dlc.name`.
static LogicalResult readInputs(SignatureReader &reader, func::FuncOp func,
                                unsigned count,
                                SmallVectorImpl<TensorDescription> &out) {
  FunctionType type = func.getFunctionType();
  for (unsigned i = 0; i < count; ++i) {
    DictionaryAttr attrs = func.getArgAttrDict(i);
    auto name = attrs ? attrs.getAs<StringAttr>("dlc.name") : StringAttr();
    FailureOr<TensorDescription> input = reader.read(
        type.getInput(i), attrs,
        name ? name.str() : "input" + std::to_string(i), func.getLoc());
    if (failed(input))
      return failure();
    out.push_back(std::move(*input));
  }
  return success();
}

/// The results of `func`, named by `dlc.name` or `output<i>`; their symbols
/// must be among the first `inputSymbols`, which the inputs bind.
static LogicalResult readOutputs(SignatureReader &reader, func::FuncOp func,
                                 size_t inputSymbols, StringRef what,
                                 SmallVectorImpl<TensorDescription> &out) {
  FunctionType type = func.getFunctionType();
  const SmallVector<std::string> &symbols = reader.symbols();
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    DictionaryAttr attrs = func.getResultAttrDict(i);
    auto name = attrs ? attrs.getAs<StringAttr>("dlc.name") : StringAttr();
    FailureOr<TensorDescription> output = reader.read(
        type.getResult(i), attrs,
        name ? name.str() : "output" + std::to_string(i), func.getLoc());
    if (failed(output))
      return failure();
    for (auto [axis, dim] : llvm::enumerate(output->dims))
      if (dim < 0 && static_cast<size_t>(-1 - dim) >= inputSymbols)
        return func.emitError("dimension ")
               << axis << " of " << what << "'s result is '"
               << symbols[-1 - dim]
               << "', which no input binds: an output's extents must be "
                  "fixed or a symbol of an input";
    out.push_back(std::move(*output));
  }
  return success();
}

/// The batch and results of train_step and eval_step, which must agree:
/// train_step takes the batch and then the step's seed.
static LogicalResult describeTraining(ModuleOp module, SignatureReader &reader,
                                      ModelDescription &model) {
  auto train = module.lookupSymbol<func::FuncOp>("train_step");
  auto eval = module.lookupSymbol<func::FuncOp>("eval_step");
  if (!train && !eval)
    return success();
  if (!train || !eval || train.isPrivate() || eval.isPrivate())
    return module.emitError("a model with a train block needs public "
                            "'train_step' and 'eval_step' functions");
  FunctionType trainType = train.getFunctionType();
  FunctionType evalType = eval.getFunctionType();
  unsigned batch = evalType.getNumInputs();
  bool agree = trainType.getNumInputs() == batch + 1 &&
               trainType.getInputs().drop_back() == evalType.getInputs() &&
               trainType.getResults() == evalType.getResults() &&
               train.getArgAttr(batch, "dlc.seed");
  if (!agree)
    return train.emitError("train_step must take eval_step's inputs and then "
                           "a 'dlc.seed' tensor<i64>, and return what "
                           "eval_step returns");
  for (Type result : evalType.getResults())
    if (cast<RankedTensorType>(result).getRank() != 0)
      return eval.emitError("the results of eval_step must be scalars, got ")
             << result;
  if (failed(readInputs(reader, eval, batch, model.batchInputs)) ||
      failed(readOutputs(reader, eval, model.symbols.size(), "eval_step",
                         model.stepOutputs)))
    return failure();
  model.entryPoints |= DLC_ENTRY_TRAIN_STEP | DLC_ENTRY_EVAL_STEP;
  return success();
}

FailureOr<ModelDescription> describeModel(ModuleOp module) {
  ModelDescription model;
  if (auto name = module->getAttrOfType<StringAttr>("dlc.model"))
    model.name = name.str();
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  if (!forward || forward.isPrivate())
    return module.emitError("the model has no public 'forward' function");

  StateLayout layout = computeStateLayout(module);
  model.stateBytes = layout.totalBytes;
  for (const StateSlot &slot : layout.slots) {
    TensorDescription desc;
    desc.name = slot.name.str();
    FailureOr<int32_t> dtype =
        dtypeOf(slot.type.getElementType(), slot.decl->getLoc());
    if (failed(dtype))
      return failure();
    desc.dtype = *dtype;
    desc.dims.assign(slot.type.getShape().begin(), slot.type.getShape().end());
    desc.offset = slot.offset;
    auto fill = [&](auto decl) {
      desc.init = initKindOf(decl.getInit());
      desc.initA = decl.getInitA().convertToDouble();
      desc.initB = decl.getInitB().convertToDouble();
      desc.fanIn = decl.getFanIn();
      desc.fanOut = decl.getFanOut();
    };
    switch (slot.kind) {
    case StateKind::Param:
      fill(cast<ParamOp>(slot.decl));
      model.params.push_back(std::move(desc));
      break;
    case StateKind::Buffer:
      fill(cast<BufferOp>(slot.decl));
      model.buffers.push_back(std::move(desc));
      break;
    case StateKind::OptimizerState:
      fill(cast<OptimizerStateOp>(slot.decl));
      model.optimizerState.push_back(std::move(desc));
      break;
    }
  }

  SignatureReader reader(model);
  model.entryPoints = DLC_ENTRY_FORWARD;
  if (failed(
          readInputs(reader, forward, forward.getNumArguments(), model.inputs)))
    return failure();
  // An output's symbolic extents must be bound by the inputs: the caller
  // allocates outputs from the description before the call.
  if (failed(readOutputs(reader, forward, model.symbols.size(), "forward",
                         model.outputs)))
    return failure();
  if (failed(describeTraining(module, reader, model)))
    return failure();
  model.optimizerJson = optimizerJson(module);
  return model;
}

} // namespace dlc
