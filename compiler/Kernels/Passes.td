//===- Passes.td - passes that hand kernels to Halide -------*- tablegen -*-===//
#ifndef DLC_KERNELS_PASSES_TD
#define DLC_KERNELS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Kernel outlining
//===----------------------------------------------------------------------===//

def OutlineHalideKernelsPass
    : Pass<"dlc-outline-halide-kernels", "::mlir::ModuleOp"> {
  let summary = "moves matrix multiplies and convolutions out of MLIR into "
                "Halide kernels";
  let description = [{
    Each `linalg.generic` that is an f32 contraction (a multiply-add body,
    an init that is a constant fill or a broadcast bias) with work enough
    to pay for a kernel becomes a `dlc.kernel_call` of a private
    declaration. First the loops that every operand of a contraction
    walks together and in order fold into one (FoldContractionLoops.cpp),
    with its broadcast bias and its epilogue: a linear layer over [N, L, d]
    tokens becomes one product of N*L rows. Two classes: gemm (one reduction loop, plainly indexed
    operands: any batch dimensions and transposes) and window (indices
    that are affine sums of loops, any number of reduction loops:
    convolutions with padding, stride, dilation and groups, and their
    input and weight gradients). The kernel is a Halide pipeline with a
    schedule for its class and shapes, compiled to an object that the
    driver links into model.so; equal contractions share one kernel. What
    stays in MLIR: fewer than 16 columns or 8 reduction steps, fewer than
    2^16 multiply-adds at a batch of 32, a window kernel's rows (or its
    last reduction loop) unknown at compile time or under 16.

    ```mlir
    %0 = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x128xf32>) -> tensor<?x128xf32>
    %1 = linalg.generic {... "parallel", "reduction", "parallel"} ins(%x, %w : ...) outs(%0 : ...) {
      ^bb0(%a: f32, %b: f32, %c: f32):
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        linalg.yield %s : f32
    } -> tensor<?x128xf32>
    // becomes
    func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, ...) attributes {llvm.emit_c_interface}
    %1 = dlc.kernel_call @dlc_gemm_0 ins(%x, %w : ...) outs(%empty : tensor<?x128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let options = [
    Option<"schedule", "schedule", "std::string", /*default=*/"\"template\"",
           "template, auto:adams2019, auto:mullapudi2016 or auto:li2018">,
    Option<"compile", "compile", "bool", /*default=*/"true",
           "build each kernel with Halide; false outlines only">,
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "apply an elementwise consumer of a kernel's result (an "
           "activation, a residual add) in the kernel">,
  ];
  let dependentDialects = [
    "::dlc::DlcDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

#endif // DLC_KERNELS_PASSES_TD
