//===- dlc.h - compile and run dlc models inside a C++ program --*- C++ -*-===//
//
// The embedded API: a program compiles a model from a .dsl file or a string
// at run time, in-process, and trains or runs it on tensors that view its
// own memory.
//
//   dlc::Model model = dlc::Model::compileString(source);
//   model.init(/*seed=*/0);
//   std::vector<float> x(32 * 784);
//   std::vector<int32_t> y(32);
//   dlc::StepResult step = model.trainStep(
//       {dlc::Tensor::view(x, {32, 784}), dlc::Tensor::view(y, {32})});
//
// Errors are dlc::Error: a compile error carries the located diagnostics of
// the `dlc` tool, a wrong call (a shape, a dtype, a missing input) says what
// was expected. Nothing here aborts the program.
//
// Threads: a Model is one compiled program plus one state (parameters,
// buffers, optimizer state). Copies of a Model share both; newState() gives
// a Model of the same program with a state of its own. Calls on different
// states may run concurrently; calls on one state must not.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DLC_H
#define DLC_DLC_H

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace dlc {

/// Element types, with the codes of the model ABI (dlc/ModelABI.h).
enum class DType : int32_t {
  F32 = 0,
  F64 = 1,
  F16 = 2,
  BF16 = 3,
  I32 = 4,
  I64 = 5,
  Bool = 6, ///< one byte per element
};

/// "f32", "i64", ...
const char *dtypeName(DType type);

/// Everything that goes wrong in this API.
class Error : public std::runtime_error {
public:
  enum class Kind {
    Compile, ///< the program does not compile; see file(), line(), column()
    Call,    ///< a call does not fit the model (shape, dtype, name, count)
    Runtime, ///< the model failed while running, or a file could not be used
  };
  Error(Kind kind, std::string message, std::string file = "", int line = 0,
        int column = 0);
  Kind kind() const { return errorKind; }
  /// Where a compile error is: the program's name, 1-based line and column;
  /// "" and 0 for other errors.
  const std::string &file() const { return errorFile; }
  int line() const { return errorLine; }
  int column() const { return errorColumn; }

private:
  Kind errorKind;
  std::string errorFile;
  int errorLine, errorColumn;
};

/// A tensor: a view of memory the caller owns (no copy) or storage of its
/// own (outputs, copies). Strides are in elements; a dense row-major tensor
/// passes to the model without a copy, any other layout is copied first.
class Tensor {
public:
  /// A view of `data`; `strides` empty means dense row-major.
  static Tensor view(void *data, DType type, std::vector<int64_t> shape,
                     std::vector<int64_t> strides = {});
  /// A dense view of a vector's elements (float, double, int32_t, int64_t).
  template <typename T>
  static Tensor view(std::vector<T> &values, std::vector<int64_t> shape);
  /// A dense view of memory that `owner` keeps alive as long as the tensor
  /// (or a copy of it) lives.
  static Tensor view(std::shared_ptr<void> owner, void *data, DType type,
                     std::vector<int64_t> shape);
  /// A dense, zero-filled tensor with storage of its own.
  static Tensor zeros(DType type, std::vector<int64_t> shape);

  void *data() const { return dataPointer; }
  DType dtype() const { return elementType; }
  const std::vector<int64_t> &shape() const { return extents; }
  /// In elements, outermost first.
  const std::vector<int64_t> &strides() const { return elementStrides; }
  int64_t numel() const;
  bool isContiguous() const;
  /// The elements as T; throws Error unless T is the element type.
  template <typename T> T *dataAs() const;
  /// A dense copy with storage of its own.
  Tensor contiguous() const;

private:
  void *dataPointer = nullptr;
  DType elementType = DType::F32;
  std::vector<int64_t> extents, elementStrides;
  std::shared_ptr<void> storage; ///< set when the tensor owns its memory
};

/// How a model is compiled (the `dlc` tool's flags of the same names).
struct CompileOptions {
  /// --target: "cpu", or "nvptx" to run on cuda:0 (an error without one).
  std::string target = "cpu";
  unsigned optLevel = 2;          ///< -O
  std::string kernels = "halide"; ///< --kernels: halide or mlir
  bool fusion = true;             ///< --fusion
  /// Where compiled models and kernels are kept; "" is $XDG_CACHE_HOME/dlc
  /// (else ~/.cache/dlc). The compiled model.so is loaded from there.
  std::string cacheDirectory;
  std::vector<std::string> importPaths; ///< -I
  std::string train;                    ///< --train: which train block
};

/// The loss and the metrics of one batch.
struct StepResult {
  double loss = 0;
  std::map<std::string, double> metrics;
};

/// What loading weights did with names that did not match one to one, as
/// PyTorch's load_state_dict(strict=False) reports it.
struct LoadReport {
  std::vector<std::string> missingKeys, unexpectedKeys;
};

/// A compiled model and one state of it.
class Model {
public:
  /// Compiles a .dsl file; throws Error (Kind::Compile) with the tool's
  /// located diagnostics.
  static Model compileFile(const std::string &path,
                           const CompileOptions &options = {});
  /// Compiles a program held in memory; `name` stands for its file in
  /// diagnostics.
  static Model compileString(const std::string &source,
                             const CompileOptions &options = {},
                             const std::string &name = "<string>");

  /// A model of the same compiled program with a fresh, zeroed state.
  Model newState() const;

  /// The model's name (its module), input and output names in order, the
  /// batch inputs of its train block, and its parameters and buffers.
  std::string name() const;
  std::vector<std::string> inputNames() const;
  std::vector<std::string> outputNames() const;
  std::vector<std::string> batchNames() const;
  std::vector<std::string> stateNames() const;

  /// Initialises parameters and buffers from a seed, deterministically.
  void init(uint64_t seed);
  /// Runs forward on inputs in the model's input order.
  std::vector<Tensor> forward(const std::vector<Tensor> &inputs);
  /// One training step on a batch (the train block's batch order): updates
  /// the state and returns the batch's loss and metrics. `seed` drives
  /// dropout.
  StepResult trainStep(const std::vector<Tensor> &batch, uint64_t seed = 0);
  /// The loss and metrics of a batch in evaluation mode.
  StepResult evalStep(const std::vector<Tensor> &batch);

  /// A parameter, buffer or optimizer state tensor by dotted name
  /// ("fc1.weight"): a view of the state itself, to read or write.
  Tensor tensor(const std::string &name);
  /// Loads parameters and buffers from a safetensors file (PyTorch's names
  /// and layouts). With `strict`, missing or unexpected names are errors.
  LoadReport load(const std::string &path, bool strict = true);
  /// Writes parameters and buffers to a safetensors file, atomically.
  void save(const std::string &path) const;

private:
  struct Program;
  struct State;
  Model(std::shared_ptr<const Program> program);
  std::shared_ptr<const Program> program;
  std::shared_ptr<State> state;
};

template <typename T> struct DTypeOf;
template <> struct DTypeOf<float> {
  static constexpr DType value = DType::F32;
};
template <> struct DTypeOf<double> {
  static constexpr DType value = DType::F64;
};
template <> struct DTypeOf<int32_t> {
  static constexpr DType value = DType::I32;
};
template <> struct DTypeOf<int64_t> {
  static constexpr DType value = DType::I64;
};

template <typename T>
Tensor Tensor::view(std::vector<T> &values, std::vector<int64_t> shape) {
  Tensor result = view(values.data(), DTypeOf<T>::value, std::move(shape));
  if (result.numel() != static_cast<int64_t>(values.size()))
    throw Error(Error::Kind::Call,
                "a view of " + std::to_string(values.size()) +
                    " elements cannot have " + std::to_string(result.numel()));
  return result;
}

template <typename T> T *Tensor::dataAs() const {
  if (DTypeOf<T>::value != elementType)
    throw Error(Error::Kind::Call, std::string("a ") + dtypeName(elementType) +
                                       " tensor viewed as another type");
  return static_cast<T *>(dataPointer);
}

} // namespace dlc

#endif // DLC_DLC_H
