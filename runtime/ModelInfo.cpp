//===- ModelInfo.cpp - Checks and queries on a model's self-description ---===//
#include "runtime/ModelInfo.h"

#include "runtime/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace dlc::rt {

std::vector<int64_t> infoDims(const dlc_tensor_info &T) {
  if (T.rank <= 0)
    return {};
  return std::vector<int64_t>(T.dims, T.dims + T.rank);
}

std::string infoTypeString(const dlc_model_info &Info,
                           const dlc_tensor_info &T) {
  std::string S = abiDTypeName(T.dtype) + "[";
  for (int32_t D = 0; D < T.rank; ++D) {
    int64_t Dim = T.dims[D];
    S += D ? ", " : "";
    S += Dim >= 0 ? std::to_string(Dim) : Info.symbols[-1 - Dim];
  }
  return S + "]";
}

const char *initKindName(int32_t Kind) {
  static const char *const Names[] = {
      "zeros",           "ones",          "uniform", "normal", "glorot_uniform",
      "kaiming_uniform", "kaiming_normal"};
  return Kind >= 0 && Kind <= DLC_INIT_KAIMING_NORMAL ? Names[Kind] : "?";
}

namespace {

/// Validates one description; every failure names the model file.
class InfoChecker {
public:
  InfoChecker(const dlc_model_info &Info, const std::string &Path)
      : Info(Info), Path(Path) {}

  void run() {
    if (!Info.name || !*Info.name)
      fail("the model has no name");
    checkCount(Info.num_symbols, Info.symbols, "symbols");
    checkCount(Info.num_params, Info.params, "params");
    checkCount(Info.num_buffers, Info.buffers, "buffers");
    checkCount(Info.num_inputs, Info.inputs, "inputs");
    checkCount(Info.num_outputs, Info.outputs, "outputs");
    checkCount(Info.num_optimizer_state, Info.optimizer_state,
               "optimizer state tensors");
    checkCount(Info.num_batch_inputs, Info.batch_inputs, "batch inputs");
    checkCount(Info.num_step_outputs, Info.step_outputs, "step outputs");
    for (int32_t I = 0; I < Info.num_symbols; ++I)
      if (!Info.symbols[I] || !*Info.symbols[I])
        fail("symbol " + std::to_string(I) + " has no name");

    std::set<std::string> StateNames;
    for (int32_t I = 0; I < Info.num_params; ++I)
      checkStateTensor(Info.params[I], "param", StateNames);
    for (int32_t I = 0; I < Info.num_buffers; ++I)
      checkStateTensor(Info.buffers[I], "buffer", StateNames);
    for (int32_t I = 0; I < Info.num_optimizer_state; ++I)
      checkStateTensor(Info.optimizer_state[I], "optimizer state", StateNames);
    checkOverlaps();

    std::set<std::string> InputNames, OutputNames;
    for (int32_t I = 0; I < Info.num_inputs; ++I)
      checkTensor(Info.inputs[I], "input", InputNames, false);
    for (int32_t I = 0; I < Info.num_outputs; ++I)
      checkTensor(Info.outputs[I], "output", OutputNames, false);
    checkTraining();

    if (Info.optimizer && *Info.optimizer) {
      auto Optimizer = nlohmann::json::parse(Info.optimizer, nullptr, false);
      if (Optimizer.is_discarded() || !Optimizer.is_object())
        fail("the optimizer is not a JSON object: " +
             std::string(Info.optimizer));
    }
  }

private:
  /// The train block's batch and results: present exactly when the model
  /// has train_step and eval_step, the results scalar floats, "loss" first.
  void checkTraining() {
    uint32_t Known =
        DLC_ENTRY_FORWARD | DLC_ENTRY_TRAIN_STEP | DLC_ENTRY_EVAL_STEP;
    if (Info.entry_points & ~Known)
      fail("unknown entry point bits " + std::to_string(Info.entry_points));
    bool Trains = Info.entry_points & DLC_ENTRY_TRAIN_STEP;
    if (Trains != static_cast<bool>(Info.entry_points & DLC_ENTRY_EVAL_STEP))
      fail("train_step and eval_step come together");
    if (!Trains) {
      if (Info.num_batch_inputs || Info.num_step_outputs)
        fail("batch inputs or step outputs without a train_step");
      return;
    }
    std::set<std::string> BatchNames, ResultNames;
    for (int32_t I = 0; I < Info.num_batch_inputs; ++I)
      checkTensor(Info.batch_inputs[I], "batch input", BatchNames, false);
    if (Info.num_step_outputs < 1)
      fail("train_step returns no loss");
    for (int32_t I = 0; I < Info.num_step_outputs; ++I) {
      const dlc_tensor_info &T = Info.step_outputs[I];
      std::string Where = checkTensor(T, "step output", ResultNames, false);
      std::optional<DType> Type = dtypeFromAbi(T.dtype);
      bool IsFloat = *Type == DType::F32 || *Type == DType::F64 ||
                     *Type == DType::F16 || *Type == DType::BF16;
      if (T.rank != 0 || !IsFloat)
        fail(Where + " must be a floating-point scalar");
    }
    if (std::string(Info.step_outputs[0].name) != "loss")
      fail("the first step output must be 'loss', got '" +
           std::string(Info.step_outputs[0].name) + "'");
  }

  [[noreturn]] void fail(const std::string &What) const {
    throw Error("'" + Path + "': invalid model description: " + What);
  }

  void checkCount(int32_t Count, const void *Array, const char *What) const {
    if (Count < 0)
      fail(std::string("negative number of ") + What);
    if (Count > 0 && !Array)
      fail(std::string("null array of ") + What);
  }

  /// Checks what every tensor description needs; returns its quoted name.
  std::string checkTensor(const dlc_tensor_info &T, const char *Kind,
                          std::set<std::string> &Names, bool InState) const {
    if (!T.name || !*T.name)
      fail(std::string("an entry of the ") + Kind + "s has no name");
    std::string Where = std::string(Kind) + " '" + T.name + "'";
    if (!Names.insert(T.name).second)
      fail("two tensors are named '" + std::string(T.name) + "'");
    if (!dtypeFromAbi(T.dtype))
      fail(Where + " has unknown dtype " + std::to_string(T.dtype));
    if (T.rank < 0 || T.rank > MaxModelRank)
      fail(Where + " has rank " + std::to_string(T.rank) + "; the limit is " +
           std::to_string(MaxModelRank));
    if (T.rank > 0 && !T.dims)
      fail(Where + " has null dims");
    for (int32_t D = 0; D < T.rank; ++D) {
      int64_t Dim = T.dims[D];
      if (Dim >= 0)
        continue;
      if (InState)
        fail(Where + " dim " + std::to_string(D) +
             " is symbolic; state tensors need fixed shapes");
      if (-1 - Dim >= Info.num_symbols)
        fail(Where + " dim " + std::to_string(D) + " refers to symbol " +
             std::to_string(-1 - Dim) + " of " +
             std::to_string(Info.num_symbols));
    }
    return Where;
  }

  void checkStateTensor(const dlc_tensor_info &T, const char *Kind,
                        std::set<std::string> &Names) {
    std::string Where = checkTensor(T, Kind, Names, true);
    if (T.init < DLC_INIT_ZEROS || T.init > DLC_INIT_KAIMING_NORMAL)
      fail(Where + " has unknown init kind " + std::to_string(T.init));
    DType Type = *dtypeFromAbi(T.dtype);
    int64_t Numel;
    try {
      Numel = checkedNumel(infoDims(T), Type, Where);
    } catch (const Error &E) {
      fail(E.what());
    }
    uint64_t Bytes = static_cast<uint64_t>(Numel) * dtypeSize(Type);
    if (T.offset % dtypeSize(Type) != 0)
      fail(Where + " has offset " + std::to_string(T.offset) +
           ", not a multiple of its element size");
    if (T.offset > Info.state_bytes || Bytes > Info.state_bytes - T.offset)
      fail(Where + " (" + std::to_string(Bytes) + " bytes at offset " +
           std::to_string(T.offset) + ") lies outside the " +
           std::to_string(Info.state_bytes) + "-byte state");
    if (Bytes > 0)
      Regions.push_back({T.offset, T.offset + Bytes, Where});
  }

  void checkOverlaps() {
    std::sort(Regions.begin(), Regions.end());
    for (size_t I = 1; I < Regions.size(); ++I)
      if (std::get<0>(Regions[I]) < std::get<1>(Regions[I - 1]))
        fail(std::get<2>(Regions[I]) + " overlaps " +
             std::get<2>(Regions[I - 1]) + " in the state");
  }

  const dlc_model_info &Info;
  const std::string &Path;
  std::vector<std::tuple<uint64_t, uint64_t, std::string>> Regions;
};

} // namespace

void validateModelInfo(const dlc_model_info &Info, const std::string &Path) {
  InfoChecker(Info, Path).run();
}

SymbolValues bindSymbols(const dlc_model_info &Info,
                         const dlc_tensor_info *Wanted, int32_t Count,
                         const std::vector<dlc_tensor> &Inputs,
                         const std::vector<std::string> &Labels,
                         const std::string &What) {
  if (Inputs.size() != static_cast<size_t>(Count)) {
    std::string Names;
    for (int32_t I = 0; I < Count; ++I)
      Names += (I ? ", " : "") + std::string(Wanted[I].name);
    throw Error(What + " takes " + std::to_string(Count) + " input(s) (" +
                Names + "), got " + std::to_string(Inputs.size()));
  }
  SymbolValues Values(Info.num_symbols, -1);
  std::vector<std::string> Sources(Info.num_symbols);
  for (size_t I = 0; I < Inputs.size(); ++I) {
    const dlc_tensor_info &Want = Wanted[I];
    const dlc_tensor &T = Inputs[I];
    std::string Label = I < Labels.size()
                            ? Labels[I]
                            : "input '" + std::string(Want.name) + "'";
    if (T.dtype != Want.dtype)
      throw Error(Label + ": expected dtype " + abiDTypeName(Want.dtype) +
                  ", got " + abiDTypeName(T.dtype));
    if (T.rank != Want.rank)
      throw Error(Label + ": expected rank " + std::to_string(Want.rank) +
                  ", got " + std::to_string(T.rank) + " (" +
                  infoTypeString(Info, Want) + " vs " + abiDTypeName(T.dtype) +
                  formatShape(std::vector<int64_t>(T.shape, T.shape + T.rank)) +
                  ")");
    for (int32_t D = 0; D < Want.rank; ++D) {
      int64_t Got = T.shape[D], Dim = Want.dims[D];
      if (Dim >= 0) {
        if (Got != Dim)
          throw Error(Label + " dim " + std::to_string(D) + ": expected " +
                      std::to_string(Dim) + ", got " + std::to_string(Got));
        continue;
      }
      int64_t Sym = -1 - Dim;
      if (Values[Sym] < 0) {
        Values[Sym] = Got;
        Sources[Sym] = Label;
      } else if (Values[Sym] != Got) {
        throw Error("symbol " + std::string(Info.symbols[Sym]) + " is " +
                    std::to_string(Values[Sym]) + " from " + Sources[Sym] +
                    " but " + std::to_string(Got) + " from " + Label +
                    " (dim " + std::to_string(D) + ")");
      }
    }
  }
  return Values;
}

SymbolValues bindInputSymbols(const dlc_model_info &Info,
                              const std::vector<dlc_tensor> &Inputs,
                              const std::vector<std::string> &Labels) {
  return bindSymbols(Info, Info.inputs, Info.num_inputs, Inputs, Labels,
                     "the model");
}

std::vector<int64_t> resolveOutputShape(const dlc_model_info &Info,
                                        const dlc_tensor_info &Output,
                                        const SymbolValues &Symbols) {
  std::vector<int64_t> Shape;
  for (int32_t D = 0; D < Output.rank; ++D) {
    int64_t Dim = Output.dims[D];
    if (Dim < 0) {
      int64_t Sym = -1 - Dim;
      if (Symbols[Sym] < 0)
        throw Error("output '" + std::string(Output.name) + "' dim " +
                    std::to_string(D) + ": symbol " + Info.symbols[Sym] +
                    " is not bound by any input");
      Dim = Symbols[Sym];
    }
    Shape.push_back(Dim);
  }
  return Shape;
}

} // namespace dlc::rt
