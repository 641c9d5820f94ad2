//===- ModelInfo.h - Checks of a model's self-description ----*- C++ -*-===//
#ifndef DLC_RUNTIME_MODELINFO_H
#define DLC_RUNTIME_MODELINFO_H

#include "dlc/ModelABI.h"
#include "runtime/Tensor.h"

#include <string>
#include <vector>

namespace dlc::rt {

/// The largest rank the model shim accepts (DLC_SHIM_MAX_RANK in ModelShim.c).
inline constexpr int32_t MaxModelRank = 8;

/// Checks a description loaded from `Path` so that later code can trust it:
/// non-null names and arrays, known dtypes and init kinds, ranks within
/// MaxModelRank, symbol indices in range, fixed shapes for params and buffers,
/// unique names, naturally aligned and non-overlapping state regions inside
/// state_bytes, and an optimizer that is "" or a JSON object. Throws Error
/// "'<path>': invalid model description: ...".
void validateModelInfo(const dlc_model_info &Info, const std::string &Path);

/// The dims of a tensor description; symbolic ones are negative.
std::vector<int64_t> infoDims(const dlc_tensor_info &T);

/// "f32[N, 784]", with symbol names.
std::string infoTypeString(const dlc_model_info &Info,
                           const dlc_tensor_info &T);

/// The name of a dlc_init_kind ("kaiming_uniform"), or "?" if unknown.
const char *initKindName(int32_t Kind);

/// Values of the symbolic dimensions; -1 where still unbound.
using SymbolValues = std::vector<int64_t>;

/// Checks forward inputs against the description (count, dtype, rank, fixed
/// dims) and binds symbolic dims consistently. `Labels`, if not empty, names
/// each input in messages (e.g. "input 'x' (x.npy)"); the default is
/// "input 'x'". Throws Error with the same wording as the model shim:
/// "input 'x' dim 1: expected 784, got 785",
/// "symbol N is 32 from input 'x' but 16 from input 'y' (dim 0)".
SymbolValues bindInputSymbols(const dlc_model_info &Info,
                              const std::vector<dlc_tensor> &Inputs,
                              const std::vector<std::string> &Labels = {});

/// bindInputSymbols for any list of described inputs (`Wanted`, `Count`):
/// the batch of train_step and eval_step. `What` names the callee in the
/// message about a wrong count ("train_step").
SymbolValues bindSymbols(const dlc_model_info &Info,
                         const dlc_tensor_info *Wanted, int32_t Count,
                         const std::vector<dlc_tensor> &Inputs,
                         const std::vector<std::string> &Labels,
                         const std::string &What);

/// The concrete shape of an output for bound symbols; throws Error if the
/// output uses a symbol that no input binds.
std::vector<int64_t> resolveOutputShape(const dlc_model_info &Info,
                                        const dlc_tensor_info &Output,
                                        const SymbolValues &Symbols);

} // namespace dlc::rt

#endif // DLC_RUNTIME_MODELINFO_H
