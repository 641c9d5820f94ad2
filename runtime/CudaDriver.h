//===- CudaDriver.h - The CUDA driver, loaded at run time -------*- C++ -*-===//
//
// libdlcrt links nothing of CUDA: the driver library is opened with dlopen
// when a GPU is asked for, so CPU models run on machines without one, and a
// missing driver or device is a clear error instead of a loader failure.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_CUDADRIVER_H
#define DLC_RUNTIME_CUDADRIVER_H

#include <string>

namespace dlc::rt {

/// Where a model runs: the host, or CUDA device `Index`.
struct Device {
  enum class Kind { Cpu, Cuda };
  Kind Type = Kind::Cpu;
  int Index = 0;

  /// "cpu", "cuda" (device 0) or "cuda:N"; throws Error otherwise.
  static Device parse(const std::string &Text);
  std::string str() const;
};

/// A CUDA device the driver reported.
struct CudaDeviceInfo {
  int Index = 0;
  std::string Name;
  int ComputeMajor = 0, ComputeMinor = 0;
};

/// Opens the driver (libcuda.so.1, or the file $DLC_CUDA_DRIVER names),
/// initialises it and describes device `Index`. Throws Error saying what is
/// missing: the driver library, one of its entry points, a working driver,
/// or that device.
CudaDeviceInfo openCudaDevice(int Index);

} // namespace dlc::rt

#endif // DLC_RUNTIME_CUDADRIVER_H
