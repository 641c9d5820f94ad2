//===- HalideCompiler.h - kernel specs to Halide objects --------*- C++ -*-===//
//
// The only interface to Halide. Its header is large and carries its own
// view of the world (Halide bundles LLVM 14), so it is included by the files
// behind this interface alone; callers see plain strings.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_KERNELS_HALIDECOMPILER_H
#define DLC_COMPILER_KERNELS_HALIDECOMPILER_H

#include "compiler/Kernels/KernelSpec.h"

#include <cstdint>
#include <string>

namespace dlc {

/// Where a kernel's schedule comes from: dlc's templates, chosen from the
/// kernel's class and shapes, or one of the autoschedulers Debian's Halide
/// ships (`auto:adams2019`, `auto:mullapudi2016`, `auto:li2018`).
struct ScheduleChoice {
  std::string name = "template";
  bool isAuto() const { return name.rfind("auto:", 0) == 0; }
};

/// Returns an error message for a bad `--schedule=` value, or "".
std::string checkSchedule(const std::string &name);

/// The Halide target for code that runs where `cpuFeatures` (a mask of
/// DLC_CPU_* bits, include/dlc/ModelABI.h) hold; `native` adds every
/// feature of this machine that Halide knows.
std::string halideTargetFor(uint32_t cpuFeatures, bool native);

/// `hostTarget` (a Halide target string) with Halide's CUDA target for a
/// GPU of compute capability `capability` (80 for sm_80): kernels then run
/// their gpu_* loops on the GPU and the rest on the host.
std::string withHalideCudaTarget(const std::string &hostTarget,
                                 unsigned capability);

/// Compiles `spec` into an object defining `int <function>(halide_buffer_t
/// *...)` with one buffer per input, then the output. Returns false with
/// `error` set when Halide rejects it.
bool compileContraction(const ContractionSpec &spec,
                        const std::string &function, const std::string &target,
                        const ScheduleChoice &schedule, std::string &object,
                        std::string &error);

/// Compiles `spec` like compileContraction.
bool compileWindow(const WindowSpec &spec, const std::string &function,
                   const std::string &target, const ScheduleChoice &schedule,
                   std::string &object, std::string &error);

/// Compiles Halide's runtime (thread pool, allocator, error reporting) for
/// `target`: one copy per model.so, shared by all its kernels.
bool compileHalideRuntime(const std::string &target, std::string &object,
                          std::string &error);

/// Halide's version, part of every cache key.
std::string halideVersion();

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_HALIDECOMPILER_H
