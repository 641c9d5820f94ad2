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
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

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
}

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, traits>;

// The element types of the language (DSL.md), and only those: the lowering
// has a rule for each.
def Dlc_FloatType : AnyTypeOf<[F16, BF16, F32, F64]>;
def Dlc_Tensor : RankedTensorOf<[F16, BF16, F32, F64, I1, I32, I64]>;
def Dlc_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def Dlc_IndexTensor : RankedTensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Model state: parameters, buffers and the ops that read them
//===----------------------------------------------------------------------===//

class Dlc_StateDeclOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Symbol, HasParent<"::mlir::ModuleOp">]> {
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

def Dlc_LoadOp : Dlc_Op<"load",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "reads a parameter or buffer of the model state";
  let description = [{
    ```mlir
    %w = dlc.load @fc1.weight : tensor<128x784xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$name);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def Dlc_ConstantOp : Dlc_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "result"]>]> {
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
    symbolic dimensions cannot be inferred from the input type alone.

    ```mlir
    %r = dlc.reshape %x : tensor<?x1x28x28xf32> -> tensor<?x784xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
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

def Dlc_ArgmaxOp : Dlc_Op<"argmax", [Pure, InferTypeOpAdaptor]> {
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

def Dlc_AccuracyOp : Dlc_Op<"accuracy", [Pure, InferTypeOpAdaptor]> {
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

#endif // DLC_OPS_TD
