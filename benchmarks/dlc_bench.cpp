//===- dlc_bench.cpp - dlc's kernels and models against OpenBLAS ----------===//
//
// One Google Benchmark binary for the C++ side of benchmarks/run.sh:
//
//   dlc-bench --sgemm=matmul.so [--sizes=256,512] [--openblas] [--threads=T]
//             [--model=NAME=PATH.so ...] [--batch=B] [--device=cuda:N]
//             [benchmark flags]
//
// sgemm/dlc/N runs the forward of a compiled `a @ b` model on N x N
// matrices, sgemm/openblas/N cblas_sgemm on the same; train_step/NAME and
// inference/NAME run a compiled model's train_step and forward on a random
// batch. Rates are reported as counters (GFLOP/s, samples/s) so that
// benchmarks/report.py can set them beside PyTorch's.
//
// With --device=cuda[:N] the models (compiled with --target=nvptx) run
// on that GPU as dlc-run runs them: state resident there, each call's
// inputs copied in and its outputs (a train step's loss and metric) copied
// back, so a timed call includes those copies and ends synchronised.
//
//===----------------------------------------------------------------------===//
#include "benchmarks/RandomInputs.h"
#include "runtime/CudaDriver.h"
#include "runtime/Error.h"
#include "runtime/ModelLibrary.h"
#include "runtime/ModelState.h"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace dlc;

namespace {

struct Options {
  std::string sgemmModel;
  std::vector<int64_t> sizes = {256, 512, 1024, 2048};
  bool openblas = false;
  int threads = 1;
  int64_t batch = 32;
  rt::Device device; ///< where the models run: the CPU by default
  std::vector<std::pair<std::string, std::string>> models; // name, path
};

std::vector<int64_t> parseSizes(const std::string &list) {
  std::vector<int64_t> sizes;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    sizes.push_back(std::stoll(item));
  return sizes;
}

/// Parses what Google Benchmark left of the command line.
Options parseOptions(int argc, char **argv) {
  Options options;
  auto value = [](const std::string &arg, const std::string &flag,
                  std::string &out) {
    if (arg.rfind(flag + "=", 0) != 0)
      return false;
    out = arg.substr(flag.size() + 1);
    return true;
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], v;
    if (value(arg, "--sgemm", v))
      options.sgemmModel = v;
    else if (value(arg, "--sizes", v))
      options.sizes = parseSizes(v);
    else if (arg == "--openblas")
      options.openblas = true;
    else if (value(arg, "--threads", v))
      options.threads = std::stoi(v);
    else if (value(arg, "--batch", v))
      options.batch = std::stoll(v);
    else if (value(arg, "--device", v))
      options.device = rt::Device::parse(v);
    else if (value(arg, "--model", v)) {
      size_t eq = v.find('=');
      if (eq == std::string::npos)
        throw rt::Error("--model wants NAME=PATH.so, got '" + v + "'");
      options.models.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else
      throw rt::Error("unknown argument '" + arg + "'");
  }
  return options;
}

/// The GPU of --device, opened once for every model; null for the CPU.
std::shared_ptr<rt::CudaDevice> openDevice(const rt::Device &device) {
  if (device.Type == rt::Device::Kind::Cpu)
    return nullptr;
  std::shared_ptr<rt::CudaDevice> cuda = rt::CudaDevice::open(device.Index);
  std::fprintf(stderr, "dlc-bench: models run on %s\n",
               cuda->info().describe().c_str());
  benchmark::AddCustomContext("dlc_device", cuda->info().describe());
  return cuda;
}

std::shared_ptr<rt::ModelState>
loadModel(const std::string &path,
          const std::shared_ptr<rt::CudaDevice> &device) {
  std::shared_ptr<rt::ModelLibrary> library = rt::ModelLibrary::open(path);
  if (!device && library->info().gpu_arch)
    throw rt::Error("'" + path +
                    "' was compiled with --target=nvptx: time it with "
                    "--device=cuda");
  if (device)
    device->bind(*library);
  auto state = std::make_shared<rt::ModelState>(library, device);
  state->init(0);
  return state;
}

/// `body` as a benchmark whose failure (a model call that throws: a kernel
/// the GPU refuses, say) is that benchmark's error, with the model's
/// message, and not the end of the whole run.
template <typename Body> auto reportingErrors(Body body) {
  return [body](benchmark::State &state) {
    try {
      body(state);
    } catch (const std::exception &e) {
      state.SkipWithError(e.what());
    }
  };
}

void setFlopRate(benchmark::State &state, int64_t n) {
  state.counters["GFLOPS"] = benchmark::Counter(
      2.0 * n * n * n * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

/// The largest |dlc - OpenBLAS| / (1 + |OpenBLAS|) over C = A B: a fast
/// wrong product is no result, so dlc's is checked before it is timed.
double sgemmError(rt::ModelState &model, const std::vector<rt::Tensor> &ab,
                  int64_t n) {
  std::vector<rt::Tensor> c = model.forward(ab);
  std::vector<float> reference(n * n);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
              ab[0].dataAs<float>(), n, ab[1].dataAs<float>(), n, 0.0f,
              reference.data(), n);
  double worst = 0;
  for (int64_t i = 0; i < n * n; ++i)
    worst = std::max(worst, std::abs(c[0].dataAs<float>()[i] - reference[i]) /
                                (1.0 + std::abs(reference[i])));
  return worst;
}

void registerSgemm(const Options &options,
                   const std::shared_ptr<rt::CudaDevice> &device) {
  if (!options.sgemmModel.empty()) {
    auto model = loadModel(options.sgemmModel, device);
    for (int64_t n : options.sizes)
      benchmark::RegisterBenchmark(
          ("sgemm/dlc/" + std::to_string(n)).c_str(),
          // Checked once, not in every repetition: at n = 2048 one
          // product of the loops dlc has today takes over a minute.
          reportingErrors([model, n, error = std::make_shared<double>(-1.0)](
                              benchmark::State &state) {
            auto inputs = bench::randomInputs(model->info().inputs,
                                              model->info().num_inputs, n, 1);
            if (*error < 0)
              *error = sgemmError(*model, inputs, n);
            if (*error > 1e-4) {
              state.SkipWithError(("dlc's product differs from OpenBLAS's by " +
                                   std::to_string(*error))
                                      .c_str());
              return;
            }
            for (auto _ : state)
              benchmark::DoNotOptimize(model->forward(inputs));
            setFlopRate(state, n);
          }))
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  }
  if (options.openblas) {
    openblas_set_num_threads(options.threads);
    std::fprintf(stderr, "OpenBLAS kernel: %s, %d thread(s)\n",
                 openblas_get_corename(), openblas_get_num_threads());
    for (int64_t n : options.sizes)
      benchmark::RegisterBenchmark(
          ("sgemm/openblas/" + std::to_string(n)).c_str(),
          [n](benchmark::State &state) {
            std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n);
            for (auto _ : state) {
              cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n,
                          1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
              benchmark::ClobberMemory();
            }
            setFlopRate(state, n);
            state.SetLabel(openblas_get_corename());
          })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  }
}

void registerModels(const Options &options,
                    const std::shared_ptr<rt::CudaDevice> &device) {
  for (const auto &[name, path] : options.models) {
    auto model = loadModel(path, device);
    int64_t batch = options.batch;
    const dlc_model_info &info = model->info();
    if (info.entry_points & DLC_ENTRY_TRAIN_STEP)
      benchmark::RegisterBenchmark(
          ("train_step/" + name).c_str(),
          reportingErrors([model, batch](benchmark::State &state) {
            const dlc_model_info &info = model->info();
            // Random batches cannot be learnt: trained on them for long, a
            // model's logits grow until its probabilities and gradients are
            // subnormal floats, and the time would be the CPU's slow path
            // for those. So training restarts from the initial weights every
            // StepsPerRestart steps (untimed), cycling through NumBatches
            // batches with labels of every class (see classCount).
            std::vector<std::vector<rt::Tensor>> batches;
            for (uint64_t seed = 0; seed < bench::NumBatches; ++seed)
              batches.push_back(
                  bench::randomInputs(info.batch_inputs, info.num_batch_inputs,
                                      batch, seed, bench::classCount(info)));
            model->init(0);
            uint64_t step = 0;
            for (auto _ : state) {
              if (++step % bench::StepsPerRestart == 0) {
                state.PauseTiming();
                model->init(0);
                state.ResumeTiming();
              }
              benchmark::DoNotOptimize(
                  model->trainStep(batches[step % bench::NumBatches], step));
            }
            state.counters["samples_per_s"] = benchmark::Counter(
                static_cast<double>(batch),
                benchmark::Counter::kIsIterationInvariantRate);
          }))
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime();
    benchmark::RegisterBenchmark(
        ("inference/" + name).c_str(),
        reportingErrors([model, batch](benchmark::State &state) {
          const dlc_model_info &info = model->info();
          auto inputs =
              bench::randomInputs(info.inputs, info.num_inputs, batch, 3);
          for (auto _ : state)
            benchmark::DoNotOptimize(model->forward(inputs));
          state.counters["samples_per_s"] =
              benchmark::Counter(static_cast<double>(batch),
                                 benchmark::Counter::kIsIterationInvariantRate);
        }))
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  try {
    Options options = parseOptions(argc, argv);
    std::shared_ptr<rt::CudaDevice> device = openDevice(options.device);
    registerSgemm(options, device);
    registerModels(options, device);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "dlc-bench: error: %s\n", e.what());
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
