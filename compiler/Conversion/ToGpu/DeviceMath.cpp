//===- DeviceMath.cpp - math in GPU kernels without libdevice -------------===//
//
// convert-gpu-to-nvvm lowers math ops to calls of libdevice (__nv_expf,
// ...), a bitcode library of the CUDA toolkit that dlc neither needs nor
// links. dlc-gpu-device-math makes every transcendental arithmetic (MLIR's
// polynomial approximations, accurate to a few ulp in f32); what remains
// has an NVPTX instruction, and dlc-gpu-define-libdevice gives the __nv_*
// functions convert-gpu-to-nvvm calls for it a body: the LLVM intrinsic.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_GPUDEVICEMATHPASS
#define GEN_PASS_DEF_GPUDEFINELIBDEVICEPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

/// Math ops with an NVPTX instruction (abs.f32, sqrt.rn.f32,
/// cvt.rmi.f32.f32, ...): their __nv_* functions are defineLibdevice's.
static bool hasNvptxInstruction(Operation *op) {
  return isa<math::AbsFOp, math::AbsIOp, math::CeilOp, math::CopySignOp,
             math::FloorOp, math::FmaOp, math::RoundEvenOp, math::RoundOp,
             math::RsqrtOp, math::SqrtOp, math::TruncOp>(op);
}

namespace {
struct GpuDeviceMath : public dlc::impl::GpuDeviceMathPassBase<GpuDeviceMath> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Expansions into other math ops first (powf into exp and log, tan
    // into sin and cos, ...), then the approximations of those.
    populateExpandPowFPattern(patterns);
    populateExpandFPowIPattern(patterns);
    populateExpandExp2FPattern(patterns);
    populateExpandTanPattern(patterns);
    populateExpandSinhPattern(patterns);
    populateExpandCoshPattern(patterns);
    populateExpandAsinhPattern(patterns);
    populateExpandAcoshPattern(patterns);
    populateExpandAtanhPattern(patterns);
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();

    WalkResult result = getOperation().walk([](Operation *op) {
      if (!isa<math::MathDialect>(op->getDialect()) || hasNvptxInstruction(op))
        return WalkResult::advance();
      op->emitError() << "'" << op->getName()
                      << "' cannot be compiled for the GPU without CUDA's "
                         "libdevice, which dlc does not use; compile this "
                         "model with --target=cpu";
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace

/// The body of libdevice's `name` from one LLVM intrinsic, built at the
/// start of `function`; false for a function without one.
static bool defineLibdeviceFunction(LLVM::LLVMFuncOp function) {
  StringRef name = function.getName();
  if (!name.consume_front("__nv_"))
    return false;
  // f32 functions end in 'f' (__nv_floorf); f64 ones do not.
  name.consume_back("f");
  OpBuilder b(function.getContext());
  Block *entry = function.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  Location loc = function.getLoc();
  auto args = entry->getArguments();
  Type type = function.getFunctionType().getReturnType();
  Value result;
  if (name == "floor" || name == "ceil" || name == "fabs" || name == "sqrt" ||
      name == "trunc" || name == "round" || name == "rint") {
    if (args.size() != 1)
      return false;
    Value x = args[0];
    if (name == "floor")
      result = b.create<LLVM::FFloorOp>(loc, type, x);
    else if (name == "ceil")
      result = b.create<LLVM::FCeilOp>(loc, type, x);
    else if (name == "fabs")
      result = b.create<LLVM::FAbsOp>(loc, type, x);
    else if (name == "sqrt")
      result = b.create<LLVM::SqrtOp>(loc, type, x);
    else if (name == "trunc")
      result = b.create<LLVM::FTruncOp>(loc, type, x);
    else if (name == "round")
      result = b.create<LLVM::RoundOp>(loc, type, x);
    else
      result = b.create<LLVM::RintOp>(loc, type, x);
  } else if (name == "rsqrt" && args.size() == 1) {
    Value one = b.create<LLVM::ConstantOp>(loc, type, b.getFloatAttr(type, 1));
    result = b.create<LLVM::FDivOp>(loc, one,
                                    b.create<LLVM::SqrtOp>(loc, type, args[0]));
  } else if (name == "fmod" && args.size() == 2) {
    // arith.remf (powf's expansion checks an exponent's parity with it).
    result = b.create<LLVM::FRemOp>(loc, type, args[0], args[1]);
  } else if ((name == "fmax" || name == "fmin" || name == "copysign") &&
             args.size() == 2) {
    if (name == "fmax")
      result = b.create<LLVM::MaxNumOp>(loc, type, args[0], args[1]);
    else if (name == "fmin")
      result = b.create<LLVM::MinNumOp>(loc, type, args[0], args[1]);
    else
      result = b.create<LLVM::CopySignOp>(loc, type, args[0], args[1]);
  } else if (name == "fma" && args.size() == 3) {
    result = b.create<LLVM::FMAOp>(loc, type, args[0], args[1], args[2]);
  }
  if (!result) {
    function.getBody().getBlocks().clear();
    return false;
  }
  b.create<LLVM::ReturnOp>(loc, result);
  function.setLinkage(LLVM::Linkage::Internal);
  return true;
}

namespace {
struct GpuDefineLibdevice
    : public dlc::impl::GpuDefineLibdevicePassBase<GpuDefineLibdevice> {
  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    bool failed = false;
    for (auto function :
         llvm::make_early_inc_range(module.getOps<LLVM::LLVMFuncOp>())) {
      if (!function.isExternal() || !function.getName().starts_with("__nv_"))
        continue;
      if (defineLibdeviceFunction(function))
        continue;
      // Point at a call: its location is the model's source line.
      Operation *at = function;
      module.walk([&](LLVM::CallOp call) {
        if (call.getCallee() == function.getName()) {
          at = call;
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      at->emitError() << "the GPU code needs libdevice's '"
                      << function.getName()
                      << "', which dlc does not provide; compile this model "
                         "with --target=cpu";
      failed = true;
    }
    if (failed)
      signalPassFailure();
  }
};
} // namespace
