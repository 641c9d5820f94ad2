//===- RandomInputs.cpp - Random tensors shaped like a model's inputs -----===//
#include "benchmarks/RandomInputs.h"

#include "runtime/Error.h"

#include <random>

namespace dlc::bench {

std::vector<rt::Tensor> randomInputs(const dlc_tensor_info *infos,
                                     int32_t count, int64_t extent,
                                     uint64_t seed, int64_t labels) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  std::uniform_int_distribution<int64_t> label(0, labels - 1);
  std::vector<rt::Tensor> tensors;
  for (int32_t i = 0; i < count; ++i) {
    const dlc_tensor_info &info = infos[i];
    std::vector<int64_t> shape;
    for (int32_t d = 0; d < info.rank; ++d)
      shape.push_back(info.dims[d] >= 0 ? info.dims[d] : extent);
    rt::Tensor t(static_cast<rt::DType>(info.dtype), shape);
    switch (t.dtype()) {
    case rt::DType::F32:
      for (int64_t e = 0; e < t.numel(); ++e)
        t.dataAs<float>()[e] = uniform(rng);
      break;
    case rt::DType::F64:
      for (int64_t e = 0; e < t.numel(); ++e)
        t.dataAs<double>()[e] = uniform(rng);
      break;
    case rt::DType::I32:
      for (int64_t e = 0; e < t.numel(); ++e)
        t.dataAs<int32_t>()[e] = static_cast<int32_t>(label(rng));
      break;
    case rt::DType::I64:
      for (int64_t e = 0; e < t.numel(); ++e)
        t.dataAs<int64_t>()[e] = label(rng);
      break;
    default:
      throw rt::Error("benchmark input '" + std::string(info.name) +
                      "' has a dtype the benchmarks do not fill");
    }
    tensors.push_back(std::move(t));
  }
  return tensors;
}

int64_t classCount(const dlc_model_info &info) {
  if (info.num_outputs == 0 || info.outputs[0].rank < 2)
    return 2;
  int64_t last = info.outputs[0].dims[info.outputs[0].rank - 1];
  return last > 1 ? last : 2;
}

} // namespace dlc::bench
