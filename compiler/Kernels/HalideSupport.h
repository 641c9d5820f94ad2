//===- HalideSupport.h - helpers shared by the Halide kernels ---*- C++ -*-===//
//
// Included only by files that include Halide.h themselves.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_KERNELS_HALIDESUPPORT_H
#define DLC_COMPILER_KERNELS_HALIDESUPPORT_H

#include <functional>
#include <string>

namespace Halide {
class Module;
class Pipeline;
struct Target;
} // namespace Halide

namespace dlc {

/// The object code of `module`, compiled in memory.
std::string objectBytes(const Halide::Module &module);

/// Schedules `pipeline` (whose inputs and output have estimates) with one
/// of Debian's autoschedulers: adams2019, mullapudi2016 or li2018.
void runAutoscheduler(Halide::Pipeline pipeline,
                      const std::string &autoscheduler,
                      const Halide::Target &target);

/// Runs `body`, turning Halide's exceptions into `error`; false on one.
bool catchHalideErrors(std::string &error, const std::function<void()> &body);

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_HALIDESUPPORT_H
