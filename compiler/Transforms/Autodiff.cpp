//===- Autodiff.cpp - train_step by reverse-mode autodiff -----------------===//
//
// See AutodiffPass in Passes.td. The backward pass is built only for active
// values: those that depend on a parameter (varied) and that the loss
// depends on (useful). Gradients of a value with several uses are summed.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Optimizer.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/VjpBuilder.h"
#include "dialects/Dlc/DlcOps.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

namespace dlc {
#define GEN_PASS_DEF_AUTODIFFPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {

bool isFloatTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// The values on a path from a parameter to the loss.
class Activity {
public:
  Activity(Block &body, Value loss, ModuleOp module) {
    for (Operation &op : body) {
      if (auto load = dyn_cast<LoadOp>(op)) {
        if (module.lookupSymbol<ParamOp>(load.getNameAttr()))
          varied.insert(load.getResult());
        continue;
      }
      if (llvm::any_of(op.getOperands(),
                       [&](Value v) { return varied.contains(v); }))
        for (Value result : op.getResults())
          if (isFloatTensor(result))
            varied.insert(result);
    }
    useful.insert(loss);
    for (Operation &op : llvm::reverse(body))
      if (llvm::any_of(op.getResults(),
                       [&](Value v) { return useful.contains(v); }))
        useful.insert(op.operand_begin(), op.operand_end());
  }

  bool isActive(Value v) const {
    return varied.contains(v) && useful.contains(v);
  }

private:
  llvm::DenseSet<Value> varied, useful;
};

/// Builds the backward pass of `step` before its return and returns the
/// gradient of each parameter the loss depends on, in declaration order.
FailureOr<SmallVector<ParamGradient>> buildBackward(func::FuncOp step,
                                                    ModuleOp module) {
  if (!llvm::hasSingleElement(step.getBody()))
    return step.emitError("train_step must be a single block");
  Block &body = step.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  if (ret.getNumOperands() == 0 || !isFloatTensor(ret.getOperand(0)))
    return step.emitError("the first result of train_loss must be the loss");
  Value loss = ret.getOperand(0);
  Activity activity(body, loss, module);
  if (!activity.isActive(loss))
    return emitError(loss.getLoc(),
                     "the loss does not depend on any parameter, so there is "
                     "nothing to train");

  OpBuilder builder(ret);
  VjpBuilder vb(builder, loss.getLoc());
  llvm::DenseMap<Value, Value> grads;
  grads[loss] = vb.constantLike(loss, 1.0);
  auto accumulate = [&](Value target, Value grad) {
    Value &slot = grads[target];
    slot = slot ? builder.create<AddOp>(grad.getLoc(), slot, grad).getResult()
                : grad;
  };

  // The forward ops, latest first; the backward ops go after all of them.
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator())
    forward.push_back(&op);
  for (Operation *op : llvm::reverse(forward)) {
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value result : op->getResults()) {
      Value grad = activity.isActive(result) ? grads.lookup(result) : Value();
      resultGrads.push_back(grad);
      any |= static_cast<bool>(grad);
    }
    if (!any || op->hasTrait<dlc::OpTrait::NonDifferentiable>())
      continue;
    SmallVector<bool> needed;
    for (Value operand : op->getOperands())
      needed.push_back(activity.isActive(operand) && isFloatTensor(operand));
    if (!llvm::is_contained(needed, true))
      continue;
    auto rule = dyn_cast<DifferentiableOpInterface>(op);
    if (!rule)
      return op->emitError("'")
             << op->getName()
             << "' has no gradient rule; give it one in VjpRules.cpp or mark "
                "it NonDifferentiable";
    SmallVector<Value> operandGrads;
    builder.setInsertionPoint(ret);
    if (failed(rule.buildVjp(builder, resultGrads, needed, operandGrads)))
      return op->emitError("cannot build the gradient of '")
             << op->getName() << "'";
    for (auto [operand, grad] : llvm::zip(op->getOperands(), operandGrads)) {
      if (!grad)
        continue;
      if (grad.getType() != operand.getType())
        return op->emitError("the gradient rule of '")
               << op->getName() << "' gave " << grad.getType()
               << " for an operand of type " << operand.getType();
      accumulate(operand, grad);
    }
  }

  // A parameter's gradient sums those of all its loads.
  llvm::StringMap<Value> byName;
  for (Operation *op : forward)
    if (auto load = dyn_cast<LoadOp>(op))
      if (Value grad = grads.lookup(load.getResult())) {
        builder.setInsertionPoint(ret);
        Value &slot = byName[load.getName()];
        slot =
            slot ? builder.create<AddOp>(load.getLoc(), slot, grad).getResult()
                 : grad;
      }
  SmallVector<ParamGradient> result;
  for (auto param : module.getOps<ParamOp>())
    if (Value grad = byName.lookup(param.getSymName()))
      result.push_back({param, grad});
  return result;
}

/// Puts every dlc.store just before the return, where its value takes
/// effect (see dlc.store), and checks that no tensor is stored twice.
LogicalResult sinkStores(func::FuncOp func) {
  Block &body = func.getBody().front();
  Operation *ret = body.getTerminator();
  llvm::StringMap<Operation *> stored;
  SmallVector<StoreOp> stores(body.getOps<StoreOp>());
  for (StoreOp store : stores) {
    auto [it, inserted] = stored.try_emplace(store.getName(), store);
    if (!inserted)
      return store.emitError("'") << store.getName() << "' is stored twice in '"
                                  << func.getSymName() << "'";
    store->moveBefore(ret);
  }
  return success();
}

struct AutodiffPass : dlc::impl::AutodiffPassBase<AutodiffPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto trainLoss = module.lookupSymbol<func::FuncOp>("train_loss");
    if (!trainLoss)
      return;
    if (Operation *existing = module.lookupSymbol("train_step")) {
      existing->emitError("the model already has a 'train_step'");
      return signalPassFailure();
    }
    OpBuilder builder(trainLoss);
    auto step = cast<func::FuncOp>(builder.clone(*trainLoss));
    step.setSymName("train_step");
    step.setPublic();
    trainLoss.erase();

    FailureOr<SmallVector<ParamGradient>> grads = buildBackward(step, module);
    if (failed(grads))
      return signalPassFailure();
    auto ret = cast<func::ReturnOp>(step.getBody().front().getTerminator());
    builder.setInsertionPoint(ret);
    if (applyOptimizer) {
      auto optimizer = module->getAttrOfType<DictionaryAttr>("dlc.optimizer");
      if (!optimizer) {
        step.emitError("the model has no 'dlc.optimizer' to train with");
        return signalPassFailure();
      }
      if (failed(buildOptimizerUpdate(builder, ret.getLoc(), module, optimizer,
                                      *grads)))
        return signalPassFailure();
    } else {
      // The gradients as extra results, for tests and tools.
      SmallVector<Value> results(ret.getOperands());
      SmallVector<Type> types(step.getResultTypes());
      unsigned first = results.size();
      for (const ParamGradient &pg : *grads) {
        results.push_back(pg.grad);
        types.push_back(pg.grad.getType());
      }
      ret->setOperands(results);
      step.setType(
          FunctionType::get(&getContext(), step.getArgumentTypes(), types));
      for (auto [i, pg] : llvm::enumerate(*grads))
        step.setResultAttr(first + i, "dlc.grad_of",
                           builder.getStringAttr(pg.param.getSymName()));
    }
    if (failed(sinkStores(step)))
      signalPassFailure();
  }
};

} // namespace
