//===- ModelJson.h - A model's self-description as JSON text ----*- C++ -*-===//
#ifndef DLC_RUNTIME_MODELJSON_H
#define DLC_RUNTIME_MODELJSON_H

#include "dlc/ModelABI.h"

#include <string>

namespace dlc::rt {

/// Renders a validated description as indented JSON:
/// {"abi_version", "name", "state_bytes", "symbols": ["N"],
///  "params"/"buffers": [{"name", "dtype", "shape", "offset", "init":
///    {"kind", and the arguments the kind uses: "a", "b", "fan_in",
///    "fan_out"}}],
///  "inputs"/"outputs": [{"name", "dtype", "shape"}],
///  "optimizer": object or null, "optimizer_state": [as params],
///  "train": {"batch": [inputs], "results": [loss, metrics]} or null}.
/// Shapes hold integers and, for symbolic dimensions, the symbol's name.
std::string modelInfoToJson(const dlc_model_info &Info);

} // namespace dlc::rt

#endif // DLC_RUNTIME_MODELJSON_H
