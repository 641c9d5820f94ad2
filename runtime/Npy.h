//===- Npy.h - Reading and writing NumPy .npy files -------------*- C++ -*-===//
#ifndef DLC_RUNTIME_NPY_H
#define DLC_RUNTIME_NPY_H

#include "runtime/Tensor.h"

#include <string>

namespace dlc::rt {

/// Reads a .npy file of format 1.0, 2.0 or 3.0 holding a little-endian,
/// C-order array of f32, f64, f16, i32, i64, bool, u8 or i8. Throws Error
/// naming the path on anything else: bad magic, a malformed header, Fortran
/// order, big-endian or unsupported dtypes, truncated or trailing data.
Tensor readNpy(const std::string &Path);

/// Writes `Value` as .npy, atomically, with NumPy's own header layout (format
/// 1.0, or 2.0 when the header outgrows 64 KiB). Throws Error for bf16, which
/// NumPy cannot represent.
void writeNpy(const std::string &Path, const Tensor &Value);

} // namespace dlc::rt

#endif // DLC_RUNTIME_NPY_H
