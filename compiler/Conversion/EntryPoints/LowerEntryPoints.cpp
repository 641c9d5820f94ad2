//===- LowerEntryPoints.cpp - the destination-passing model ABI -----------===//
//
// Rewrites public functions over tensors into functions over the caller's
// memory: the state arena, input buffers and output buffers. Doing this on
// tensors, before bufferization, lets one-shot bufferization write results
// straight into the caller's outputs and read parameters in place.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"
#include "dialects/Dlc/DlcOps.h"
#include "dialects/Dlc/StateLayout.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace dlc {
#define GEN_PASS_DEF_LOWERENTRYPOINTSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {

MemRefType bufferTypeOf(Type tensor) {
  auto ranked = cast<RankedTensorType>(tensor);
  return MemRefType::get(ranked.getShape(), ranked.getElementType());
}

/// Rewrites one public function in place.
void lowerEntryPoint(func::FuncOp func, const StateLayout &layout) {
  MLIRContext *context = func.getContext();
  Block &entry = func.getBody().front();
  Location loc = func.getLoc();
  OpBuilder builder(context);
  FunctionType type = func.getFunctionType();

  // Inputs: the same positions, now memrefs read through to_tensor.
  builder.setInsertionPointToStart(&entry);
  for (BlockArgument arg : entry.getArguments()) {
    Type tensorType = arg.getType();
    arg.setType(bufferTypeOf(tensorType));
    auto asTensor = builder.create<bufferization::ToTensorOp>(
        arg.getLoc(), tensorType, arg, /*restrict=*/true, /*writable=*/false);
    arg.replaceAllUsesExcept(asTensor, asTensor);
  }

  // The state arena comes first, outputs last.
  auto stateType = MemRefType::get({ShapedType::kDynamic}, builder.getI8Type());
  BlockArgument state = entry.insertArgument(0u, stateType, loc);
  SmallVector<BlockArgument> outputs;
  for (Type result : type.getResults())
    outputs.push_back(entry.addArgument(bufferTypeOf(result), loc));

  // One view per state tensor, shared by every load and store of it.
  llvm::DenseMap<StringAttr, Value> views;
  auto viewOf = [&](FlatSymbolRefAttr symbol, Location loc) {
    Value &view = views[symbol.getAttr()];
    if (!view) {
      const StateSlot &slot =
          layout.slots[layout.slotByName.lookup(symbol.getValue())];
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(&entry);
      Value offset = builder.create<arith::ConstantIndexOp>(loc, slot.offset);
      view = builder.create<memref::ViewOp>(loc, bufferTypeOf(slot.type), state,
                                            offset, ValueRange{});
    }
    return view;
  };
  llvm::DenseMap<StringAttr, Value> loaded;
  func.walk([&](LoadOp load) {
    Value &tensor = loaded[load.getNameAttr().getAttr()];
    if (!tensor) {
      Value view = viewOf(load.getNameAttr(), load.getLoc());
      builder.setInsertionPointAfter(view.getDefiningOp());
      tensor = builder.create<bufferization::ToTensorOp>(
          load.getLoc(), load.getType(), view, /*restrict=*/true,
          /*writable=*/false);
    }
    load.replaceAllUsesWith(tensor);
    load.erase();
  });
  // A new state value is computed into a buffer of its own and copied into
  // the arena where the store stands: just before the return (autodiff puts
  // it there), after every read of the old value. Fusion may recompute an
  // old value's reader after the write (a momentum buffer read again by the
  // fused update of its parameter), so writing in the arena here would be
  // wrong; after bufferization, dlc-write-state-in-place removes the copies
  // it can prove unneeded.
  func.walk([&](StoreOp store) {
    Value view = viewOf(store.getNameAttr(), store.getLoc());
    builder.setInsertionPoint(store);
    Value buffer = builder.create<bufferization::ToMemrefOp>(
        store.getLoc(), view.getType(), store.getValue(), /*readOnly=*/true);
    builder.create<memref::CopyOp>(store.getLoc(), buffer, view);
    store.erase();
  });

  // Results are materialised into the caller's buffers.
  func.walk([&](func::ReturnOp ret) {
    builder.setInsertionPoint(ret);
    for (auto [value, output] : llvm::zip(ret.getOperands(), outputs)) {
      builder.create<bufferization::MaterializeInDestinationOp>(
          ret.getLoc(), TypeRange{}, value, output, /*restrict=*/true,
          /*writable=*/true);
    }
    builder.create<func::ReturnOp>(ret.getLoc());
    ret.erase();
  });

  // Argument attributes (dlc.name, dlc.dims) were read into the model
  // description before lowering; LLVM translation has no use for them.
  func.setType(FunctionType::get(context, entry.getArgumentTypes(), {}));
  func.setAllArgAttrs(ArrayRef<DictionaryAttr>{});
  func.setAllResultAttrs(ArrayRef<DictionaryAttr>{});
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
}

/// Whether `func` can become an entry point: tensors in and out, and no
/// caller (its signature is about to change).
LogicalResult checkEntryPoint(func::FuncOp func, ModuleOp module) {
  FunctionType type = func.getFunctionType();
  for (auto [i, t] : llvm::enumerate(type.getInputs()))
    if (!isa<RankedTensorType>(t))
      return func.emitError("entry point '")
             << func.getSymName() << "' takes a " << t << " as argument " << i
             << "; only ranked tensors cross the model ABI";
  for (Type t : type.getResults())
    if (!isa<RankedTensorType>(t))
      return func.emitError("entry point '")
             << func.getSymName() << "' returns a " << t
             << "; only ranked tensors cross the model ABI";
  if (std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(func, module))
    if (!uses->empty())
      return uses->begin()->getUser()->emitError("call to the entry point '")
             << func.getSymName() << "'; make the callee private or inline it";
  return success();
}

struct LowerEntryPointsPass
    : dlc::impl::LowerEntryPointsPassBase<LowerEntryPointsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    StateLayout layout = computeStateLayout(module);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      if (failed(checkEntryPoint(func, module)))
        return signalPassFailure();
      lowerEntryPoint(func, layout);
    }
    // Only entry points receive the state arena.
    WalkResult stray = module.walk([](Operation *op) {
      if (!isa<LoadOp, StoreOp>(op))
        return WalkResult::advance();
      auto func = op->getParentOfType<func::FuncOp>();
      auto name = isa<LoadOp>(op) ? cast<LoadOp>(op).getName()
                                  : cast<StoreOp>(op).getName();
      op->emitError("'") << name << "' is "
                         << (isa<LoadOp>(op) ? "read" : "written") << " in '"
                         << func.getSymName()
                         << "', which is not an entry point; inline the "
                            "helper that accesses it";
      return WalkResult::interrupt();
    });
    if (stray.wasInterrupted())
      return signalPassFailure();
    module->setAttr("dlc.state_bytes",
                    OpBuilder(module).getI64IntegerAttr(layout.totalBytes));
    for (const StateSlot &slot : layout.slots)
      slot.decl->erase();
  }
};

} // namespace
