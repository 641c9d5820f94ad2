//===- KernelSpec.h - what a Halide kernel computes, free of MLIR -*- C++
//-*-===//
//
// The kernel outliner reads a linalg op into one of these plain descriptions,
// and the Halide side builds a pipeline from it. Neither side sees the other's
// headers: MLIR and Halide each stay in their own translation units.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_KERNELS_KERNELSPEC_H
#define DLC_COMPILER_KERNELS_KERNELSPEC_H

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

/// How a tensor operand is indexed by the kernel's loops: entry `d` is the
/// loop that walks the tensor's dimension `d` (row-major, as in the memref),
/// or -1 where the dimension has extent 1 and is broadcast.
struct TensorAccess {
  std::vector<int> loopOfDim;
  unsigned rank() const { return loopOfDim.size(); }
};

/// An elementwise function applied to a kernel's sums as they are stored: an
/// activation, a residual add (the body of the linalg.generic it replaces).
struct Epilogue {
  /// An operand: the sum, an earlier op, one of `inputs`, or a constant.
  struct Operand {
    enum Kind { Sum, Op, Input, Constant } kind = Sum;
    int index = 0;
    float value = 0.0f;
  };
  struct Op {
    enum Kind { Add, Sub, Mul, Div, Max, Min, Neg } kind;
    Operand lhs, rhs; ///< rhs unused by Neg
  };
  std::vector<Op> ops;
  Operand result;
  std::vector<TensorAccess> inputs; ///< kernel arguments after the others

  bool empty() const { return ops.empty(); }
  std::string key() const;
};

/// The ranks of a kernel's arguments in order: `inputRanks`, the epilogue's
/// inputs, then the output.
std::vector<unsigned> argumentRanksOf(std::vector<unsigned> inputRanks,
                                      const Epilogue &epilogue,
                                      const TensorAccess &output);

/// `out[...] = init + sum over the reduction loop of lhs[...] * rhs[...]`, in
/// f32: a matrix multiply with any batch dimensions and transposes. `lhs`
/// holds the output's row loop (m) and `rhs` its column loop (n), whichever
/// order the op's operands came in. `init` is a constant or, when the spec
/// has a third input, that input (a bias, broadcast through its access).
struct ContractionSpec {
  unsigned numLoops = 0;
  int reductionLoop = -1; ///< k
  int rowLoop = -1;       ///< m: the output's second-innermost dimension
  int columnLoop = -1;    ///< n: the output's innermost dimension
  std::vector<int64_t> loopExtents; ///< per loop; -1 where dynamic
  std::vector<TensorAccess> inputs; ///< in the kernel's argument order
  unsigned lhsInput = 0;            ///< which input holds m
  TensorAccess output;
  float init = 0.0f; ///< when there is no init input
  Epilogue epilogue;

  bool hasInitInput() const { return inputs.size() == 3; }
  unsigned rhsInput() const { return 1 - lhsInput; }
  std::vector<unsigned> inputRanks() const;
  /// A stable text of everything above: the kernel's identity in the cache.
  std::string key() const;
};

/// An index of a tensor dimension that is a sum of loops times constants,
/// plus a constant: `h * stride + kh * dilation` in a convolution.
struct AffineIndex {
  std::vector<std::pair<int, int64_t>> terms; ///< (loop, coefficient)
  int64_t constant = 0;
};

/// A tensor operand indexed by affine sums of loops, row-major.
struct WindowAccess {
  std::vector<AffineIndex> dims;
  unsigned rank() const { return dims.size(); }
};

/// `out[...] = init + sum over every reduction loop of lhs[...] * rhs[...]`
/// in f32, with inputs indexed by affine sums of loops: a convolution or its
/// gradients (the window class). The output walks each parallel loop once.
/// The kernel vectorises the output's innermost loop and unrolls a tile of
/// `rowLoop`, a loop only the other input walks (output channels). Where the
/// output's rows are too narrow (a weight gradient, [.., 3, 3]) it
/// vectorises `vectorLoop`, then a reduction loop (the image's columns),
/// into partial sums instead.
struct WindowSpec {
  unsigned numLoops = 0;
  std::vector<bool> isReduction;    ///< per loop
  std::vector<int64_t> loopExtents; ///< per loop; -1 where dynamic
  std::vector<WindowAccess> inputs; ///< lhs, rhs, then the init if any
  TensorAccess output;
  int vectorLoop = -1; ///< the output's innermost loop, or a reduction loop
  int rowLoop = -1;    ///< -1: no row tile

  bool vectorisesReduction() const { return isReduction[vectorLoop]; }
  std::vector<unsigned> inputRanks() const;
  float init = 0.0f; ///< when there is no init input
  Epilogue epilogue;

  bool hasInitInput() const { return inputs.size() == 3; }
  std::string key() const;
};

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_KERNELSPEC_H
