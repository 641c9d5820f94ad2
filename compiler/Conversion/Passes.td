//===- Passes.td - dlc conversion passes --------------------*- tablegen -*-===//
#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// dlc to linalg
//===----------------------------------------------------------------------===//

def ConvertDlcToLinalgPass : Pass<"dlc-convert-to-linalg", "::mlir::ModuleOp"> {
  let summary = "lowers dlc compute ops to linalg on tensors";
  let description = [{
    Every compute op becomes `linalg.generic`s (or tensor ops); composite ops
    use the numerically stable forms PyTorch uses. `dlc.param`, `dlc.buffer`
    and `dlc.load` are left for `dlc-lower-entry-points`.

    ```mlir
    %y = dlc.relu %x : tensor<?x4xf32>
    // becomes
    %e = tensor.empty(%n) : tensor<?x4xf32>
    %y = linalg.generic {...} ins(%x : tensor<?x4xf32>) outs(%e : tensor<?x4xf32>) {
      ^bb0(%in: f32, %out: f32):
        %0 = arith.maximumf %in, %cst : f32
        linalg.yield %0 : f32
    } -> tensor<?x4xf32>
    ```
  }];
  let options = [
    Option<"flattenConvolutionRows", "flatten-convolution-rows", "bool",
           /*default=*/"true",
           "stride-1 convolutions whose output rows fill no whole 16-lane "
           "vectors run over flattened rows (see ConvolutionLowering.cpp); off "
           "for the GPU, whose schedules tile images in two dimensions">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

def LowerEntryPointsPass : Pass<"dlc-lower-entry-points", "::mlir::ModuleOp"> {
  let summary = "gives public functions the destination-passing model ABI";
  let description = [{
    Each public function `(tensors) -> (tensors)` becomes
    `(state: memref<?xi8>, inputs: memrefs, outputs: memrefs) -> ()`: inputs
    are read through `bufferization.to_tensor`, `dlc.load` becomes a
    `memref.view` of the state arena at the parameter's offset (see
    StateLayout.h), and results are materialised into the caller's output
    buffers. The state declarations are then erased; the module keeps
    `dlc.state_bytes`. Functions get `llvm.emit_c_interface`.

    ```mlir
    func.func @forward(%x: tensor<?x4xf32>) -> tensor<?x4xf32>
    // becomes
    func.func @forward(%state: memref<?xi8>, %x: memref<?x4xf32>, %out: memref<?x4xf32>)
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def WriteStateInPlacePass
    : Pass<"dlc-write-state-in-place", "::mlir::func::FuncOp"> {
  let summary = "computes new state values in the state arena itself";
  let description = [{
    After bufferization, a new parameter or optimizer-state value is
    computed into a buffer of its own and copied into its slot of the state
    arena before the function returns. Where that is provably the same, the
    value is computed in the slot directly and the buffer and the copy go:
    between the buffer's allocation and the copy, nothing touches the slot
    except, before the buffer is first written, reads of the old value, and
    the first writer of the buffer itself, when it is an elementwise
    `linalg.generic` reading the old value at the index it writes (an
    optimizer update in place).

    ```mlir
    %new = memref.alloc() : memref<128xf32>
    linalg.generic {...parallel} ins(%slot, %grad : ...) outs(%new : ...)
    memref.copy %new, %slot : memref<128xf32> to memref<128xf32>
    // becomes
    linalg.generic {...parallel} ins(%slot, %grad : ...) outs(%slot : ...)
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// Loops to GPU kernels (--target=nvptx)
//===----------------------------------------------------------------------===//

def GpuParallelDimsFirstPass
    : Pass<"dlc-gpu-parallel-dims-first", "::mlir::func::FuncOp"> {
  let summary = "interchanges linalg.generic loops so the parallel ones come first";
  let description = [{
    `convert-linalg-to-parallel-loops` makes one `scf.parallel` of each run of
    parallel loops, in the op's loop order. A column sum
    (`iterator_types = ["reduction", "parallel"]`) would become an `scf.for`
    over rows around a parallel loop over columns: one GPU launch per row.
    With the parallel loops moved outermost it is one launch, each thread
    summing its column. Reductions keep their relative order.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def GpuInlineConstantsPass
    : Pass<"dlc-gpu-inline-constants", "::mlir::ModuleOp"> {
  let summary = "replaces loads of splat constant globals with constants";
  let description = [{
    Bufferization makes a tensor constant (autodiff's 0-d scale factors) a
    `memref.global` in the model.so's read-only data, which a GPU kernel
    cannot read. Each `memref.load` from a constant global whose value is
    a splat becomes an `arith.constant`. Where the memory itself is taken
    (a Halide kernel's operand), a splat gets a copy that the function
    allocates at its start (the shim's allocator gives managed memory) and
    frees before it returns. Any other constant global that a parallel loop
    or a call reads is a located error; the host's own uses (a reshape's shape)
    stay.

    ```mlir
    %g = memref.get_global @__constant_xf32 : memref<f32>
    %v = memref.load %g[] : memref<f32>
    // becomes
    %v = arith.constant 2.500000e-01 : f32
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect"
  ];
}

def GpuDistributeLoopsPass
    : Pass<"dlc-gpu-distribute-loops", "::mlir::func::FuncOp"> {
  let summary = "maps each outermost scf.parallel onto GPU blocks and threads";
  let description = [{
    Each outermost `scf.parallel` without reductions is collapsed into one
    loop over all its iterations, tiled by `threads-per-block` and mapped:
    tiles to `block_x`, iterations in a tile to `thread_x`, past the end
    guarded by an `scf.if`. Parallel loops nested inside become `scf.for`:
    `convert-parallel-loops-to-gpu` would leave a nest it cannot map on the
    host. Loops with reductions stay on the host. The mapping is what
    `convert-parallel-loops-to-gpu` turns into `gpu.launch`.
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t", "256",
           "threads of one block">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::scf::SCFDialect"
  ];
}

def GpuDeviceMathPass : Pass<"dlc-gpu-device-math", "::mlir::gpu::GPUModuleOp"> {
  let summary = "rewrites math in GPU kernels into what NVPTX compiles natively";
  let description = [{
    `convert-gpu-to-nvvm` would call libdevice's `__nv_expf`, `__nv_tanhf`
    and so on, which dlc does not link: a model compiles with no CUDA
    toolkit. Transcendental functions are expanded (`powf`, `tanh`) and
    approximated by MLIR's polynomial approximations (`exp`, `log`, `erf`,
    ...), which use only arithmetic, `fma` and bit operations. What is left
    (`sqrt`, `floor`, `fma`, `absf`, ...) has an NVPTX instruction, and
    `dlc-gpu-define-libdevice` defines the `__nv_*` function it becomes.
    Any other math op is a located error.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect", "::mlir::vector::VectorDialect"
  ];
}

def GpuDefineLibdevicePass
    : Pass<"dlc-gpu-define-libdevice", "::mlir::gpu::GPUModuleOp"> {
  let summary = "defines the libdevice functions NVPTX has instructions for";
  let description = [{
    After `convert-gpu-to-nvvm` (which calls `__nv_floorf`, `__nv_sqrtf`,
    ... for math ops and `__nv_fmodf` for `arith.remf`, and marks the LLVM
    intrinsics for them illegal), each
    such declaration gets a body: the LLVM intrinsic, which the NVPTX
    backend selects to one instruction and inlines. A call of any other
    libdevice function is a located error: dlc links no libdevice.

    ```mlir
    llvm.func @__nv_floorf(f32) -> f32
    // becomes
    llvm.func @__nv_floorf(%x: f32) -> f32 {
      %0 = llvm.intr.floor(%x) : (f32) -> f32
      llvm.return %0 : f32
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DLC_CONVERSION_PASSES_TD
