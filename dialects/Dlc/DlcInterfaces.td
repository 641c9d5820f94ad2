//===- DlcInterfaces.td - interfaces and traits of dlc ops --*- tablegen -*-===//
//
// Every dlc op either states its vector-Jacobian product through
// DifferentiableOpInterface or is marked NonDifferentiable. The dialect
// declares the interface; the rules themselves live with the autodiff pass
// (compiler/Transforms/VjpRules.cpp), which attaches them as external models,
// so the dialect carries no knowledge of how gradients are built.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_INTERFACES_TD
#define DLC_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Dlc_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::dlc";
  let description = [{
    An op whose operands can receive gradients. `buildVjp` emits, at the
    builder's insertion point, the vector-Jacobian product of the op: given
    the gradient of the loss with respect to each result (a null value for a
    result nothing differentiable depends on), it appends one gradient per
    operand to `operandGrads`, with the operand's type, or a null value where
    `needed` is false or the operand has no gradient (integer labels, a
    dropout seed). The forward op's operands and results are available to the
    rule: activations are kept, not recomputed, unless the rule says so.
  }];
  let methods = [
    InterfaceMethod<
      "Builds the gradients of the operands from those of the results.",
      "::llvm::LogicalResult", "buildVjp",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGrads,
           "::llvm::ArrayRef<bool>":$needed,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

// Ops without a gradient: state access, constants, comparisons, integer
// results, and the backward ops that autodiff itself emits.
def Dlc_NonDifferentiable : NativeOpTrait<"NonDifferentiable"> {
  let cppNamespace = "::dlc::OpTrait";
}

#endif // DLC_INTERFACES_TD
