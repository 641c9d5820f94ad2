//===- WindowKernel.cpp - convolutions as Halide pipelines ----------------===//
//
// A window contraction out = init + sum over the reduction loops (input
// channels and the kernel window) of lhs * rhs, whose inputs are indexed by
// affine sums of loops (h * stride + kh * dilation), becomes
//   prod(loops) = init + sum lhs * rhs: a register tile per output tile,
//   out(loops)  = prod, copied out with guards at the edges.
// Halide's dimension 0 is the innermost one, so every Func lists the
// tensors' last dimension first.
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/HalideCompiler.h"
#include "compiler/Kernels/HalideSupport.h"
#include "compiler/Kernels/KernelPipeline.h"

using namespace Halide;

namespace dlc {
namespace {

class WindowPipeline : public KernelPipeline {
public:
  WindowPipeline(const WindowSpec &spec, const Target &target)
      : KernelPipeline(target, spec.inputRanks(), spec.numLoops, spec.epilogue,
                       spec.output),
        spec(spec),
        // Lane sums are a CPU vector schedule's; a GPU thread sums alone.
        laneSums(spec.vectorisesReduction() && !target.has_gpu_feature()) {
    define();
  }

  void scheduleFromTemplate();
  /// --target=nvptx: one of the three below.
  void scheduleGpu();
  void scheduleGpuSplitReduction();
  void scheduleGpuImageTiles();
  void scheduleReductionVectorised();
  void boundStaticOutputExtents();
  void packRowTileOperand();
  void autoSchedule(const std::string &autoscheduler);

private:
  /// The extent of `loop`: static, or read from a dimension that an input
  /// (or the output) indexes by the loop alone.
  Expr extentOf(int loop) const {
    if (spec.loopExtents[loop] >= 0)
      return Expr(static_cast<int>(spec.loopExtents[loop]));
    for (unsigned i = 0; i < inputs.size(); ++i) {
      const WindowAccess &access = spec.inputs[i];
      for (unsigned d = 0; d < access.rank(); ++d) {
        const AffineIndex &index = access.dims[d];
        if (index.terms.size() == 1 && index.terms[0].first == loop &&
            index.terms[0].second == 1 && index.constant == 0)
          return inputs[i].dim(halideDim(access.rank(), d)).extent();
      }
    }
    const TensorAccess &output = spec.output;
    for (unsigned d = 0; d < output.rank(); ++d)
      if (output.loopOfDim[d] == loop)
        return out.output_buffer().dim(halideDim(output.rank(), d)).extent();
    return Expr(1); // unreachable for a matched spec
  }

  void define();

  /// The lanes of a vectorised reduction: a whole vector, or half of one
  /// for rows narrower than a vector (the 14-wide maps after pooling).
  int reductionLanes() const {
    int vector = target.natural_vector_size(Float(32));
    int64_t extent = spec.loopExtents[spec.vectorLoop];
    return extent >= 0 && extent < vector ? vector / 2 : vector;
  }

  const WindowSpec &spec;
  /// Whether the vector loop's reduction is summed in vector lanes first
  /// (`partial`, for scheduleReductionVectorised).
  bool laneSums;
  RDom reduction;
  /// The reduction's variables, innermost first, and the loop of each.
  std::vector<RVar> reductionVars;
  std::vector<int> reductionLoopIds;
  Var lane{"lane"};
  Func partial{"partial"};
};

void WindowPipeline::define() {
  Region domain;
  std::vector<int> reductionLoops;
  for (unsigned l = 0; l < spec.numLoops; ++l)
    if (spec.isReduction[l]) {
      domain.push_back(Range(0, extentOf(l)));
      reductionLoops.push_back(l);
    }
  // Halide's first reduction variable is the innermost loop: the last
  // reduction loop (the kernel window's column) goes first.
  std::reverse(domain.begin(), domain.end());
  std::reverse(reductionLoops.begin(), reductionLoops.end());
  // Vectorising a reduction loop: it runs over whole vectors, and lane u of
  // a vector is the pure variable `lane` of the partial sums. An extent
  // that is no multiple of the vector (a 28- or 14-wide image row) ends
  // with a vector shifted inwards, whose lanes already summed add nothing:
  // every load stays a dense vector load.
  const int vector = reductionLanes();
  const int64_t vectorExtent = spec.loopExtents[spec.vectorLoop];
  if (laneSums)
    for (size_t j = 0; j < reductionLoops.size(); ++j)
      if (reductionLoops[j] == spec.vectorLoop)
        domain[j].extent =
            static_cast<int>((vectorExtent + vector - 1) / vector);
  reduction = RDom(domain, "r");
  std::vector<Expr> loopValue(spec.numLoops);
  for (unsigned l = 0; l < spec.numLoops; ++l)
    loopValue[l] = loops[l];
  for (size_t j = 0; j < reductionLoops.size(); ++j) {
    loopValue[reductionLoops[j]] = reduction[j];
    reductionVars.push_back(RVar(reduction[j]));
    reductionLoopIds.push_back(reductionLoops[j]);
  }
  Expr inRow = Expr(true);
  if (laneSums) {
    Expr first = loopValue[spec.vectorLoop] * vector;
    Expr column = first + lane;
    if (vectorExtent % vector != 0) {
      Expr start = min(first, static_cast<int>(vectorExtent - vector));
      column = start + lane;
      inRow = column >= first;
    }
    loopValue[spec.vectorLoop] = column;
  }
  // The row tile is computed whole past the output's edge; the clamp keeps
  // those reads inside the inputs, and their values are never stored.
  if (spec.rowLoop >= 0)
    loopValue[spec.rowLoop] =
        min(loops[spec.rowLoop], extentOf(spec.rowLoop) - 1);

  auto read = [&](unsigned i) {
    const WindowAccess &access = spec.inputs[i];
    std::vector<Expr> args(access.rank());
    for (unsigned d = 0; d < access.rank(); ++d) {
      const AffineIndex &index = access.dims[d];
      Expr value = static_cast<int>(index.constant);
      for (auto [loop, coefficient] : index.terms)
        value = value + loopValue[loop] * static_cast<int>(coefficient);
      args[halideDim(access.rank(), d)] = value;
    }
    return inputs[i](args);
  };
  std::vector<Var> vars = outputVars();
  prod(vars) = spec.hasInitInput() ? read(2) : Expr(spec.init);
  if (laneSums) {
    std::vector<Var> laneVars = vars;
    laneVars.insert(laneVars.begin(), lane);
    partial(laneVars) = 0.0f;
    partial(laneVars) += select(inRow, read(0) * read(1), 0.0f);
    RDom lanes(0, vector, "lanes");
    std::vector<Expr> laneRead(vars.begin(), vars.end());
    laneRead.insert(laneRead.begin(), lanes.x);
    prod(vars) += partial(laneRead);
  } else {
    prod(vars) += read(0) * read(1);
  }
  defineOutput(prod(vars));
}

void WindowPipeline::boundStaticOutputExtents() {
  // Telling Halide the output's fixed extents makes every tile's extent a
  // constant: the guards at the edges go away and a tile's sums become a
  // fixed-size array that LLVM keeps in registers (without this the forward
  // convolution stored its accumulators on every step, 35 GFLOP/s).
  const TensorAccess &output = spec.output;
  for (unsigned d = 0; d < output.rank(); ++d) {
    int64_t extent = spec.loopExtents[output.loopOfDim[d]];
    if (extent >= 0)
      out.output_buffer()
          .dim(halideDim(output.rank(), d))
          .set_bounds(0, static_cast<int>(extent));
  }
}

void WindowPipeline::scheduleFromTemplate() {
  if (spec.vectorisesReduction())
    return scheduleReductionVectorised();
  boundStaticOutputExtents();
  // With AVX-512: the output's rows vectorised 2 vectors wide (a 32-wide
  // image row is one tile) times a tile of 8 (or 6, 4) output channels, 16
  // accumulators; each step of the window loads 2 input vectors and
  // broadcasts 8 weights. The vector tile divides the row, so only the
  // channel tile needs rounding up.
  int vector = target.natural_vector_size(Float(32));
  int64_t width = spec.loopExtents[spec.vectorLoop];
  // Rows narrower than a vector (14 wide after pooling) take half vectors,
  // shifted inwards at the row's end: the last tile overlaps the one
  // before and recomputes a few sums rather than falling back to scalars.
  TailStrategy rowTail = TailStrategy::GuardWithIf;
  if (width >= 0 && width < vector) {
    vector /= 2;
    if (width % vector != 0)
      rowTail = TailStrategy::ShiftInwards;
  }
  int vectorTile = width % (2 * vector) == 0 ? 2 * vector : vector;
  int rows = 1;
  if (spec.rowLoop >= 0) {
    int64_t channels = spec.loopExtents[spec.rowLoop];
    rows = 6;
    for (int candidate : {8, 6, 4})
      if (channels >= candidate && channels % candidate == 0) {
        rows = candidate;
        break;
      }
  }

  const Var &v = loops[spec.vectorLoop];
  Var vo("vo"), vi("vi"), ro("ro"), ri("ri");
  if (spec.rowLoop >= 0) {
    out.split(v, vo, vi, vectorTile, rowTail)
        .split(loops[spec.rowLoop], ro, ri, rows, TailStrategy::GuardWithIf)
        .reorder(vi, ri, vo, ro);
  } else {
    out.split(v, vo, vi, vectorTile, rowTail);
  }
  out.vectorize(vi, vector, TailStrategy::GuardWithIf);
  // Threads take whole images (the outermost loop, the batch).
  std::vector<Var> vars = outputVars();
  out.parallel(vars.back());

  prod.compute_at(out, vo);
  Var pvo("pvo"), pvi("pvi"), pro("pro"), pri("pri");
  for (int stage = 0; stage < 2; ++stage) {
    Stage s = stage == 0 ? Stage(prod) : prod.update();
    s.split(v, pvo, pvi, vectorTile, TailStrategy::GuardWithIf);
    std::vector<VarOrRVar> order = {pvi};
    if (spec.rowLoop >= 0) {
      s.split(loops[spec.rowLoop], pro, pri, rows, TailStrategy::RoundUp);
      order.push_back(pri);
    }
    if (stage == 1)
      for (const RVar &r : reductionVars)
        order.push_back(r);
    order.push_back(pvo);
    if (spec.rowLoop >= 0)
      order.push_back(pro);
    s.reorder(order).vectorize(pvi, vector);
    // Unrolled over the whole tile: one accumulator per vector per row.
    s.unroll(pvi);
    if (spec.rowLoop >= 0)
      s.unroll(pri);
  }
  packRowTileOperand();
}

void WindowPipeline::packRowTileOperand() {
  // The operand broadcast along the row tile (the weights of a tile of
  // output channels) is copied once, the row loop's dimension innermost:
  // a tile's broadcasts then read consecutive floats at fixed offsets from
  // one address. In place, weights [co, ci, kh, kw] are ci kh kw floats
  // apart, and every step computed the tile's addresses in vector
  // registers and extracted them one by one (the CNN example's 14 x 14
  // convolutions ran at 89 GFLOP/s so).
  if (spec.rowLoop < 0)
    return;
  auto walksVector = [&](const WindowAccess &access) {
    for (const AffineIndex &index : access.dims)
      for (auto [loop, coefficient] : index.terms)
        if (loop == spec.vectorLoop)
          return true;
    return false;
  };
  unsigned broadcast = walksVector(spec.inputs[0]) ? 1 : 0;
  const WindowAccess &access = spec.inputs[broadcast];
  int rowDim = -1;
  for (unsigned d = 0; d < access.rank(); ++d) {
    const AffineIndex &index = access.dims[d];
    if (index.terms.size() == 1 && index.terms[0].first == spec.rowLoop &&
        index.terms[0].second == 1)
      rowDim = halideDim(access.rank(), d);
  }
  if (rowDim <= 0)
    return; // innermost already, or not read along the row loop alone
  Func packed = inputs[broadcast].in(prod);
  std::vector<Var> args = packed.args();
  std::vector<Var> storage = {args[rowDim]};
  for (int d = 0; d < static_cast<int>(args.size()); ++d)
    if (d != rowDim)
      storage.push_back(args[d]);
  packed.compute_root().reorder_storage(storage);
}

void WindowPipeline::scheduleReductionVectorised() {
  // A weight gradient [o, c, 3, 3] = sum over images and pixels: per output
  // tile (the 3 x 3 window and 2 output channels, all output extents being
  // fixed), 18 vectors of partial sums along an image row stay in registers
  // while the images and rows stream past; each step loads 2 vectors of
  // the output gradient and 9 of the input and does 18 fused multiply-adds.
  boundStaticOutputExtents();
  std::vector<Var> vars = outputVars();
  std::vector<VarOrRVar> tile, rest;
  Var ro("ro"), ri("ri");
  bool rowTile = spec.rowLoop >= 0 && spec.loopExtents[spec.rowLoop] % 2 == 0;
  for (const Var &var : vars) {
    int loop = -1;
    for (unsigned l = 0; l < spec.numLoops; ++l)
      if (loops[l].name() == var.name())
        loop = l;
    if (rowTile && loop == spec.rowLoop) {
      out.split(var, ro, ri, 2);
      tile.push_back(ri);
      rest.push_back(ro);
    } else if (spec.loopExtents[loop] <= 4) {
      tile.push_back(var);
    } else {
      rest.push_back(var);
    }
  }
  std::vector<VarOrRVar> order = tile;
  order.insert(order.end(), rest.begin(), rest.end());
  out.reorder(order);
  if (rest.empty())
    rest.push_back(tile.back());
  if (rowTile)
    out.parallel(ro);
  else
    out.parallel(rest.back().var);
  LoopLevel perTile(out, rest.front());
  prod.compute_at(perTile);
  partial.compute_at(perTile);

  std::vector<VarOrRVar> tileOfPartial;
  for (const Var &var : vars) {
    bool inTile = false;
    for (unsigned l = 0; l < spec.numLoops; ++l)
      if (loops[l].name() == var.name())
        inTile = (rowTile && (int)l == spec.rowLoop) ||
                 (!spec.isReduction[l] && spec.loopExtents[l] <= 4);
    if (inTile)
      tileOfPartial.push_back(var);
  }
  const int vector = reductionLanes();
  for (int stage = 0; stage < 2; ++stage) {
    Stage s = stage == 0 ? Stage(partial) : partial.update();
    std::vector<VarOrRVar> partialOrder = {lane};
    partialOrder.insert(partialOrder.end(), tileOfPartial.begin(),
                        tileOfPartial.end());
    if (stage == 1)
      for (const RVar &r : reductionVars)
        partialOrder.push_back(r);
    s.reorder(partialOrder).vectorize(lane, vector);
    for (const VarOrRVar &var : tileOfPartial)
      s.unroll(var.var);
  }
}

/// `func`'s stage `stage` run with a thread per point: its pure variables
/// fused into one, in blocks of 256.
static void threadPerPoint(Func func, Stage stage,
                           const std::vector<Var> &vars) {
  Var all = vars.front();
  for (size_t i = 1; i < vars.size(); ++i) {
    Var fused(func.name() + "_fused" + std::to_string(i));
    stage.fuse(all, vars[i], fused);
    all = fused;
  }
  Var block(func.name() + "_block"), thread(func.name() + "_thread");
  stage.gpu_tile(all, block, thread, 256, TailStrategy::GuardWithIf);
}

void WindowPipeline::scheduleGpu() {
  std::vector<Var> vars = outputVars();
  // A weight gradient sums over the batch (its outermost reduction loop,
  // of dynamic extent) and every pixel: a thread per output would leave
  // most of the GPU idle and sum a whole batch alone.
  if (reductionVars.size() >= 2 &&
      spec.loopExtents[reductionLoopIds.back()] < 0)
    return scheduleGpuSplitReduction();
  // Images: [batch, (groups,) channels, height, width].
  if (vars.size() >= 4 && !reductionVars.empty())
    return scheduleGpuImageTiles();
  // Otherwise a thread per output, its window sum in a register; all the
  // output's dimensions fused into one, so that the blocks are full
  // whatever the extents.
  threadPerPoint(out, out, vars);
  prod.compute_at(out, Var(out.name() + "_thread"));
}

void WindowPipeline::scheduleGpuSplitReduction() {
  // The reduction is split across threads: the outermost reduction loop
  // (the images of the batch) becomes a dimension of partial sums, one
  // thread per output and image summing that image's pixels; then a thread
  // per output adds its partial sums.
  Var image("image");
  Func partials = prod.update().rfactor(reductionVars.back(), image);
  partials.compute_root();
  std::vector<Var> partialVars = partials.args();
  threadPerPoint(partials, partials, partialVars);
  threadPerPoint(partials, partials.update(), partialVars);
  std::vector<Var> vars = outputVars();
  threadPerPoint(out, out, vars);
  prod.compute_at(out, Var(out.name() + "_thread"));
}

void WindowPipeline::scheduleGpuImageTiles() {
  // An image-shaped output [batch, (groups,) channels, height, width]: a
  // block of
  // 16 x 16 threads per tile of a channel's image. Per input channel (the
  // outermost reduction loop) the block first loads the part of each
  // operand that the tile's windows read into shared memory, a value per
  // thread, so that neighbouring threads' overlapping windows are read
  // from there.
  std::vector<Var> vars = outputVars(); // width, height, channels, ...
  const int tile = 16;
  Var wo("wo"), ho("ho"), wi("wi"), hi("hi");
  out.gpu_tile(vars[0], vars[1], wo, ho, wi, hi, tile, tile,
               TailStrategy::GuardWithIf);
  Var planes = vars[2];
  for (size_t i = 3; i < vars.size(); ++i) {
    Var fused("planes" + std::to_string(i));
    out.fuse(planes, vars[i], fused);
    planes = fused;
  }
  out.gpu_blocks(planes);
  prod.compute_at(out, wo).gpu_threads(vars[0], vars[1]);
  // The window's loops stay innermost in each thread, in their order; the
  // threads run inside the loop over input channels.
  std::vector<VarOrRVar> order(reductionVars.begin(), reductionVars.end() - 1);
  order.push_back(vars[0]);
  order.push_back(vars[1]);
  order.push_back(reductionVars.back());
  prod.update().reorder(order).gpu_threads(vars[0], vars[1]);
  // The region a tile reads is larger than the tile (33 x 33 for a
  // stride-2 3 x 3 window), so the loads go in 16 x 16 pieces: a block has
  // at most 256 threads whatever the window.
  for (unsigned input : {0u, 1u}) {
    Func staged = inputs[input].in(prod);
    std::vector<Var> args = staged.args();
    staged.compute_at(prod, reductionVars.back());
    Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
    if (args.size() >= 2)
      staged
          .tile(args[0], args[1], xo, yo, xi, yi, tile, tile,
                TailStrategy::GuardWithIf)
          .gpu_threads(xi, yi);
    else
      staged.split(args[0], xo, xi, tile * tile, TailStrategy::GuardWithIf)
          .gpu_threads(xi);
  }
}

void WindowPipeline::autoSchedule(const std::string &autoscheduler) {
  auto estimate = [&](int loop) -> int {
    int64_t extent = spec.loopExtents[loop];
    return extent > 0 ? static_cast<int>(extent) : 32;
  };
  std::vector<Var> vars = outputVars();
  for (unsigned h = 0; h < vars.size(); ++h)
    out.set_estimate(
        vars[h], 0,
        estimate(spec.output.loopOfDim[halideDim(spec.output.rank(), h)]));
  // Inputs: a generous bound; the autoschedulers use these for costs only.
  for (unsigned i = 0; i < inputs.size(); ++i)
    for (int d = 0; d < inputs[i].dimensions(); ++d)
      inputs[i].dim(d).set_estimate(0, 64);
  estimateEpilogueInputs(estimate);
  runAutoscheduler(Pipeline(out), autoscheduler, target);
}

} // namespace

bool compileWindow(const WindowSpec &spec, const std::string &function,
                   const std::string &target, const ScheduleChoice &schedule,
                   std::string &object, std::string &error) {
  return catchHalideErrors(error, [&] {
    Target halideTarget(target);
    WindowPipeline pipeline(spec, halideTarget);
    if (halideTarget.has_gpu_feature())
      pipeline.scheduleGpu();
    else if (schedule.isAuto())
      pipeline.autoSchedule(schedule.name.substr(5));
    else
      pipeline.scheduleFromTemplate();
    object = objectBytes(pipeline.compile(function));
  });
}

} // namespace dlc
