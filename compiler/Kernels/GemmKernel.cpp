//===- GemmKernel.cpp - contractions as Halide pipelines with schedules ---===//
//
// A contraction out = init + sum_k lhs * rhs (any batch dimensions, any
// transposes) becomes, for dlc's template schedule, five Halide Funcs:
//   packed(ni, k, no, batch) = rhs, re-laid in panels of one register tile's
//                              columns (n = no * tileColumns + ni);
//   partial(n, m, kb, batch) = the sum over the kb-th whole block of
//                              BlockDepth k of lhs(m, k) * packed;
//   tail(n, m, batch)        = the same over the k after the whole blocks;
//   prod(n, m, batch)        = init + the partial sums + the tail;
//   out(n, m, batch)         = prod, copied out with guards at the edges.
// Splitting k into blocks in the algorithm lets the schedule keep a register
// tile of partial sums for one k block while rhs's block stays in cache. An
// autoscheduler gets the plain contraction (definePlain) instead.
// On a GPU (Halide's CUDA target) the plain contraction is scheduled with
// a thread per output, a block per 16 x 16 output tile (scheduleGpu).
// Halide's dimension 0 is the innermost (contiguous) one, so every Func lists
// n first; in the tensors' row-major terms the output is [batch..., m, n].
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/HalideCompiler.h"
#include "compiler/Kernels/HalideSupport.h"
#include "compiler/Kernels/KernelPipeline.h"

using namespace Halide;

namespace dlc {
namespace {

/// The k block: 256 k of a 512-column packed rhs block are 512 KiB, a
/// quarter of this machine's 2 MiB L2.
constexpr int BlockDepth = 256;

/// The dot form's register tile (scheduleDot).
constexpr int DotColumns = 4, DotRows = 6;
/// Each of the dot form's sums ends in a sum across the lanes of a vector,
/// which costs as much as a few steps along k. With k of 16 vectors or
/// fewer, packing rhs for the blocked form costs less: the transformer's
/// linear layers (k = 64 and 256, 512 rows) ran its inference in 5.6 ms
/// blocked against 8.0 ms in the dot form, while the MLP (k = 784, 32 rows)
/// and the CNN's dense layer (k = 3136) stay 5-20% faster in the dot form.
constexpr int MinDotSteps = 16;

class GemmPipeline : public KernelPipeline {
public:
  /// `plain`: the plain contraction, for an autoscheduler or the GPU;
  /// otherwise the blocked form scheduleFromTemplate() needs.
  GemmPipeline(const ContractionSpec &spec, const Target &target, bool plain)
      : KernelPipeline(target, spec.inputRanks(), spec.numLoops, spec.epilogue,
                       spec.output),
        spec(spec) {
    // With AVX-512 (16 floats a vector) a tile of 4 vectors x 6 rows keeps
    // 24 accumulators in the 32 zmm registers and leaves room for the
    // broadcast lhs values; with 16 registers (AVX2) 2 vectors x 6 rows
    // fits. 2-3 vectors x 8 rows lost 30-70% (../shared/ARCHITECTURE.md).
    vector = target.natural_vector_size(Float(32));
    tileColumns = vector * (vector >= 16 ? 4 : 2);
    tileRows = 6;
    if (plain)
      definePlain();
    else if (isDotForm())
      defineDot();
    else
      defineBlocked();
  }

  /// Both operands contiguous along k, as in a linear layer's x @ w^T, and
  /// k a fixed number of whole vectors, more than MinDotSteps: the kernel
  /// vectorises along k and needs no packing (which, transposing w element
  /// by element, took 39% of the MLP's inference).
  bool isDotForm() const {
    int64_t depth = spec.loopExtents[spec.reductionLoop];
    auto contiguousAlongK = [&](const TensorAccess &access) {
      return access.loopOfDim.back() == spec.reductionLoop;
    };
    return depth > MinDotSteps * vector && depth % vector == 0 &&
           contiguousAlongK(spec.inputs[spec.lhsInput]) &&
           contiguousAlongK(spec.inputs[spec.rhsInput()]);
  }

  void scheduleFromTemplate();
  void scheduleDot();
  void scheduleGpu();
  void autoSchedule(const std::string &autoscheduler);

private:
  /// The run-time extent of `loop`, read from the first input that walks it.
  Expr extentOf(int loop) const {
    for (unsigned i = 0; i < inputs.size(); ++i) {
      const TensorAccess &access = spec.inputs[i];
      for (unsigned d = 0; d < access.rank(); ++d)
        if (access.loopOfDim[d] == loop)
          return inputs[i].dim(halideDim(access.rank(), d)).extent();
    }
    return out.output_buffer().dim(outputDimOf(loop)).extent();
  }

  int outputDimOf(int loop) const {
    const TensorAccess &access = spec.output;
    for (unsigned d = 0; d < access.rank(); ++d)
      if (access.loopOfDim[d] == loop)
        return halideDim(access.rank(), d);
    return -1;
  }

  /// Arguments for reading input `i`, with `index(loop)` for each loop.
  std::vector<Expr> accessOf(unsigned i,
                             const std::function<Expr(int)> &index) const {
    const TensorAccess &access = spec.inputs[i];
    std::vector<Expr> args(access.rank());
    for (unsigned d = 0; d < access.rank(); ++d) {
      int loop = access.loopOfDim[d];
      args[halideDim(access.rank(), d)] = loop < 0 ? Expr(0) : index(loop);
    }
    return args;
  }

  /// The loops of input `i` other than m, n and k, innermost first.
  std::vector<int> batchLoopsOf(const TensorAccess &access) const {
    std::vector<int> batch;
    for (int d = access.rank() - 1; d >= 0; --d) {
      int loop = access.loopOfDim[d];
      if (loop >= 0 && loop != spec.rowLoop && loop != spec.columnLoop &&
          loop != spec.reductionLoop)
        batch.push_back(loop);
    }
    return batch;
  }

  void defineBlocked();
  void definePlain();
  void defineDot();

  /// The accumulator's start: a constant, or the init input (a bias). The
  /// schedules compute whole tiles past the output's edges, so the row and
  /// column read are clamped to the last ones, as the operands' are.
  Expr initialValue() const {
    if (!spec.hasInitInput())
      return Expr(spec.init);
    return inputs[2](accessOf(2, [&](int loop) -> Expr {
      if (loop == spec.rowLoop || loop == spec.columnLoop)
        return min(loops[loop], extentOf(loop) - 1);
      return loops[loop];
    }));
  }

  const ContractionSpec &spec;
  int vector, tileColumns, tileRows;
  Var k{"k"}, kb{"kb"}, ni{"ni"}, no{"no"}, lane{"lane"};
  RDom lanes, steps;
  RDom inBlock, inTail, blocks;
  RDom plainK; ///< the reduction of definePlain()
  Func packed{"packed_rhs"}, partial{"partial"}, tail{"tail"};
};

void GemmPipeline::definePlain() {
  const Var &n = loops[spec.columnLoop], &m = loops[spec.rowLoop];
  unsigned lhs = spec.lhsInput, rhs = spec.rhsInput();
  plainK = RDom(0, extentOf(spec.reductionLoop), "r");
  const RDom &r = plainK;
  // An autoscheduler may compute tiles past the output's edges; the clamps
  // keep those reads inside the inputs.
  Expr lastColumn = extentOf(spec.columnLoop) - 1;
  Expr lastRow = extentOf(spec.rowLoop) - 1;
  auto read = [&](unsigned input) {
    return inputs[input](accessOf(input, [&](int loop) -> Expr {
      if (loop == spec.rowLoop)
        return clamp(m, 0, lastRow);
      if (loop == spec.columnLoop)
        return clamp(n, 0, lastColumn);
      if (loop == spec.reductionLoop)
        return r.x;
      return loops[loop];
    }));
  };
  std::vector<Var> vars = outputVars();
  prod(vars) = initialValue();
  prod(vars) += read(lhs) * read(rhs);
  defineOutput(prod(vars));
}

void GemmPipeline::defineDot() {
  const Var &n = loops[spec.columnLoop], &m = loops[spec.rowLoop];
  unsigned lhs = spec.lhsInput, rhs = spec.rhsInput();
  // Tiles run past the output's edges; the clamps keep their reads inside
  // the inputs, and what they compute there is never stored.
  Expr lastColumn = extentOf(spec.columnLoop) - 1;
  Expr lastRow = extentOf(spec.rowLoop) - 1;
  steps = RDom(
      0, static_cast<int>(spec.loopExtents[spec.reductionLoop] / vector), "ko");
  Expr kIndex = steps.x * vector + lane;
  // A fixed extent that is a whole number of tiles needs no clamp.
  auto clamped = [&](int loop, const Var &var, Expr last, int tile) -> Expr {
    int64_t extent = spec.loopExtents[loop];
    if (extent > 0 && extent % tile == 0)
      return var;
    return min(var, last);
  };
  auto read = [&](unsigned input) {
    return inputs[input](accessOf(input, [&](int loop) -> Expr {
      if (loop == spec.rowLoop)
        return clamped(loop, m, lastRow, DotRows);
      if (loop == spec.columnLoop)
        return clamped(loop, n, lastColumn, DotColumns);
      if (loop == spec.reductionLoop)
        return kIndex;
      return loops[loop];
    }));
  };
  std::vector<Var> vars = outputVars();
  // partial(lane, ...): the sum of every vector-th k from `lane` on.
  std::vector<Var> laneVars = vars;
  laneVars.insert(laneVars.begin(), lane);
  partial(laneVars) = 0.0f;
  partial(laneVars) += read(lhs) * read(rhs);
  lanes = RDom(0, vector, "lanes");
  std::vector<Expr> laneRead(vars.begin(), vars.end());
  laneRead.insert(laneRead.begin(), lanes.x);
  prod(vars) = initialValue();
  prod(vars) += partial(laneRead);
  defineOutput(prod(vars));
}

void GemmPipeline::scheduleDot() {
  const Var &n = loops[spec.columnLoop], &m = loops[spec.rowLoop];
  // A tile of 4 columns x 6 rows: 24 vectors of partial sums along k in
  // registers; per step 10 vector loads (6 rows of lhs, 4 of rhs) feed 24
  // fused multiply-adds.
  const int columns = DotColumns, rows = DotRows;
  Var no("no"), mo("mo"), ni("ni"), mi("mi");
  out.tile(n, m, no, mo, ni, mi, columns, rows, TailStrategy::GuardWithIf);
  std::vector<int> batch = batchLoopsOf(spec.output);
  if (batch.empty())
    out.parallel(mo);
  else
    out.parallel(loops[batch.back()]);
  // Whole tiles at the edges too: with constant extents the tile's sums
  // live on the stack. Sized by the output's edge tile instead, they were
  // two heap allocations per tile: 9,216 per call of the transformer's
  // [32 x 16] x [64 x 192] projection, 28% of its inference in malloc.
  prod.compute_at(out, no).bound_extent(n, columns).bound_extent(m, rows);
  partial.compute_at(out, no);
  Var pno("pno"), pni("pni"), pmo("pmo"), pmi("pmi");
  for (int stage = 0; stage < 2; ++stage) {
    Stage s = stage == 0 ? Stage(partial) : partial.update();
    s.split(n, pno, pni, columns, TailStrategy::RoundUp)
        .split(m, pmo, pmi, rows, TailStrategy::RoundUp);
    if (stage == 0)
      s.reorder(lane, pni, pmi, pno, pmo);
    else
      s.reorder(lane, pni, pmi, steps.x, pno, pmo);
    s.vectorize(lane).unroll(pni).unroll(pmi);
  }
}

void GemmPipeline::defineBlocked() {
  const Var &n = loops[spec.columnLoop], &m = loops[spec.rowLoop];
  unsigned lhs = spec.lhsInput, rhs = spec.rhsInput();
  Expr depth = extentOf(spec.reductionLoop);

  // Tiles are computed whole, past the edges of the output; clamping the
  // rows and columns read keeps those reads inside the inputs, and the
  // values computed there are never stored. (Only the upper bound: tiles
  // start inside. A clamp on both sides costs 15% at n = 1024: LLVM then
  // computes the row addresses in vector registers.)
  Expr lastColumn = extentOf(spec.columnLoop) - 1;
  Expr lastRow = extentOf(spec.rowLoop) - 1;
  // packed(ni, k, no) = rhs(no * tileColumns + ni, k): the columns of one
  // register tile are contiguous for each k, and one tile's k run is
  // contiguous too, so the tile streams it without cache-set conflicts.
  std::vector<Var> packedArgs = {ni, k, no};
  for (int loop : batchLoopsOf(spec.inputs[rhs]))
    packedArgs.push_back(loops[loop]);
  packed(packedArgs) = inputs[rhs](accessOf(rhs, [&](int loop) -> Expr {
    if (loop == spec.columnLoop)
      return min(no * tileColumns + ni, lastColumn);
    if (loop == spec.reductionLoop)
      return k;
    return loops[loop];
  }));

  // The product of lhs and packed at k, for the Func with pure vars `vars`.
  auto term = [&](Expr kIndex) {
    std::vector<Expr> packedRead = {n % tileColumns, kIndex, n / tileColumns};
    for (size_t i = 3; i < packedArgs.size(); ++i)
      packedRead.push_back(packedArgs[i]);
    Expr lhsValue = inputs[lhs](accessOf(lhs, [&](int loop) -> Expr {
      if (loop == spec.rowLoop)
        return min(m, lastRow);
      if (loop == spec.reductionLoop)
        return kIndex;
      return loops[loop];
    }));
    return lhsValue * packed(packedRead);
  };
  std::vector<Var> vars = outputVars();

  // Whole k blocks, then the rest of k: every read is inside the inputs
  // without a clamp or predicate in the innermost loop.
  Expr wholeBlocks = depth / BlockDepth;
  inBlock = RDom(0, BlockDepth, "ki");
  std::vector<Var> partialArgs = vars;
  partialArgs.insert(partialArgs.begin() + 2, kb);
  partial(partialArgs) = 0.0f;
  partial(partialArgs) += term(kb * BlockDepth + inBlock.x);

  Expr tailStart = wholeBlocks * BlockDepth;
  inTail = RDom(0, depth - tailStart, "kt");
  tail(vars) = 0.0f;
  tail(vars) += term(tailStart + inTail.x);

  blocks = RDom(0, wholeBlocks, "kbr");
  std::vector<Expr> partialRead(vars.begin(), vars.end());
  partialRead.insert(partialRead.begin() + 2, blocks.x);
  prod(vars) = initialValue();
  prod(vars) += partial(partialRead);
  prod(vars) += tail(vars);
  defineOutput(prod(vars));
}

void GemmPipeline::scheduleFromTemplate() {
  const Var &n = loops[spec.columnLoop], &m = loops[spec.rowLoop];
  // Measured with benchmarks/run.sh (1 thread, 2026-12-02): 144 GFLOP/s at
  // n = 1024 and 142 at 2048, against OpenBLAS's 152 and 161 in the same
  // run. Unblocked, the same register tile ran at 50 GFLOP/s at 1024; with
  // blocks but rhs packed in plain rows (a tile's k steps 4 KiB apart, all
  // in one cache set) at 100.
  //
  // Blocks of the output for the caches (Goto's scheme): the packed rhs
  // of one k block and one column block (BlockDepth x blockColumns floats)
  // stays in L2 while every row tile of the block streams past it, and a
  // row tile's lhs (tileRows x BlockDepth) stays in L1.
  const int blockColumns = 512, blockRows = 16 * tileRows;
  Var nb("nb"), mb("mb"), nbi("nbi"), mbi("mbi");
  // The copy out is guarded at the edges, so any m and n work.
  out.tile(n, m, nb, mb, nbi, mbi, blockColumns, blockRows,
           TailStrategy::GuardWithIf)
      .vectorize(nbi, vector);
  std::vector<int> batch = batchLoopsOf(spec.output);
  // Threads take whole row blocks (or whole batch entries).
  if (batch.empty())
    out.parallel(mb);
  else
    out.parallel(loops[batch.back()]);

  // prod holds one output block; per k block, each of its tiles adds the
  // tile's partial sums. Tiles are rounded up to whole ones so that both
  // tile loops have constant extents and unroll completely.
  // Aligning the block to whole tiles tells Halide that a tile's columns
  // start at a multiple of tileColumns, so packed's n % tileColumns and
  // n / tileColumns become plain vector loads.
  prod.compute_at(out, nb).align_bounds(n, tileColumns).vectorize(n, vector);
  Var pno("pno"), pni("pni"), pmo("pmo"), pmi("pmi");
  // A stage of prod in whole tiles, columns vectorised and everything
  // unrolled inside a tile.
  auto inTiles = [&](Stage stage, const Var &columnTile, const Var &column,
                     const Var &rowTile, const Var &row) {
    stage.split(n, columnTile, column, tileColumns, TailStrategy::RoundUp)
        .split(m, rowTile, row, tileRows, TailStrategy::RoundUp)
        .vectorize(column, vector)
        .unroll(column)
        .unroll(row);
  };
  // The register tile of a sum over `r`: tileColumns x tileRows partial
  // sums, one fused multiply-add per accumulator per k, in registers.
  auto registerTile = [&](Func sums, const RVar &r) {
    sums.vectorize(n, vector).unroll(n).unroll(m);
    sums.update().reorder(n, m, r).vectorize(n, vector).unroll(n).unroll(m);
  };
  inTiles(prod.update(), pno, pni, pmo, pmi);
  prod.update().reorder(pni, pmi, pno, pmo, blocks.x);
  partial.compute_at(prod, pno);
  registerTile(partial, inBlock.x);

  // The rest of k, after the whole blocks, the same way. Its tile loop has
  // a name of its own, so that compute_at finds this stage's.
  Var tno("tno"), tni("tni"), tmo("tmo"), tmi("tmi");
  inTiles(prod.update(1), tno, tni, tmo, tmi);
  prod.update(1).reorder(tni, tmi, tno, tmo);
  tail.compute_at(prod, tno);
  registerTile(tail, inTail.x);

  // rhs is packed once per call (or per batch entry), so that the tile
  // reads whole vectors of it whatever its layout.
  std::vector<int> rhsBatch = batchLoopsOf(spec.inputs[spec.rhsInput()]);
  if (rhsBatch.empty() || batch.empty())
    packed.compute_root().parallel(no).vectorize(ni, vector);
  else
    packed.compute_at(out, loops[batch.front()]).vectorize(ni, vector);
}

void GemmPipeline::scheduleGpu() {
  const Var &n = loops[spec.columnLoop], &m = loops[spec.rowLoop];
  // A block of 16 x 16 threads per output tile, a thread per output. The
  // block's sums are in shared memory; k is taken 16 at a time, each slice
  // of both operands (16 x 16 floats) loaded into shared memory once, a
  // float per thread, and read from there by the 16 threads that need it.
  const int tile = 16;
  Var no("no"), mo("mo"), ni("ni"), mi("mi");
  out.gpu_tile(n, m, no, mo, ni, mi, tile, tile, TailStrategy::GuardWithIf);
  // Batch entries (attention's heads) are a third dimension of blocks.
  std::vector<int> batch = batchLoopsOf(spec.output);
  if (!batch.empty()) {
    Var entries = loops[batch.front()];
    for (size_t i = 1; i < batch.size(); ++i) {
      Var fused("batch" + std::to_string(i));
      out.fuse(entries, loops[batch[i]], fused);
      entries = fused;
    }
    out.gpu_blocks(entries);
  }
  prod.compute_at(out, no).gpu_threads(n, m);
  RVar ko("ko"), ki("ki");
  prod.update()
      .split(plainK.x, ko, ki, tile)
      .reorder(ki, n, m, ko)
      .gpu_threads(n, m);
  for (unsigned input : {spec.lhsInput, spec.rhsInput()}) {
    Func staged = inputs[input].in(prod);
    std::vector<Var> args = staged.args();
    staged.compute_at(prod, ko);
    if (args.size() >= 2)
      staged.gpu_threads(args[0], args[1]);
    else
      staged.gpu_threads(args[0]);
  }
}

void GemmPipeline::autoSchedule(const std::string &autoscheduler) {
  // Estimates stand in for dynamic extents: a batch of 32.
  auto estimate = [&](int loop) -> int {
    int64_t extent = spec.loopExtents[loop];
    return extent > 0 ? static_cast<int>(extent) : 32;
  };
  for (unsigned i = 0; i < inputs.size(); ++i) {
    const TensorAccess &access = spec.inputs[i];
    for (unsigned d = 0; d < access.rank(); ++d) {
      int loop = access.loopOfDim[d];
      inputs[i]
          .dim(halideDim(access.rank(), d))
          .set_estimate(0, loop < 0 ? 1 : estimate(loop));
    }
  }
  estimateEpilogueInputs(estimate);
  std::vector<Var> vars = outputVars();
  for (unsigned h = 0; h < vars.size(); ++h)
    out.set_estimate(
        vars[h], 0,
        estimate(spec.output.loopOfDim[halideDim(spec.output.rank(), h)]));
  runAutoscheduler(Pipeline(out), autoscheduler, target);
}

} // namespace

bool compileContraction(const ContractionSpec &spec,
                        const std::string &function, const std::string &target,
                        const ScheduleChoice &schedule, std::string &object,
                        std::string &error) {
  return catchHalideErrors(error, [&] {
    Target halideTarget(target);
    bool gpu = halideTarget.has_gpu_feature();
    GemmPipeline pipeline(spec, halideTarget, schedule.isAuto() || gpu);
    if (gpu)
      pipeline.scheduleGpu();
    else if (schedule.isAuto())
      pipeline.autoSchedule(schedule.name.substr(5));
    else if (pipeline.isDotForm())
      pipeline.scheduleDot();
    else
      pipeline.scheduleFromTemplate();
    object = objectBytes(pipeline.compile(function));
  });
}

} // namespace dlc
