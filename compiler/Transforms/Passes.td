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

#endif // DLC_TRANSFORMS_PASSES_TD
