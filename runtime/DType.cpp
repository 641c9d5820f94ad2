//===- DType.cpp - Element types of runtime tensors -----------------------===//
#include "runtime/DType.h"

namespace dlc::rt {

size_t dtypeSize(DType Type) {
  switch (Type) {
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F16:
  case DType::BF16:
    return 2;
  case DType::Bool:
  case DType::U8:
  case DType::I8:
    return 1;
  }
  return 0;
}

const char *dtypeName(DType Type) {
  switch (Type) {
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::Bool:
    return "bool";
  case DType::U8:
    return "u8";
  case DType::I8:
    return "i8";
  }
  return "?";
}

std::optional<DType> parseDType(std::string_view Name) {
  for (DType Type : AllDTypes)
    if (Name == dtypeName(Type))
      return Type;
  return std::nullopt;
}

bool isAbiDType(DType Type) {
  return static_cast<int32_t>(Type) <= static_cast<int32_t>(DType::Bool);
}

std::optional<DType> dtypeFromAbi(int32_t Code) {
  if (Code < DLC_F32 || Code > DLC_BOOL)
    return std::nullopt;
  return static_cast<DType>(Code);
}

std::string abiDTypeName(int32_t Code) {
  if (std::optional<DType> Type = dtypeFromAbi(Code))
    return dtypeName(*Type);
  return "dtype " + std::to_string(Code);
}

} // namespace dlc::rt
