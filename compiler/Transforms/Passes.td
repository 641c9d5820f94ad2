//===- Passes.td - dlc graph passes -------------------------*- tablegen -*-===//
#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Training
//===----------------------------------------------------------------------===//

def AutodiffPass : Pass<"dlc-autodiff", "::mlir::ModuleOp"> {
  let summary = "builds train_step from the train block by reverse-mode "
                "autodiff and the optimizer's update";
  let description = [{
    The frontend emits the train block twice: `eval_step`, public, in
    evaluation mode, and `train_loss`, private, in training mode, whose
    first result is the loss and the others the metrics. This pass turns
    `train_loss` into the public `train_step`:

    1. the forward computation, as it is;
    2. the backward computation: for every op on a path from a parameter to
       the loss (and only those), in reverse order, the op's
       vector-Jacobian product from DifferentiableOpInterface, with the
       gradients of values used more than once summed. Broadcasting in the
       forward becomes a reduction in the backward. Every forward value a
       rule reads is kept; dropout masks are regenerated from the step's
       seed rather than stored;
    3. the optimizer of the `dlc.optimizer` attribute (sgd, adam, adamw,
       with its learning-rate schedule), reading and writing its state as
       `dlc.optimizer_state` tensors, and the parameters' new values as
       `dlc.store`s. Every store is placed just before the return.

    An op that is neither differentiable nor marked NonDifferentiable is
    an error naming the op. With `optimizer=false` the gradients are
    returned after the loss and metrics instead (named by `dlc.grad_of`),
    which shows the backward IR alone.

    ```mlir
    func.func private @train_loss(%x: tensor<?x4xf32>, %seed: tensor<i64>) -> tensor<f32>
    // becomes
    func.func @train_step(%x: tensor<?x4xf32>, %seed: tensor<i64>) -> tensor<f32> {
      ... forward ... backward ...
      dlc.store %w_new, @fc.weight : tensor<2x4xf32>
      return %loss : tensor<f32>
    }
    ```
  }];
  let options = [
    Option<"applyOptimizer", "optimizer", "bool", /*default=*/"true",
           "apply the optimizer's update (false: return the gradients)">
  ];
  let dependentDialects = ["::dlc::DlcDialect", "::mlir::func::FuncDialect"];
}

//===----------------------------------------------------------------------===//
// Rewrites
//===----------------------------------------------------------------------===//

def PoolBeforeReluPass : Pass<"dlc-pool-before-relu", "::mlir::func::FuncOp"> {
  let summary = "max-pools before a ReLU instead of after it";
  let description = [{
    Runs before autodiff. ReLU is monotone, so the maximum of a window of
    ReLUs is the ReLU of the window's maximum: `max_pool2d(relu(x))`, where
    the pooling is the ReLU's only user, becomes `relu(max_pool2d(x))`, the
    ReLU on a quarter of the elements for 2 x 2 windows. The results are
    equal bit for bit, NaN included (both propagate it), and so are the
    gradients: where a window's maximum is positive both pick the same
    first maximum; where it is not, the ReLU's gradient is zero either way.
    In a train step the ReLU's gradient then masks the pooled gradient
    instead of the full-size one.

    ```mlir
    %r = dlc.relu %x : tensor<?x32x28x28xf32>
    %p = dlc.max_pool2d %r {...} : tensor<?x32x28x28xf32> -> tensor<?x32x14x14xf32>
    // becomes
    %m = dlc.max_pool2d %x {...} : tensor<?x32x28x28xf32> -> tensor<?x32x14x14xf32>
    %p = dlc.relu %m : tensor<?x32x14x14xf32>
    ```
  }];
  let dependentDialects = ["::dlc::DlcDialect"];
}

def ApproximateMathPass : Pass<"dlc-approximate-math", "::mlir::ModuleOp"> {
  let summary = "computes erf and tanh with polynomials instead of libm calls";
  let description = [{
    Runs on the CPU's loops before the math dialect becomes LLVM. libm's
    `erff` and `tanhf` are calls LLVM's loop vectoriser cannot widen, so a
    loop computing GELU (erf) or an LSTM's gates (tanh) stayed scalar.
    MLIR's rational approximations of both are arithmetic and selects on
    the argument, which vectorise; test/e2e/math_approximation.test bounds
    their error against Python's `math.erf` and `math.tanh`.

    ```mlir
    %y = math.erf %x : f32
    // becomes a clamp of %x, a rational function of it chosen by |x|'s
    // range, and a copysign: arith ops and selects only
    ```
  }];
  // Vector operands get their constants through vector.broadcast.
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

def HoistDestinationsPass : Pass<"dlc-hoist-destinations", "::mlir::func::FuncOp"> {
  let summary = "moves padded tensors' destinations before what they pad";
  let description = [{
    Runs before empty-tensor elimination, which lets an op compute its
    result straight into the slice of a larger tensor that the result is
    inserted into (a padded convolution input) by replacing the op's
    `tensor.empty` init with `tensor.extract_slice` of the destination. The
    destination has to be defined where the init is, but a padded tensor's
    (a `tensor.empty` filled with the padding value) is built where the
    padding is, after the op; the insertion was a copy.

    A destination chain is a `tensor.empty`, then `linalg.fill`s of it,
    every value used once. For each `tensor.insert_slice` of a computed
    tensor into a chain, where the tensor comes, through destination-style
    ops' inits, from a `tensor.empty` in the same block, the chain moves to
    just before that empty tensor (if its sizes are defined there). These
    ops read no memory, so they compute the same values; and as buffers are
    allocated where their empty tensor is, the padded one is allocated no
    earlier than the op that fills it needs.

    ```mlir
    %e = tensor.empty(%n) : tensor<?x32x14x14xf32>
    %r = linalg.generic ... outs(%e : tensor<?x32x14x14xf32>)
    %p = tensor.empty(%n) : tensor<?x32x17x16xf32>
    %z = linalg.fill ins(%zero : f32) outs(%p : tensor<?x32x17x16xf32>) -> ...
    %i = tensor.insert_slice %r into %z[0, 0, 1, 1] ...
    // becomes
    %p = tensor.empty(%n) : tensor<?x32x17x16xf32>
    %z = linalg.fill ins(%zero : f32) outs(%p : tensor<?x32x17x16xf32>) -> ...
    %e = tensor.empty(%n) : tensor<?x32x14x14xf32>
    %r = linalg.generic ... outs(%e : tensor<?x32x14x14xf32>)
    %i = tensor.insert_slice %r into %z[0, 0, 1, 1] ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def HoistLoopBuffersPass : Pass<"dlc-hoist-loop-buffers", "::mlir::func::FuncOp"> {
  let summary = "allocates a loop body's temporaries once, before the loop";
  let description = [{
    Runs after bufferization, before deallocation. A static-shaped
    `memref.alloc` in an `scf.for` body whose buffer (and every view of it)
    is only read and written inside the body (loads, stores into it, linalg
    ops, copies, kernel calls), never yielded or stored, holds nothing that
    another iteration or the code after the loop reads: it moves before the
    loop, inner loops first, so every iteration reuses one buffer.

    ```mlir
    scf.for %i = %c0 to %n step %c1 {
      %tile = memref.alloc() : memref<1x10xf32>
      ... writes and reads %tile ...
    }
    // becomes
    %tile = memref.alloc() : memref<1x10xf32>
    scf.for %i = %c0 to %n step %c1 {
      ... writes and reads %tile ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def FormFusionGroupsPass : Pass<"dlc-form-fusion-groups", "::mlir::func::FuncOp"> {
  let summary = "groups dlc ops into the kernels they will run as";
  let description = [{
    Runs after autodiff, on forward and backward ops alike, and moves each
    group into a `dlc.fusion_group` of its kind, in this order (an op joins
    at most one group):

    1. `contraction`: each matmul, linear and convolution (forward or
       gradient) with the chain of elementwise ops that alone consume its
       result (bias, activation, residual add);
    2. `rows`: the softmax, log_softmax, argmax, layer_norm, cross_entropy,
       cross_entropy_grad and accuracy ops over the rows of one tensor,
       each with its elementwise epilogue;
    3. `optimizer`: every elementwise op all of whose uses lead to a
       `dlc.store` of the state: the update of all parameters and their
       optimizer state;
    4. `elementwise`: connected remaining elementwise ops, two or more,
       with the reductions that alone consume them; in program order, an
       op joins a producer's group only where the merged group can stand
       at it (no op outside reads a member before), so the ops of a
       backward pass form many groups rather than one that fits nowhere.

    batch_norm counts as elementwise: it reads its statistics at the
    element's channel.

    Contraction and rows groups also take the elementwise ops that compute
    only for them (a ReLU's mask, read only by the gradient's select). A
    group whose results an op outside it would use before the group's last
    op is left unformed.

    ```mlir
    %y = dlc.linear %x, %w, %b : ...
    %h = dlc.relu %y : tensor<?x8xf32>
    // becomes
    %h = dlc.fusion_group "contraction" {
      %y = dlc.linear %x, %w, %b : ...
      %r = dlc.relu %y : tensor<?x8xf32>
      dlc.yield %r : tensor<?x8xf32>
    } -> tensor<?x8xf32>
    ```
  }];
  let dependentDialects = ["::dlc::DlcDialect"];
}

def LowerFusionGroupsPass : Pass<"dlc-lower-fusion-groups", "::mlir::func::FuncOp"> {
  let summary = "fuses each fusion group's linalg ops and inlines the group";
  let description = [{
    Runs on linalg on tensors, after `dlc-convert-to-linalg` has lowered
    the ops inside each `dlc.fusion_group` and kernel outlining has taken
    each contraction with its epilogue. In a `rows` group, what its ops
    compute alike is computed once (a cross-entropy and its gradient both
    lower to a softmax of the logits). Within a group, and only there, an
    elementwise producer fuses into its consumer when that computes it once
    per element: it has no other user and the consumer does not read it
    broadcast (a row's log-sum stays one log per row). In an `elementwise`
    group a producer of at most 4 arithmetic ops that only the group's ops
    read elementwise is fused into each of them, computed again rather
    than stored (a batch norm's deviations from the mean). Last, the
    group's body takes the group's place.

    With `row-loops`, a `rows` group also runs its row-local ops (their
    first `row_dims` loops parallel and indexing the rows of every operand
    with rows) in one loop nest over the rows, each tiled to one row and
    fed the row tiles of its producers; ops that need all rows, like a mean
    over the batch, follow the loop. It is off by default, for mixed
    measurements (dlc-bench, one thread, this machine, each pair side by
    side): a 512 x 2048 layer norm's inference runs 1.27x faster row by
    row, its train step 0.94x; a 256 x 4096 softmax cross-entropy's train
    step is at parity (exp dominates), the MLP's 0.98x.

    ```mlir
    %p = dlc.fusion_group "rows" {row_dims = 1 : i64} {
      %max = linalg.generic ... ins(%x) outs(%m0) // max of each row
      %e = linalg.generic ... ins(%x, %max) ...    // exp(x - max)
      %sum = linalg.generic ... ins(%e) outs(%s0)  // sum of each row
      %q = linalg.generic ... ins(%e, %sum) ...    // e / sum
      dlc.yield %q : tensor<?x10xf32>
    } -> tensor<?x10xf32>
    // becomes
    %p = scf.for %i = %c0 to %n step %c1 iter_args(%out = %empty) {
      // the four ops on tensor<1x10xf32> row %i, each reading the last's
      %r = tensor.insert_slice %q_i into %out[%i, 0] [1, 10] [1, 1]
      scf.yield %r : tensor<?x10xf32>
    }
    ```
  }];
  let options = [
    Option<"rowLoops", "row-loops", "bool", /*default=*/"false",
           "run rows groups row by row (off by default: faster for a layer "
           "norm's inference, slower for its train step; see the pass's "
           "description)">,
    Option<"requireRowLoops", "require-row-loops", "bool", /*default=*/"false",
           "fail where a rows group does not run row by row (otherwise its "
           "ops run one after another)">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
