//===- Safetensors.h - Reading and writing safetensors files ----*- C++ -*-===//
#ifndef DLC_RUNTIME_SAFETENSORS_H
#define DLC_RUNTIME_SAFETENSORS_H

#include "runtime/Tensor.h"

#include <map>
#include <string>

namespace dlc::rt {

/// The tensors and the optional `__metadata__` string map of a file.
struct SafetensorsContents {
  std::map<std::string, Tensor> Tensors;
  std::map<std::string, std::string> Metadata;
};

/// Reads a Hugging Face safetensors file with dtypes F32 F64 F16 BF16 I32 I64
/// BOOL U8 I8. Validates what the reference implementation does and a little
/// more: the header size against the file, the JSON, duplicate names, dtypes,
/// shapes, that every tensor's byte range matches its shape, and that the
/// ranges tile the data section with no gap, overlap or trailing bytes.
/// Throws Error naming the path (and the tensor) on any violation.
SafetensorsContents readSafetensors(const std::string &Path);

/// Writes tensors and metadata atomically in the reference layout: compact
/// JSON header with `__metadata__` first and tensors in name order, padded
/// with spaces to a multiple of 8 bytes, data in the same order.
void writeSafetensors(const std::string &Path,
                      const std::map<std::string, Tensor> &Tensors,
                      const std::map<std::string, std::string> &Metadata = {});

} // namespace dlc::rt

#endif // DLC_RUNTIME_SAFETENSORS_H
