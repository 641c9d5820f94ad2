//===- ModelLibrary.h - A loaded model.so and its C ABI ---------*- C++ -*-===//
#ifndef DLC_RUNTIME_MODELLIBRARY_H
#define DLC_RUNTIME_MODELLIBRARY_H

#include "dlc/ModelABI.h"

#include <memory>
#include <string>

namespace dlc::rt {

/// A model.so opened with dlopen, its entry points resolved and its
/// self-description validated. States (ModelState) share ownership, so the
/// library stays loaded while any of them lives.
class ModelLibrary {
public:
  /// dlc_model_describe.
  using DescribeFn = const dlc_model_info *(*)();
  /// dlc_model_init.
  using InitFn = int32_t (*)(void *State, uint64_t Seed, char *Err,
                             size_t ErrLen);
  /// dlc_model_forward.
  using ForwardFn = int32_t (*)(void *State, const dlc_tensor *Inputs,
                                int32_t NumInputs, dlc_tensor *Outputs,
                                int32_t NumOutputs, char *Err, size_t ErrLen);

  /// dlc_model_train_step.
  using TrainStepFn = int32_t (*)(void *State, const dlc_tensor *Inputs,
                                  int32_t NumInputs, uint64_t Seed,
                                  dlc_tensor *Outputs, int32_t NumOutputs,
                                  char *Err, size_t ErrLen);
  /// dlc_model_eval_step.
  using EvalStepFn = int32_t (*)(void *State, const dlc_tensor *Inputs,
                                 int32_t NumInputs, dlc_tensor *Outputs,
                                 int32_t NumOutputs, char *Err, size_t ErrLen);

  /// Loads `Path` (RTLD_LOCAL | RTLD_NOW). Throws Error naming the path if it
  /// cannot be loaded, lacks an entry point ("not a dlc model"), has another
  /// ABI version, or describes itself inconsistently.
  static std::shared_ptr<ModelLibrary> open(const std::string &Path);

  ~ModelLibrary();
  ModelLibrary(const ModelLibrary &) = delete;
  ModelLibrary &operator=(const ModelLibrary &) = delete;

  /// The path as given to open().
  const std::string &path() const { return Path; }
  /// The validated self-description.
  const dlc_model_info &info() const { return *Info; }
  /// The self-description as indented JSON (see ModelJson.h).
  std::string describeJson() const;

  /// The raw dlc_model_init, for callers that manage their own buffers.
  InitFn initFn() const { return Init; }
  /// The raw dlc_model_forward.
  ForwardFn forwardFn() const { return Forward; }
  /// The raw dlc_model_train_step.
  TrainStepFn trainStepFn() const { return TrainStep; }
  /// The raw dlc_model_eval_step.
  EvalStepFn evalStepFn() const { return EvalStep; }
  /// Whether the model was compiled with a train block (train_step and
  /// eval_step have code).
  bool canTrain() const { return Info->entry_points & DLC_ENTRY_TRAIN_STEP; }

  /// Looks up another exported symbol; null if absent.
  void *findSymbol(const std::string &Name) const;

  /// The param, buffer or optimizer state tensor called `Name`, or null.
  const dlc_tensor_info *findStateTensor(const std::string &Name) const;

private:
  ModelLibrary(std::string Path, void *Handle);

  std::string Path;
  void *Handle;
  const dlc_model_info *Info = nullptr;
  InitFn Init = nullptr;
  ForwardFn Forward = nullptr;
  TrainStepFn TrainStep = nullptr;
  EvalStepFn EvalStep = nullptr;
};

} // namespace dlc::rt

#endif // DLC_RUNTIME_MODELLIBRARY_H
