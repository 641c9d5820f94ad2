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
  return os.str();
}

} // namespace dlc
