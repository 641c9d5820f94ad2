//===- KernelLibrary.cpp - the Halide kernels of one model ----------------===//
#include "compiler/Kernels/KernelLibrary.h"

namespace dlc {

KernelLibrary::KernelLibrary(KernelOptions options)
    : options(std::move(options)), cache(this->options.cacheDirectory) {}

llvm::Expected<std::string> KernelLibrary::cachedObject(
    const std::string &key,
    const std::function<bool(std::string &, std::string &)> &build) const {
  std::string fullKey = key + " target=" + options.target +
                        " schedule=" + options.schedule.name +
                        " halide=" + halideVersion();
  if (std::optional<std::string> hit = cache.lookup(fullKey))
    return *hit;
  std::string object, error;
  if (!build(object, error))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   error.c_str());
  cache.store(fullKey, object);
  return object;
}

std::string KernelLibrary::add(const std::string &key, const char *kind,
                               std::vector<unsigned> argumentRanks,
                               Builder build) {
  auto known = symbolOfSpec.find(key);
  if (known != symbolOfSpec.end())
    return known->second;
  KernelObject kernel;
  // Numbered across kinds, so a symbol names one kernel of the model.
  kernel.symbol =
      std::string("dlc_") + kind + "_" + std::to_string(compiled.size());
  kernel.function = kernel.symbol + "_halide";
  kernel.argumentRanks = std::move(argumentRanks);
  symbolOfSpec[key] = kernel.symbol;
  compiled.push_back(std::move(kernel));
  pending.push_back({key, std::move(build)});
  return compiled.back().symbol;
}

std::string KernelLibrary::addContraction(const ContractionSpec &spec) {
  return add(spec.key(), "gemm",
             argumentRanksOf(spec.inputRanks(), spec.epilogue, spec.output),
             [this, spec](const std::string &function, std::string &object,
                          std::string &error) {
               return compileContraction(spec, function, options.target,
                                         options.schedule, object, error);
             });
}

std::string KernelLibrary::addWindow(const WindowSpec &spec) {
  return add(spec.key(), "conv",
             argumentRanksOf(spec.inputRanks(), spec.epilogue, spec.output),
             [this, spec](const std::string &function, std::string &object,
                          std::string &error) {
               return compileWindow(spec, function, options.target,
                                    options.schedule, object, error);
             });
}

std::vector<KernelLibrary::Failure> KernelLibrary::compilePending() {
  std::vector<Failure> failures;
  if (!options.compile)
    return failures;
  // One at a time: Halide names what it generates from process-wide
  // counters, so kernels built on several threads at once come out with
  // different bytes from run to run (measured: parallel builds on 2 cores
  // saved 0.5 s of the MLP's 2.5 s, and broke reproducible model.so files).
  for (size_t i = 0; i < compiled.size(); ++i) {
    KernelObject &kernel = compiled[i];
    if (!kernel.object.empty())
      continue;
    // The function's name is in the object, so it is part of the key.
    llvm::Expected<std::string> object =
        cachedObject(pending[i].key + " function=" + kernel.function,
                     [&](std::string &object, std::string &error) {
                       return pending[i].build(kernel.function, object, error);
                     });
    if (object)
      kernel.object = std::move(*object);
    else
      failures.push_back({kernel.symbol, llvm::toString(object.takeError())});
  }
  return failures;
}

bool KernelLibrary::usesEmbeddedRuntime() const {
  // The runtime uses no vector instructions, so the embedded copy serves
  // every x86-64 CPU target; other targets (CUDA) build their own.
  return llvm::StringRef(options.target).starts_with("x86-64-linux") &&
         !llvm::StringRef(options.target).contains("cuda");
}

llvm::Expected<std::string> KernelLibrary::runtimeObject() const {
  if (usesEmbeddedRuntime())
    return std::string(embeddedHalideRuntime());
  return cachedObject("runtime", [&](std::string &object, std::string &error) {
    return compileHalideRuntime(options.target, object, error);
  });
}

} // namespace dlc
