//===- HalideSupport.h - helpers shared by the Halide kernels ---*- C++ -*-===//
//
// Included only by files that include Halide.h themselves.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_KERNELS_HALIDESUPPORT_H
#define DLC_COMPILER_KERNELS_HALIDESUPPORT_H

#include <functional>
#include <string>
#include <vector>

#include "compiler/Kernels/KernelSpec.h"

namespace Halide {
class ImageParam;
class Module;
class Pipeline;
struct Expr;
struct Target;
struct Var;
} // namespace Halide

namespace dlc {

/// The object code of `module`, compiled in memory.
std::string objectBytes(const Halide::Module &module);

/// Schedules `pipeline` (whose inputs and output have estimates) with one
/// of Debian's autoschedulers: adams2019, mullapudi2016 or li2018.
void runAutoscheduler(Halide::Pipeline pipeline,
                      const std::string &autoscheduler,
                      const Halide::Target &target);

/// `epilogue` applied to `sum`, its inputs read from `inputs` at the
/// coordinates `loops` (one Var per loop of the kernel).
Halide::Expr applyEpilogue(const Epilogue &epilogue, const Halide::Expr &sum,
                           const std::vector<Halide::ImageParam> &inputs,
                           const std::vector<Halide::Var> &loops);

/// Runs `body`, turning Halide's exceptions into `error`; false on one.
bool catchHalideErrors(std::string &error, const std::function<void()> &body);

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_HALIDESUPPORT_H
