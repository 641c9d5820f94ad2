//===- ModelJson.cpp - A model's self-description as JSON text ------------===//
#include "runtime/ModelJson.h"

#include "runtime/DType.h"
#include "runtime/ModelInfo.h"
#include "runtime/shim/CpuFeatures.h"

#include <nlohmann/json.hpp>

namespace dlc::rt {
namespace {

using Json = nlohmann::ordered_json;

Json shapeJson(const dlc_model_info &Info, const dlc_tensor_info &T) {
  Json Shape = Json::array();
  for (int64_t Dim : infoDims(T))
    Shape.push_back(Dim >= 0 ? Json(Dim) : Json(Info.symbols[-1 - Dim]));
  return Shape;
}

Json initJson(const dlc_tensor_info &T) {
  Json Init = Json::object();
  Init["kind"] = initKindName(T.init);
  switch (T.init) {
  case DLC_INIT_UNIFORM:
  case DLC_INIT_NORMAL:
    Init["a"] = T.init_a;
    Init["b"] = T.init_b;
    break;
  case DLC_INIT_KAIMING_UNIFORM:
  case DLC_INIT_KAIMING_NORMAL:
    Init["a"] = T.init_a;
    Init["fan_in"] = T.fan_in;
    Init["fan_out"] = T.fan_out;
    break;
  case DLC_INIT_GLOROT_UNIFORM:
    Init["fan_in"] = T.fan_in;
    Init["fan_out"] = T.fan_out;
    break;
  default:
    break;
  }
  return Init;
}

Json tensorsJson(const dlc_model_info &Info, const dlc_tensor_info *Tensors,
                 int32_t Count, bool InState) {
  Json List = Json::array();
  for (int32_t I = 0; I < Count; ++I) {
    const dlc_tensor_info &T = Tensors[I];
    Json Entry = Json::object();
    Entry["name"] = T.name;
    Entry["dtype"] = abiDTypeName(T.dtype);
    Entry["shape"] = shapeJson(Info, T);
    if (InState) {
      Entry["offset"] = T.offset;
      Entry["init"] = initJson(T);
    }
    List.push_back(std::move(Entry));
  }
  return List;
}

} // namespace

std::string modelInfoToJson(const dlc_model_info &Info) {
  Json Root = Json::object();
  Root["abi_version"] = Info.abi_version;
  Root["name"] = Info.name;
  Root["state_bytes"] = Info.state_bytes;
  Json Features = Json::array();
  for (unsigned Bit = 0; Bit < 32; ++Bit)
    if (Info.cpu_features & (1u << Bit))
      Features.push_back(dlcCpuFeatureName(1u << Bit));
  Root["cpu_features"] = std::move(Features);
  Root["target"] = Info.gpu_arch ? "nvptx" : "cpu";
  if (Info.gpu_arch)
    Root["gpu_arch"] = "sm_" + std::to_string(Info.gpu_arch);
  Json Symbols = Json::array();
  for (int32_t I = 0; I < Info.num_symbols; ++I)
    Symbols.push_back(Info.symbols[I]);
  Root["symbols"] = std::move(Symbols);
  Root["params"] = tensorsJson(Info, Info.params, Info.num_params, true);
  Root["buffers"] = tensorsJson(Info, Info.buffers, Info.num_buffers, true);
  Root["inputs"] = tensorsJson(Info, Info.inputs, Info.num_inputs, false);
  Root["outputs"] = tensorsJson(Info, Info.outputs, Info.num_outputs, false);
  Root["optimizer_state"] =
      tensorsJson(Info, Info.optimizer_state, Info.num_optimizer_state, true);
  Json Training = nullptr;
  if (Info.entry_points & DLC_ENTRY_TRAIN_STEP) {
    Training = Json::object();
    Training["batch"] =
        tensorsJson(Info, Info.batch_inputs, Info.num_batch_inputs, false);
    Training["results"] =
        tensorsJson(Info, Info.step_outputs, Info.num_step_outputs, false);
  }
  Root["train"] = Training;
  Root["optimizer"] = Info.optimizer && *Info.optimizer
                          ? Json::parse(Info.optimizer)
                          : Json(nullptr);
  // Names come from a compiled model and should be ASCII; replace rather than
  // throw if one is not valid UTF-8.
  return Root.dump(2, ' ', false, Json::error_handler_t::replace);
}

} // namespace dlc::rt
