//===- AbiEmitter.cpp - the model ABI's generated half --------------------===//
#include "compiler/Target/AbiEmitter.h"
#include "dlc/ModelABI.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace dlc {

namespace {
/// Emits constants whose layout mirrors the structs of ModelABI.h.
class AbiBuilder {
public:
  explicit AbiBuilder(Module &module)
      : module(module), ctx(module.getContext()),
        ptr(PointerType::getUnqual(ctx)), i32(Type::getInt32Ty(ctx)),
        i64(Type::getInt64Ty(ctx)), f64(Type::getDoubleTy(ctx)) {
    // struct dlc_tensor_info
    tensorInfo = StructType::create(
        ctx, {ptr, i32, i32, ptr, i64, i32, i32, f64, f64, i64, i64},
        "dlc_tensor_info");
    // struct dlc_model_info
    modelInfo = StructType::create(ctx, {i32, i32, ptr, i64, i32, i32, i32, i32,
                                         i32, i32, ptr, ptr, ptr, ptr, ptr, ptr,
                                         ptr, i32, i32, ptr, ptr, i32, i32},
                                   "dlc_model_info");
  }

  Constant *string(StringRef text) {
    auto *init = ConstantDataArray::getString(ctx, text);
    auto *global =
        new GlobalVariable(module, init->getType(), true,
                           GlobalValue::PrivateLinkage, init, "dlc.str");
    global->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return global;
  }

  template <typename T>
  Constant *array(Type *element, ArrayRef<T *> items, StringRef name) {
    if (items.empty())
      return ConstantPointerNull::get(ptr);
    auto *type = ArrayType::get(element, items.size());
    SmallVector<Constant *> values(items.begin(), items.end());
    return new GlobalVariable(module, type, true, GlobalValue::PrivateLinkage,
                              ConstantArray::get(type, values), name);
  }

  Constant *dims(ArrayRef<int64_t> dims) {
    if (dims.empty())
      return ConstantPointerNull::get(ptr);
    auto *init = ConstantDataArray::get(ctx, dims);
    return new GlobalVariable(module, init->getType(), true,
                              GlobalValue::PrivateLinkage, init, "dlc.dims");
  }

  Constant *tensors(ArrayRef<TensorDescription> tensors, StringRef name) {
    SmallVector<Constant *> items;
    for (const TensorDescription &t : tensors)
      items.push_back(ConstantStruct::get(
          tensorInfo,
          {string(t.name), ConstantInt::get(i32, t.dtype),
           ConstantInt::get(i32, t.dims.size()), dims(t.dims),
           ConstantInt::get(i64, t.offset), ConstantInt::get(i32, t.init),
           ConstantInt::get(i32, 0), ConstantFP::get(f64, t.initA),
           ConstantFP::get(f64, t.initB), ConstantInt::get(i64, t.fanIn),
           ConstantInt::get(i64, t.fanOut)}));
    return array<Constant>(tensorInfo, items, name);
  }

  void emitModelInfo(const ModelDescription &model) {
    SmallVector<Constant *> symbols;
    for (const std::string &symbol : model.symbols)
      symbols.push_back(string(symbol));
    Constant *init = ConstantStruct::get(
        modelInfo, {ConstantInt::get(i32, DLC_MODEL_ABI_VERSION),
                    ConstantInt::get(i32, model.cpuFeatures),
                    string(model.name),
                    ConstantInt::get(i64, model.stateBytes),
                    ConstantInt::get(i32, model.symbols.size()),
                    ConstantInt::get(i32, model.params.size()),
                    ConstantInt::get(i32, model.buffers.size()),
                    ConstantInt::get(i32, model.inputs.size()),
                    ConstantInt::get(i32, model.outputs.size()),
                    ConstantInt::get(i32, model.optimizerState.size()),
                    array<Constant>(ptr, symbols, "dlc.symbols"),
                    tensors(model.params, "dlc.params"),
                    tensors(model.buffers, "dlc.buffers"),
                    tensors(model.inputs, "dlc.inputs"),
                    tensors(model.outputs, "dlc.outputs"),
                    string(model.optimizerJson),
                    tensors(model.optimizerState, "dlc.optimizer_state"),
                    ConstantInt::get(i32, model.batchInputs.size()),
                    ConstantInt::get(i32, model.stepOutputs.size()),
                    tensors(model.batchInputs, "dlc.batch_inputs"),
                    tensors(model.stepOutputs, "dlc.step_outputs"),
                    ConstantInt::get(i32, model.entryPoints),
                    ConstantInt::get(i32, model.gpuArch)});
    auto *info = new GlobalVariable(module, modelInfo, true,
                                    GlobalValue::ExternalLinkage, init,
                                    "dlc_gen_model_info");
    info->setVisibility(GlobalValue::HiddenVisibility);
  }

  /// `void dlc_gen_<entry>(void **args)` calling `_mlir_ciface_<entry>`.
  Error emitTrampoline(StringRef entry, unsigned numArgs) {
    std::string target = ("_mlir_ciface_" + entry).str();
    Function *callee = module.getFunction(target);
    if (!callee)
      return createStringError(inconvertibleErrorCode(),
                               "lowered model lacks '%s'", target.c_str());
    if (callee->arg_size() != numArgs)
      return createStringError(
          inconvertibleErrorCode(),
          "'%s' takes %u arguments, the ABI passes %u", target.c_str(),
          static_cast<unsigned>(callee->arg_size()), numArgs);
    auto *type = FunctionType::get(Type::getVoidTy(ctx), {ptr}, false);
    Function *trampoline = Function::Create(type, GlobalValue::ExternalLinkage,
                                            ("dlc_gen_" + entry).str(), module);
    trampoline->setVisibility(GlobalValue::HiddenVisibility);
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", trampoline));
    SmallVector<Value *> args;
    for (unsigned i = 0; i < numArgs; ++i) {
      Value *slot = b.CreateConstGEP1_64(ptr, trampoline->getArg(0), i);
      args.push_back(b.CreateLoad(ptr, slot));
    }
    b.CreateCall(callee, args);
    b.CreateRetVoid();
    return Error::success();
  }

private:
  Module &module;
  LLVMContext &ctx;
  PointerType *ptr;
  IntegerType *i32, *i64;
  Type *f64;
  StructType *tensorInfo, *modelInfo;
};
} // namespace

/// The LLVM structs must lay out exactly as the C structs of ModelABI.h.
static Error checkLayout(Module &module, StringRef name, uint64_t cSize) {
  StructType *type = StructType::getTypeByName(module.getContext(), name);
  uint64_t size = module.getDataLayout().getTypeAllocSize(type);
  if (size != cSize)
    return createStringError(inconvertibleErrorCode(),
                             "%s is %llu bytes in LLVM IR but %llu in C",
                             name.str().c_str(), (unsigned long long)size,
                             (unsigned long long)cSize);
  return Error::success();
}

Error emitModelAbi(Module &module, const ModelDescription &model) {
  // Generated functions stay inside model.so; only the shim exports.
  for (Function &f : module)
    if (!f.isDeclaration())
      f.setVisibility(GlobalValue::HiddenVisibility);
  AbiBuilder builder(module);
  builder.emitModelInfo(model);
  if (Error error =
          checkLayout(module, "dlc_tensor_info", sizeof(dlc_tensor_info)))
    return error;
  if (Error error =
          checkLayout(module, "dlc_model_info", sizeof(dlc_model_info)))
    return error;
  unsigned numArgs = 1 + model.inputs.size() + model.outputs.size();
  if (Error error = builder.emitTrampoline("forward", numArgs))
    return error;
  if (!(model.entryPoints & DLC_ENTRY_TRAIN_STEP))
    return Error::success();
  // train_step takes the seed after the batch; eval_step does not.
  unsigned stepArgs = 1 + model.batchInputs.size() + model.stepOutputs.size();
  if (Error error = builder.emitTrampoline("train_step", stepArgs + 1))
    return error;
  return builder.emitTrampoline("eval_step", stepArgs);
}

} // namespace dlc
