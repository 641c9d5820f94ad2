//===- HalideCompiler.cpp - targets, the runtime, and object code ---------===//
#include "compiler/Kernels/HalideCompiler.h"
#include "compiler/Kernels/HalideSupport.h"
#include "compiler/Kernels/KernelPipeline.h"
#include "dlc/ModelABI.h"

#include "Halide.h"

#include <mutex>
#include <set>

namespace dlc {

std::string checkSchedule(const std::string &name) {
  if (name == "template" || name == "auto:adams2019" ||
      name == "auto:mullapudi2016" || name == "auto:li2018")
    return "";
  return "unknown schedule '" + name +
         "' (expected template, auto:adams2019, auto:mullapudi2016 or "
         "auto:li2018)";
}

std::string halideTargetFor(uint32_t cpuFeatures, bool native) {
  if (native)
    return Halide::get_host_target().to_string();
  Halide::Target target("x86-64-linux");
  auto has = [&](uint32_t bits) { return (cpuFeatures & bits) == bits; };
  const std::pair<uint32_t, Halide::Target::Feature> features[] = {
      {DLC_CPU_SSE4_1, Halide::Target::SSE41},
      {DLC_CPU_AVX, Halide::Target::AVX},
      {DLC_CPU_AVX2, Halide::Target::AVX2},
      {DLC_CPU_FMA, Halide::Target::FMA},
      {DLC_CPU_F16C, Halide::Target::F16C},
      {DLC_CPU_AVX512F, Halide::Target::AVX512},
      {DLC_CPU_AVX512F | DLC_CPU_AVX512BW | DLC_CPU_AVX512DQ | DLC_CPU_AVX512VL,
       Halide::Target::AVX512_Skylake}};
  for (auto [bits, feature] : features)
    if (has(bits))
      target = target.with_feature(feature);
  return target.to_string();
}

std::string withHalideCudaTarget(const std::string &hostTarget,
                                 unsigned capability) {
  // Halide 14 knows capabilities up to 8.6; the driver compiles its PTX for
  // newer GPUs (sm_90) when it loads it.
  Halide::Target target = Halide::Target(hostTarget)
                              .with_feature(Halide::Target::CUDA)
                              .with_feature(Halide::Target::CUDACapability80);
  if (capability >= 86)
    target = target.with_feature(Halide::Target::CUDACapability86);
  return target.to_string();
}

bool compileHalideRuntime(const std::string &target, std::string &object,
                          std::string &error) {
  return catchHalideErrors(error, [&] {
    // A module with no functions, compiled without NoRuntime, is exactly
    // the runtime.
    Halide::Module runtime("dlc_halide_runtime", Halide::Target(target));
    object = objectBytes(runtime);
  });
}

std::string halideVersion() { return "14"; }

/// Registers an autoscheduler plugin of Debian's Halide, once per process.
static void loadAutoscheduler(const std::string &library) {
  static std::mutex mutex;
  static std::set<std::string> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  if (loaded.insert(library).second)
    Halide::load_plugin(DLC_HALIDE_PLUGIN_DIR "/lib" + library + ".so");
}

void runAutoscheduler(Halide::Pipeline pipeline,
                      const std::string &autoscheduler,
                      const Halide::Target &target) {
  static const std::pair<const char *, const char *> plugins[] = {
      {"adams2019", "Adams2019"},
      {"mullapudi2016", "Mullapudi2016"},
      {"li2018", "Li2018"}};
  for (auto [library, name] : plugins)
    if (autoscheduler == library) {
      loadAutoscheduler(std::string("autoschedule_") + library);
      // This machine: 2 cores, a 32 MiB last-level cache.
      pipeline.auto_schedule(name, target,
                             Halide::MachineParams(2, 32 << 20, 40));
      return;
    }
  throw Halide::CompileError("unknown autoscheduler '" + autoscheduler + "'");
}

Halide::Expr applyEpilogue(const Epilogue &epilogue, const Halide::Expr &sum,
                           const std::vector<Halide::ImageParam> &inputs,
                           const std::vector<Halide::Var> &loops) {
  std::vector<Halide::Expr> values;
  auto valueOf = [&](const Epilogue::Operand &operand) -> Halide::Expr {
    switch (operand.kind) {
    case Epilogue::Operand::Sum:
      return sum;
    case Epilogue::Operand::Op:
      return values[operand.index];
    case Epilogue::Operand::Constant:
      return Halide::Expr(operand.value);
    case Epilogue::Operand::Input:
      break;
    }
    const TensorAccess &access = epilogue.inputs[operand.index];
    std::vector<Halide::Expr> args(access.rank());
    for (unsigned d = 0; d < access.rank(); ++d) {
      int loop = access.loopOfDim[d];
      args[access.rank() - 1 - d] =
          loop < 0 ? Halide::Expr(0) : Halide::Expr(loops[loop]);
    }
    return inputs[operand.index](args);
  };
  for (const Epilogue::Op &op : epilogue.ops) {
    Halide::Expr a = valueOf(op.lhs);
    Halide::Expr b =
        op.kind == Epilogue::Op::Neg ? Halide::Expr() : valueOf(op.rhs);
    switch (op.kind) {
    case Epilogue::Op::Add:
      values.push_back(a + b);
      break;
    case Epilogue::Op::Sub:
      values.push_back(a - b);
      break;
    case Epilogue::Op::Mul:
      values.push_back(a * b);
      break;
    case Epilogue::Op::Div:
      values.push_back(a / b);
      break;
    case Epilogue::Op::Max:
      values.push_back(Halide::max(a, b));
      break;
    case Epilogue::Op::Min:
      values.push_back(Halide::min(a, b));
      break;
    case Epilogue::Op::Neg:
      values.push_back(-a);
      break;
    }
  }
  return valueOf(epilogue.result);
}

void KernelPipeline::defineOutput(const Halide::Expr &sum) {
  out(outputVars()) = applyEpilogue(epilogue, sum, epilogueInputs, loops);
}

void KernelPipeline::estimateEpilogueInputs(
    const std::function<int(int loop)> &estimate) {
  for (unsigned i = 0; i < epilogueInputs.size(); ++i) {
    const TensorAccess &access = epilogue.inputs[i];
    for (unsigned d = 0; d < access.rank(); ++d) {
      int loop = access.loopOfDim[d];
      epilogueInputs[i]
          .dim(halideDim(access.rank(), d))
          .set_estimate(0, loop < 0 ? 1 : estimate(loop));
    }
  }
}

std::string objectBytes(const Halide::Module &module) {
  Halide::Buffer<uint8_t> buffer = module.compile_to_buffer();
  return std::string(reinterpret_cast<const char *>(buffer.data()),
                     buffer.number_of_elements());
}

bool catchHalideErrors(std::string &error, const std::function<void()> &body) {
  try {
    body();
    return true;
  } catch (const Halide::Error &e) {
    error = e.what();
  } catch (const std::exception &e) {
    error = e.what();
  }
  return false;
}

} // namespace dlc
