//===- KernelGlue.cpp - memref descriptors to Halide buffers --------------===//
#include "compiler/Kernels/KernelGlue.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <HalideRuntime.h>

using namespace llvm;

namespace dlc {

Error emitKernelGlue(Module &module, ArrayRef<KernelObject> kernels, bool gpu) {
  LLVMContext &context = module.getContext();
  Type *ptr = PointerType::get(context, 0);
  Type *i8 = Type::getInt8Ty(context), *i32 = Type::getInt32Ty(context);
  Type *voidType = Type::getVoidTy(context);
  FunctionCallee viewAsBuffer = module.getOrInsertFunction(
      gpu ? "dlc_halide_cuda_buffer_from_memref"
          : "dlc_halide_buffer_from_memref",
      FunctionType::get(voidType, {ptr, ptr, ptr, i32, i8, i8}, false));
  FunctionCallee reportFailure = module.getOrInsertFunction(
      "dlc_halide_kernel_failed",
      FunctionType::get(voidType, {ptr, i32}, false));
  FunctionCallee kernelDone;
  if (gpu)
    kernelDone =
        module.getOrInsertFunction("dlc_halide_cuda_kernel_done",
                                   FunctionType::get(voidType, {ptr}, false));

  for (const KernelObject &kernel : kernels) {
    Function *glue = module.getFunction("_mlir_ciface_" + kernel.symbol);
    if (!glue)
      continue; // outlined, then folded away
    size_t numArguments = kernel.argumentRanks.size();
    if (!glue->isDeclaration() || glue->arg_size() != numArguments)
      return createStringError(inconvertibleErrorCode(),
                               "kernel glue for %s: unexpected declaration",
                               kernel.symbol.c_str());
    glue->setLinkage(GlobalValue::InternalLinkage);
    IRBuilder<> b(BasicBlock::Create(context, "entry", glue));

    SmallVector<Value *> buffers;
    for (auto [argument, rank] :
         llvm::zip(glue->args(), kernel.argumentRanks)) {
      AllocaInst *buffer =
          b.CreateAlloca(ArrayType::get(i8, sizeof(halide_buffer_t)));
      buffer->setAlignment(Align(alignof(halide_buffer_t)));
      AllocaInst *dims = b.CreateAlloca(
          ArrayType::get(i8, sizeof(halide_dimension_t) * std::max(rank, 1u)));
      dims->setAlignment(Align(alignof(halide_dimension_t)));
      b.CreateCall(viewAsBuffer, {buffer, dims, &argument, b.getInt32(rank),
                                  b.getInt8(halide_type_float), b.getInt8(32)});
      buffers.push_back(buffer);
    }
    FunctionCallee function = module.getOrInsertFunction(
        kernel.function,
        FunctionType::get(i32, SmallVector<Type *>(numArguments, ptr), false));
    Value *status = b.CreateCall(function, buffers);
    Constant *name = b.CreateGlobalStringPtr(kernel.symbol);
    if (gpu)
      b.CreateCall(kernelDone, {name});

    BasicBlock *failed = BasicBlock::Create(context, "failed", glue);
    BasicBlock *done = BasicBlock::Create(context, "done", glue);
    b.CreateCondBr(b.CreateICmpNE(status, b.getInt32(0)), failed, done);
    b.SetInsertPoint(failed);
    b.CreateCall(reportFailure, {name, status});
    b.CreateBr(done);
    b.SetInsertPoint(done);
    b.CreateRetVoid();
  }
  return Error::success();
}

} // namespace dlc
