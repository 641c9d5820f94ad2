//===- ModelLibrary.cpp - A loaded model.so and its C ABI -----------------===//
#include "runtime/ModelLibrary.h"

#include "runtime/Error.h"
#include "runtime/ModelInfo.h"
#include "runtime/ModelJson.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <sys/stat.h>

namespace dlc::rt {

std::shared_ptr<ModelLibrary> ModelLibrary::open(const std::string &Path) {
  // dlopen searches the library path for a name without a slash; a model is
  // always a file, so make such a name relative to the current directory.
  std::string LoadPath =
      Path.find('/') == std::string::npos ? "./" + Path : Path;
  struct stat St;
  if (::stat(LoadPath.c_str(), &St) != 0)
    throw Error("cannot load model '" + Path + "': " + std::strerror(errno));
  ::dlerror();
  void *Handle = ::dlopen(LoadPath.c_str(), RTLD_LOCAL | RTLD_NOW);
  if (!Handle) {
    const char *Why = ::dlerror();
    throw Error("cannot load model '" + Path +
                "': " + (Why ? Why : "dlopen failed"));
  }
  // From here the handle is owned, so every error below closes it.
  std::shared_ptr<ModelLibrary> Lib(new ModelLibrary(Path, Handle));
  auto Resolve = [&](const char *Name) {
    void *Sym = ::dlsym(Handle, Name);
    if (!Sym)
      throw Error("'" + Path + "' is not a dlc model: it does not export " +
                  Name);
    return Sym;
  };
  auto Describe = reinterpret_cast<DescribeFn>(Resolve("dlc_model_describe"));
  Lib->Init = reinterpret_cast<InitFn>(Resolve("dlc_model_init"));
  Lib->Forward = reinterpret_cast<ForwardFn>(Resolve("dlc_model_forward"));
  Lib->Info = Describe();
  if (!Lib->Info)
    throw Error("'" + Path + "': dlc_model_describe returned null");
  if (Lib->Info->abi_version != DLC_MODEL_ABI_VERSION)
    throw Error("'" + Path + "' has model ABI version " +
                std::to_string(Lib->Info->abi_version) +
                " but this runtime supports version " +
                std::to_string(DLC_MODEL_ABI_VERSION) +
                "; recompile it with a matching dlc");
  // Resolved after the version check, so that a model of another version
  // is reported as such rather than as "not a dlc model".
  Lib->TrainStep =
      reinterpret_cast<TrainStepFn>(Resolve("dlc_model_train_step"));
  Lib->EvalStep = reinterpret_cast<EvalStepFn>(Resolve("dlc_model_eval_step"));
  validateModelInfo(*Lib->Info, Path);
  return Lib;
}

ModelLibrary::ModelLibrary(std::string Path, void *Handle)
    : Path(std::move(Path)), Handle(Handle) {}

ModelLibrary::~ModelLibrary() { ::dlclose(Handle); }

std::string ModelLibrary::describeJson() const {
  return modelInfoToJson(*Info);
}

void *ModelLibrary::findSymbol(const std::string &Name) const {
  return ::dlsym(Handle, Name.c_str());
}

const dlc_tensor_info *
ModelLibrary::findStateTensor(const std::string &Name) const {
  for (int32_t I = 0; I < Info->num_optimizer_state; ++I)
    if (Name == Info->optimizer_state[I].name)
      return &Info->optimizer_state[I];
  for (int32_t I = 0; I < Info->num_params; ++I)
    if (Name == Info->params[I].name)
      return &Info->params[I];
  for (int32_t I = 0; I < Info->num_buffers; ++I)
    if (Name == Info->buffers[I].name)
      return &Info->buffers[I];
  return nullptr;
}

} // namespace dlc::rt
