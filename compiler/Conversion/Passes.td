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

#endif // DLC_CONVERSION_PASSES_TD
