//===- DType.h - Element types of runtime tensors ---------------*- C++ -*-===//
#ifndef DLC_RUNTIME_DTYPE_H
#define DLC_RUNTIME_DTYPE_H

#include "dlc/ModelABI.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dlc::rt {

/// An element type. The first seven are the model ABI's dlc_dtype with the
/// same values; U8 and I8 exist only in the runtime, for data files.
enum class DType : int32_t {
  F32 = DLC_F32,
  F64 = DLC_F64,
  F16 = DLC_F16,
  BF16 = DLC_BF16,
  I32 = DLC_I32,
  I64 = DLC_I64,
  Bool = DLC_BOOL,
  U8 = 64,
  I8 = 65,
};

/// Every DType, for tests and tables.
inline constexpr DType AllDTypes[] = {DType::F32,  DType::F64, DType::F16,
                                      DType::BF16, DType::I32, DType::I64,
                                      DType::Bool, DType::U8,  DType::I8};

/// Bytes per element.
size_t dtypeSize(DType Type);

/// The DSL spelling: "f32", "bf16", "bool", "u8".
const char *dtypeName(DType Type);

/// Parses a DSL spelling; nullopt if unknown.
std::optional<DType> parseDType(std::string_view Name);

/// Whether `Type` is one of the model ABI's dtypes.
bool isAbiDType(DType Type);

/// The DType of an ABI dtype code; nullopt for codes the ABI does not define.
std::optional<DType> dtypeFromAbi(int32_t Code);

/// The DSL spelling of an ABI dtype code, or "dtype <code>" if unknown.
std::string abiDTypeName(int32_t Code);

} // namespace dlc::rt

#endif // DLC_RUNTIME_DTYPE_H
