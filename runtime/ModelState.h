//===- ModelState.h - The state of one model instance -----------*- C++ -*-===//
#ifndef DLC_RUNTIME_MODELSTATE_H
#define DLC_RUNTIME_MODELSTATE_H

#include "runtime/CudaDriver.h"
#include "runtime/ModelLibrary.h"
#include "runtime/Tensor.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dlc::rt {

/// What loading a state dict did with keys that did not match one to one.
struct LoadResult {
  /// Params and buffers of the model that the source did not have, in the
  /// model's order. Empty after a strict load.
  std::vector<std::string> MissingKeys;
  /// Source tensors the model does not have, sorted. Empty after a strict load.
  std::vector<std::string> UnexpectedKeys;
  /// Source tensors skipped because the model has no use for them:
  /// `*.num_batches_tracked` i64 tensors (PyTorch's BatchNorm writes them; a
  /// dlc model may not) and `optimizer.*` state of another optimizer.
  std::vector<std::string> IgnoredKeys;
};

/// Whether `Name` is an optimizer state tensor's name (`optimizer.step`,
/// `optimizer.fc1.weight.exp_avg`).
bool isOptimizerStateName(const std::string &Name);

/// One instance of a model: a zero-filled, DLC_STATE_ALIGNMENT-aligned arena
/// of state_bytes holding its params, buffers and optimizer state, plus the
/// calls that use it. Many states of one library can coexist.
///
/// On a GPU (a model compiled with --target=nvptx, bound to `Device`) the
/// arena is managed memory, where the parameters and the optimizer's state
/// stay for the whole run; each call's inputs are copied into managed
/// buffers (asynchronously, on the device's stream) that later calls reuse,
/// and its outputs come back into the host tensors it returns.
class ModelState {
public:
  /// Allocates the arena (all zeros; call init() or loadWeights()).
  explicit ModelState(std::shared_ptr<const ModelLibrary> Library);
  /// The same for a model bound to `Device` (CudaDevice::bind).
  ModelState(std::shared_ptr<const ModelLibrary> Library,
             std::shared_ptr<CudaDevice> Device);
  ~ModelState();
  ModelState(const ModelState &) = delete;
  ModelState &operator=(const ModelState &) = delete;

  /// The model this state belongs to.
  const ModelLibrary &library() const { return *Library; }
  /// The model's self-description.
  const dlc_model_info &info() const { return Library->info(); }
  /// The arena, for raw ABI calls.
  void *arena() { return Arena; }

  /// Initialises params and buffers from `Seed` (deterministic); throws Error
  /// with the model's message.
  void init(uint64_t Seed);

  /// Runs forward: checks the inputs, binds symbols, allocates outputs of the
  /// resulting shapes and calls the model. `Labels` optionally names each
  /// input in error messages (e.g. with the file it came from).
  std::vector<Tensor> forward(const std::vector<Tensor> &Inputs,
                              const std::vector<std::string> &Labels = {});

  /// One training step (dlc_model_train_step) on a batch in the order of
  /// the model's batch inputs: returns the loss and then the metrics of the
  /// batch, and updates the params, buffers and optimizer state in place.
  /// Throws Error if the model has no train block or the batch is wrong.
  std::vector<double> trainStep(const std::vector<Tensor> &Batch, uint64_t Seed,
                                const std::vector<std::string> &Labels = {});

  /// The loss and metrics of a batch in evaluation mode (eval_step).
  std::vector<double> evalStep(const std::vector<Tensor> &Batch,
                               const std::vector<std::string> &Labels = {});

  /// forward, trainStep, evalStep and outputShapes on ABI views of the
  /// caller's memory (dense, row-major): no input is copied.
  std::vector<Tensor> forwardViews(const std::vector<dlc_tensor> &Inputs,
                                   const std::vector<std::string> &Labels = {});
  std::vector<double>
  trainStepViews(const std::vector<dlc_tensor> &Batch, uint64_t Seed,
                 const std::vector<std::string> &Labels = {});
  std::vector<double>
  evalStepViews(const std::vector<dlc_tensor> &Batch,
                const std::vector<std::string> &Labels = {});
  std::vector<std::vector<int64_t>>
  outputShapesOfViews(const std::vector<dlc_tensor> &Inputs,
                      const std::vector<std::string> &Labels = {}) const;
  /// A view of the param, buffer or optimizer state tensor `Name` in the
  /// arena itself; throws Error if the model has none of that name.
  dlc_tensor stateView(const std::string &Name);
  /// The number of optimizer steps taken (`optimizer.step`); 0 for a model
  /// without a train block.
  int64_t optimizerStep() const;

  /// The output shapes forward() would allocate for these inputs.
  std::vector<std::vector<int64_t>>
  outputShapes(const std::vector<Tensor> &Inputs,
               const std::vector<std::string> &Labels = {}) const;

  /// Copies of every param and buffer, by dotted name, and with
  /// `WithOptimizerState` the optimizer's state too (`optimizer.*`).
  std::map<std::string, Tensor>
  stateDict(bool WithOptimizerState = false) const;

  /// Copies tensors into params and buffers by name, like PyTorch's
  /// load_state_dict: a dtype or shape mismatch is always an error; with
  /// `Strict`, missing and unexpected keys are too. Optimizer state tensors
  /// the source has are loaded as well (a checkpoint); their absence is not
  /// a missing key. All checks happen before any copy, so on error the state
  /// is unchanged. `Source` names where the tensors came from in messages.
  LoadResult loadStateDict(const std::map<std::string, Tensor> &Tensors,
                           bool Strict, const std::string &Source = "");

  /// loadStateDict from a safetensors file.
  LoadResult loadWeights(const std::string &Path, bool Strict = true);

  /// Writes every param and buffer to a safetensors file, atomically, with
  /// metadata {"format": "pt", "dlc_model": <name>}.
  void saveWeights(const std::string &Path) const;

  /// Writes params, buffers and the optimizer's state to a safetensors file,
  /// atomically, with `Metadata` added to that of saveWeights: everything
  /// needed to resume training.
  void saveCheckpoint(const std::string &Path,
                      const std::map<std::string, std::string> &Metadata) const;

private:
  /// Runs train_step (with `Seed`) or eval_step (without).
  std::vector<double> runStep(const std::vector<dlc_tensor> &Batch,
                              const uint64_t *Seed,
                              const std::vector<std::string> &Labels);

  /// Where a param or buffer lives in the arena.
  void *stateData(const dlc_tensor_info &T) const;
  /// A copy of a param or buffer.
  Tensor copyOut(const dlc_tensor_info &T) const;

  /// With a device: `Tensors` copied into the staging buffers from `First`
  /// on (`Copy`), or only given buffers there (outputs).
  std::vector<dlc_tensor> staged(const std::vector<dlc_tensor> &Tensors,
                                 size_t First, bool Copy);
  /// Copies outputs computed in staging buffers into the caller's tensors.
  static void copyBack(const std::vector<dlc_tensor> &Staged,
                       std::vector<dlc_tensor> &Outputs);

  std::shared_ptr<const ModelLibrary> Library;
  std::shared_ptr<CudaDevice> Device; ///< null on the CPU
  void *Arena = nullptr;
  /// Managed memory for the inputs and outputs of GPU calls, by position.
  struct StagingBuffer {
    void *Memory = nullptr;
    size_t Bytes = 0;
  };
  std::vector<StagingBuffer> Staging;
};

} // namespace dlc::rt

#endif // DLC_RUNTIME_MODELSTATE_H
