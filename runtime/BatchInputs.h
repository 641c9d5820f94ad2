//===- BatchInputs.h - A dataset as a model's batch inputs ------*- C++ -*-===//
#ifndef DLC_RUNTIME_BATCHINPUTS_H
#define DLC_RUNTIME_BATCHINPUTS_H

#include "dlc/ModelABI.h"
#include "runtime/Dataset.h"

namespace dlc::rt {

/// The columns of `Data` converted, once, into the model's batch inputs, in
/// their order, so that a batch is just takeRows of the result.
///
/// Columns are matched to inputs by name when every input has a column of
/// its name, else by position when the counts agree. Each input must have a
/// symbolic first dimension, the batch. A column is converted to the input's
/// dtype: u8 data (the pixels of MNIST and CIFAR-10) into a float input is
/// scaled to [0, 1]; anything else is converted by value, and a float value
/// that is not a whole number refuses to become an integer. A sample's
/// elements are reshaped to the input's fixed extents when their counts agree
/// (MNIST's 28x28 images into f32[N, 784] or f32[N, 1, 28, 28]). Throws Error
/// naming the column and the input on any mismatch.
Dataset toBatchInputs(const dlc_model_info &Info, const Dataset &Data);

} // namespace dlc::rt

#endif // DLC_RUNTIME_BATCHINPUTS_H
