//===- BatchInputs.cpp - A dataset as a model's batch inputs --------------===//
#include "runtime/BatchInputs.h"

#include "runtime/Error.h"
#include "runtime/ModelInfo.h"
#include "runtime/shim/Float16.h"

#include <cmath>
#include <cstring>

namespace dlc::rt {
namespace {

/// Element `I` of `T` as a double.
double readElement(const Tensor &T, int64_t I) {
  const void *Data = T.data();
  switch (T.dtype()) {
  case DType::F32:
    return static_cast<const float *>(Data)[I];
  case DType::F64:
    return static_cast<const double *>(Data)[I];
  case DType::F16:
    return dlcHalfToFloat(static_cast<const uint16_t *>(Data)[I]);
  case DType::BF16:
    return dlcBF16ToFloat(static_cast<const uint16_t *>(Data)[I]);
  case DType::I32:
    return static_cast<const int32_t *>(Data)[I];
  case DType::I64:
    return static_cast<double>(static_cast<const int64_t *>(Data)[I]);
  case DType::Bool:
  case DType::U8:
    return static_cast<const uint8_t *>(Data)[I];
  case DType::I8:
    return static_cast<const int8_t *>(Data)[I];
  }
  return 0;
}

/// Stores `V` as element `I` of `T`.
void writeElement(Tensor &T, int64_t I, double V) {
  void *Data = T.data();
  switch (T.dtype()) {
  case DType::F32:
    static_cast<float *>(Data)[I] = static_cast<float>(V);
    break;
  case DType::F64:
    static_cast<double *>(Data)[I] = V;
    break;
  case DType::F16:
    static_cast<uint16_t *>(Data)[I] = dlcFloatToHalf(static_cast<float>(V));
    break;
  case DType::BF16:
    static_cast<uint16_t *>(Data)[I] = dlcFloatToBF16(static_cast<float>(V));
    break;
  case DType::I32:
    static_cast<int32_t *>(Data)[I] = static_cast<int32_t>(V);
    break;
  case DType::I64:
    static_cast<int64_t *>(Data)[I] = static_cast<int64_t>(V);
    break;
  case DType::Bool:
  case DType::U8:
    static_cast<uint8_t *>(Data)[I] = static_cast<uint8_t>(V);
    break;
  case DType::I8:
    static_cast<int8_t *>(Data)[I] = static_cast<int8_t>(V);
    break;
  }
}

bool isFloat(DType T) {
  return T == DType::F32 || T == DType::F64 || T == DType::F16 ||
         T == DType::BF16;
}

/// The range of values an integer dtype holds.
std::pair<double, double> integerRange(DType T) {
  switch (T) {
  case DType::I32:
    return {-2147483648.0, 2147483647.0};
  case DType::I64:
    return {-9223372036854775808.0, 9223372036854775807.0};
  case DType::Bool:
    return {0, 1};
  default:
    return {0, 255};
  }
}

/// The indices of `Data`'s columns for each batch input.
std::vector<size_t> matchColumns(const dlc_model_info &Info,
                                 const Dataset &Data) {
  std::vector<size_t> Columns;
  for (int32_t I = 0; I < Info.num_batch_inputs; ++I) {
    std::string Name = Info.batch_inputs[I].name;
    for (size_t C = 0; C < Data.Names.size(); ++C)
      if (Data.Names[C] == Name)
        Columns.push_back(C);
  }
  if (Columns.size() == static_cast<size_t>(Info.num_batch_inputs))
    return Columns;
  auto list = [](const std::vector<std::string> &Names) {
    std::string S;
    for (size_t I = 0; I < Names.size(); ++I)
      S += (I ? ", " : "") + Names[I];
    return S;
  };
  std::vector<std::string> Inputs;
  for (int32_t I = 0; I < Info.num_batch_inputs; ++I)
    Inputs.push_back(Info.batch_inputs[I].name);
  if (Data.Names.size() != Inputs.size())
    throw Error("the model's batch is (" + list(Inputs) + ") but " +
                Data.Source + " has the columns (" + list(Data.Names) +
                "): name the files after the inputs or give as many columns "
                "as inputs");
  Columns.clear();
  for (size_t C = 0; C < Data.Names.size(); ++C)
    Columns.push_back(C);
  return Columns;
}

/// Column `Column` as the batch input `Want`.
Tensor convertColumn(const dlc_model_info &Info, const dlc_tensor_info &Want,
                     const Tensor &Column, const std::string &What) {
  std::string Input = "batch input '" + std::string(Want.name) + "' (" +
                      infoTypeString(Info, Want) + ")";
  if (Want.rank < 1 || Want.dims[0] >= 0)
    throw Error(Input + " needs a symbolic first dimension, the batch, to "
                        "train on a dataset");
  int64_t Samples = Column.shape()[0];
  // The sample's shape: the input's when it is fixed and the counts agree,
  // else the column's own (symbolic extents are checked at each call).
  std::vector<int64_t> Shape = {Samples};
  bool Fixed = true;
  int64_t FixedCount = 1;
  for (int32_t D = 1; D < Want.rank; ++D) {
    Fixed &= Want.dims[D] >= 0;
    FixedCount *= Want.dims[D] >= 0 ? Want.dims[D] : 1;
  }
  int64_t SampleCount = Samples ? Column.numel() / Samples : 0;
  bool Fits = Fixed ? FixedCount == SampleCount : Column.rank() == Want.rank;
  for (int32_t D = 1; Fits && !Fixed && D < Want.rank; ++D)
    Fits = Want.dims[D] < 0 || Want.dims[D] == Column.shape()[D];
  if (!Fits)
    throw Error(What + " " + Column.typeString() + " does not fit " + Input +
                ": a sample has " + std::to_string(SampleCount) + " elements");
  if (Fixed)
    for (int32_t D = 1; D < Want.rank; ++D)
      Shape.push_back(Want.dims[D]);
  else
    Shape = Column.shape();
  DType From = Column.dtype(), To = *dtypeFromAbi(Want.dtype);
  Tensor Result(To, Shape);
  if (From == To) {
    std::memcpy(Result.data(), Column.data(), Column.byteSize());
    return Result;
  }
  // Pixels: u8 into floats is a scaling to [0, 1].
  double Scale = From == DType::U8 && isFloat(To) ? 1.0 / 255.0 : 1.0;
  bool ToInteger = !isFloat(To);
  auto [Low, High] = integerRange(To);
  for (int64_t I = 0; I < Column.numel(); ++I) {
    double V = readElement(Column, I) * Scale;
    if (ToInteger && (V != std::floor(V) || V < Low || V > High))
      throw Error(What + " sample " +
                  std::to_string(I / std::max<int64_t>(SampleCount, 1)) +
                  " holds " + std::to_string(V) + ", which " + Input +
                  " cannot hold as an integer");
    writeElement(Result, I, V);
  }
  return Result;
}

} // namespace

Dataset toBatchInputs(const dlc_model_info &Info, const Dataset &Data) {
  Dataset Result;
  Result.Source = Data.Source;
  std::vector<size_t> Columns = matchColumns(Info, Data);
  for (int32_t I = 0; I < Info.num_batch_inputs; ++I) {
    const dlc_tensor_info &Want = Info.batch_inputs[I];
    size_t C = Columns[I];
    std::string What = "column '" + Data.Names[C] + "' of " + Data.Source;
    Result.Names.push_back(Want.name);
    Result.Columns.push_back(convertColumn(Info, Want, Data.Columns[C], What));
  }
  return Result;
}

} // namespace dlc::rt
