//===- Training.h - The training loop over a dataset ------------*- C++ -*-===//
//
// Shuffled mini-batches of a dataset through a model's train_step, with a
// held-out validation split evaluated after every epoch, checkpoints that
// resume a run exactly, and a stop that keeps what was done. Everything that
// decides a run's numbers (the split, each epoch's order, each step's seed)
// is a pure function of the seed, so a run, interrupted and resumed or not,
// ends with the same parameters.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TRAINING_H
#define DLC_RUNTIME_TRAINING_H

#include "runtime/Dataset.h"
#include "runtime/ModelState.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dlc::rt {

/// The loss and metrics of some samples: each the mean over them.
struct StepMetrics {
  /// "loss", then the metrics, as the model names them.
  std::vector<std::string> Names;
  std::vector<double> Values;
  int64_t Samples = 0;

  /// Folds in the results of a batch of `BatchSamples` samples.
  void add(const std::vector<double> &Step, int64_t BatchSamples);
};

/// The knobs of a run.
struct TrainOptions {
  int64_t Epochs = 1;
  int64_t BatchSize = 32;
  uint64_t Seed = 0;
  /// The share of the samples held out for validation, in [0, 1).
  double ValidationFraction = 0.1;
  /// Stops after this many steps in total (counting those of earlier runs
  /// of a resumed one); negative for no limit.
  int64_t MaxSteps = -1;
  /// Written after every epoch and when the run stops early; "" for none.
  std::string CheckpointPath;
};

/// One finished epoch.
struct EpochReport {
  int64_t Epoch = 0; ///< counted from 1
  int64_t Steps = 0; ///< optimizer steps taken so far
  StepMetrics Train, Validation;
  double Seconds = 0, SamplesPerSecond = 0;
};

/// Where a run is after each training step.
struct StepReport {
  int64_t Epoch = 0, Epochs = 0; ///< epoch counted from 1
  int64_t Step = 0, StepsPerEpoch = 0;
  /// The epoch's training loss and metrics so far.
  const StepMetrics *Running = nullptr;
  double SamplesPerSecond = 0;
  /// Seconds until the run ends, at the speed so far.
  double EtaSeconds = 0;
};

/// Receives a run's progress (a progress bar, a log).
class TrainingObserver {
public:
  virtual ~TrainingObserver() = default;
  virtual void onStep(const StepReport &) {}
  virtual void onEpoch(const EpochReport &) {}
};

/// How a run ended.
enum class TrainOutcome { Finished, Stopped, StepLimit };

/// The samples of a dataset of `Count`, split into training and validation
/// by a permutation fixed by `Seed`: validation gets floor(fraction * Count).
struct DataSplit {
  std::vector<int64_t> Train, Validation;
};
DataSplit splitSamples(int64_t Count, double ValidationFraction, uint64_t Seed);

/// The order of the training samples in epoch `Epoch` (from 0).
std::vector<int64_t> epochOrder(const std::vector<int64_t> &Train,
                                uint64_t Seed, int64_t Epoch);

/// The random seed of optimizer step `Step` (dropout masks).
uint64_t stepSeed(uint64_t Seed, int64_t Step);

/// The loss and metrics of the samples `Rows` of `Inputs` (a dataset of the
/// model's batch inputs), in evaluation mode, in batches of `BatchSize`.
StepMetrics evaluate(ModelState &State, const Dataset &Inputs,
                     const std::vector<int64_t> &Rows, int64_t BatchSize);

/// One training run of a model state over a dataset of its batch inputs
/// (see toBatchInputs).
class Trainer {
public:
  /// Throws Error on options out of range.
  Trainer(ModelState &State, const Dataset &Inputs, TrainOptions Options);

  /// Continues the run that wrote the checkpoint whose metadata this is:
  /// the position, the history of finished epochs. Throws Error if the
  /// checkpoint is not a dlc training checkpoint, or if it was written with
  /// another seed, batch size, validation fraction or dataset size, which
  /// would not continue the same run. The state must hold the checkpoint's
  /// tensors already (ModelState::loadWeights).
  void resume(const std::map<std::string, std::string> &Metadata);

  /// Trains until the last epoch ends, `Options.MaxSteps` are taken, or
  /// `Stop` becomes true (checked after each step). Writes the checkpoint
  /// after every epoch and when it stops early.
  TrainOutcome run(TrainingObserver &Observer,
                   const std::atomic<bool> *Stop = nullptr);

  /// The finished epochs, this run's and those of the run it resumed.
  const std::vector<EpochReport> &history() const { return History; }
  /// The samples held out for validation.
  const std::vector<int64_t> &validationRows() const {
    return Split.Validation;
  }

  /// The checkpoint metadata of the run as it is now.
  std::map<std::string, std::string> checkpointMetadata() const;

private:
  void saveCheckpoint() const;

  ModelState &State;
  const Dataset &Inputs;
  TrainOptions Options;
  DataSplit Split;
  /// The epoch in progress (from 0) and the steps of it already taken.
  int64_t Epoch = 0, StepInEpoch = 0;
  std::vector<EpochReport> History;
};

} // namespace dlc::rt

#endif // DLC_RUNTIME_TRAINING_H
