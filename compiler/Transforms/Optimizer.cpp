//===- Optimizer.cpp - the optimizer's update in train_step ---------------===//
//
// SGD (momentum, dampening, Nesterov, weight decay), Adam and AdamW as
// PyTorch 1.13 computes them (torch/optim/sgd.py and adam.py, the
// single-tensor forms), in dlc ops: the same IR as the rest of the step, so
// the update of each parameter fuses into one elementwise kernel. Adam's
// bias corrections are scalars computed in f64, as PyTorch computes them in
// Python floats.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Optimizer.h"
#include "compiler/Transforms/VjpBuilder.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace dlc {
namespace {

/// The optimizer's keywords, with PyTorch's defaults for absent ones.
struct Hyperparameters {
  std::string kind, schedule = "constant";
  double lr = 0, momentum = 0, dampening = 0, weightDecay = 0;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, gamma = 0.1, minLr = 0;
  bool nesterov = false;
  int64_t warmup = 0, stepSize = 0, totalSteps = 0;

  explicit Hyperparameters(DictionaryAttr attrs) {
    auto number = [&](StringRef key, double &out) {
      if (auto f = attrs.getAs<FloatAttr>(key))
        out = f.getValueAsDouble();
    };
    auto count = [&](StringRef key, int64_t &out) {
      if (auto i = attrs.getAs<IntegerAttr>(key))
        out = i.getInt();
    };
    if (auto k = attrs.getAs<StringAttr>("kind"))
      kind = k.str();
    if (auto s = attrs.getAs<StringAttr>("schedule"))
      schedule = s.str();
    if (auto n = attrs.getAs<BoolAttr>("nesterov"))
      nesterov = n.getValue();
    if (kind == "adamw")
      weightDecay = 0.01;
    number("lr", lr);
    number("momentum", momentum);
    number("dampening", dampening);
    number("weight_decay", weightDecay);
    number("beta1", beta1);
    number("beta2", beta2);
    number("eps", eps);
    number("gamma", gamma);
    number("min_lr", minLr);
    count("warmup", warmup);
    count("step_size", stepSize);
    count("total_steps", totalSteps);
  }
};

class UpdateBuilder {
public:
  UpdateBuilder(OpBuilder &builder, Location loc, ModuleOp module,
                const Hyperparameters &h)
      : ob(builder), loc(loc), module(module), h(h), b(builder, loc) {}

  LogicalResult build(ArrayRef<ParamGradient> grads) {
    auto i64 = RankedTensorType::get({}, ob.getI64Type());
    if (failed(declare("optimizer.step", i64)))
      return failure();
    step = load("optimizer.step", i64);
    learningRate = ob.create<LearningRateOp>(
        loc, RankedTensorType::get({}, ob.getF64Type()), step,
        ob.getStringAttr(h.schedule), ob.getF64FloatAttr(h.lr),
        ob.getI64IntegerAttr(h.warmup), ob.getI64IntegerAttr(h.stepSize),
        ob.getF64FloatAttr(h.gamma), ob.getI64IntegerAttr(h.totalSteps),
        ob.getF64FloatAttr(h.minLr));
    for (const ParamGradient &pg : grads)
      if (failed(update(pg)))
        return failure();
    store("optimizer.step", b.add(step, b.constant(ob.getI64Type(), 1)));
    return success();
  }

private:
  /// Declares a zero-initialised optimizer state tensor after the model's
  /// other state, refusing a name the model already uses.
  LogicalResult declare(StringRef name, RankedTensorType type) {
    if (Operation *existing = SymbolTable::lookupSymbolIn(module, name))
      return existing->emitError("the model has a tensor named '")
             << name << "', which the optimizer's state needs";
    OpBuilder::InsertionGuard guard(ob);
    auto funcs = module.getOps<func::FuncOp>();
    if (funcs.empty())
      ob.setInsertionPointToEnd(module.getBody());
    else
      ob.setInsertionPoint(*funcs.begin());
    ob.create<OptimizerStateOp>(
        loc, ob.getStringAttr(name), TypeAttr::get(type),
        ob.getStringAttr("zeros"), ob.getF64FloatAttr(0), ob.getF64FloatAttr(0),
        ob.getI64IntegerAttr(0), ob.getI64IntegerAttr(0));
    return success();
  }

  Value load(StringRef name, Type type) {
    return ob.create<LoadOp>(loc, type,
                             FlatSymbolRefAttr::get(ob.getContext(), name));
  }

  void store(StringRef name, Value value) {
    ob.create<StoreOp>(loc, value,
                       FlatSymbolRefAttr::get(ob.getContext(), name));
  }

  /// A state tensor of the parameter `param`, declared on first use.
  FailureOr<Value> paramState(StringRef param, StringRef what,
                              RankedTensorType type) {
    std::string name = ("optimizer." + param + "." + what).str();
    if (failed(declare(name, type)))
      return failure();
    return load(name, type);
  }

  /// A scalar of `type` from the f64 rank-0 tensor `value`.
  Value asElement(Value value, Type type) { return b.cast(value, type); }

  Value constant(Type type, double value) { return b.constant(type, value); }

  LogicalResult update(ParamGradient pg) {
    StringRef name = pg.param.getSymName();
    auto type = cast<RankedTensorType>(pg.param.getType());
    Type element = type.getElementType();
    Value p = load(name, type);
    Value g = pg.grad;
    Value lr = asElement(learningRate, element);
    Value next;
    if (h.kind == "sgd") {
      if (h.weightDecay != 0)
        g = b.add(g, b.mul(p, constant(element, h.weightDecay)));
      if (h.momentum != 0) {
        FailureOr<Value> buffer = paramState(name, "momentum_buffer", type);
        if (failed(buffer))
          return failure();
        // PyTorch's buffer starts as the first gradient itself.
        Value first = b.compare("eq", step, b.constant(ob.getI64Type(), 0));
        Value blended = b.add(b.mul(*buffer, constant(element, h.momentum)),
                              b.mul(g, constant(element, 1 - h.dampening)));
        Value newBuffer = b.select(first, g, blended);
        store(("optimizer." + name + ".momentum_buffer").str(), newBuffer);
        g = h.nesterov
                ? b.add(g, b.mul(newBuffer, constant(element, h.momentum)))
                : newBuffer;
      }
      next = b.sub(p, b.mul(g, lr));
    } else if (h.kind == "adam" || h.kind == "adamw") {
      if (h.kind == "adamw" && h.weightDecay != 0)
        p = b.mul(p, b.sub(constant(element, 1),
                           b.mul(lr, constant(element, h.weightDecay))));
      if (h.kind == "adam" && h.weightDecay != 0)
        g = b.add(g, b.mul(p, constant(element, h.weightDecay)));
      FailureOr<Value> m = paramState(name, "exp_avg", type);
      FailureOr<Value> v = paramState(name, "exp_avg_sq", type);
      if (failed(m) || failed(v))
        return failure();
      Value newM = b.add(b.mul(*m, constant(element, h.beta1)),
                         b.mul(g, constant(element, 1 - h.beta1)));
      Value newV = b.add(b.mul(*v, constant(element, h.beta2)),
                         b.mul(b.mul(g, g), constant(element, 1 - h.beta2)));
      auto [stepSize, correction] = biasCorrections(element);
      Value denominator =
          b.add(b.div(b.sqrt(newV), correction), constant(element, h.eps));
      next = b.sub(p, b.mul(stepSize, b.div(newM, denominator)));
      store(("optimizer." + name + ".exp_avg").str(), newM);
      store(("optimizer." + name + ".exp_avg_sq").str(), newV);
    } else {
      return emitError(loc, "unknown optimizer '") << h.kind << "'";
    }
    store(name, next);
    return success();
  }

  /// Adam's lr / (1 - beta1^t) and sqrt(1 - beta2^t) for this step t, in
  /// f64 and then as `element` scalars (computed once per element type).
  std::pair<Value, Value> biasCorrections(Type element) {
    auto &cached = corrections[element];
    if (cached.first)
      return cached;
    Type f64 = ob.getF64Type();
    Value t = b.cast(b.add(step, b.constant(ob.getI64Type(), 1)), f64);
    Value one = constant(f64, 1);
    Value first = b.sub(one, b.pow(constant(f64, h.beta1), t));
    Value second = b.sub(one, b.pow(constant(f64, h.beta2), t));
    cached = {asElement(b.div(learningRate, first), element),
              asElement(b.sqrt(second), element)};
    return cached;
  }

  OpBuilder &ob;
  Location loc;
  ModuleOp module;
  const Hyperparameters &h;
  VjpBuilder b;
  Value step, learningRate;
  llvm::DenseMap<Type, std::pair<Value, Value>> corrections;
};

} // namespace

LogicalResult buildOptimizerUpdate(OpBuilder &builder, Location loc,
                                   ModuleOp module, DictionaryAttr optimizer,
                                   ArrayRef<ParamGradient> grads) {
  Hyperparameters h(optimizer);
  return UpdateBuilder(builder, loc, module, h).build(grads);
}

} // namespace dlc
