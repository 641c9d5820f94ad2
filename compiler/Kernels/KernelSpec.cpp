//===- KernelSpec.cpp - the identity of a kernel --------------------------===//
#include "compiler/Kernels/KernelSpec.h"

#include <sstream>

namespace dlc {

static void print(std::ostringstream &os, const TensorAccess &access) {
  os << "[";
  for (int loop : access.loopOfDim)
    os << loop << ",";
  os << "]";
}

std::vector<unsigned> argumentRanksOf(std::vector<unsigned> inputRanks,
                                      const Epilogue &epilogue,
                                      const TensorAccess &output) {
  for (const TensorAccess &input : epilogue.inputs)
    inputRanks.push_back(input.rank());
  inputRanks.push_back(output.rank());
  return inputRanks;
}

std::vector<unsigned> ContractionSpec::inputRanks() const {
  std::vector<unsigned> ranks;
  for (const TensorAccess &input : inputs)
    ranks.push_back(input.rank());
  return ranks;
}

std::vector<unsigned> WindowSpec::inputRanks() const {
  std::vector<unsigned> ranks;
  for (const WindowAccess &input : inputs)
    ranks.push_back(input.rank());
  return ranks;
}

std::string Epilogue::key() const {
  std::ostringstream os;
  auto operand = [&](const Operand &o) {
    os << "(" << o.kind << "," << o.index << "," << o.value << ")";
  };
  os << " epilogue";
  for (const Op &op : ops) {
    os << " " << op.kind;
    operand(op.lhs);
    operand(op.rhs);
  }
  os << " ->";
  operand(result);
  for (const TensorAccess &input : inputs) {
    os << " in";
    print(os, input);
  }
  return os.str();
}

std::string ContractionSpec::key() const {
  std::ostringstream os;
  os << "contraction loops=" << numLoops << " k=" << reductionLoop
     << " m=" << rowLoop << " n=" << columnLoop << " lhs=" << lhsInput
     << " init=" << (hasInitInput() ? "input" : std::to_string(init))
     << " extents=";
  for (int64_t extent : loopExtents)
    os << extent << ",";
  for (const TensorAccess &input : inputs) {
    os << " in";
    print(os, input);
  }
  os << " out";
  print(os, output);
  if (!epilogue.empty())
    os << epilogue.key();
  return os.str();
}

std::string WindowSpec::key() const {
  std::ostringstream os;
  os << "window loops=" << numLoops << " vector=" << vectorLoop
     << " row=" << rowLoop
     << " init=" << (hasInitInput() ? "input" : std::to_string(init))
     << " loops=";
  for (unsigned l = 0; l < numLoops; ++l)
    os << (isReduction[l] ? "r" : "p") << loopExtents[l] << ",";
  for (const WindowAccess &input : inputs) {
    os << " in[";
    for (const AffineIndex &index : input.dims) {
      for (auto [loop, coefficient] : index.terms)
        os << coefficient << "*l" << loop << "+";
      os << index.constant << ",";
    }
    os << "]";
  }
  os << " out";
  print(os, output);
  if (!epilogue.empty())
    os << epilogue.key();
  return os.str();
}

} // namespace dlc
