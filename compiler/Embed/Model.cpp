//===- Model.cpp - compile and run a model inside a C++ program -----------===//
//
// libdlc compiles the program in-process into a model.so in the compile
// cache; libdlcrt loads it and runs its C ABI on views of the caller's
// tensors. Everything that fails becomes a dlc::Error.
//
//===----------------------------------------------------------------------===//
#include "compiler/Driver/Compiler.h"
#include "dlc/dlc.h"
#include "runtime/Error.h"
#include "runtime/ModelLibrary.h"
#include "runtime/ModelState.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <regex>

namespace dlc {

struct Model::Program {
  std::shared_ptr<rt::ModelLibrary> library;
  /// cuda:0, bound to the model, for one compiled with --target=nvptx.
  std::shared_ptr<rt::CudaDevice> device;
};

struct Model::State {
  explicit State(const Program &program)
      : state(program.library, program.device) {}
  rt::ModelState state;
};

/// The first located diagnostic of the compiler's output, as an Error that
/// carries all of it.
static Error compileError(const std::string &diagnostics) {
  static const std::regex located(R"(^(.*?):(\d+):(\d+): error: )");
  std::smatch match;
  std::string message = diagnostics;
  while (!message.empty() && message.back() == '\n')
    message.pop_back();
  if (std::regex_search(diagnostics, match, located))
    return Error(Error::Kind::Compile, message, match[1].str(),
                 std::stoi(match[2].str()), std::stoi(match[3].str()));
  return Error(Error::Kind::Compile, message);
}

/// Runs `call`, turning the runtime's errors into the API's, of `kind`.
template <typename Call>
static auto translateErrors(Call &&call, Error::Kind kind = Error::Kind::Call) {
  try {
    return call();
  } catch (const rt::Error &error) {
    throw Error(kind, error.what());
  }
}

static BuildOptions buildOptionsOf(const CompileOptions &options) {
  BuildOptions build;
  build.target = options.target;
  build.optLevel = options.optLevel;
  build.kernels = options.kernels;
  build.fusion = options.fusion;
  build.cacheDirectory = options.cacheDirectory;
  build.frontend.importPaths = options.importPaths;
  build.frontend.trainName = options.train;
  return build;
}

Model::Model(std::shared_ptr<const Program> programIn)
    : program(std::move(programIn)), state(std::make_shared<State>(*program)) {}

Model Model::compileString(const std::string &source,
                           const CompileOptions &options,
                           const std::string &name) {
  std::string diagnostics;
  llvm::raw_string_ostream errs(diagnostics);
  std::optional<std::string> path =
      compileToCachedModel(name, source, buildOptionsOf(options), errs);
  if (!path)
    throw compileError(diagnostics);
  auto program = std::make_shared<Program>();
  try {
    program->library = rt::ModelLibrary::open(*path);
    if (program->library->info().gpu_arch) {
      program->device = rt::CudaDevice::open(0);
      program->device->bind(*program->library);
    }
  } catch (const rt::Error &error) {
    throw Error(Error::Kind::Runtime, error.what());
  }
  return Model(std::move(program));
}

Model Model::compileFile(const std::string &path,
                         const CompileOptions &options) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    throw Error(Error::Kind::Compile,
                "cannot read " + path + ": " + file.getError().message(), path);
  return compileString((*file)->getBuffer().str(), options, path);
}

Model Model::newState() const { return Model(program); }

static std::vector<std::string> namesOf(const dlc_tensor_info *tensors,
                                        int32_t count) {
  std::vector<std::string> names;
  for (int32_t i = 0; i < count; ++i)
    names.push_back(tensors[i].name);
  return names;
}

std::string Model::name() const { return program->library->info().name; }

std::vector<std::string> Model::inputNames() const {
  const dlc_model_info &info = program->library->info();
  return namesOf(info.inputs, info.num_inputs);
}

std::vector<std::string> Model::outputNames() const {
  const dlc_model_info &info = program->library->info();
  return namesOf(info.outputs, info.num_outputs);
}

std::vector<std::string> Model::batchNames() const {
  const dlc_model_info &info = program->library->info();
  return namesOf(info.batch_inputs, info.num_batch_inputs);
}

std::vector<std::string> Model::stateNames() const {
  const dlc_model_info &info = program->library->info();
  std::vector<std::string> names = namesOf(info.params, info.num_params);
  for (std::string &buffer : namesOf(info.buffers, info.num_buffers))
    names.push_back(std::move(buffer));
  return names;
}

void Model::init(uint64_t seed) {
  translateErrors(
      [&] {
        state->state.init(seed);
        return 0;
      },
      Error::Kind::Runtime);
}

/// ABI views of the tensors: dense ones as they are, others through the
/// dense copies kept in `copies`.
static std::vector<dlc_tensor> viewsOf(const std::vector<Tensor> &tensors,
                                       std::vector<Tensor> &copies) {
  std::vector<dlc_tensor> views;
  copies.reserve(tensors.size());
  for (const Tensor &tensor : tensors) {
    const Tensor *dense = &tensor;
    if (!tensor.isContiguous()) {
      copies.push_back(tensor.contiguous());
      dense = &copies.back();
    }
    views.push_back(dlc_tensor{
        dense->data(), static_cast<int32_t>(dense->dtype()),
        static_cast<int32_t>(dense->shape().size()), dense->shape().data()});
  }
  return views;
}

std::vector<Tensor> Model::forward(const std::vector<Tensor> &inputs) {
  std::vector<Tensor> copies;
  std::vector<dlc_tensor> views = viewsOf(inputs, copies);
  std::vector<rt::Tensor> outputs =
      translateErrors([&] { return state->state.forwardViews(views); });
  // The outputs keep the runtime's storage: no copy.
  std::vector<Tensor> results;
  for (rt::Tensor &output : outputs) {
    auto owner = std::make_shared<rt::Tensor>(std::move(output));
    results.push_back(Tensor::view(owner, owner->data(),
                                   static_cast<DType>(owner->dtype()),
                                   owner->shape()));
  }
  return results;
}

/// The loss and the named metrics of a step's values.
static StepResult stepResultOf(const dlc_model_info &info,
                               const std::vector<double> &values) {
  StepResult result;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == 0)
      result.loss = values[i];
    else
      result.metrics[info.step_outputs[i].name] = values[i];
  }
  return result;
}

StepResult Model::trainStep(const std::vector<Tensor> &batch, uint64_t seed) {
  std::vector<Tensor> copies;
  std::vector<dlc_tensor> views = viewsOf(batch, copies);
  std::vector<double> values =
      translateErrors([&] { return state->state.trainStepViews(views, seed); });
  return stepResultOf(program->library->info(), values);
}

StepResult Model::evalStep(const std::vector<Tensor> &batch) {
  std::vector<Tensor> copies;
  std::vector<dlc_tensor> views = viewsOf(batch, copies);
  std::vector<double> values =
      translateErrors([&] { return state->state.evalStepViews(views); });
  return stepResultOf(program->library->info(), values);
}

Tensor Model::tensor(const std::string &name) {
  dlc_tensor view =
      translateErrors([&] { return state->state.stateView(name); });
  return Tensor::view(view.data, static_cast<DType>(view.dtype),
                      std::vector<int64_t>(view.shape, view.shape + view.rank));
}

LoadReport Model::load(const std::string &path, bool strict) {
  rt::LoadResult loaded =
      translateErrors([&] { return state->state.loadWeights(path, strict); },
                      Error::Kind::Runtime);
  return LoadReport{loaded.MissingKeys, loaded.UnexpectedKeys};
}

void Model::save(const std::string &path) const {
  translateErrors(
      [&] {
        state->state.saveWeights(path);
        return 0;
      },
      Error::Kind::Runtime);
}

} // namespace dlc
