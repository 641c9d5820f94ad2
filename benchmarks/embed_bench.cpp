//===- embed_bench.cpp - the embedded API's costs -------------------------===//
//
// dlc-embed-bench: how long dlc::Model::compileString takes cold (an empty
// cache: frontend, passes, Halide kernels, LLD) and warm (the model cache
// hit), and what dlc::Model::forward adds to a tiny model's own forward:
// the same call through the model's C ABI with preallocated outputs is the
// baseline, so the difference is the API's overhead per call.
//
//===----------------------------------------------------------------------===//
#include "dlc/dlc.h"

#include "benchmark/benchmark.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <dlfcn.h>

#include "dlc/ModelABI.h"

namespace {

const char *const MlpSource = R"(module MLP() {
  fc1 = Linear(784, 128)
  fc2 = Linear(128, 10)
  def forward(x: f32[N, 784]) -> f32[N, 10] {
    return fc2(relu(fc1(x)))
  }
}
train MLP() {
  batch x: f32[N, 784], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}
)";

const char *const TinySource = R"(module Tiny() {
  fc = Linear(4, 2)
  def forward(x: f32[N, 4]) -> f32[N, 2] {
    return fc(x)
  }
}
)";

std::string benchCacheDirectory(const std::string &name) {
  return (std::filesystem::temp_directory_path() / ("dlc-embed-bench-" + name))
      .string();
}

void BM_CompileMlpCold(benchmark::State &state) {
  dlc::CompileOptions options;
  options.cacheDirectory = benchCacheDirectory("cold");
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(options.cacheDirectory);
    state.ResumeTiming();
    benchmark::DoNotOptimize(
        dlc::Model::compileString(MlpSource, options, "mlp.dsl"));
  }
}
BENCHMARK(BM_CompileMlpCold)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_CompileMlpWarm(benchmark::State &state) {
  dlc::CompileOptions options;
  options.cacheDirectory = benchCacheDirectory("warm");
  dlc::Model::compileString(MlpSource, options, "mlp.dsl");
  for (auto _ : state)
    benchmark::DoNotOptimize(
        dlc::Model::compileString(MlpSource, options, "mlp.dsl"));
}
BENCHMARK(BM_CompileMlpWarm)->Unit(benchmark::kMillisecond);

/// The tiny model, compiled once, and one sample.
struct Tiny {
  dlc::Model model;
  std::vector<float> x = {1, 2, 3, 4};
  Tiny() : model(compile()) { model.init(0); }
  static dlc::Model compile() {
    dlc::CompileOptions options;
    options.cacheDirectory = benchCacheDirectory("warm");
    return dlc::Model::compileString(TinySource, options, "tiny.dsl");
  }
};

Tiny &tiny() {
  static Tiny instance;
  return instance;
}

void BM_ForwardTinyThroughApi(benchmark::State &state) {
  Tiny &t = tiny();
  std::vector<dlc::Tensor> inputs = {dlc::Tensor::view(t.x, {1, 4})};
  for (auto _ : state)
    benchmark::DoNotOptimize(t.model.forward(inputs));
}
BENCHMARK(BM_ForwardTinyThroughApi);

/// The same model's dlc_model_forward, called directly on a state of its
/// own with the output allocated once: the kernels alone.
void BM_ForwardTinyThroughAbi(benchmark::State &state) {
  dlc::CompileOptions options;
  options.cacheDirectory = benchCacheDirectory("warm");
  tiny(); // compiled into the cache
  // The file the API loaded (same program and options), found among the
  // cache's models by its name; dlopen hands back the loaded copy.
  void *handle = nullptr;
  const dlc_model_info *(*describe)() = nullptr;
  for (const auto &entry : std::filesystem::directory_iterator(
           std::filesystem::path(options.cacheDirectory) / "loaded")) {
    void *candidate = entry.path().extension() == ".so"
                          ? dlopen(entry.path().c_str(), RTLD_NOW | RTLD_LOCAL)
                          : nullptr;
    auto candidateDescribe =
        candidate ? reinterpret_cast<const dlc_model_info *(*)()>(
                        dlsym(candidate, "dlc_model_describe"))
                  : nullptr;
    if (candidateDescribe && std::string(candidateDescribe()->name) == "Tiny") {
      handle = candidate;
      describe = candidateDescribe;
      break;
    }
  }
  if (!handle) {
    state.SkipWithError("the tiny model is not in the cache");
    return;
  }
  auto init = reinterpret_cast<decltype(&dlc_model_init)>(
      dlsym(handle, "dlc_model_init"));
  auto forward = reinterpret_cast<decltype(&dlc_model_forward)>(
      dlsym(handle, "dlc_model_forward"));
  void *arena = std::aligned_alloc(DLC_STATE_ALIGNMENT,
                                   (describe()->state_bytes + 63) / 64 * 64);
  init(arena, 0, nullptr, 0);
  std::vector<float> x = {1, 2, 3, 4}, y(2);
  int64_t xShape[] = {1, 4}, yShape[] = {1, 2};
  dlc_tensor in{x.data(), DLC_F32, 2, xShape},
      out{y.data(), DLC_F32, 2, yShape};
  for (auto _ : state)
    benchmark::DoNotOptimize(forward(arena, &in, 1, &out, 1, nullptr, 0));
  std::free(arena);
}
BENCHMARK(BM_ForwardTinyThroughAbi);

} // namespace

BENCHMARK_MAIN();
