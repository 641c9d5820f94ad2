//===- MLIRGen.cpp - Checked model to dlc dialect IR ----------------------===//
//
// Sema has already inlined calls, unrolled loops and checked every shape, so
// this is a node-by-node translation. Only nodes that a function's results
// depend on are emitted, so an unsupported op in dead code is not an error.
// Symbolic extents that an op needs at run time (a reshape to [B, T, H, D],
// a causal mask of T) are read with dlc.size from the argument that binds
// the symbol.
//
//===----------------------------------------------------------------------===//
#include "frontend/MLIRGenImpl.h"

#include "dialects/Dlc/DlcDialect.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace dlc;

//===----------------------------------------------------------------------===//
// Types and locations
//===----------------------------------------------------------------------===//

mlir::Location MLIRGen::loc(SourceLoc l) {
  if (!l.isValid() || l.fileId >= diags.getNumFiles())
    return builder.getUnknownLoc();
  // The column as diagnostics print it (characters, not bytes).
  return mlir::FileLineColLoc::get(&context, diags.getFile(l.fileId).name,
                                   l.line, diags.displayColumn(l));
}

mlir::Type MLIRGen::elementType(ElementType t) {
  switch (t) {
  case ElementType::F32:
    return builder.getF32Type();
  case ElementType::F16:
    return builder.getF16Type();
  case ElementType::BF16:
    return builder.getBF16Type();
  case ElementType::F64:
    return builder.getF64Type();
  case ElementType::I32:
    return builder.getI32Type();
  case ElementType::I64:
    return builder.getI64Type();
  case ElementType::Bool:
    return builder.getI1Type();
  }
  return builder.getF32Type();
}

mlir::RankedTensorType MLIRGen::tensorType(const TensorType &t) {
  llvm::SmallVector<int64_t, 4> shape;
  for (const Dim &d : t.dims)
    shape.push_back(d.isStatic() ? d.value : mlir::ShapedType::kDynamic);
  return mlir::RankedTensorType::get(shape, elementType(t.dtype));
}

/// `dlc.dims`: an integer per static dimension, the symbol's spelling
/// otherwise.
mlir::ArrayAttr MLIRGen::dimsAttr(const TensorType &t) {
  llvm::SmallVector<mlir::Attribute, 4> dims;
  for (const Dim &d : t.dims)
    dims.push_back(d.isStatic()
                       ? mlir::Attribute(builder.getI64IntegerAttr(d.value))
                       : mlir::Attribute(builder.getStringAttr(d.sym)));
  return builder.getArrayAttr(dims);
}

mlir::Value MLIRGen::unsupported(const Node &n, llvm::StringRef what) {
  diags.error(n.loc,
              "'" + what.str() + "' is not supported by code generation yet");
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

static bool isIdentifier(llvm::StringRef s) {
  return !s.empty() &&
         llvm::all_of(s, [](char c) { return llvm::isAlnum(c) || c == '_'; }) &&
         !llvm::isDigit(s[0]);
}

mlir::Value MLIRGen::scalar(mlir::Type type, double value, mlir::Location l) {
  auto tensor = mlir::RankedTensorType::get({}, type);
  mlir::Attribute attr;
  if (auto f = mlir::dyn_cast<mlir::FloatType>(type))
    attr = mlir::FloatAttr::get(f, value);
  else
    attr = mlir::IntegerAttr::get(type, static_cast<int64_t>(value));
  return builder.create<ConstantOp>(l,
                                    mlir::DenseElementsAttr::get(tensor, attr));
}

mlir::Value MLIRGen::sizeOfAxis(mlir::Value value, int64_t axis,
                                mlir::Location l) {
  return builder.create<SizeOp>(l, value, builder.getI64IntegerAttr(axis));
}

mlir::Value MLIRGen::sizeOf(const Dim &d, mlir::Location l) {
  if (d.isStatic())
    return scalar(builder.getI64Type(), static_cast<double>(d.value), l);
  if (d.isUnknown())
    return nullptr;
  // A product of symbols and integers (`N*T` from a flatten); other
  // symbolic expressions are not tracked.
  llvm::SmallVector<llvm::StringRef, 4> factors;
  llvm::StringRef(d.sym).split(factors, '*');
  mlir::Value product;
  for (llvm::StringRef factor : factors) {
    factor = factor.trim();
    mlir::Value size;
    int64_t constant;
    if (!factor.getAsInteger(10, constant)) {
      size = scalar(builder.getI64Type(), static_cast<double>(constant), l);
    } else if (isIdentifier(factor)) {
      mlir::Value &cached = state->symbolSizes[factor];
      if (!cached) {
        auto source = state->symbolSources.find(factor);
        if (source == state->symbolSources.end())
          return nullptr;
        // At the top of the function, so that it dominates every use.
        mlir::OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(state->entry);
        cached = sizeOfAxis(state->entry->getArgument(source->second.first),
                            source->second.second, l);
      }
      size = cached;
    } else {
      return nullptr;
    }
    product =
        product ? builder.create<MulOp>(l, product, size).getResult() : size;
  }
  return product;
}

mlir::Value MLIRGen::reshape(mlir::Value x, mlir::RankedTensorType type,
                             llvm::ArrayRef<Dim> dims, const Node &n) {
  if (x.getType() == type)
    return x;
  mlir::Location l = loc(n.loc);
  // A single dynamic extent is derived from the element count; with more,
  // each comes from its symbol and at most one unnamed one is derived.
  if (type.getNumDynamicDims() <= 1)
    return builder.create<ReshapeOp>(l, type, x, mlir::ValueRange{},
                                     mlir::IntegerAttr());
  llvm::SmallVector<mlir::Value, 4> sizes;
  int64_t inferred = -1;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!type.isDynamicDim(i))
      continue;
    if (mlir::Value size = sizeOf(dims[i], l)) {
      sizes.push_back(size);
      continue;
    }
    if (inferred >= 0) {
      diags.error(n.loc, "a reshape to " + n.type.str() +
                             " with more than one extent known only at run "
                             "time is not supported by code generation yet");
      return nullptr;
    }
    inferred = i;
  }
  return builder.create<ReshapeOp>(l, type, x, sizes,
                                   inferred >= 0
                                       ? builder.getI64IntegerAttr(inferred)
                                       : mlir::IntegerAttr());
}

mlir::Value MLIRGen::broadcastTo(mlir::Value x, mlir::RankedTensorType type,
                                 llvm::ArrayRef<Dim> dims, const Node &n) {
  if (x.getType() == type)
    return x;
  mlir::Location l = loc(n.loc);
  auto input = mlir::cast<mlir::RankedTensorType>(x.getType());
  int64_t offset = type.getRank() - input.getRank();
  llvm::SmallVector<mlir::Value, 4> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!type.isDynamicDim(i))
      continue;
    mlir::Value size = sizeOf(dims[i], l);
    // An unnamed extent kept from the input (expand's -1).
    if (!size && i >= offset && input.isDynamicDim(i - offset))
      size = sizeOfAxis(x, i - offset, l);
    if (!size) {
      diags.error(n.loc, "expand to dimension " + dims[i].str() +
                             ", which no input binds, is not supported by "
                             "code generation");
      return nullptr;
    }
    sizes.push_back(size);
  }
  return builder.create<BroadcastToOp>(l, type, x, sizes);
}

mlir::Value MLIRGen::stateValue(llvm::StringRef name, mlir::Type type,
                                mlir::Location l) {
  auto pending = state->stores.find(name);
  if (pending != state->stores.end())
    return pending->second;
  return builder.create<LoadOp>(l, type,
                                mlir::FlatSymbolRefAttr::get(&context, name));
}

mlir::Value MLIRGen::count(mlir::Value value, llvm::ArrayRef<int64_t> axes,
                           mlir::Type type, mlir::Location l) {
  auto tensor = mlir::cast<mlir::RankedTensorType>(value.getType());
  int64_t fixed = 1;
  mlir::Value dynamic;
  for (int64_t axis : axes) {
    if (!tensor.isDynamicDim(axis)) {
      fixed *= tensor.getDimSize(axis);
      continue;
    }
    mlir::Value size = sizeOfAxis(value, axis, l);
    dynamic =
        dynamic ? builder.create<MulOp>(l, dynamic, size).getResult() : size;
  }
  if (!dynamic)
    return scalar(type, static_cast<double>(fixed), l);
  mlir::Value total =
      builder.create<CastOp>(l, mlir::RankedTensorType::get({}, type), dynamic);
  if (fixed == 1)
    return total;
  return builder.create<MulOp>(l, total,
                               scalar(type, static_cast<double>(fixed), l));
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

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

/// The dlc.compare predicate of a comparison node, or "".
static llvm::StringRef comparePredicate(llvm::StringRef op) {
  return llvm::StringSwitch<llvm::StringRef>(op)
      .Case("less", "lt")
      .Case("less_equal", "le")
      .Case("greater", "gt")
      .Case("greater_equal", "ge")
      .Case("equal", "eq")
      .Case("not_equal", "ne")
      .Default("");
}

mlir::Value MLIRGen::emitNode(const Node &n) {
  mlir::Location l = loc(n.loc);
  llvm::StringRef op = n.op;
  auto resultType = tensorType(n.type);

  if (op == "arg")
    return state->entry->getArgument(n.ints[0]);
  if (op == "load")
    return stateValue(n.str, resultType, l);
  if (op == "constant")
    return scalar(resultType.getElementType(), n.fval, l);
  if (op == "cast")
    return builder.create<CastOp>(l, resultType, operand(n, 0));
  if (op == "reshape")
    return reshape(operand(n, 0), resultType, n.type.dims, n);
  if (op == "broadcast_to")
    return broadcastTo(operand(n, 0), resultType, n.type.dims, n);
  if (op == "transpose")
    return builder.create<TransposeOp>(l, operand(n, 0),
                                       builder.getDenseI64ArrayAttr(n.ints));
  if (op == "slice")
    return emitSlice(n);
  if (op == "concat") {
    llvm::SmallVector<mlir::Value, 4> parts;
    for (size_t k = 0; k < n.operands.size(); ++k)
      parts.push_back(operand(n, k));
    return builder.create<ConcatOp>(l, parts,
                                    builder.getI64IntegerAttr(n.ints[0]));
  }
  if (op == "select")
    return builder.create<SelectOp>(l, operand(n, 0), operand(n, 1),
                                    operand(n, 2));
  if (llvm::StringRef predicate = comparePredicate(op); !predicate.empty())
    return builder.create<CompareOp>(l, builder.getStringAttr(predicate),
                                     operand(n, 0), operand(n, 1));

#define DLC_BINARY(NAME, OP)                                                   \
  if (op == NAME)                                                              \
    return builder.create<OP>(l, operand(n, 0), operand(n, 1));
  DLC_BINARY("add", AddOp)
  DLC_BINARY("sub", SubOp)
  DLC_BINARY("mul", MulOp)
  DLC_BINARY("div", DivOp)
  DLC_BINARY("maximum", MaximumOp)
  DLC_BINARY("minimum", MinimumOp)
  DLC_BINARY("pow", PowOp)
#undef DLC_BINARY

  if (op == "causal_mask") {
    mlir::Value size;
    if (resultType.isDynamicDim(0) && !(size = sizeOf(n.type.dims[0], l)))
      return unsupported(n, "causal_mask of a size no input binds");
    return builder.create<CausalMaskOp>(l, resultType, size);
  }
  if (op == "one_hot")
    return builder.create<OneHotOp>(l, operand(n, 0),
                                    builder.getI64IntegerAttr(n.ints[0]));
  if (op == "embedding")
    return builder.create<EmbeddingOp>(l, operand(n, 0), operand(n, 1));

  bool isUnary = llvm::StringSwitch<bool>(op)
                     .Cases("neg", "relu", "exp", "log", "tanh", true)
                     .Cases("sigmoid", "sqrt", "rsqrt", "abs", "erf", true)
                     .Case("gelu", true)
                     .Default(false);
  bool isReduce = op.starts_with("reduce_");
  bool floatOnly = isUnary || isReduce || op == "matmul" || op == "linear" ||
                   op == "softmax" || op == "log_softmax" || op == "argmax" ||
                   op == "cross_entropy" || op == "accuracy" || op == "mse" ||
                   op == "bce_with_logits" || op == "layer_norm" ||
                   op == "batch_norm";
  // The dialect's compute ops are defined on floating-point tensors only; an
  // integer operand must be reported here, before a builder's type inference
  // sees it.
  size_t floatOperands =
      op == "cross_entropy" || op == "accuracy" ? 1 : n.operands.size();
  for (size_t k = 0; floatOnly && k < floatOperands; ++k)
    if (!isFloatTensor(operand(n, k))) {
      diags.error(n.loc, "'" + dslName(op).str() +
                             "' on integer tensors is not supported by code "
                             "generation yet");
      return nullptr;
    }
  if (isUnary) {
    mlir::Value x = operand(n, 0);
    mlir::Type t = x.getType();
    if (op == "gelu")
      return builder.create<GeluOp>(l, t, x, builder.getStringAttr(n.str));
#define DLC_UNARY(NAME, OP)                                                    \
  if (op == NAME)                                                              \
    return builder.create<OP>(l, t, x);
    DLC_UNARY("neg", NegOp)
    DLC_UNARY("relu", ReluOp)
    DLC_UNARY("exp", ExpOp)
    DLC_UNARY("log", LogOp)
    DLC_UNARY("tanh", TanhOp)
    DLC_UNARY("sigmoid", SigmoidOp)
    DLC_UNARY("sqrt", SqrtOp)
    DLC_UNARY("rsqrt", RsqrtOp)
    DLC_UNARY("abs", AbsOp)
    DLC_UNARY("erf", ErfOp)
#undef DLC_UNARY
  }
  if (op == "matmul")
    return builder.create<MatmulOp>(l, operand(n, 0), operand(n, 1));
  if (op == "linear")
    return builder.create<LinearOp>(l, operand(n, 0), operand(n, 1),
                                    n.operands.size() > 2 ? operand(n, 2)
                                                          : mlir::Value());
  if (isReduce) {
    auto axes = builder.getDenseI64ArrayAttr(n.ints);
    auto keep = builder.getBoolAttr(n.flag);
    mlir::Value x = operand(n, 0);
    if (op == "reduce_sum")
      return builder.create<ReduceSumOp>(l, x, axes, keep);
    if (op == "reduce_mean")
      return builder.create<ReduceMeanOp>(l, x, axes, keep);
    if (op == "reduce_max")
      return builder.create<ReduceMaxOp>(l, x, axes, keep);
    return builder.create<ReduceMinOp>(l, x, axes, keep);
  }
  if (op == "softmax")
    return builder.create<SoftmaxOp>(l, resultType, operand(n, 0),
                                     builder.getI64IntegerAttr(n.ints[0]));
  if (op == "log_softmax")
    return builder.create<LogSoftmaxOp>(l, resultType, operand(n, 0),
                                        builder.getI64IntegerAttr(n.ints[0]));
  if (op == "argmax")
    return builder.create<ArgmaxOp>(l, operand(n, 0),
                                    builder.getI64IntegerAttr(n.ints[0]),
                                    builder.getBoolAttr(n.flag));
  if (op == "dropout")
    return builder.create<DropoutOp>(
        l, operand(n, 0), state->seed, builder.getF64FloatAttr(n.fval),
        builder.getI64IntegerAttr(state->dropoutStreams++));
  if (op == "conv2d" || op == "max_pool2d" || op == "avg_pool2d")
    return emitWindow(n);
  if (op == "batch_norm")
    return emitBatchNorm(n);
  if (op == "layer_norm")
    return emitLayerNorm(n);
  if (op == "bce_with_logits")
    return builder.create<BceWithLogitsOp>(l, operand(n, 0), operand(n, 1));
  if (op == "cross_entropy")
    return emitCrossEntropy(n);
  if (op == "accuracy")
    return emitAccuracy(n);
  if (op == "mse")
    return builder.create<MseOp>(l, operand(n, 0), operand(n, 1));
  return unsupported(n, dslName(op));
}

//===----------------------------------------------------------------------===//
// Functions and the module
//===----------------------------------------------------------------------===//

bool MLIRGen::emitFunction(const GraphFunction &fn) {
  FunctionState fs;
  fs.fn = &fn;
  state = &fs;
  llvm::SmallVector<mlir::Type, 4> argTypes;
  for (const FuncArg &a : fn.args)
    argTypes.push_back(tensorType(a.type));
  // A training step takes the seed of its random numbers (dropout) last.
  if (fn.training)
    argTypes.push_back(mlir::RankedTensorType::get({}, builder.getI64Type()));
  auto func = builder.create<mlir::func::FuncOp>(
      loc(fn.loc), fn.name, builder.getFunctionType(argTypes, {}));
  // train_loss is autodiff's input, not an entry point.
  if (fn.training)
    func.setPrivate();
  fs.entry = func.addEntryBlock();
  for (size_t i = 0; i < fn.args.size(); ++i) {
    func.setArgAttr(i, "dlc.name", builder.getStringAttr(fn.args[i].name));
    func.setArgAttr(i, "dlc.dims", dimsAttr(fn.args[i].type));
    for (auto [axis, dim] : llvm::enumerate(fn.args[i].type.dims))
      if (!dim.isStatic() && isIdentifier(dim.sym))
        fs.symbolSources.try_emplace(dim.sym, i, axis);
  }
  if (fn.training) {
    fs.seed = fs.entry->getArguments().back();
    func.setArgAttr(fn.args.size(), "dlc.seed", builder.getUnitAttr());
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
  builder.setInsertionPointToEnd(fs.entry);
  fs.values.resize(fn.nodes.size());
  for (size_t k = 0; k < fn.nodes.size(); ++k) {
    if (!live[k])
      continue;
    fs.values[k] = emitNode(fn.nodes[k]);
    if (!fs.values[k])
      return false;
  }
  llvm::SmallVector<mlir::Value, 2> results;
  llvm::SmallVector<mlir::Type, 2> resultTypes;
  for (int r : fn.results) {
    results.push_back(fs.values[r]);
    resultTypes.push_back(fs.values[r].getType());
  }
  SourceLoc retLoc = fn.results.empty() ? fn.loc : fn.nodes[fn.results[0]].loc;
  for (auto &[name, value] : fs.stores)
    builder.create<StoreOp>(loc(retLoc), value,
                            mlir::FlatSymbolRefAttr::get(&context, name));
  builder.create<mlir::func::ReturnOp>(loc(retLoc), results);
  func.setType(builder.getFunctionType(argTypes, resultTypes));
  for (size_t i = 0; i < fn.results.size(); ++i) {
    func.setResultAttr(i, "dlc.dims", dimsAttr(fn.nodes[fn.results[i]].type));
    if (i < fn.resultNames.size())
      func.setResultAttr(i, "dlc.name",
                         builder.getStringAttr(fn.resultNames[i]));
  }
  state = nullptr;
  return true;
}

mlir::OwningOpRef<mlir::ModuleOp> MLIRGen::emit(const ModelGraph &model) {
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(loc(model.loc));
  module->getOperation()->setAttr("dlc.model",
                                  builder.getStringAttr(model.name));
  if (!model.optimizer.kind.empty()) {
    llvm::SmallVector<mlir::NamedAttribute, 8> fields;
    fields.push_back(builder.getNamedAttr(
        "kind", builder.getStringAttr(model.optimizer.kind)));
    for (const auto &kv : model.optimizer.values) {
      mlir::Attribute value = builder.getF64FloatAttr(kv.second);
      if (llvm::is_contained(model.optimizer.boolKeys, kv.first))
        value = builder.getBoolAttr(kv.second);
      else if (llvm::is_contained(model.optimizer.intKeys, kv.first))
        value = builder.getI64IntegerAttr(static_cast<int64_t>(kv.second));
      fields.push_back(builder.getNamedAttr(kv.first, value));
    }
    for (const auto &kv : model.optimizer.strings)
      fields.push_back(
          builder.getNamedAttr(kv.first, builder.getStringAttr(kv.second)));
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
      if (buffers) {
        builder.create<BufferOp>(l, name, type, init, a, b, fanIn, fanOut);
        bufferTypes[p.name] = p.type;
      } else {
        builder.create<ParamOp>(l, name, type, init, a, b, fanIn, fanOut);
      }
    }
  }
  for (const GraphFunction &fn : model.functions)
    if (!emitFunction(fn))
      return nullptr;
  return module;
}

mlir::OwningOpRef<mlir::ModuleOp> dlc::emitDlcIR(mlir::MLIRContext &context,
                                                 const ModelGraph &model,
                                                 Diagnostics &diags) {
  context.getOrLoadDialect<DlcDialect>();
  context.getOrLoadDialect<mlir::func::FuncDialect>();
  return MLIRGen(context, diags).emit(model);
}
