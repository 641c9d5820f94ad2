//===- ModelState.cpp - The state of one model instance -------------------===//
#include "runtime/ModelState.h"

#include "runtime/DType.h"
#include "runtime/Error.h"
#include "runtime/ModelInfo.h"
#include "runtime/Safetensors.h"
#include "runtime/shim/Float16.h"

#include <cstdlib>
#include <cstring>
#include <set>

namespace dlc::rt {

/// Room for the model's messages; the shim truncates longer ones.
static constexpr size_t ErrorBufferSize = 1024;

ModelState::ModelState(std::shared_ptr<const ModelLibrary> LibraryIn)
    : ModelState(std::move(LibraryIn), nullptr) {}

ModelState::ModelState(std::shared_ptr<const ModelLibrary> LibraryIn,
                       std::shared_ptr<CudaDevice> DeviceIn)
    : Library(std::move(LibraryIn)), Device(std::move(DeviceIn)) {
  if (!Library)
    throw Error("a model state needs a loaded model");
  uint64_t Bytes = info().state_bytes;
  uint64_t Rounded = (Bytes + DLC_STATE_ALIGNMENT - 1) / DLC_STATE_ALIGNMENT *
                     DLC_STATE_ALIGNMENT;
  if (Rounded < Bytes || Rounded > SIZE_MAX)
    throw Error("'" + Library->path() + "': state of " + std::to_string(Bytes) +
                " bytes is too large");
  if (Rounded == 0)
    Rounded = DLC_STATE_ALIGNMENT; // keep the arena pointer non-null
  // Managed memory is aligned to 256 bytes, more than the ABI asks.
  Arena = Device ? Device->allocateManaged(Rounded)
                 : std::aligned_alloc(DLC_STATE_ALIGNMENT, Rounded);
  if (!Arena)
    throw Error("'" + Library->path() + "': cannot allocate " +
                std::to_string(Bytes) + " bytes of state");
  std::memset(Arena, 0, Rounded);
}

ModelState::~ModelState() {
  if (!Device) {
    std::free(Arena);
    return;
  }
  for (StagingBuffer &Buffer : Staging)
    Device->release(Buffer.Memory);
  Device->release(Arena);
}

/// The bytes of a dense tensor.
static size_t byteSize(const dlc_tensor &T) {
  size_t Count = 1;
  for (int32_t D = 0; D < T.rank; ++D)
    Count *= static_cast<size_t>(T.shape[D]);
  return Count * dtypeSize(*dtypeFromAbi(T.dtype));
}

std::vector<dlc_tensor>
ModelState::staged(const std::vector<dlc_tensor> &Tensors, size_t First,
                   bool Copy) {
  if (Staging.size() < First + Tensors.size())
    Staging.resize(First + Tensors.size());
  std::vector<dlc_tensor> Views = Tensors;
  for (size_t I = 0; I < Tensors.size(); ++I) {
    size_t Bytes = byteSize(Tensors[I]);
    StagingBuffer &Buffer = Staging[First + I];
    if (Buffer.Bytes < Bytes) {
      Device->release(Buffer.Memory);
      Buffer = StagingBuffer{};
      Buffer.Memory = Device->allocateManaged(Bytes);
      Buffer.Bytes = Bytes;
    }
    // A tensor with no elements keeps its own pointer: the model never
    // reads it, and may check that it is null-free only.
    if (Bytes == 0)
      continue;
    if (Copy)
      Device->copyAsync(Buffer.Memory, Tensors[I].data, Bytes);
    Views[I].data = Buffer.Memory;
  }
  return Views;
}

void ModelState::copyBack(const std::vector<dlc_tensor> &Staged,
                          std::vector<dlc_tensor> &Outputs) {
  for (size_t I = 0; I < Outputs.size(); ++I)
    if (Staged[I].data != Outputs[I].data)
      std::memcpy(Outputs[I].data, Staged[I].data, byteSize(Outputs[I]));
}

void ModelState::init(uint64_t Seed) {
  char Err[ErrorBufferSize] = "";
  int32_t Status = Library->initFn()(Arena, Seed, Err, sizeof Err);
  if (Status != DLC_OK)
    throw Error("'" + Library->path() + "': init failed: " +
                (*Err ? Err : "status " + std::to_string(Status)));
}

/// Read-only ABI views of owned tensors.
static std::vector<dlc_tensor> viewsOf(const std::vector<Tensor> &Tensors) {
  std::vector<dlc_tensor> Views;
  for (const Tensor &T : Tensors)
    Views.push_back(T.abiView());
  return Views;
}

std::vector<std::vector<int64_t>>
ModelState::outputShapes(const std::vector<Tensor> &Inputs,
                         const std::vector<std::string> &Labels) const {
  return outputShapesOfViews(viewsOf(Inputs), Labels);
}

std::vector<std::vector<int64_t>>
ModelState::outputShapesOfViews(const std::vector<dlc_tensor> &Inputs,
                                const std::vector<std::string> &Labels) const {
  SymbolValues Symbols = bindInputSymbols(info(), Inputs, Labels);
  std::vector<std::vector<int64_t>> Shapes;
  for (int32_t I = 0; I < info().num_outputs; ++I)
    Shapes.push_back(resolveOutputShape(info(), info().outputs[I], Symbols));
  return Shapes;
}

std::vector<Tensor>
ModelState::forward(const std::vector<Tensor> &Inputs,
                    const std::vector<std::string> &Labels) {
  return forwardViews(viewsOf(Inputs), Labels);
}

std::vector<Tensor>
ModelState::forwardViews(const std::vector<dlc_tensor> &Inputs,
                         const std::vector<std::string> &Labels) {
  std::vector<std::vector<int64_t>> Shapes =
      outputShapesOfViews(Inputs, Labels);
  std::vector<Tensor> Outputs;
  for (size_t I = 0; I < Shapes.size(); ++I)
    Outputs.emplace_back(*dtypeFromAbi(info().outputs[I].dtype),
                         std::move(Shapes[I]));
  std::vector<dlc_tensor> Out;
  for (Tensor &T : Outputs)
    Out.push_back(T.abiView());
  std::vector<dlc_tensor> In = Inputs, OutOnDevice = Out;
  if (Device) {
    In = staged(Inputs, 0, /*Copy=*/true);
    OutOnDevice = staged(Out, Inputs.size(), /*Copy=*/false);
    // The model's host code may read an input before its first kernel.
    Device->synchronize();
  }
  char Err[ErrorBufferSize] = "";
  int32_t Status = Library->forwardFn()(
      Arena, In.data(), static_cast<int32_t>(In.size()), OutOnDevice.data(),
      static_cast<int32_t>(OutOnDevice.size()), Err, sizeof Err);
  if (Status != DLC_OK)
    throw Error(*Err
                    ? std::string(Err)
                    : "'" + Library->path() + "': forward failed with status " +
                          std::to_string(Status));
  if (Device)
    copyBack(OutOnDevice, Out);
  return Outputs;
}

/// The value of a rank-0 float tensor.
static double scalarValue(const Tensor &T) {
  switch (T.dtype()) {
  case DType::F32:
    return *T.dataAs<float>();
  case DType::F64:
    return *T.dataAs<double>();
  case DType::F16:
    return dlcHalfToFloat(*T.dataAs<uint16_t>());
  case DType::BF16:
    return dlcBF16ToFloat(*T.dataAs<uint16_t>());
  default:
    throw Error("a step output of dtype " + std::string(dtypeName(T.dtype())) +
                " is not a float");
  }
}

std::vector<double>
ModelState::runStep(const std::vector<dlc_tensor> &Batch, const uint64_t *Seed,
                    const std::vector<std::string> &Labels) {
  const dlc_model_info &I = info();
  const char *What = Seed ? "train_step" : "eval_step";
  if (!Library->canTrain())
    throw Error("'" + Library->path() + "' has no " + What +
                ": its program has no train block");
  SymbolValues Symbols =
      bindSymbols(I, I.batch_inputs, I.num_batch_inputs, Batch, Labels, What);
  std::vector<Tensor> Outputs;
  for (int32_t K = 0; K < I.num_step_outputs; ++K)
    Outputs.emplace_back(*dtypeFromAbi(I.step_outputs[K].dtype),
                         resolveOutputShape(I, I.step_outputs[K], Symbols));
  std::vector<dlc_tensor> Out;
  for (Tensor &T : Outputs)
    Out.push_back(T.abiView());
  std::vector<dlc_tensor> In = Batch, OutOnDevice = Out;
  if (Device) {
    In = staged(Batch, 0, /*Copy=*/true);
    OutOnDevice = staged(Out, Batch.size(), /*Copy=*/false);
    Device->synchronize();
  }
  char Err[ErrorBufferSize] = "";
  int32_t NumIn = static_cast<int32_t>(In.size());
  int32_t NumOut = static_cast<int32_t>(OutOnDevice.size());
  int32_t Status =
      Seed ? Library->trainStepFn()(Arena, In.data(), NumIn, *Seed,
                                    OutOnDevice.data(), NumOut, Err, sizeof Err)
           : Library->evalStepFn()(Arena, In.data(), NumIn, OutOnDevice.data(),
                                   NumOut, Err, sizeof Err);
  if (Status != DLC_OK)
    throw Error(*Err ? std::string(Err)
                     : "'" + Library->path() + "': " + What +
                           " failed with status " + std::to_string(Status));
  if (Device)
    copyBack(OutOnDevice, Out);
  std::vector<double> Values;
  for (const Tensor &T : Outputs)
    Values.push_back(scalarValue(T));
  return Values;
}

std::vector<double>
ModelState::trainStep(const std::vector<Tensor> &Batch, uint64_t Seed,
                      const std::vector<std::string> &Labels) {
  return runStep(viewsOf(Batch), &Seed, Labels);
}

std::vector<double>
ModelState::evalStep(const std::vector<Tensor> &Batch,
                     const std::vector<std::string> &Labels) {
  return runStep(viewsOf(Batch), nullptr, Labels);
}

std::vector<double>
ModelState::trainStepViews(const std::vector<dlc_tensor> &Batch, uint64_t Seed,
                           const std::vector<std::string> &Labels) {
  return runStep(Batch, &Seed, Labels);
}

std::vector<double>
ModelState::evalStepViews(const std::vector<dlc_tensor> &Batch,
                          const std::vector<std::string> &Labels) {
  return runStep(Batch, nullptr, Labels);
}

dlc_tensor ModelState::stateView(const std::string &Name) {
  const dlc_tensor_info *T = Library->findStateTensor(Name);
  if (!T)
    throw Error("'" + Library->path() +
                "' has no parameter, buffer or "
                "optimizer state named '" +
                Name + "'");
  return dlc_tensor{stateData(*T), T->dtype, T->rank, T->dims};
}

int64_t ModelState::optimizerStep() const {
  const dlc_tensor_info *Step = Library->findStateTensor("optimizer.step");
  if (!Step || Step->dtype != DLC_I64 || Step->rank != 0)
    return 0;
  int64_t Value;
  std::memcpy(&Value, stateData(*Step), sizeof Value);
  return Value;
}

void *ModelState::stateData(const dlc_tensor_info &T) const {
  return static_cast<char *>(Arena) + T.offset;
}

Tensor ModelState::copyOut(const dlc_tensor_info &T) const {
  Tensor Copy(*dtypeFromAbi(T.dtype), infoDims(T));
  std::memcpy(Copy.data(), stateData(T), Copy.byteSize());
  return Copy;
}

std::map<std::string, Tensor>
ModelState::stateDict(bool WithOptimizerState) const {
  std::map<std::string, Tensor> Dict;
  for (int32_t I = 0; I < info().num_params; ++I)
    Dict.emplace(info().params[I].name, copyOut(info().params[I]));
  for (int32_t I = 0; I < info().num_buffers; ++I)
    Dict.emplace(info().buffers[I].name, copyOut(info().buffers[I]));
  if (WithOptimizerState)
    for (int32_t I = 0; I < info().num_optimizer_state; ++I)
      Dict.emplace(info().optimizer_state[I].name,
                   copyOut(info().optimizer_state[I]));
  return Dict;
}

bool isOptimizerStateName(const std::string &Name) {
  return Name.rfind("optimizer.", 0) == 0;
}

/// PyTorch's BatchNorm step counter, which a model may legitimately lack.
static bool isBatchCounter(const std::string &Name, const Tensor &T) {
  static const std::string Suffix = "num_batches_tracked";
  bool NameMatches =
      Name == Suffix ||
      (Name.size() > Suffix.size() &&
       Name.compare(Name.size() - Suffix.size(), Suffix.size(), Suffix) == 0 &&
       Name[Name.size() - Suffix.size() - 1] == '.');
  return NameMatches && T.dtype() == DType::I64;
}

static std::string quotedList(const std::vector<std::string> &Names) {
  std::string S;
  for (size_t I = 0; I < Names.size(); ++I)
    S += (I ? ", \"" : "\"") + Names[I] + "\"";
  return S;
}

LoadResult
ModelState::loadStateDict(const std::map<std::string, Tensor> &Tensors,
                          bool Strict, const std::string &Source) {
  LoadResult Result;
  std::vector<std::string> Mismatches;
  std::vector<std::pair<const dlc_tensor_info *, const Tensor *>> Copies;
  std::set<std::string> Matched;
  auto Match = [&](const dlc_tensor_info &T) {
    auto It = Tensors.find(T.name);
    if (It == Tensors.end()) {
      Result.MissingKeys.push_back(T.name);
      return;
    }
    Matched.insert(T.name);
    const Tensor &Src = It->second;
    std::vector<int64_t> Shape = infoDims(T);
    if (static_cast<int32_t>(Src.dtype()) != T.dtype || Src.shape() != Shape)
      Mismatches.push_back("mismatch for \"" + std::string(T.name) +
                           "\": " + Src.typeString() + " in the source, " +
                           infoTypeString(info(), T) + " in the model");
    else
      Copies.emplace_back(&T, &Src);
  };
  for (int32_t I = 0; I < info().num_params; ++I)
    Match(info().params[I]);
  for (int32_t I = 0; I < info().num_buffers; ++I)
    Match(info().buffers[I]);
  // A checkpoint's optimizer state: loaded when present, never missing.
  size_t Missing = Result.MissingKeys.size();
  for (int32_t I = 0; I < info().num_optimizer_state; ++I)
    Match(info().optimizer_state[I]);
  Result.MissingKeys.resize(Missing);
  for (const auto &[Name, T] : Tensors) {
    if (Matched.count(Name))
      continue;
    if (isBatchCounter(Name, T) || isOptimizerStateName(Name))
      Result.IgnoredKeys.push_back(Name);
    else
      Result.UnexpectedKeys.push_back(Name);
  }

  bool KeysFail =
      Strict && (!Result.MissingKeys.empty() || !Result.UnexpectedKeys.empty());
  if (KeysFail || !Mismatches.empty()) {
    std::string Message = "error(s) in loading weights for " +
                          std::string(info().name) +
                          (Source.empty() ? "" : " from " + Source) + ":";
    if (Strict && !Result.MissingKeys.empty())
      Message += "\n  missing key(s): " + quotedList(Result.MissingKeys);
    if (Strict && !Result.UnexpectedKeys.empty())
      Message += "\n  unexpected key(s): " + quotedList(Result.UnexpectedKeys);
    for (const std::string &M : Mismatches)
      Message += "\n  " + M;
    throw Error(Message);
  }
  for (const auto &[T, Src] : Copies)
    std::memcpy(stateData(*T), Src->data(), Src->byteSize());
  return Result;
}

LoadResult ModelState::loadWeights(const std::string &Path, bool Strict) {
  SafetensorsContents Contents = readSafetensors(Path);
  return loadStateDict(Contents.Tensors, Strict, "'" + Path + "'");
}

void ModelState::saveWeights(const std::string &Path) const {
  writeSafetensors(Path, stateDict(),
                   {{"format", "pt"}, {"dlc_model", info().name}});
}

void ModelState::saveCheckpoint(
    const std::string &Path,
    const std::map<std::string, std::string> &Metadata) const {
  std::map<std::string, std::string> All = Metadata;
  All["format"] = "pt";
  All["dlc_model"] = info().name;
  writeSafetensors(Path, stateDict(/*WithOptimizerState=*/true), All);
}

} // namespace dlc::rt
