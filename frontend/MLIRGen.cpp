//===- MLIRGen.cpp - Checked model to dlc dialect IR ----------------------===//
//
// Sema has already inlined calls, unrolled loops and checked every shape, so
// this is a node-by-node translation. Only nodes that a function's results
// depend on are emitted, so an unsupported op in dead code is not an error.
//
//===----------------------------------------------------------------------===//
#include "frontend/MLIRGen.h"

#include "dialects/Dlc/DlcDialect.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringSwitch.h"

using namespace dlc;

namespace {

class MLIRGen {
public:
  MLIRGen(mlir::MLIRContext &context, Diagnostics &diags)
      : context(context), diags(diags), builder(&context) {}

  mlir::OwningOpRef<mlir::ModuleOp> emit(const Model &model);

private:
  mlir::Location loc(SourceLoc l) {
    if (!l.isValid() || l.fileId >= diags.getNumFiles())
      return builder.getUnknownLoc();
    // The column as diagnostics print it (characters, not bytes).
    return mlir::FileLineColLoc::get(&context, diags.getFile(l.fileId).name,
                                     l.line, diags.displayColumn(l));
  }

  mlir::Type elementType(DType t) {
    switch (t) {
    case DType::F32:
      return builder.getF32Type();
    case DType::F16:
      return builder.getF16Type();
    case DType::BF16:
      return builder.getBF16Type();
    case DType::F64:
      return builder.getF64Type();
    case DType::I32:
      return builder.getI32Type();
    case DType::I64:
      return builder.getI64Type();
    case DType::Bool:
      return builder.getI1Type();
    }
    return builder.getF32Type();
  }

  mlir::RankedTensorType tensorType(const TensorType &t) {
    llvm::SmallVector<int64_t, 4> shape;
    for (const Dim &d : t.dims)
      shape.push_back(d.isStatic() ? d.value : mlir::ShapedType::kDynamic);
    return mlir::RankedTensorType::get(shape, elementType(t.dtype));
  }

  /// `dlc.dims`: an integer per static dimension, the symbol's spelling
  /// otherwise.
  mlir::ArrayAttr dimsAttr(const TensorType &t) {
    llvm::SmallVector<mlir::Attribute, 4> dims;
    for (const Dim &d : t.dims)
      dims.push_back(d.isStatic()
                         ? mlir::Attribute(builder.getI64IntegerAttr(d.value))
                         : mlir::Attribute(builder.getStringAttr(d.sym)));
    return builder.getArrayAttr(dims);
  }

  bool emitFunction(const GraphFunction &fn);
  mlir::Value emitNode(const GraphFunction &fn, const Node &n,
                       llvm::ArrayRef<mlir::Value> values, mlir::Block *entry);
  mlir::Value unsupported(const Node &n, llvm::StringRef what) {
    diags.error(n.loc, "'" + what +
                           "' is not supported by code generation "
                           "yet");
    return nullptr;
  }

  mlir::MLIRContext &context;
  Diagnostics &diags;
  mlir::OpBuilder builder;
};

} // namespace

static bool isFloatTensor(mlir::Value v) {
  return mlir::isa<mlir::FloatType>(
      mlir::cast<mlir::RankedTensorType>(v.getType()).getElementType());
}

/// The DSL spelling of a node's op, for messages.
static llvm::StringRef dslName(llvm::StringRef op) {
  return llvm::StringSwitch<llvm::StringRef>(op)
      .Case("slice", "indexing and slicing")
      .Case("bce_with_logits", "binary_cross_entropy_with_logits")
      .Case("broadcast_to", "expand")
      .Case("select", "where")
      .Case("less", "<")
      .Case("less_equal", "<=")
      .Case("greater", ">")
      .Case("greater_equal", ">=")
      .Case("equal", "==")
      .Case("not_equal", "!=")
      .StartsWith("reduce_", op.drop_front(7))
      .Default(op);
}

mlir::Value MLIRGen::emitNode(const GraphFunction &fn, const Node &n,
                              llvm::ArrayRef<mlir::Value> values,
                              mlir::Block *entry) {
  mlir::Location l = loc(n.loc);
  auto operand = [&](size_t k) { return values[n.operands[k]]; };
  llvm::StringRef op = n.op;
  // The dialect's compute ops are defined on floating-point tensors only; an
  // integer operand must be reported here, before a builder's type inference
  // sees it.
  auto needFloat = [&](size_t count) {
    for (size_t k = 0; k < count && k < n.operands.size(); ++k)
      if (!isFloatTensor(operand(k)))
        return false;
    return true;
  };
  auto resultType = tensorType(n.type);

  if (op == "arg")
    return entry->getArgument(n.ints[0]);
  if (op == "load")
    return builder.create<dlc::LoadOp>(
        l, resultType, mlir::FlatSymbolRefAttr::get(&context, n.str));
  if (op == "constant") {
    mlir::Type et = resultType.getElementType();
    mlir::Attribute value;
    if (auto ft = mlir::dyn_cast<mlir::FloatType>(et))
      value = mlir::FloatAttr::get(ft, n.fval);
    else
      value = mlir::IntegerAttr::get(et, static_cast<int64_t>(n.fval));
    return builder.create<dlc::ConstantOp>(
        l, mlir::DenseElementsAttr::get(resultType, value));
  }
  if (op == "cast")
    return builder.create<dlc::CastOp>(l, resultType, operand(0));
  if (op == "reshape")
    return builder.create<dlc::ReshapeOp>(l, resultType, operand(0));
  if (op == "transpose")
    return builder.create<dlc::TransposeOp>(
        l, operand(0), builder.getDenseI64ArrayAttr(n.ints));

#define DLC_BINARY(NAME, OP)                                                   \
  if (op == NAME)                                                              \
    return builder.create<OP>(l, operand(0), operand(1));
  DLC_BINARY("add", dlc::AddOp)
  DLC_BINARY("sub", dlc::SubOp)
  DLC_BINARY("mul", dlc::MulOp)
  DLC_BINARY("div", dlc::DivOp)
  DLC_BINARY("maximum", dlc::MaximumOp)
  DLC_BINARY("minimum", dlc::MinimumOp)
  DLC_BINARY("pow", dlc::PowOp)
#undef DLC_BINARY

  bool isUnary = llvm::StringSwitch<bool>(op)
                     .Cases("neg", "relu", "exp", "log", "tanh", true)
                     .Cases("sigmoid", "sqrt", "rsqrt", "abs", "erf", true)
                     .Case("gelu", true)
                     .Default(false);
  bool isReduce = op.starts_with("reduce_");
  bool floatOnly = isUnary || isReduce || op == "matmul" || op == "linear" ||
                   op == "softmax" || op == "log_softmax" || op == "argmax" ||
                   op == "cross_entropy" || op == "accuracy" || op == "mse";
  if (floatOnly && !needFloat(op == "cross_entropy" || op == "accuracy"
                                  ? 1
                                  : n.operands.size())) {
    diags.error(n.loc, "'" + dslName(op) +
                           "' on integer tensors is not "
                           "supported by code generation yet");
    return nullptr;
  }
  if (isUnary) {
    mlir::Value x = operand(0);
    mlir::Type t = x.getType();
    if (op == "neg")
      return builder.create<dlc::NegOp>(l, t, x);
    if (op == "relu")
      return builder.create<dlc::ReluOp>(l, t, x);
    if (op == "exp")
      return builder.create<dlc::ExpOp>(l, t, x);
    if (op == "log")
      return builder.create<dlc::LogOp>(l, t, x);
    if (op == "tanh")
      return builder.create<dlc::TanhOp>(l, t, x);
    if (op == "sigmoid")
      return builder.create<dlc::SigmoidOp>(l, t, x);
    if (op == "sqrt")
      return builder.create<dlc::SqrtOp>(l, t, x);
    if (op == "rsqrt")
      return builder.create<dlc::RsqrtOp>(l, t, x);
    if (op == "abs")
      return builder.create<dlc::AbsOp>(l, t, x);
    if (op == "erf")
      return builder.create<dlc::ErfOp>(l, t, x);
    return builder.create<dlc::GeluOp>(l, t, x, builder.getStringAttr(n.str));
  }
  if (op == "matmul")
    return builder.create<dlc::MatmulOp>(l, operand(0), operand(1));
  if (op == "linear")
    return builder.create<dlc::LinearOp>(l, operand(0), operand(1),
                                         n.operands.size() > 2 ? operand(2)
                                                               : mlir::Value());
  if (isReduce) {
    auto axes = builder.getDenseI64ArrayAttr(n.ints);
    auto keep = builder.getBoolAttr(n.flag);
    if (op == "reduce_sum")
      return builder.create<dlc::ReduceSumOp>(l, operand(0), axes, keep);
    if (op == "reduce_mean")
      return builder.create<dlc::ReduceMeanOp>(l, operand(0), axes, keep);
    if (op == "reduce_max")
      return builder.create<dlc::ReduceMaxOp>(l, operand(0), axes, keep);
    return builder.create<dlc::ReduceMinOp>(l, operand(0), axes, keep);
  }
  if (op == "softmax")
    return builder.create<dlc::SoftmaxOp>(l, resultType, operand(0),
                                          builder.getI64IntegerAttr(n.ints[0]));
  if (op == "log_softmax")
    return builder.create<dlc::LogSoftmaxOp>(
        l, resultType, operand(0), builder.getI64IntegerAttr(n.ints[0]));
  if (op == "argmax")
    return builder.create<dlc::ArgmaxOp>(l, operand(0),
                                         builder.getI64IntegerAttr(n.ints[0]),
                                         builder.getBoolAttr(n.flag));
  if (op == "cross_entropy" || op == "accuracy") {
    auto logits = mlir::cast<mlir::RankedTensorType>(operand(0).getType());
    auto labels = mlir::cast<mlir::RankedTensorType>(operand(1).getType());
    if (logits.getRank() != 2 || labels.getRank() != 1 ||
        !labels.getElementType().isSignlessInteger() ||
        (labels.getElementType().getIntOrFloatBitWidth() != 32 &&
         labels.getElementType().getIntOrFloatBitWidth() != 64)) {
      diags.error(n.loc, "'" + op + "' of logits " + n.type.str().substr(0, 0) +
                             "other than [N, C] with i32/i64 labels [N] is "
                             "not supported by code generation yet");
      return nullptr;
    }
    if (op == "cross_entropy")
      return builder.create<dlc::CrossEntropyOp>(l, operand(0), operand(1));
    return builder.create<dlc::AccuracyOp>(l, operand(0), operand(1));
  }
  if (op == "mse")
    return builder.create<dlc::MseOp>(l, operand(0), operand(1));
  (void)fn;
  return unsupported(n, dslName(op));
}

bool MLIRGen::emitFunction(const GraphFunction &fn) {
  llvm::SmallVector<mlir::Type, 4> argTypes;
  for (const FuncArg &a : fn.args)
    argTypes.push_back(tensorType(a.type));
  auto func = builder.create<mlir::func::FuncOp>(
      loc(fn.loc), fn.name, builder.getFunctionType(argTypes, {}));
  mlir::Block *entry = func.addEntryBlock();
  for (size_t i = 0; i < fn.args.size(); ++i) {
    func.setArgAttr(i, "dlc.name", builder.getStringAttr(fn.args[i].name));
    func.setArgAttr(i, "dlc.dims", dimsAttr(fn.args[i].type));
  }
  // Liveness: only what the results depend on.
  std::vector<bool> live(fn.nodes.size(), false);
  for (int r : fn.results)
    live[r] = true;
  for (size_t k = fn.nodes.size(); k-- > 0;)
    if (live[k])
      for (int o : fn.nodes[k].operands)
        live[o] = true;

  mlir::OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entry);
  std::vector<mlir::Value> values(fn.nodes.size());
  for (size_t k = 0; k < fn.nodes.size(); ++k) {
    if (!live[k])
      continue;
    values[k] = emitNode(fn, fn.nodes[k], values, entry);
    if (!values[k])
      return false;
  }
  llvm::SmallVector<mlir::Value, 2> results;
  llvm::SmallVector<mlir::Type, 2> resultTypes;
  for (int r : fn.results) {
    results.push_back(values[r]);
    resultTypes.push_back(values[r].getType());
  }
  SourceLoc retLoc = fn.results.empty() ? fn.loc : fn.nodes[fn.results[0]].loc;
  builder.create<mlir::func::ReturnOp>(loc(retLoc), results);
  func.setType(builder.getFunctionType(argTypes, resultTypes));
  for (size_t i = 0; i < fn.results.size(); ++i)
    func.setResultAttr(i, "dlc.dims", dimsAttr(fn.nodes[fn.results[i]].type));
  return true;
}

mlir::OwningOpRef<mlir::ModuleOp> MLIRGen::emit(const Model &model) {
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(loc(model.loc));
  module->getOperation()->setAttr("dlc.model",
                                  builder.getStringAttr(model.name));
  if (!model.optimizer.kind.empty()) {
    llvm::SmallVector<mlir::NamedAttribute, 8> fields;
    fields.push_back(builder.getNamedAttr(
        "kind", builder.getStringAttr(model.optimizer.kind)));
    for (const auto &kv : model.optimizer.values) {
      bool isBool = llvm::is_contained(model.optimizer.boolKeys, kv.first);
      fields.push_back(builder.getNamedAttr(
          kv.first, isBool
                        ? mlir::Attribute(builder.getBoolAttr(kv.second))
                        : mlir::Attribute(builder.getF64FloatAttr(kv.second))));
    }
    module->getOperation()->setAttr("dlc.optimizer",
                                    builder.getDictionaryAttr(fields));
  }
  builder.setInsertionPointToEnd(module->getBody());
  // Parameters first, then buffers, each in declaration order: the order of
  // the state arena.
  for (bool buffers : {false, true}) {
    for (const ParamInfo &p : model.params) {
      if (p.isBuffer != buffers)
        continue;
      mlir::Location l = loc(p.loc);
      auto name = builder.getStringAttr(p.name);
      auto type = mlir::TypeAttr::get(tensorType(p.type));
      auto init = builder.getStringAttr(p.init);
      auto a = builder.getF64FloatAttr(p.initA);
      auto b = builder.getF64FloatAttr(p.initB);
      auto fanIn = builder.getI64IntegerAttr(p.fanIn);
      auto fanOut = builder.getI64IntegerAttr(p.fanOut);
      if (buffers)
        builder.create<dlc::BufferOp>(l, name, type, init, a, b, fanIn, fanOut);
      else
        builder.create<dlc::ParamOp>(l, name, type, init, a, b, fanIn, fanOut);
    }
  }
  for (const GraphFunction &fn : model.functions)
    if (!emitFunction(fn))
      return nullptr;
  return module;
}

mlir::OwningOpRef<mlir::ModuleOp> dlc::emitDlcIR(mlir::MLIRContext &context,
                                                 const Model &model,
                                                 Diagnostics &diags) {
  context.getOrLoadDialect<dlc::DlcDialect>();
  context.getOrLoadDialect<mlir::func::FuncDialect>();
  return MLIRGen(context, diags).emit(model);
}
