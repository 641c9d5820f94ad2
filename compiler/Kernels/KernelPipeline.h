//===- KernelPipeline.h - what every Halide kernel pipeline has -*- C++ -*-===//
//
// Included only by files that include Halide.h themselves.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_KERNELS_KERNELPIPELINE_H
#define DLC_COMPILER_KERNELS_KERNELPIPELINE_H

#include "compiler/Kernels/KernelSpec.h"

#include "Halide.h"

namespace dlc {

/// The parts shared by the gemm and window pipelines: one ImageParam per
/// input (then per epilogue input), one Var per loop of the kernel, and the
/// output Func, whose argument order is the kernel's.
class KernelPipeline {
public:
  Halide::Module compile(const std::string &function) {
    std::vector<Halide::Argument> arguments(inputs.begin(), inputs.end());
    arguments.insert(arguments.end(), epilogueInputs.begin(),
                     epilogueInputs.end());
    return out.compile_to_module(
        arguments, function, target.with_feature(Halide::Target::NoRuntime));
  }

protected:
  KernelPipeline(const Halide::Target &target, std::vector<unsigned> ranks,
                 unsigned numLoops, const Epilogue &epilogue,
                 const TensorAccess &output)
      : target(target), epilogue(epilogue), output(output) {
    for (unsigned i = 0; i < ranks.size(); ++i)
      inputs.emplace_back(Halide::Float(32), ranks[i],
                          "input" + std::to_string(i));
    for (unsigned l = 0; l < numLoops; ++l)
      loops.emplace_back("l" + std::to_string(l));
    for (unsigned i = 0; i < epilogue.inputs.size(); ++i)
      epilogueInputs.emplace_back(Halide::Float(32), epilogue.inputs[i].rank(),
                                  "epilogue" + std::to_string(i));
  }

  /// The Halide dimension of row-major dimension `dim` of a rank-`rank`
  /// tensor: Halide's dimension 0 is the innermost one.
  static int halideDim(unsigned rank, unsigned dim) { return rank - 1 - dim; }

  /// The output's Vars in Halide's order.
  std::vector<Halide::Var> outputVars() const {
    std::vector<Halide::Var> vars(output.rank());
    for (unsigned d = 0; d < output.rank(); ++d)
      vars[halideDim(output.rank(), d)] = loops[output.loopOfDim[d]];
    return vars;
  }

  /// out = the epilogue applied to `sum`.
  void defineOutput(const Halide::Expr &sum);

  /// Sets the epilogue inputs' estimates for an autoscheduler.
  void estimateEpilogueInputs(const std::function<int(int loop)> &estimate);

  Halide::Target target;
  const Epilogue &epilogue;
  const TensorAccess &output;
  std::vector<Halide::ImageParam> inputs, epilogueInputs;
  std::vector<Halide::Var> loops;
  Halide::Func prod{"prod"}, out{"out"};
};

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_KERNELPIPELINE_H
