//===- Tensor.cpp - Owning dense tensors for the runtime ------------------===//
#include "runtime/Tensor.h"

#include "runtime/Error.h"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace dlc::rt {

std::string formatShape(const std::vector<int64_t> &Shape) {
  // A hostile file may claim a huge rank; a message shows the start of it.
  constexpr size_t MaxShown = 16;
  std::string S = "[";
  for (size_t I = 0; I < Shape.size() && I < MaxShown; ++I)
    S += (I ? ", " : "") + std::to_string(Shape[I]);
  if (Shape.size() > MaxShown)
    S += ", ... (rank " + std::to_string(Shape.size()) + ")";
  return S + "]";
}

int64_t checkedNumel(const std::vector<int64_t> &Shape, DType Type,
                     const std::string &What) {
  int64_t N = 1;
  for (int64_t Dim : Shape) {
    if (Dim < 0)
      throw Error(What + ": negative extent in shape " + formatShape(Shape));
    if (__builtin_mul_overflow(N, Dim, &N))
      throw Error(What + ": shape " + formatShape(Shape) + " is too large");
  }
  size_t Bytes;
  if (__builtin_mul_overflow(static_cast<size_t>(N), dtypeSize(Type), &Bytes) ||
      Bytes > std::numeric_limits<size_t>::max() - TensorAlignment)
    throw Error(What + ": shape " + formatShape(Shape) + " is too large");
  return N;
}

/// Aligned storage rounded up to whole cache lines; at least one line so that
/// data() is never null.
static void *allocateStorage(size_t Bytes, const std::string &What) {
  size_t Rounded =
      (Bytes + TensorAlignment - 1) / TensorAlignment * TensorAlignment;
  if (Rounded == 0)
    Rounded = TensorAlignment;
  void *P = std::aligned_alloc(TensorAlignment, Rounded);
  if (!P)
    throw Error("cannot allocate " + std::to_string(Bytes) + " bytes for " +
                What);
  std::memset(P, 0, Rounded);
  return P;
}

Tensor::Tensor() : Shape{0}, Storage(allocateStorage(0, "a tensor")) {}

Tensor::Tensor(DType Type, std::vector<int64_t> Shape)
    : Type(Type), Shape(std::move(Shape)) {
  Numel =
      checkedNumel(this->Shape, Type, dtypeName(Type) + std::string(" tensor"));
  Bytes = static_cast<size_t>(Numel) * dtypeSize(Type);
  Storage = allocateStorage(Bytes, typeString());
}

Tensor::Tensor(Tensor &&Other) noexcept
    : Type(Other.Type), Shape(std::move(Other.Shape)), Numel(Other.Numel),
      Bytes(Other.Bytes), Storage(std::exchange(Other.Storage, nullptr)) {
  Other.Shape.clear();
  Other.Numel = 0;
  Other.Bytes = 0;
}

Tensor &Tensor::operator=(Tensor &&Other) noexcept {
  if (this != &Other) {
    std::free(Storage);
    Type = Other.Type;
    Shape = std::move(Other.Shape);
    Numel = std::exchange(Other.Numel, 0);
    Bytes = std::exchange(Other.Bytes, 0);
    Storage = std::exchange(Other.Storage, nullptr);
    Other.Shape.clear();
  }
  return *this;
}

Tensor::~Tensor() { std::free(Storage); }

Tensor Tensor::clone() const {
  Tensor Copy(Type, Shape);
  if (Bytes)
    std::memcpy(Copy.Storage, Storage, Bytes);
  return Copy;
}

dlc_tensor Tensor::abiView() {
  return dlc_tensor{Storage, static_cast<int32_t>(Type),
                    static_cast<int32_t>(Shape.size()), Shape.data()};
}

dlc_tensor Tensor::abiView() const {
  return dlc_tensor{const_cast<void *>(Storage), static_cast<int32_t>(Type),
                    static_cast<int32_t>(Shape.size()), Shape.data()};
}

std::string Tensor::typeString() const {
  return dtypeName(Type) + formatShape(Shape);
}

void Tensor::checkElementSize(size_t Size) const {
  if (Size != dtypeSize(Type))
    throw Error("cannot view a " + typeString() + " tensor as elements of " +
                std::to_string(Size) + " bytes");
}

} // namespace dlc::rt
