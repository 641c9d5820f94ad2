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

/// How many different batches a training benchmark cycles through, here and
/// in benchmarks/peers.py.
inline constexpr uint64_t NumBatches = 16;
/// After how many steps a training benchmark starts again from the initial
/// weights, here and in benchmarks/peers.py.
inline constexpr uint64_t StepsPerRestart = 256;

/// One tensor per entry of `infos`, each symbolic dimension set to `extent`.
/// Floats are uniform in [0, 1); integers (labels, ids) uniform in
/// [0, labels).
std::vector<rt::Tensor> randomInputs(const dlc_tensor_info *infos,
                                     int32_t count, int64_t extent,
                                     uint64_t seed, int64_t labels = 2);

/// The number of classes of a classifier: the last extent of its first
/// output (logits [N, C]) when fixed, else 2. Labels of only some classes
/// would drive the others' logits down until their probabilities are
/// subnormal floats.
int64_t classCount(const dlc_model_info &info);

} // namespace dlc::bench

#endif // DLC_BENCHMARKS_RANDOMINPUTS_H
