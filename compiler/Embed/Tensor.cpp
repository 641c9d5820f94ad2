//===- Tensor.cpp - tensors of the embedded API ---------------------------===//
#include "dlc/ModelABI.h"
#include "dlc/dlc.h"
#include "runtime/DType.h"

#include <cstdlib>
#include <cstring>

namespace dlc {

// The API's element types are the model ABI's, as the runtime's are.
static_assert(static_cast<int32_t>(DType::F32) == DLC_F32 &&
              static_cast<int32_t>(DType::F64) == DLC_F64 &&
              static_cast<int32_t>(DType::F16) == DLC_F16 &&
              static_cast<int32_t>(DType::BF16) == DLC_BF16 &&
              static_cast<int32_t>(DType::I32) == DLC_I32 &&
              static_cast<int32_t>(DType::I64) == DLC_I64 &&
              static_cast<int32_t>(DType::Bool) == DLC_BOOL);

static rt::DType runtimeType(DType type) {
  return static_cast<rt::DType>(type);
}

const char *dtypeName(DType type) { return rt::dtypeName(runtimeType(type)); }

static size_t sizeOf(DType type) { return rt::dtypeSize(runtimeType(type)); }

Error::Error(Kind kind, std::string message, std::string file, int line,
             int column)
    : std::runtime_error(std::move(message)), errorKind(kind),
      errorFile(std::move(file)), errorLine(line), errorColumn(column) {}

static void checkShape(const std::vector<int64_t> &shape) {
  for (int64_t extent : shape)
    if (extent < 0)
      throw Error(Error::Kind::Call,
                  "a tensor extent is negative: " + std::to_string(extent));
}

Tensor Tensor::view(void *data, DType type, std::vector<int64_t> shape,
                    std::vector<int64_t> strides) {
  checkShape(shape);
  if (!strides.empty() && strides.size() != shape.size())
    throw Error(Error::Kind::Call,
                "a tensor of rank " + std::to_string(shape.size()) + " has " +
                    std::to_string(strides.size()) + " strides");
  Tensor tensor;
  tensor.dataPointer = data;
  tensor.elementType = type;
  tensor.extents = std::move(shape);
  if (strides.empty()) {
    strides.assign(tensor.extents.size(), 1);
    for (size_t d = tensor.extents.size(); d-- > 1;)
      strides[d - 1] = strides[d] * tensor.extents[d];
  }
  tensor.elementStrides = std::move(strides);
  if (!data && tensor.numel() > 0)
    throw Error(Error::Kind::Call, "a view of a null pointer");
  return tensor;
}

Tensor Tensor::view(std::shared_ptr<void> owner, void *data, DType type,
                    std::vector<int64_t> shape) {
  Tensor tensor = view(data, type, std::move(shape));
  tensor.storage = std::move(owner);
  return tensor;
}

Tensor Tensor::zeros(DType type, std::vector<int64_t> shape) {
  checkShape(shape);
  int64_t count = 1;
  for (int64_t extent : shape)
    count *= extent;
  size_t bytes = std::max<size_t>(count * sizeOf(type), 1);
  // 64-byte aligned, like the model's own tensors.
  void *memory = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
  if (!memory)
    throw Error(Error::Kind::Runtime,
                "cannot allocate " + std::to_string(bytes) + " bytes");
  std::memset(memory, 0, bytes);
  Tensor tensor = view(memory, type, std::move(shape));
  tensor.storage = std::shared_ptr<void>(memory, std::free);
  return tensor;
}

int64_t Tensor::numel() const {
  int64_t count = 1;
  for (int64_t extent : extents)
    count *= extent;
  return count;
}

bool Tensor::isContiguous() const {
  int64_t expected = 1;
  for (size_t d = extents.size(); d-- > 0;) {
    if (extents[d] != 1 && elementStrides[d] != expected)
      return false;
    expected *= extents[d];
  }
  return true;
}

Tensor Tensor::contiguous() const {
  Tensor copy = zeros(elementType, extents);
  size_t element = sizeOf(elementType);
  std::vector<int64_t> index(extents.size(), 0);
  char *to = static_cast<char *>(copy.data());
  for (int64_t n = 0, count = numel(); n < count; ++n) {
    int64_t offset = 0;
    for (size_t d = 0; d < extents.size(); ++d)
      offset += index[d] * elementStrides[d];
    std::memcpy(to + n * element,
                static_cast<const char *>(dataPointer) + offset * element,
                element);
    for (size_t d = extents.size(); d-- > 0;) {
      if (++index[d] < extents[d])
        break;
      index[d] = 0;
    }
  }
  return copy;
}

} // namespace dlc
