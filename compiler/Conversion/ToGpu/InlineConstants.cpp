//===- InlineConstants.cpp - constants a GPU kernel can read --------------===//
//
// A memref.global lives in the model.so's read-only data: host memory, not
// the managed memory a kernel reads. The constants bufferization leaves
// there are splats (a 0-d scale factor, a fill value), so their loads
// become arith.constant, which a kernel carries in its code; where the
// memory itself is taken (a Halide kernel's operand), the function makes
// a copy in memory of its own.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

namespace dlc {
#define GEN_PASS_DEF_GPUINLINECONSTANTSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// The splat value of a constant global, or null.
static TypedAttr splatValueOf(memref::GlobalOp global) {
  if (!global || !global.getConstant())
    return {};
  auto value =
      llvm::dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
  if (!value || !value.isSplat())
    return {};
  return llvm::dyn_cast<TypedAttr>(value.getSplatValue<Attribute>());
}

/// A copy of the splat constant `value` of type `type` in memory the
/// function allocates (the shim's allocator: managed memory on the GPU) at
/// its start and frees before it returns.
static Value managedCopy(func::FuncOp function, MemRefType type,
                         TypedAttr value, Location loc) {
  OpBuilder b(&function.getBody().front(), function.getBody().front().begin());
  Value copy = b.create<memref::AllocOp>(loc, type);
  Value element = b.create<arith::ConstantOp>(loc, value);
  SmallVector<Value> indices;
  for (int64_t extent : type.getShape()) {
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value end = b.create<arith::ConstantIndexOp>(loc, extent);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    auto loop = b.create<scf::ForOp>(loc, zero, end, one);
    indices.push_back(loop.getInductionVar());
    b.setInsertionPoint(loop.getBody()->getTerminator());
  }
  b.create<memref::StoreOp>(loc, element, copy, indices);
  function.walk([&](func::ReturnOp ret) {
    OpBuilder(ret).create<memref::DeallocOp>(loc, copy);
  });
  return copy;
}

namespace {
struct GpuInlineConstants
    : public dlc::impl::GpuInlineConstantsPassBase<GpuInlineConstants> {
  void runOnOperation() override {
    SymbolTable symbols(getOperation());
    SmallVector<memref::GetGlobalOp> reads;
    getOperation().walk([&](memref::GetGlobalOp op) { reads.push_back(op); });
    bool failed = false;
    for (memref::GetGlobalOp read : reads) {
      auto global = symbols.lookup<memref::GlobalOp>(read.getName());
      TypedAttr splat = splatValueOf(global);
      if (splat) {
        for (Operation *user : llvm::make_early_inc_range(read->getUsers())) {
          auto load = dyn_cast<memref::LoadOp>(user);
          if (!load)
            continue;
          OpBuilder b(load);
          load.replaceAllUsesWith(
              b.create<arith::ConstantOp>(load.getLoc(), splat).getResult());
          load.erase();
        }
      }
      if (read->use_empty()) {
        read.erase();
        continue;
      }
      // Other users (a Halide kernel's epilogue operand) take the memory:
      // a splat of a fixed shape gets a managed copy.
      auto function = read->getParentOfType<func::FuncOp>();
      if (splat && function && read.getType().hasStaticShape()) {
        read.replaceAllUsesWith(
            managedCopy(function, read.getType(), splat, read.getLoc()));
        read.erase();
        continue;
      }
      // What the host code alone reads (memref.reshape's shape operand)
      // may stay; a kernel to be, or a Halide kernel's call, may not.
      for (Operation *user : read->getUsers())
        if (user->getParentOfType<scf::ParallelOp>() ||
            isa<func::CallOp>(user)) {
          user->emitError("a GPU kernel would read the constant '")
              << read.getName()
              << "' from host memory; compile this model with --target=cpu";
          failed = true;
          break;
        }
    }
    if (failed)
      signalPassFailure();
  }
};
} // namespace
