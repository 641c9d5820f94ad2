//===- DlcOps.td - the dlc dialect and its operations -------*- tablegen -*-===//
//
// The tensor-level dialect that the frontend emits. Values are ranked tensors
// whose symbolic dimensions (N, T) are dynamic (`?`); scalars are rank-0
// tensors. Every compute op infers its result type, so a builder needs only
// the operands and attributes, and a verifier rejects what a shape rule cannot
// type.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_OPS_TD
#define DLC_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "dialects/Dlc/DlcInterfaces.td"

def Dlc_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::dlc";
  let summary = "Tensor operations of the dlc model language";
  let description = [{
    A model is a `builtin.module` with a `dlc.model` attribute naming the
    trained module. Its parameters and buffers are module-level `dlc.param`
    and `dlc.buffer` symbols named by dotted PyTorch paths (`fc1.weight`), so
    the module structure survives into the IR. `func.func @forward` is the
    inference entry point; the train block becomes `func.func @loss` and
    `func.func @metric_<name>`, with the optimizer in a `dlc.optimizer`
    dictionary attribute on the module. Function arguments and results carry
    `dlc.dims`: per dimension, an integer or the name of a symbolic dimension.
  }];
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 0;
  // dlc.size of a static dimension folds to a dlc.constant.
  let hasConstantMaterializer = 1;
}

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, traits>;

// The element types of the language (DSL.md), and only those: the lowering
// has a rule for each.
def Dlc_FloatType : AnyTypeOf<[F16, BF16, F32, F64]>;
def Dlc_Tensor : RankedTensorOf<[F16, BF16, F32, F64, I1, I32, I64]>;
def Dlc_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def Dlc_IndexTensor : RankedTensorOf<[I32, I64]>;
def Dlc_BoolTensor : RankedTensorOf<[I1]>;
// A run-time extent or counter: a rank-0 tensor of i64.
def Dlc_I64Scalar : Type<
    And<[AnyRankedTensor.predicate,
         CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).getRank() == 0">,
         CPred<"::llvm::cast<::mlir::RankedTensorType>($_self)"
               ".getElementType().isSignlessInteger(64)">]>,
    "rank-0 tensor of i64">,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI64Type())">;

//===----------------------------------------------------------------------===//
// Model state: parameters, buffers and the ops that read them
//===----------------------------------------------------------------------===//

class Dlc_StateDeclOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Symbol, HasParent<"::mlir::ModuleOp">,
                        Dlc_NonDifferentiable]> {
  let summary = "declares a " # what # " of the model";
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttrOf<Dlc_Tensor>:$type,
    StrAttr:$init,
    DefaultValuedAttr<F64Attr, "0.0">:$init_a,
    DefaultValuedAttr<F64Attr, "0.0">:$init_b,
    DefaultValuedAttr<I64Attr, "0">:$fan_in,
    DefaultValuedAttr<I64Attr, "0">:$fan_out
  );
  let assemblyFormat = "$sym_name `:` $type `init` $init attr-dict";
  let hasVerifier = 1;
}

def Dlc_ParamOp : Dlc_StateDeclOp<"param", "trainable parameter"> {
  let description = [{
    A trainable tensor with a static shape, initialised by `init`
    (zeros, ones, uniform(a, b), normal(a, b), glorot_uniform,
    kaiming_uniform(a), kaiming_normal) with PyTorch's fan conventions.

    ```mlir
    dlc.param @fc1.weight : tensor<128x784xf32> init "kaiming_uniform"
        {init_a = 2.2360679774997898 : f64, fan_in = 784 : i64, fan_out = 128 : i64}
    ```
  }];
}

def Dlc_BufferOp : Dlc_StateDeclOp<"buffer", "non-trainable buffer"> {
  let description = [{
    A non-trainable tensor of the model state, such as a running statistic.

    ```mlir
    dlc.buffer @bn.running_var : tensor<64xf32> init "ones"
    ```
  }];
}

def Dlc_OptimizerStateOp : Dlc_StateDeclOp<"optimizer_state",
                                          "tensor of the optimizer's state"> {
  let description = [{
    State that the optimizer expansion adds for a parameter (momentum,
    Adam's moments) or for the whole step (the step counter), named as
    `optimizer.<param>.<what>` or `optimizer.step`. It lives in the state
    arena after the buffers, so checkpoints carry it.

    ```mlir
    dlc.optimizer_state @optimizer.fc1.weight.exp_avg : tensor<128x784xf32> init "zeros"
    ```
  }];
}

def Dlc_LoadOp : Dlc_Op<"load",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, Dlc_NonDifferentiable]> {
  let summary = "reads a parameter or buffer of the model state";
  let description = [{
    Reads the value the tensor had when the function was entered: stores in
    the same function take effect when it returns.

    ```mlir
    %w = dlc.load @fc1.weight : tensor<128x784xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$name);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def Dlc_StoreOp : Dlc_Op<"store",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>,
     MemoryEffects<[MemWrite]>, Dlc_NonDifferentiable]> {
  let summary = "writes a parameter, buffer or optimizer state";
  let description = [{
    The new value takes effect when the function returns, so every
    `dlc.load` of the same tensor in the function reads the old one. A
    function stores each tensor at most once. `train_step` stores updated
    parameters and optimizer state; batch normalisation in training mode
    stores its running statistics.

    ```mlir
    dlc.store %mean, @bn.running_mean : tensor<64xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$value, FlatSymbolRefAttr:$name);
  let assemblyFormat = "$value `,` $name attr-dict `:` type($value)";
}

def Dlc_SizeOp : Dlc_Op<"size", [Pure, Dlc_NonDifferentiable]> {
  let summary = "the run-time extent of one dimension";
  let description = [{
    Gives symbolic extents to the ops that create tensors of them
    (`dlc.broadcast_to`, `dlc.reshape`, `dlc.causal_mask`) and to the
    divisors of means. Folds to a constant for a static dimension.

    ```mlir
    %n = dlc.size %x {axis = 0 : i64} : tensor<?x784xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, I64Attr:$axis);
  let results = (outs Dlc_I64Scalar:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_ConstantOp : Dlc_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "result"]>, Dlc_NonDifferentiable]> {
  let summary = "a constant tensor";
  let description = [{
    ```mlir
    %c = dlc.constant dense<1.000000e-05> : tensor<f32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class Dlc_BroadcastBinaryOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = what # " with NumPy broadcasting";
  let description = [{
    Elementwise over the broadcast of both operand shapes; the element types
    must match.

    ```mlir
    %y = dlc.}] # mnemonic # [{ %a, %b : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$lhs, Dlc_Tensor:$rhs);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  // One shape rule for the whole family (DlcOps.cpp).
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferBroadcast(location, adaptor.getLhs(), adaptor.getRhs(),
                            types);
    }
  }];
}

def Dlc_AddOp : Dlc_BroadcastBinaryOp<"add", "addition">;
def Dlc_SubOp : Dlc_BroadcastBinaryOp<"sub", "subtraction">;
def Dlc_MulOp : Dlc_BroadcastBinaryOp<"mul", "multiplication">;
def Dlc_DivOp : Dlc_BroadcastBinaryOp<"div", "division"> {
  let hasVerifier = 1;
}
def Dlc_MaximumOp : Dlc_BroadcastBinaryOp<"maximum", "elementwise maximum">;
def Dlc_MinimumOp : Dlc_BroadcastBinaryOp<"minimum", "elementwise minimum">;
def Dlc_PowOp : Dlc_BroadcastBinaryOp<"pow", "power"> {
  let hasVerifier = 1;
}

class Dlc_UnaryOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = what # ", elementwise";
  let description = [{
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x : tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_NegOp : Dlc_UnaryOp<"neg", "negation">;
def Dlc_ReluOp : Dlc_UnaryOp<"relu", "rectified linear unit max(x, 0)">;
def Dlc_ExpOp : Dlc_UnaryOp<"exp", "exponential">;
def Dlc_LogOp : Dlc_UnaryOp<"log", "natural logarithm">;
def Dlc_TanhOp : Dlc_UnaryOp<"tanh", "hyperbolic tangent">;
def Dlc_SigmoidOp : Dlc_UnaryOp<"sigmoid", "logistic sigmoid 1 / (1 + exp(-x))">;
def Dlc_SqrtOp : Dlc_UnaryOp<"sqrt", "square root">;
def Dlc_RsqrtOp : Dlc_UnaryOp<"rsqrt", "reciprocal square root">;
def Dlc_AbsOp : Dlc_UnaryOp<"abs", "absolute value">;
def Dlc_ErfOp : Dlc_UnaryOp<"erf", "Gauss error function">;

def Dlc_GeluOp : Dlc_Op<"gelu", [Pure, SameOperandsAndResultType]> {
  let summary = "Gaussian error linear unit, elementwise";
  let description = [{
    The exact form `x * (1 + erf(x / sqrt(2))) / 2`, or with
    `approximate = "tanh"` PyTorch's tanh approximation.

    ```mlir
    %y = dlc.gelu %x {approximate = "tanh"} : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                   DefaultValuedStrAttr<StrAttr, "none">:$approximate);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Dlc_CastOp : Dlc_Op<"cast", [Pure]> {
  let summary = "converts the element type";
  let description = [{
    PyTorch's conversions: floats truncate toward zero into integers, and
    anything nonzero becomes `true` in a bool (i1). The shape is unchanged.

    ```mlir
    %f = dlc.cast %labels : tensor<?xi32> -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions and shape
//===----------------------------------------------------------------------===//

def Dlc_MatmulOp : Dlc_Op<"matmul", [Pure, InferTypeOpAdaptor]> {
  let summary = "matrix multiplication, batched over broadcast leading dims";
  let description = [{
    `[..., M, K] @ [..., K, N] -> [..., M, N]`; both operands have rank >= 2.

    ```mlir
    %c = dlc.matmul %a, %b : (tensor<?x784xf32>, tensor<784x128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs);
  let results = (outs Dlc_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Dlc_LinearOp : Dlc_Op<"linear", [Pure, InferTypeOpAdaptor]> {
  let summary = "affine map x W^T + b over the last dimension";
  let description = [{
    PyTorch's `linear`: input `[..., K]`, weight `[M, K]`, optional bias
    `[M]`, result `[..., M]`.

    ```mlir
    %h = dlc.linear %x, %w, %b : (tensor<?x784xf32>, tensor<128x784xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                   Optional<Dlc_FloatTensor>:$bias);
  let results = (outs Dlc_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

def Dlc_TransposeOp : Dlc_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permutes dimensions";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`.

    ```mlir
    %t = dlc.transpose %x [1, 0] : tensor<?x10xf32> -> tensor<10x?xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input $permutation attr-dict `:` type($input) `->` type($result)";
}

def Dlc_ReshapeOp : Dlc_Op<"reshape", [Pure]> {
  let summary = "reinterprets the elements in a new shape";
  let description = [{
    Row-major element order is kept; the result type is stated because
    symbolic dimensions cannot be inferred from the input type alone. Each
    dynamic result extent comes from a `sizes` operand, in order, except the
    one named by `inferred`, which is the element count divided by the other
    extents. With no sizes, a single dynamic extent is the inferred one.

    ```mlir
    %r = dlc.reshape %x : tensor<?x1x28x28xf32> -> tensor<?x784xf32>
    %h = dlc.reshape %y sizes(%b, %t) : tensor<?x?x64xf32> -> tensor<?x?x4x16xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, Variadic<Dlc_I64Scalar>:$sizes,
                   OptionalAttr<I64Attr>:$inferred);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input (`sizes` `(` $sizes^ `)`)? attr-dict `:` "
                       "type($input) `->` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The result dimension computed from the element count, or -1.
    int64_t getInferredDim();
  }];
}

//===----------------------------------------------------------------------===//
// Reductions and normalisations
//===----------------------------------------------------------------------===//

class Dlc_ReduceOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = what # " over the given axes";
  let description = [{
    Axes are non-negative and distinct; `keepdim` keeps reduced dimensions
    with extent 1.

    ```mlir
    %s = dlc.}] # mnemonic # [{ %x {axes = array<i64: 1>, keepdim = true} : tensor<?x10xf32> -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "false">:$keepdim);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  // One shape rule for the whole family (DlcOps.cpp).
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferReduce(location, adaptor.getInput(), adaptor.getAxes(),
                         adaptor.getKeepdim(), types);
    }
  }];
}

def Dlc_ReduceSumOp : Dlc_ReduceOp<"reduce_sum", "sum">;
def Dlc_ReduceMeanOp : Dlc_ReduceOp<"reduce_mean", "mean">;
def Dlc_ReduceMaxOp : Dlc_ReduceOp<"reduce_max", "maximum">;
def Dlc_ReduceMinOp : Dlc_ReduceOp<"reduce_min", "minimum">;

class Dlc_AxisOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = what # " along one axis";
  let description = [{
    ```mlir
    %p = dlc.}] # mnemonic # [{ %x {axis = 1 : i64} : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Dlc_SoftmaxOp : Dlc_AxisOp<"softmax", "softmax">;
def Dlc_LogSoftmaxOp : Dlc_AxisOp<"log_softmax", "log of softmax">;

def Dlc_ArgmaxOp : Dlc_Op<"argmax", [Pure, InferTypeOpAdaptor,
                                     Dlc_NonDifferentiable]> {
  let summary = "index of the first maximum along one axis";
  let description = [{
    ```mlir
    %i = dlc.argmax %x {axis = 1 : i64} : tensor<?x10xf32> -> tensor<?xi64>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "false">:$keepdim);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_LayerNormOp : Dlc_Op<"layer_norm", [Pure,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "normalisation over the trailing dimensions, scaled and shifted";
  let description = [{
    `(x - mean) / sqrt(var + eps) * weight + bias` where mean and the biased
    variance are taken over the trailing dimensions that `weight` spans, as
    torch.nn.functional.layer_norm computes them.

    ```mlir
    %y = dlc.layer_norm %x, %w, %b {eps = 1.000000e-05 : f64} : (tensor<?x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x16x64xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                   Optional<Dlc_FloatTensor>:$bias, F64Attr:$eps);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def Dlc_BatchNormOp : Dlc_Op<"batch_norm", [Pure, AttrSizedOperandSegments,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "normalisation of each channel by given statistics";
  let description = [{
    `(x - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]` over channel
    axis 1 of `[N, C, ...]`. In evaluation mode the statistics are the
    running ones; in training mode the frontend passes the batch's mean and
    biased variance (computed by reductions) and updates the running
    statistics itself. `batch_statistics` says the mean and variance are
    the input's own over all axes but 1: the input's gradient is then the
    closed form through them (two sums per channel and one elementwise
    pass, as PyTorch's), and the statistics get none of their own.

    ```mlir
    %y = dlc.batch_norm %x, %mean, %var weight %w bias %b {eps = 1.000000e-05 : f64} : (tensor<?x8x14x14xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x14x14xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$mean,
                   Dlc_FloatTensor:$var, Optional<Dlc_FloatTensor>:$weight,
                   Optional<Dlc_FloatTensor>:$bias, F64Attr:$eps,
                   UnitAttr:$batch_statistics);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $mean `,` $var (`weight` $weight^)? "
                       "(`bias` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Losses and metrics
//===----------------------------------------------------------------------===//

def Dlc_CrossEntropyOp : Dlc_Op<"cross_entropy", [Pure, InferTypeOpAdaptor]> {
  let summary = "mean cross-entropy of logits against integer labels";
  let description = [{
    PyTorch's `cross_entropy` with mean reduction: logits `[N, C]`, labels
    `[N]`; a scalar result.

    ```mlir
    %l = dlc.cross_entropy %logits, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$logits, Dlc_IndexTensor:$labels);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat =
      "$logits `,` $labels attr-dict `:` functional-type(operands, results)";
}

def Dlc_MseOp : Dlc_Op<"mse", [Pure, InferTypeOpAdaptor]> {
  let summary = "mean squared error over all elements";
  let description = [{
    Prediction and target have the same shape (no broadcasting).

    ```mlir
    %l = dlc.mse %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$prediction, Dlc_FloatTensor:$target);
  let results = (outs Dlc_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat =
      "$prediction `,` $target attr-dict `:` functional-type(operands, results)";
}

def Dlc_BceWithLogitsOp : Dlc_Op<"bce_with_logits", [Pure,
                                                      InferTypeOpAdaptor]> {
  let summary = "mean binary cross-entropy of logits against targets in [0, 1]";
  let description = [{
    PyTorch's binary_cross_entropy_with_logits with mean reduction, in its
    stable form `max(z, 0) - z y + log(1 + exp(-|z|))`; logits and targets
    have the same shape.

    ```mlir
    %l = dlc.bce_with_logits %z, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$logits, Dlc_FloatTensor:$target);
  let results = (outs Dlc_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat =
      "$logits `,` $target attr-dict `:` functional-type(operands, results)";
}

def Dlc_AccuracyOp : Dlc_Op<"accuracy", [Pure, InferTypeOpAdaptor,
                                         Dlc_NonDifferentiable]> {
  let summary = "fraction of rows whose argmax equals the label";
  let description = [{
    ```mlir
    %a = dlc.accuracy %logits, %y : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$logits, Dlc_IndexTensor:$labels);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat =
      "$logits `,` $labels attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Comparison, selection, broadcasting, slicing and concatenation
//===----------------------------------------------------------------------===//

def Dlc_CompareOp : Dlc_Op<"compare", [Pure, InferTypeOpAdaptor,
                                       Dlc_NonDifferentiable]> {
  let summary = "elementwise comparison with NumPy broadcasting";
  let description = [{
    `predicate` is one of `lt le gt ge eq ne`; floats compare ordered (a NaN
    compares false, except under `ne`), as in PyTorch.

    ```mlir
    %m = dlc.compare "gt" %x, %zero : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xi1>
    ```
  }];
  let arguments = (ins StrAttr:$predicate, Dlc_Tensor:$lhs, Dlc_Tensor:$rhs);
  let results = (outs Dlc_BoolTensor:$result);
  let assemblyFormat = "$predicate $lhs `,` $rhs attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def Dlc_SelectOp : Dlc_Op<"select", [Pure, InferTypeOpAdaptor]> {
  let summary = "elementwise choice, with NumPy broadcasting of all three";
  let description = [{
    `where(condition, x, y)`: `x` where the condition holds, `y` elsewhere.

    ```mlir
    %r = dlc.select %m, %x, %zero : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
    ```
  }];
  let arguments = (ins Dlc_BoolTensor:$condition, Dlc_Tensor:$true_value,
                   Dlc_Tensor:$false_value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict "
                       "`:` functional-type(operands, results)";
}

def Dlc_BroadcastToOp : Dlc_Op<"broadcast_to", [Pure]> {
  let summary = "repeats a tensor along dimensions of extent 1 or new ones";
  let description = [{
    NumPy broadcasting of the input to the result type; each dynamic result
    extent comes from a `sizes` operand, in order.

    ```mlir
    %b = dlc.broadcast_to %g sizes(%n) : tensor<1x10xf32> -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, Variadic<Dlc_I64Scalar>:$sizes);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input (`sizes` `(` $sizes^ `)`)? attr-dict `:` "
                       "type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Dlc_SliceOp : Dlc_Op<"slice", [Pure]> {
  let summary = "a strided box of a tensor";
  let description = [{
    `result[i] = input[starts + i * strides]` per dimension. Static result
    extents are stated; a dynamic one runs to the end of the input's
    dimension. Indexing (`x[:, 0]`) is a slice followed by a reshape.

    ```mlir
    %s = dlc.slice %x starts [0, 2] strides [1, 1] : tensor<?x10xf32> -> tensor<?x4xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$strides);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input `starts` $starts `strides` $strides attr-dict "
                       "`:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Dlc_InsertSliceOp : Dlc_Op<"insert_slice", [Pure,
    AllTypesMatch<["dest", "result"]>]> {
  let summary = "a copy of `dest` with a strided box replaced by `source`";
  let description = [{
    The inverse of `dlc.slice`, and its gradient: `source` lands at
    `dest[starts + i * strides]`.

    ```mlir
    %r = dlc.insert_slice %g into %zeros starts [0, 2] strides [1, 1] : tensor<?x4xf32> into tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$source, Dlc_Tensor:$dest,
                   DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$strides);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$source `into` $dest `starts` $starts `strides` "
                       "$strides attr-dict `:` type($source) `into` type($dest)";
  let hasVerifier = 1;
}

def Dlc_ConcatOp : Dlc_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "joins tensors along one axis";
  let description = [{
    ```mlir
    %c = dlc.concat %a, %b {axis = 1 : i64} : (tensor<?x1x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Dlc_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
}

//===----------------------------------------------------------------------===//
// Neural-network layers
//===----------------------------------------------------------------------===//

def Dlc_EmbeddingOp : Dlc_Op<"embedding", [Pure, InferTypeOpAdaptor]> {
  let summary = "rows of a table picked by integer ids";
  let description = [{
    `ids [...]` and `table [n, d]` give `[..., d]`. An id outside `[0, n)`
    yields a row of NaN: compiled code cannot raise an error, and a silent
    wrong row would hide the bug.

    ```mlir
    %e = dlc.embedding %ids, %table : (tensor<?x16xi64>, tensor<30x64xf32>) -> tensor<?x16x64xf32>
    ```
  }];
  let arguments = (ins Dlc_IndexTensor:$ids, Dlc_FloatTensor:$table);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat =
      "$ids `,` $table attr-dict `:` functional-type(operands, results)";
}

def Dlc_DropoutOp : Dlc_Op<"dropout", [Pure,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "zeroes elements with probability p, scaling the rest";
  let description = [{
    Element `i` is kept when a counter-based random number of
    `(seed, stream, i)` is at least `p`, and is then scaled by `1 / (1 - p)`.
    The seed comes with each training step and `stream` tells the dropout
    ops of a model apart, so the same step always drops the same elements:
    the backward pass regenerates the mask instead of storing it.

    ```mlir
    %y = dlc.dropout %x, %seed {p = 1.000000e-01 : f64, stream = 3 : i64} : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_I64Scalar:$seed,
                   F64Attr:$p, I64Attr:$stream);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $seed attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Dlc_CausalMaskOp : Dlc_Op<"causal_mask", [Pure, Dlc_NonDifferentiable]> {
  let summary = "an additive attention mask that hides later positions";
  let description = [{
    `[T, T]` with 0 on and below the diagonal and -inf above it; a dynamic
    `T` comes from the `size` operand.

    ```mlir
    %m = dlc.causal_mask %t : tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Optional<Dlc_I64Scalar>:$size);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "($size^)? attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Dlc_OneHotOp : Dlc_Op<"one_hot", [Pure, InferTypeOpAdaptor,
                                      Dlc_NonDifferentiable]> {
  let summary = "integer ids as one-hot i64 vectors";
  let description = [{
    ```mlir
    %o = dlc.one_hot %y {classes = 10 : i64} : tensor<?xi32> -> tensor<?x10xi64>
    ```
  }];
  let arguments = (ins Dlc_IndexTensor:$ids, I64Attr:$classes);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$ids attr-dict `:` type($ids) `->` type($result)";
}

// Window geometry shared by convolution and pooling: two values each, for
// the height and the width.
class Dlc_WindowOp<string mnemonic, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat([Pure], traits)>;

def Dlc_Conv2dOp : Dlc_WindowOp<"conv2d", [InferTypeOpAdaptor]> {
  let summary = "2-D convolution (cross-correlation) over NCHW inputs";
  let description = [{
    PyTorch's `conv2d`: input `[N, Cin, H, W]`, weight
    `[Cout, Cin / groups, kH, kW]`, optional bias `[Cout]`; zero padding.

    ```mlir
    %y = dlc.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x1x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<?x32x28x28xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                   Optional<Dlc_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                   DenseI64ArrayAttr:$dilation, I64Attr:$groups);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

def Dlc_Conv2dInputGradOp : Dlc_WindowOp<"conv2d_input_grad",
    [InferTypeOpAdaptor, Dlc_NonDifferentiable]> {
  let summary = "the gradient of conv2d with respect to its input";
  let description = [{
    A transposed convolution of the result gradient `[N, Cout, OH, OW]` with
    the weight, back to `[N, Cin, H, W]` where `input_size` is `[H, W]`.

    ```mlir
    %dx = dlc.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 28, 28>} : (tensor<?x32x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<?x1x28x28xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_FloatTensor:$weight,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                   DenseI64ArrayAttr:$dilation, I64Attr:$groups,
                   DenseI64ArrayAttr:$input_size);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$grad `,` $weight attr-dict `:` "
                       "functional-type(operands, results)";
}

def Dlc_Conv2dWeightGradOp : Dlc_WindowOp<"conv2d_weight_grad",
    [InferTypeOpAdaptor, Dlc_NonDifferentiable]> {
  let summary = "the gradient of conv2d with respect to its weight";
  let description = [{
    The correlation of the input with the result gradient, summed over the
    batch: `[Cout, Cin / groups, kH, kW]` where `kernel` is `[kH, kW]`.

    ```mlir
    %dw = dlc.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>} : (tensor<?x1x28x28xf32>, tensor<?x32x28x28xf32>) -> tensor<32x1x3x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$grad,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                   DenseI64ArrayAttr:$dilation, I64Attr:$groups,
                   DenseI64ArrayAttr:$kernel);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $grad attr-dict `:` "
                       "functional-type(operands, results)";
}

class Dlc_PoolOp<string mnemonic, string what>
    : Dlc_WindowOp<mnemonic, [InferTypeOpAdaptor]> {
  let summary = what # " over windows of NCHW inputs";
  let arguments = (ins Dlc_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_MaxPool2dOp : Dlc_PoolOp<"max_pool2d", "maximum"> {
  let description = [{
    Padding counts as -inf, as in PyTorch.

    ```mlir
    %p = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x32x28x28xf32> -> tensor<?x32x14x14xf32>
    ```
  }];
}

def Dlc_AvgPool2dOp : Dlc_PoolOp<"avg_pool2d", "mean"> {
  let description = [{
    Padding counts as zeros in the mean (PyTorch's count_include_pad).

    ```mlir
    %p = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x32x28x28xf32> -> tensor<?x32x14x14xf32>
    ```
  }];
}

def Dlc_MaxPool2dGradOp : Dlc_WindowOp<"max_pool2d_grad",
    [Dlc_NonDifferentiable, AllTypesMatch<["input", "result"]>]> {
  let summary = "the gradient of max_pool2d with respect to its input";
  let description = [{
    Each window's gradient goes to its first maximum, as in PyTorch; the
    maxima are found again from the input rather than stored.

    ```mlir
    %dx = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x32x28x28xf32>, tensor<?x32x14x14xf32>) -> tensor<?x32x28x28xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$grad,
                   DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride,
                   DenseI64ArrayAttr:$padding);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $grad attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def Dlc_AvgPool2dGradOp : Dlc_WindowOp<"avg_pool2d_grad",
    [Dlc_NonDifferentiable]> {
  let summary = "the gradient of avg_pool2d with respect to its input";
  let description = [{
    ```mlir
    %dx = dlc.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x32x14x14xf32> -> tensor<?x32x28x28xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$grad attr-dict `:` type($grad) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Backward ops emitted by autodiff
//===----------------------------------------------------------------------===//

def Dlc_GeluGradOp : Dlc_Op<"gelu_grad", [Pure, Dlc_NonDifferentiable,
    AllTypesMatch<["input", "grad", "result"]>]> {
  let summary = "the gradient of gelu: grad * gelu'(input)";
  let description = [{
    ```mlir
    %dx = dlc.gelu_grad %x, %dy {approximate = "none"} : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$grad,
                   DefaultValuedStrAttr<StrAttr, "none">:$approximate);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $grad attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Dlc_CrossEntropyGradOp : Dlc_Op<"cross_entropy_grad", [Pure,
    Dlc_NonDifferentiable, AllTypesMatch<["logits", "result"]>]> {
  let summary = "the gradient of cross_entropy with respect to the logits";
  let description = [{
    `(softmax(logits) - one_hot(labels)) * grad / count`, where rows
    labelled ignore_index (-100) get 0 and count the others.

    ```mlir
    %dl = dlc.cross_entropy_grad %logits, %y, %dloss : (tensor<?x10xf32>, tensor<?xi32>, tensor<f32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$logits, Dlc_IndexTensor:$labels,
                   Dlc_FloatTensor:$grad);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$logits `,` $labels `,` $grad attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def Dlc_EmbeddingGradOp : Dlc_Op<"embedding_grad", [Pure, InferTypeOpAdaptor,
                                                     Dlc_NonDifferentiable]> {
  let summary = "the gradient of embedding with respect to the table";
  let description = [{
    Sums the rows of `grad [..., d]` into `[num_embeddings, d]` at their ids;
    ids outside the table are skipped.

    ```mlir
    %dt = dlc.embedding_grad %ids, %dy {num_embeddings = 30 : i64} : (tensor<?x16xi64>, tensor<?x16x64xf32>) -> tensor<30x64xf32>
    ```
  }];
  let arguments = (ins Dlc_IndexTensor:$ids, Dlc_FloatTensor:$grad,
                   I64Attr:$num_embeddings);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat =
      "$ids `,` $grad attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Kernels compiled outside MLIR
//===----------------------------------------------------------------------===//

def Dlc_KernelCallOp : Dlc_Op<"kernel_call", [Pure, AttrSizedOperandSegments,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>, Dlc_NonDifferentiable]> {
  let summary = "calls a kernel compiled by Halide";
  let description = [{
    Runs the kernel `kernel`, a `func.func` declaration whose object code
    comes from Halide, on `inputs` and writes every element of each of
    `outputs`; the results are the written outputs (destination-passing
    style, so bufferization can compute them in place). The declaration
    takes one fully strided memref per input and output, in that order.
    Kernel outlining creates these ops after the lowering to linalg; they
    bufferize into calls of the declaration.

    ```mlir
    %c = dlc.kernel_call @dlc_gemm_0 ins(%a, %b : tensor<?x784xf32>, tensor<128x784xf32>) outs(%e : tensor<?x128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel,
                   Variadic<AnyRankedTensor>:$inputs,
                   Variadic<AnyRankedTensor>:$outputs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $kernel `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $outputs `:` type($outputs) `)` attr-dict
    `->` type($results)
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getOutputsMutable();
    }
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def Dlc_FusionGroupOp : Dlc_Op<"fusion_group", [SingleBlock,
    RecursiveMemoryEffects, Dlc_NonDifferentiable]> {
  let summary = "ops that run as one kernel";
  let description = [{
    The fusion pass (`dlc-form-fusion-groups`) moves ops that should run as
    one kernel into the body of a group; the body reads values from above
    and yields those used after it. `kind` says how the group is lowered:

    - `contraction`: a matmul, linear or convolution and the elementwise
      ops applied to its result (bias, activation, residual add), which the
      Halide kernel applies as it stores its sums;
    - `rows`: ops that each reduce or normalise the rows of one tensor
      (softmax, log_softmax, cross-entropy, layer norm) with the
      elementwise ops around them, which share what they compute alike
      and can run row by row in one loop; `row_dims` leading dimensions
      index the rows;
    - `optimizer`: the elementwise update of every parameter and its
      optimizer state;
    - `elementwise`: connected elementwise ops, with the reductions that
      alone consume them, fused into one loop nest.

    ```mlir
    %r = dlc.fusion_group "contraction" {
      %y = dlc.linear %x, %w, %b : (tensor<?x4xf32>, tensor<8x4xf32>, tensor<8xf32>) -> tensor<?x8xf32>
      %h = dlc.relu %y : tensor<?x8xf32>
      dlc.yield %h : tensor<?x8xf32>
    } -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins StrAttr:$kind, OptionalAttr<I64Attr>:$row_dims);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $kind attr-dict-with-keyword $body (`->` type($results)^)?
  }];
  let extraClassDeclaration = [{
    /// The kinds of group, as `kind` spells them.
    static constexpr ::llvm::StringLiteral Contraction = "contraction";
    static constexpr ::llvm::StringLiteral Rows = "rows";
    static constexpr ::llvm::StringLiteral Optimizer = "optimizer";
    static constexpr ::llvm::StringLiteral Elementwise = "elementwise";
  }];
  let hasVerifier = 1;
}

def Dlc_YieldOp : Dlc_Op<"yield", [Pure, Terminator, Dlc_NonDifferentiable,
    HasParent<"FusionGroupOp">]> {
  let summary = "the values a fusion group gives to the ops after it";
  let description = [{
    ```mlir
    dlc.yield %h : tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

//===----------------------------------------------------------------------===//
// Optimizer
//===----------------------------------------------------------------------===//

def Dlc_LearningRateOp : Dlc_Op<"learning_rate", [Pure,
                                                  Dlc_NonDifferentiable]> {
  let summary = "the learning rate of a step under a schedule";
  let description = [{
    `step` counts the steps already taken. `schedule` is `constant`, `step`
    (`lr * gamma ^ floor(step / step_size)`) or `cosine` (from `lr` down to
    `min_lr` over `total_steps`); with `warmup > 0` the rate first rises
    linearly, `lr * (step + 1) / warmup`, and the cosine runs over the steps
    after the warm-up.

    ```mlir
    %lr = dlc.learning_rate %step {schedule = "cosine", lr = 1.000000e-01 : f64, total_steps = 1000 : i64} : tensor<f64>
    ```
  }];
  let arguments = (ins Dlc_I64Scalar:$step,
                   DefaultValuedStrAttr<StrAttr, "constant">:$schedule,
                   F64Attr:$lr,
                   DefaultValuedAttr<I64Attr, "0">:$warmup,
                   DefaultValuedAttr<I64Attr, "0">:$step_size,
                   DefaultValuedAttr<F64Attr, "0.1">:$gamma,
                   DefaultValuedAttr<I64Attr, "0">:$total_steps,
                   DefaultValuedAttr<F64Attr, "0.0">:$min_lr);
  let results = (outs 0DTensorOf<[F64]>:$result);
  let assemblyFormat = "$step attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // DLC_OPS_TD
