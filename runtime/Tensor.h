//===- Tensor.h - Owning dense tensors for the runtime ----------*- C++ -*-===//
#ifndef DLC_RUNTIME_TENSOR_H
#define DLC_RUNTIME_TENSOR_H

#include "dlc/ModelABI.h"
#include "runtime/DType.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dlc::rt {

/// Alignment of tensor storage: a cache line, and enough for any vector ISA
/// the compiled kernels use.
inline constexpr size_t TensorAlignment = 64;

/// A dense, row-major tensor that owns 64-byte aligned storage. Move-only:
/// copies are explicit (clone) because tensors can be large.
class Tensor {
public:
  /// An empty f32 tensor of shape [0].
  Tensor();
  /// A zero-filled tensor; throws Error on a negative extent, an element count
  /// that overflows, or a failed allocation.
  Tensor(DType Type, std::vector<int64_t> Shape);

  /// Takes the storage; `Other` is left empty.
  Tensor(Tensor &&Other) noexcept;
  /// Takes the storage; `Other` is left empty.
  Tensor &operator=(Tensor &&Other) noexcept;
  Tensor(const Tensor &) = delete;
  Tensor &operator=(const Tensor &) = delete;
  ~Tensor();

  /// A deep copy.
  Tensor clone() const;

  /// The element type.
  DType dtype() const { return Type; }
  /// The extents, outermost first.
  const std::vector<int64_t> &shape() const { return Shape; }
  /// The number of dimensions; 0 for a scalar.
  int64_t rank() const { return static_cast<int64_t>(Shape.size()); }
  /// The number of elements.
  int64_t numel() const { return Numel; }
  /// numel() * dtypeSize(dtype()).
  size_t byteSize() const { return Bytes; }

  /// The storage; never null, even for zero elements (only a moved-from
  /// tensor has none).
  void *data() { return Storage; }
  const void *data() const { return Storage; }

  /// The storage as T; throws Error unless sizeof(T) is the element size.
  template <typename T> T *dataAs() {
    checkElementSize(sizeof(T));
    return static_cast<T *>(Storage);
  }
  /// The storage as const T; throws Error unless sizeof(T) is the element
  /// size.
  template <typename T> const T *dataAs() const {
    checkElementSize(sizeof(T));
    return static_cast<const T *>(Storage);
  }

  /// A non-owning ABI view, valid while this tensor lives and is not moved.
  dlc_tensor abiView();
  /// A non-owning ABI view of a tensor the callee only reads (the ABI has no
  /// const data pointer; model inputs are never written).
  dlc_tensor abiView() const;

  /// "f32[2, 3]".
  std::string typeString() const;

private:
  /// Throws Error unless `Size` is the element size.
  void checkElementSize(size_t Size) const;

  DType Type = DType::F32;
  std::vector<int64_t> Shape;
  int64_t Numel = 0;
  size_t Bytes = 0;
  void *Storage = nullptr;
};

/// "[2, 3]"; "[]" for a scalar.
std::string formatShape(const std::vector<int64_t> &Shape);

/// The element count of `Shape`; throws Error naming `What` on a negative
/// extent or an overflow of int64 elements or size_t bytes of `Type`.
int64_t checkedNumel(const std::vector<int64_t> &Shape, DType Type,
                     const std::string &What);

} // namespace dlc::rt

#endif // DLC_RUNTIME_TENSOR_H
