//===- ShapeRules.cpp - result shapes of dlc ops --------------------------===//
#include "dialects/Dlc/ShapeRules.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc {

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << '?';
    else
      os << d;
  });
  os << ']';
  return text;
}

LogicalResult broadcastShapes(llvm::ArrayRef<int64_t> lhs,
                              llvm::ArrayRef<int64_t> rhs, Shape &result,
                              std::string &error) {
  size_t rank = std::max(lhs.size(), rhs.size());
  result.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the trailing dimension, as NumPy does.
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1)
      result[i] = b;
    else if (b == 1)
      result[i] = a;
    else if (ShapedType::isDynamic(a))
      result[i] = b;
    else if (ShapedType::isDynamic(b) || a == b)
      result[i] = a;
    else {
      error = "shapes " + formatShape(lhs) + " and " + formatShape(rhs) +
              " do not broadcast: dimension " + std::to_string(i) + " is " +
              std::to_string(a) + " against " + std::to_string(b);
      return failure();
    }
  }
  return success();
}

LogicalResult matmulShape(llvm::ArrayRef<int64_t> lhs,
                          llvm::ArrayRef<int64_t> rhs, Shape &result,
                          std::string &error) {
  if (lhs.size() < 2 || rhs.size() < 2) {
    error = "matmul operands need rank >= 2, got " + formatShape(lhs) +
            " and " + formatShape(rhs);
    return failure();
  }
  int64_t k1 = lhs[lhs.size() - 1], k2 = rhs[rhs.size() - 2];
  if (!extentsCompatible(k1, k2)) {
    error = "matmul of " + formatShape(lhs) + " and " + formatShape(rhs) +
            ": inner dimensions " + std::to_string(k1) + " and " +
            std::to_string(k2) + " differ";
    return failure();
  }
  if (failed(
          broadcastShapes(lhs.drop_back(2), rhs.drop_back(2), result, error))) {
    error = "matmul batch dimensions: " + error;
    return failure();
  }
  result.push_back(lhs[lhs.size() - 2]);
  result.push_back(rhs[rhs.size() - 1]);
  return success();
}

LogicalResult linearShape(llvm::ArrayRef<int64_t> input,
                          llvm::ArrayRef<int64_t> weight,
                          const llvm::ArrayRef<int64_t> *bias, Shape &result,
                          std::string &error) {
  if (input.empty() || weight.size() != 2) {
    error = "linear needs an input of rank >= 1 and a weight of rank 2, got " +
            formatShape(input) + " and " + formatShape(weight);
    return failure();
  }
  if (!extentsCompatible(input.back(), weight[1])) {
    error = "linear of " + formatShape(input) + " with weight " +
            formatShape(weight) + ": input features " +
            std::to_string(input.back()) + " and weight columns " +
            std::to_string(weight[1]) + " differ";
    return failure();
  }
  if (bias &&
      (bias->size() != 1 || !extentsCompatible((*bias)[0], weight[0]))) {
    error = "linear bias " + formatShape(*bias) + " does not match weight " +
            formatShape(weight);
    return failure();
  }
  result.assign(input.begin(), input.end());
  result.back() = weight[0];
  return success();
}

LogicalResult reduceShape(llvm::ArrayRef<int64_t> input,
                          llvm::ArrayRef<int64_t> axes, bool keepDim,
                          Shape &result, std::string &error) {
  llvm::SmallVector<bool, 8> reduced(input.size(), false);
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= static_cast<int64_t>(input.size())) {
      error = "axis " + std::to_string(axis) + " is out of range for shape " +
              formatShape(input);
      return failure();
    }
    if (reduced[axis]) {
      error = "axis " + std::to_string(axis) + " is repeated";
      return failure();
    }
    reduced[axis] = true;
  }
  result.clear();
  for (auto [i, extent] : llvm::enumerate(input)) {
    if (!reduced[i])
      result.push_back(extent);
    else if (keepDim)
      result.push_back(1);
  }
  return success();
}

LogicalResult windowExtent(int64_t input, int64_t kernel, int64_t stride,
                           int64_t padding, int64_t dilation, int64_t &result,
                           std::string &error) {
  if (ShapedType::isDynamic(input)) {
    result = ShapedType::kDynamic;
    return success();
  }
  // Attributes are checked for range first, so this cannot overflow.
  int64_t span = input + 2 * padding - dilation * (kernel - 1) - 1;
  if (span < 0) {
    error = "a window of " + std::to_string(kernel) + " (dilation " +
            std::to_string(dilation) + ", padding " + std::to_string(padding) +
            ") does not fit in an extent of " + std::to_string(input);
    return failure();
  }
  result = span / stride + 1;
  return success();
}

} // namespace dlc
