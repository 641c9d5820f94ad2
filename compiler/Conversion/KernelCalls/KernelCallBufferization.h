//===- KernelCallBufferization.h - dlc.kernel_call to a call ----*- C++ -*-===//
#ifndef DLC_COMPILER_CONVERSION_KERNELCALLS_KERNELCALLBUFFERIZATION_H
#define DLC_COMPILER_CONVERSION_KERNELCALLS_KERNELCALLBUFFERIZATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace dlc {

/// Lets one-shot bufferization turn `dlc.kernel_call` into a `func.call` of
/// the kernel's declaration on the operands' buffers, with the outputs
/// written in place.
void registerKernelCallBufferization(mlir::DialectRegistry &registry);

} // namespace dlc

#endif // DLC_COMPILER_CONVERSION_KERNELCALLS_KERNELCALLBUFFERIZATION_H
