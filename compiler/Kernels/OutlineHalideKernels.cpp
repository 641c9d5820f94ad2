//===- OutlineHalideKernels.cpp - contractions into Halide kernels --------===//
//
// Two kernel classes: gemm (one reduction loop over plainly indexed
// operands: matrix multiplies, linear layers and their gradients) and window
// (affine indices, any number of reduction loops: convolutions and their
// gradients). Each starts from a constant or a broadcast bias.
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/FoldContractionLoops.h"
#include "compiler/Kernels/KernelLibrary.h"
#include "compiler/Kernels/Passes.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/TypeSwitch.h"

namespace dlc {
#define GEN_PASS_DEF_OUTLINEHALIDEKERNELSPASS
#include "compiler/Kernels/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

/// Narrower, shallower or smaller contractions do not amortise a kernel call
/// and the packing of rhs; MLIR's loops run them well. Work counts
/// multiply-adds, with a symbolic extent taken as a batch of 32.
/// Measured on the MLP's train step (batch 32): its two 41k multiply-add
/// contractions ran 3% faster in MLIR than as kernels.
static constexpr int64_t MinColumns = 16;
/// Rows at least this wide (a convolution's output rows, or the image rows
/// a weight gradient sums over) are vectorised with masked vectors when
/// narrower than MinColumns or no multiple of it: the CNN example's 14- and
/// 28-wide maps ran in MLIR's scalar loops before.
static constexpr int64_t MinMaskedColumns = 8;
static constexpr int64_t MinDepth = 8;
static constexpr int64_t MinWork = 1 << 16;
static constexpr int64_t AssumedBatch = 32;

/// Reads an operand's indexing map: each result a loop, or the constant 0 on
/// a dimension of extent 1 (broadcast).
static std::optional<TensorAccess> accessOf(AffineMap map,
                                            RankedTensorType type) {
  TensorAccess access;
  for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
    if (auto loop = dyn_cast<AffineDimExpr>(expr)) {
      access.loopOfDim.push_back(loop.getPosition());
      continue;
    }
    auto constant = dyn_cast<AffineConstantExpr>(expr);
    if (!constant || constant.getValue() != 0 || type.getDimSize(dim) != 1)
      return std::nullopt;
    access.loopOfDim.push_back(-1);
  }
  return access;
}

static bool walks(const TensorAccess &access, int loop) {
  return llvm::is_contained(access.loopOfDim, loop);
}

/// `yield(c + a * b)` in any operand order, on the block's arguments.
static bool isMultiplyAdd(linalg::GenericOp generic) {
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto add = body.getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value accumulator = body.getArgument(2);
  Value product = add.getLhs() == accumulator ? add.getRhs() : add.getLhs();
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul || (add.getLhs() != accumulator && add.getRhs() != accumulator))
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) ||
         (mul.getLhs() == b && mul.getRhs() == a);
}

/// Two inputs and one init, all f32 tensors, and a multiply-add body: what
/// both kernel classes compute.
static bool isF32MultiplyAdd(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      !isMultiplyAdd(generic))
    return false;
  return llvm::all_of(generic->getOperands(), [](Value operand) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    return type && type.getElementType().isF32();
  });
}

/// Each loop's extent; -1 where it is known only at run time.
static std::vector<int64_t> loopExtentsOf(linalg::GenericOp generic) {
  std::vector<int64_t> extents;
  for (int64_t extent : generic.getStaticLoopRanges())
    extents.push_back(ShapedType::isDynamic(extent) ? -1 : extent);
  return extents;
}

/// Multiply-adds, with a symbolic extent taken as a batch of AssumedBatch.
static int64_t estimatedWork(ArrayRef<int64_t> loopExtents) {
  int64_t work = 1;
  for (int64_t extent : loopExtents)
    work *= extent < 0 ? AssumedBatch : extent;
  return work;
}

/// The contraction `generic` computes, if it is one Halide should run.
/// `work` is estimated before its loops were folded (which hides a
/// symbolic batch in a product of extents).
static std::optional<ContractionSpec>
matchContraction(linalg::GenericOp generic, int64_t work) {
  if (!isF32MultiplyAdd(generic) || generic.getNumReductionLoops() != 1)
    return std::nullopt;
  SmallVector<RankedTensorType> types;
  for (Value operand : generic->getOperands())
    types.push_back(cast<RankedTensorType>(operand.getType()));

  ContractionSpec spec;
  spec.numLoops = generic.getNumLoops();
  spec.loopExtents = loopExtentsOf(generic);
  SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
  for (auto [loop, iterator] : llvm::enumerate(iterators))
    if (iterator == utils::IteratorType::reduction)
      spec.reductionLoop = loop;

  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  for (unsigned i = 0; i < 3; ++i) {
    std::optional<TensorAccess> access = accessOf(maps[i], types[i]);
    if (!access)
      return std::nullopt;
    (i < 2 ? spec.inputs.emplace_back(*access) : spec.output) = *access;
  }
  // The output walks every parallel loop once, in any order.
  const TensorAccess &output = spec.output;
  if (output.rank() < 2 || output.rank() + 1 != spec.numLoops ||
      walks(output, spec.reductionLoop) || walks(output, -1))
    return std::nullopt;
  spec.columnLoop = output.loopOfDim[output.rank() - 1];
  spec.rowLoop = output.loopOfDim[output.rank() - 2];

  // One input holds the rows and the other the columns; both are summed
  // over k; no loop indexes an input twice.
  const TensorAccess &first = spec.inputs[0], &second = spec.inputs[1];
  spec.lhsInput = walks(first, spec.rowLoop) ? 0 : 1;
  const TensorAccess &lhs = spec.inputs[spec.lhsInput];
  const TensorAccess &rhs = spec.inputs[spec.rhsInput()];
  if (!walks(lhs, spec.rowLoop) || walks(lhs, spec.columnLoop) ||
      !walks(rhs, spec.columnLoop) || walks(rhs, spec.rowLoop) ||
      !walks(first, spec.reductionLoop) || !walks(second, spec.reductionLoop))
    return std::nullopt;
  for (const TensorAccess &input : spec.inputs)
    for (int loop : input.loopOfDim)
      if (loop >= 0 && llvm::count(input.loopOfDim, loop) != 1)
        return std::nullopt;

  int64_t columns = spec.loopExtents[spec.columnLoop];
  int64_t depth = spec.loopExtents[spec.reductionLoop];
  // The work is estimated where at most one extent is symbolic (a batch);
  // with more, nothing bounds the shape, and Halide runs any shape well.
  int64_t symbolic = llvm::count(spec.loopExtents, -1);
  if ((columns >= 0 && columns < MinColumns) ||
      (depth >= 0 && depth < MinDepth) || (symbolic <= 1 && work < MinWork))
    return std::nullopt;
  return spec;
}

/// `expr` as a sum of loops times positive constants plus a constant.
static std::optional<AffineIndex> linearize(AffineExpr expr) {
  AffineIndex index;
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    index.terms.push_back({static_cast<int>(dim.getPosition()), 1});
    return index;
  }
  if (auto constant = dyn_cast<AffineConstantExpr>(expr)) {
    index.constant = constant.getValue();
    return index;
  }
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return std::nullopt;
  std::optional<AffineIndex> lhs = linearize(binary.getLHS());
  std::optional<AffineIndex> rhs = linearize(binary.getRHS());
  if (!lhs || !rhs)
    return std::nullopt;
  if (binary.getKind() == AffineExprKind::Add) {
    lhs->terms.insert(lhs->terms.end(), rhs->terms.begin(), rhs->terms.end());
    lhs->constant += rhs->constant;
    return lhs;
  }
  if (binary.getKind() == AffineExprKind::Mul && rhs->terms.empty() &&
      rhs->constant > 0) {
    for (auto &term : lhs->terms)
      term.second *= rhs->constant;
    lhs->constant *= rhs->constant;
    return lhs;
  }
  return std::nullopt;
}

static bool walks(const WindowAccess &access, int loop) {
  for (const AffineIndex &index : access.dims)
    for (auto [term, coefficient] : index.terms)
      if (term == loop)
        return true;
  return false;
}

/// The window contraction (a convolution, or its input gradient) `generic`
/// computes, if Halide should run it: its output's rows vectorise (16 or
/// more, known at compile time) and it is work enough.
static std::optional<WindowSpec> matchWindow(linalg::GenericOp generic) {
  if (!isF32MultiplyAdd(generic) || generic.getNumReductionLoops() < 1)
    return std::nullopt;
  WindowSpec spec;
  spec.numLoops = generic.getNumLoops();
  spec.loopExtents = loopExtentsOf(generic);
  for (utils::IteratorType iterator : generic.getIteratorTypesArray())
    spec.isReduction.push_back(iterator == utils::IteratorType::reduction);
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  for (unsigned i = 0; i < 2; ++i) {
    WindowAccess access;
    for (AffineExpr expr : maps[i].getResults()) {
      std::optional<AffineIndex> index = linearize(expr);
      if (!index)
        return std::nullopt;
      access.dims.push_back(*index);
    }
    spec.inputs.push_back(access);
  }
  auto outputType = cast<RankedTensorType>(generic.getDpsInits()[0].getType());
  std::optional<TensorAccess> output = accessOf(maps[2], outputType);
  unsigned parallel = spec.numLoops - generic.getNumReductionLoops();
  if (!output || output->rank() != parallel || walks(*output, -1))
    return std::nullopt;
  for (int loop : output->loopOfDim)
    if (spec.isReduction[loop] || llvm::count(output->loopOfDim, loop) != 1)
      return std::nullopt;
  spec.output = *output;

  // A reduction extent known only at run time must be some input's plain
  // dimension, where the kernel reads it.
  for (unsigned l = 0; l < spec.numLoops; ++l) {
    if (!spec.isReduction[l] || spec.loopExtents[l] >= 0)
      continue;
    bool plain = false;
    for (const WindowAccess &access : spec.inputs)
      for (const AffineIndex &index : access.dims)
        plain |= index.terms.size() == 1 && index.terms[0].first == (int)l &&
                 index.terms[0].second == 1 && index.constant == 0;
    if (!plain)
      return std::nullopt;
  }

  spec.vectorLoop = output->loopOfDim.back();
  if (spec.loopExtents[spec.vectorLoop] < MinColumns) {
    // Narrow rows (a weight gradient's kernel window): vectorise the last
    // reduction loop instead, if it walks both inputs' rows with unit steps,
    // or steps of 2 (a strided convolution's input, which Halide reads as
    // two dense vectors and a shuffle), and whole vectors.
    int last = -1;
    for (unsigned l = 0; l < spec.numLoops; ++l)
      if (spec.isReduction[l])
        last = l;
    auto walksRow = [&](const WindowAccess &access) {
      for (auto [loop, coefficient] : access.dims.back().terms)
        if (loop == last)
          return coefficient == 1 || coefficient == 2;
      return false;
    };
    bool reductionVectorises = spec.loopExtents[last] >= MinMaskedColumns &&
                               walksRow(spec.inputs[0]) &&
                               walksRow(spec.inputs[1]);
    if (reductionVectorises)
      spec.vectorLoop = last;
    else if (spec.loopExtents[spec.vectorLoop] < MinMaskedColumns)
      return std::nullopt;
    // Otherwise rows of 8 to 15 (a 14 x 14 map after pooling) fill one
    // masked vector: still far ahead of MLIR's scalar loops.
  }
  // The row tile: the widest static loop that only the input without the
  // vectorised loop walks (the output channels of a convolution).
  int withVector = walks(spec.inputs[0], spec.vectorLoop) ? 0 : 1;
  const WindowAccess &other = spec.inputs[1 - withVector];
  for (int loop : output->loopOfDim) {
    bool onlyOther =
        walks(other, loop) && !walks(spec.inputs[withVector], loop);
    // With both inputs on the vector loop: one walked by lhs alone.
    if (spec.isReduction[spec.vectorLoop])
      onlyOther = walks(spec.inputs[0], loop) && !walks(spec.inputs[1], loop);
    if (loop == spec.vectorLoop || spec.loopExtents[loop] < 2 || !onlyOther)
      continue;
    if (spec.rowLoop < 0 ||
        spec.loopExtents[loop] > spec.loopExtents[spec.rowLoop])
      spec.rowLoop = loop;
  }

  if (estimatedWork(spec.loopExtents) < MinWork)
    return std::nullopt;
  return spec;
}

/// Where a contraction starts from: a constant fill of the output's
/// destination, or a tensor the kernel reads. A broadcast of a smaller
/// tensor (a bias) is read through the broadcast, so the kernel never sees
/// the broadcast copy.
struct ContractionInit {
  Value destination; ///< what the kernel writes: a tensor.empty
  Value tensor;      ///< the init input; null for a constant
  std::optional<TensorAccess> access;
  float constant = 0.0f;
  Operation *producer = nullptr; ///< the fill or broadcast, erased when dead
};

static std::optional<ContractionInit> initOf(linalg::GenericOp generic,
                                             const TensorAccess &output) {
  Value init = generic.getDpsInits()[0];
  ContractionInit result;
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    auto constant = fill.getInputs()[0].getDefiningOp<arith::ConstantOp>();
    auto value = constant ? dyn_cast<FloatAttr>(constant.getValue()) : nullptr;
    if (!value || !fill.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
      return std::nullopt;
    result.destination = fill.getDpsInits()[0];
    result.constant = static_cast<float>(value.getValueAsDouble());
    result.producer = fill;
    return result;
  }
  // A broadcast: one input, yielded as it is, into a tensor.empty.
  auto broadcast = init.getDefiningOp<linalg::GenericOp>();
  if (!broadcast || broadcast.getNumDpsInputs() != 1 ||
      broadcast.getNumReductionLoops() != 0 ||
      !broadcast.getIndexingMapsArray()[1].isIdentity())
    return std::nullopt;
  // Its destination: an empty tensor, or one filled first (and overwritten).
  Value destination = broadcast.getDpsInits()[0];
  if (auto fill = destination.getDefiningOp<linalg::FillOp>())
    destination = fill.getDpsInits()[0];
  if (!destination.getDefiningOp<tensor::EmptyOp>())
    return std::nullopt;
  Block &body = broadcast.getRegion().front();
  if (body.getOperations().size() != 1 ||
      body.getTerminator()->getOperand(0) != body.getArgument(0))
    return std::nullopt;
  Value source = broadcast.getDpsInputs()[0];
  auto sourceType = dyn_cast<RankedTensorType>(source.getType());
  if (!sourceType || !sourceType.getElementType().isF32())
    return std::nullopt;
  std::optional<TensorAccess> byBroadcastLoops =
      accessOf(broadcast.getIndexingMapsArray()[0], sourceType);
  if (!byBroadcastLoops)
    return std::nullopt;
  // The broadcast's loops are the output's dimensions.
  TensorAccess access;
  for (int loop : byBroadcastLoops->loopOfDim)
    access.loopOfDim.push_back(loop < 0 ? -1 : output.loopOfDim[loop]);
  result.destination = destination;
  result.tensor = source;
  result.access = access;
  result.producer = broadcast;
  return result;
}

/// `func.func private @symbol(memref<?x...xf32, strided<[?, ...], offset:
/// ?>>, ...)`, with the C interface the glue defines.
static void declareKernel(ModuleOp module, const KernelObject &kernel) {
  if (SymbolTable::lookupSymbolIn(module, kernel.symbol))
    return;
  MLIRContext *context = module.getContext();
  SmallVector<Type> arguments;
  for (unsigned rank : kernel.argumentRanks) {
    SmallVector<int64_t> dynamic(rank, ShapedType::kDynamic);
    auto layout =
        StridedLayoutAttr::get(context, ShapedType::kDynamic, dynamic);
    arguments.push_back(
        MemRefType::get(dynamic, Float32Type::get(context), layout));
  }
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto declaration =
      builder.create<func::FuncOp>(module.getLoc(), kernel.symbol,
                                   FunctionType::get(context, arguments, {}));
  declaration.setPrivate();
  declaration->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
}

/// The elementwise op that alone uses `result` (a kernel's sums), as an
/// epilogue the kernel applies while storing: its body of arithmetic on the
/// sums, constants and other tensors read at the same coordinates or
/// broadcast. `output` is the kernel's output access. Fills `tensors` with
/// the epilogue's inputs.
static std::optional<Epilogue> matchEpilogue(Value result,
                                             const TensorAccess &output,
                                             linalg::GenericOp &consumer,
                                             SmallVectorImpl<Value> &tensors) {
  if (!result.hasOneUse())
    return std::nullopt;
  consumer = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  // In the same block: the contraction's fusion group, when dlc's fusion
  // formed one, decides what the kernel takes.
  if (!consumer || consumer->getBlock() != result.getParentBlock() ||
      consumer.getNumDpsInits() != 1 || consumer.getNumReductionLoops() != 0 ||
      consumer.getResult(0).getType() != result.getType() ||
      !consumer.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() ||
      !consumer.getIndexingMapsArray().back().isIdentity())
    return std::nullopt;
  Block &body = consumer.getRegion().front();
  if (!body.getArguments().back().use_empty())
    return std::nullopt;
  Epilogue epilogue;
  llvm::DenseMap<Value, Epilogue::Operand> operands;
  bool sawSum = false;
  for (OpOperand *input : consumer.getDpsInputOperands()) {
    Epilogue::Operand operand;
    AffineMap map = consumer.getMatchingIndexingMap(input);
    if (input->get() == result) {
      if (!map.isIdentity() || sawSum)
        return std::nullopt;
      sawSum = true;
      operand.kind = Epilogue::Operand::Sum;
    } else {
      auto type = dyn_cast<RankedTensorType>(input->get().getType());
      if (!type || !type.getElementType().isF32())
        return std::nullopt;
      std::optional<TensorAccess> byConsumerLoops = accessOf(map, type);
      if (!byConsumerLoops)
        return std::nullopt;
      // The consumer's loops are the output's dimensions.
      TensorAccess access;
      for (int loop : byConsumerLoops->loopOfDim)
        access.loopOfDim.push_back(loop < 0 ? -1 : output.loopOfDim[loop]);
      operand.kind = Epilogue::Operand::Input;
      operand.index = epilogue.inputs.size();
      epilogue.inputs.push_back(access);
      tensors.push_back(input->get());
    }
    operands[body.getArgument(input->getOperandNumber())] = operand;
  }
  auto operandOf = [&](Value value) -> std::optional<Epilogue::Operand> {
    auto known = operands.find(value);
    if (known != operands.end())
      return known->second;
    auto constant = value.getDefiningOp<arith::ConstantOp>();
    auto number = constant ? dyn_cast<FloatAttr>(constant.getValue()) : nullptr;
    if (!number || !number.getType().isF32())
      return std::nullopt;
    Epilogue::Operand operand;
    operand.kind = Epilogue::Operand::Constant;
    operand.value = static_cast<float>(number.getValueAsDouble());
    return operand;
  };
  for (Operation &op : body.without_terminator()) {
    std::optional<Epilogue::Op::Kind> kind =
        llvm::TypeSwitch<Operation *, std::optional<Epilogue::Op::Kind>>(&op)
            .Case([](arith::AddFOp) { return Epilogue::Op::Add; })
            .Case([](arith::SubFOp) { return Epilogue::Op::Sub; })
            .Case([](arith::MulFOp) { return Epilogue::Op::Mul; })
            .Case([](arith::DivFOp) { return Epilogue::Op::Div; })
            .Case([](arith::MaximumFOp) { return Epilogue::Op::Max; })
            .Case([](arith::MinimumFOp) { return Epilogue::Op::Min; })
            .Case([](arith::NegFOp) { return Epilogue::Op::Neg; })
            .Default([](Operation *) { return std::nullopt; });
    if (!kind || op.getNumResults() != 1)
      return std::nullopt;
    Epilogue::Op entry{*kind, {}, {}};
    std::optional<Epilogue::Operand> lhs = operandOf(op.getOperand(0));
    if (!lhs)
      return std::nullopt;
    entry.lhs = *lhs;
    if (*kind != Epilogue::Op::Neg) {
      std::optional<Epilogue::Operand> rhs = operandOf(op.getOperand(1));
      if (!rhs)
        return std::nullopt;
      entry.rhs = *rhs;
    }
    Epilogue::Operand produced;
    produced.kind = Epilogue::Operand::Op;
    produced.index = epilogue.ops.size();
    operands[op.getResult(0)] = produced;
    epilogue.ops.push_back(entry);
  }
  std::optional<Epilogue::Operand> yielded =
      operandOf(body.getTerminator()->getOperand(0));
  if (!sawSum || !yielded || epilogue.ops.empty())
    return std::nullopt;
  epilogue.result = *yielded;
  return epilogue;
}

/// matchEpilogue as far as it goes: a chain of elementwise ops, each the
/// only user of the one before (a ReLU, then a residual add), composed into
/// one epilogue. `consumer` is the last; `chain` holds them all, in order.
static std::optional<Epilogue>
matchEpilogueChain(Value result, const TensorAccess &output,
                   linalg::GenericOp &consumer, SmallVectorImpl<Value> &tensors,
                   SmallVectorImpl<linalg::GenericOp> &chain) {
  std::optional<Epilogue> composed;
  linalg::GenericOp next;
  SmallVector<Value> nextTensors;
  while (std::optional<Epilogue> step =
             matchEpilogue(result, output, next, nextTensors)) {
    if (!composed) {
      composed = step;
    } else {
      // The step's sum is the chain's result so far; its ops and inputs
      // follow the chain's.
      int opBase = composed->ops.size(), inputBase = composed->inputs.size();
      auto rebase = [&](Epilogue::Operand operand) {
        if (operand.kind == Epilogue::Operand::Sum)
          return composed->result;
        if (operand.kind == Epilogue::Operand::Op)
          operand.index += opBase;
        if (operand.kind == Epilogue::Operand::Input)
          operand.index += inputBase;
        return operand;
      };
      std::vector<Epilogue::Op> ops;
      for (Epilogue::Op op : step->ops) {
        op.lhs = rebase(op.lhs);
        op.rhs = rebase(op.rhs);
        ops.push_back(op);
      }
      Epilogue::Operand newResult = rebase(step->result);
      composed->ops.insert(composed->ops.end(), ops.begin(), ops.end());
      composed->inputs.insert(composed->inputs.end(), step->inputs.begin(),
                              step->inputs.end());
      composed->result = newResult;
    }
    tensors.append(nextTensors.begin(), nextTensors.end());
    nextTensors.clear();
    chain.push_back(next);
    consumer = next;
    result = next.getResult(0);
  }
  return composed;
}

/// A plain access as a window access.
static WindowAccess windowAccessOf(const TensorAccess &access) {
  WindowAccess window;
  for (int loop : access.loopOfDim) {
    AffineIndex index;
    if (loop >= 0)
      index.terms.push_back({loop, 1});
    window.dims.push_back(index);
  }
  return window;
}

namespace {
struct OutlineHalideKernels
    : public dlc::impl::OutlineHalideKernelsPassBase<OutlineHalideKernels> {
  using Base::Base;
  OutlineHalideKernels(KernelLibrary &library, bool fuse) : library(&library) {
    fuseEpilogues = fuse;
  }

  void runOnOperation() override {
    std::unique_ptr<KernelLibrary> ownLibrary;
    KernelLibrary *kernels = library;
    if (!kernels) {
      // Run from dlc-opt: kernels for this machine, built and dropped.
      KernelOptions options;
      options.target = halideTargetFor(0, /*native=*/true);
      options.schedule.name = schedule;
      options.compile = compile;
      if (std::string error = checkSchedule(schedule); !error.empty()) {
        getOperation().emitError(error);
        return signalPassFailure();
      }
      ownLibrary = std::make_unique<KernelLibrary>(options);
      kernels = ownLibrary.get();
    }

    ModuleOp module = getOperation();
    SmallVector<linalg::GenericOp> generics;
    module.walk(
        [&](linalg::GenericOp generic) { generics.push_back(generic); });
    llvm::StringMap<Location> firstUse;
    // Consumers fused into a kernel are erased; the walk above saw them.
    llvm::DenseSet<Operation *> erased;
    for (linalg::GenericOp generic : generics) {
      if (erased.contains(generic))
        continue;
      int64_t work = estimatedWork(loopExtentsOf(generic));
      if (isF32MultiplyAdd(generic))
        generic = foldContractionLoops(generic, erased);
      std::optional<ContractionSpec> contraction =
          matchContraction(generic, work);
      std::optional<WindowSpec> window;
      if (!contraction)
        window = matchWindow(generic);
      if (!contraction && !window)
        continue;
      std::optional<ContractionInit> init =
          initOf(generic, contraction ? contraction->output : window->output);
      if (!init)
        continue;
      SmallVector<Value> inputs = generic.getDpsInputs();
      if (init->tensor)
        inputs.push_back(init->tensor);
      // An elementwise consumer (an activation, a residual add) is applied
      // as the sums are stored, unless fusion is off.
      linalg::GenericOp consumer;
      SmallVector<Value> epilogueTensors;
      SmallVector<linalg::GenericOp> fusedConsumers;
      std::optional<Epilogue> epilogue;
      if (fuseEpilogues)
        epilogue = matchEpilogueChain(
            generic.getResult(0),
            contraction ? contraction->output : window->output, consumer,
            epilogueTensors, fusedConsumers);
      if (epilogue)
        inputs.append(epilogueTensors.begin(), epilogueTensors.end());
      std::string symbol;
      if (contraction) {
        if (init->tensor)
          contraction->inputs.push_back(*init->access);
        else
          contraction->init = init->constant;
        if (epilogue)
          contraction->epilogue = *epilogue;
        symbol = kernels->addContraction(*contraction);
      } else {
        if (init->tensor)
          window->inputs.push_back(windowAccessOf(*init->access));
        else
          window->init = init->constant;
        if (epilogue)
          window->epilogue = *epilogue;
        symbol = kernels->addWindow(*window);
      }
      firstUse.try_emplace(symbol, generic.getLoc());
      for (const KernelObject &kernel : kernels->kernels())
        if (kernel.symbol == symbol)
          declareKernel(module, kernel);

      // At the consumer when it is fused: its other operands may be defined
      // after the contraction.
      OpBuilder builder(epilogue ? consumer.getOperation()
                                 : generic.getOperation());
      auto call = builder.create<KernelCallOp>(
          generic.getLoc(), generic.getResultTypes(),
          FlatSymbolRefAttr::get(builder.getContext(), symbol), inputs,
          ValueRange{init->destination});
      if (epilogue) {
        // The last consumer's result is the kernel's; the chain goes.
        consumer->replaceAllUsesWith(call);
        for (linalg::GenericOp fused : llvm::reverse(fusedConsumers)) {
          erased.insert(fused);
          fused.erase();
        }
      } else {
        generic->replaceAllUsesWith(call);
      }
      generic.erase();
      if (init->producer->use_empty())
        init->producer->erase();
    }
    std::vector<KernelLibrary::Failure> failures = kernels->compilePending();
    for (const KernelLibrary::Failure &failure : failures)
      emitError(firstUse.at(failure.symbol),
                "Halide cannot compile this contraction: ")
          << failure.message;
    if (!failures.empty())
      signalPassFailure();
  }

  KernelLibrary *library = nullptr;
};
} // namespace

std::unique_ptr<Pass>
dlc::createOutlineHalideKernelsPass(KernelLibrary &library,
                                    bool fuseEpilogues) {
  return std::make_unique<OutlineHalideKernels>(library, fuseEpilogues);
}
