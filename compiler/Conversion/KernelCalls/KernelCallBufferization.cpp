//===- KernelCallBufferization.cpp - dlc.kernel_call to a call ------------===//
#include "compiler/Conversion/KernelCalls/KernelCallBufferization.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {
struct KernelCallBufferization
    : public DstBufferizableOpInterfaceExternalModel<KernelCallBufferization,
                                                     dlc::KernelCallOp> {
  /// A kernel writes every element of its outputs and reads none: the
  /// output's old contents need not be copied in when a copy is made.
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options) const {
    auto call = cast<dlc::KernelCallOp>(op);
    auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        op, call.getKernelAttr());
    if (!kernel)
      return op->emitOpError("kernel '") << call.getKernel() << "' is missing";
    SmallVector<Value> arguments, outputs;
    for (auto [operand, argumentType] :
         llvm::zip(op->getOpOperands(), kernel.getArgumentTypes())) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand.get(), options);
      if (failed(buffer))
        return failure();
      if (call.isDpsInit(&operand))
        outputs.push_back(*buffer);
      // The declaration takes fully strided memrefs, so one kernel serves
      // contiguous buffers and views alike.
      Value argument = *buffer;
      if (argument.getType() != argumentType)
        argument = rewriter.create<memref::CastOp>(op->getLoc(), argumentType,
                                                   argument);
      arguments.push_back(argument);
    }
    rewriter.create<func::CallOp>(op->getLoc(), kernel, arguments);
    replaceOpWithBufferizedValues(rewriter, op, outputs);
    return success();
  }
};
} // namespace

void dlc::registerKernelCallBufferization(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, DlcDialect *) {
    KernelCallOp::attachInterface<KernelCallBufferization>(*context);
  });
}
