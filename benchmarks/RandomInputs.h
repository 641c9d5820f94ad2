//===- RandomInputs.h - Random tensors shaped like a model's inputs -*- C++
//-*-===//
//
// Benchmarks feed a model tensors of the shapes its self-description asks
// for, every symbolic dimension bound to one extent (the batch, or the
// matrix size of SGEMM). Values are fixed-seed random so every run does the
// same work; their distribution only has to keep the arithmetic finite.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_BENCHMARKS_RANDOMINPUTS_H
#define DLC_BENCHMARKS_RANDOMINPUTS_H

#include "dlc/ModelABI.h"
#include "runtime/Tensor.h"

#include <cstdint>
#include <vector>

namespace dlc::bench {

/// One tensor per entry of `infos`, each symbolic dimension set to `extent`.
/// Floats are uniform in [0, 1); integers (labels, ids) are 0 or 1, valid for
/// any classifier with two classes or more.
std::vector<rt::Tensor> randomInputs(const dlc_tensor_info *infos,
                                     int32_t count, int64_t extent,
                                     uint64_t seed);

} // namespace dlc::bench

#endif // DLC_BENCHMARKS_RANDOMINPUTS_H
