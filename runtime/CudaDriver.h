//===- CudaDriver.h - The CUDA driver, loaded at run time -------*- C++ -*-===//
//
// libdlcrt links nothing of CUDA: the driver library is opened with dlopen
// when a GPU is asked for, so CPU models run on machines without one, and a
// missing driver or device is a clear error instead of a loader failure.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_CUDADRIVER_H
#define DLC_RUNTIME_CUDADRIVER_H

#include <cstddef>
#include <memory>
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
  int Handle = 0; ///< the driver's CUdevice
  std::string Name;
  int ComputeMajor = 0, ComputeMinor = 0;

  /// The compute capability * 10, as dlc_model_info::gpu_arch: 90.
  unsigned capability() const { return ComputeMajor * 10 + ComputeMinor; }
  /// "cuda:0 (NVIDIA H200, sm_90)", for messages.
  std::string describe() const;
};

class ModelLibrary;

/// A CUDA device in use: its primary context and a stream of its own, on
/// which a model bound to it runs. Memory for the model (its state, its
/// inputs and outputs) is managed memory, which host and device both read.
class CudaDevice {
public:
  /// Opens device `Index` (openCudaDevice) and retains its primary context;
  /// while it is open, opening it again returns the same CudaDevice.
  static std::shared_ptr<CudaDevice> open(int Index);
  ~CudaDevice();
  CudaDevice(const CudaDevice &) = delete;
  CudaDevice &operator=(const CudaDevice &) = delete;

  const CudaDeviceInfo &info() const { return Info; }

  /// Binds a model compiled with --target=nvptx to this device. Throws Error
  /// for CPU code, for a model built for a newer GPU, or when the model
  /// refuses the binding.
  void bind(const ModelLibrary &Library);

  /// Managed memory of `Bytes` (at least 1), aligned to 256 bytes; throws
  /// Error when the device has none left.
  void *allocateManaged(size_t Bytes);
  void release(void *Memory) noexcept;
  /// Copies on the device's stream; synchronize() waits for it.
  void copyAsync(void *To, const void *From, size_t Bytes);
  void synchronize();

private:
  struct Api;
  CudaDevice(CudaDeviceInfo Info, std::unique_ptr<Api> Functions);
  static std::shared_ptr<CudaDevice> create(int Index);
  /// Makes the context current for one call of the driver.
  class Scope;

  CudaDeviceInfo Info;
  std::unique_ptr<Api> Functions;
  void *Context = nullptr;
  void *Stream = nullptr;
};

/// Opens the driver (libcuda.so.1, or the file $DLC_CUDA_DRIVER names),
/// initialises it and describes device `Index`. Throws Error saying what is
/// missing: the driver library, one of its entry points, a working driver,
/// or that device.
CudaDeviceInfo openCudaDevice(int Index);

} // namespace dlc::rt

#endif // DLC_RUNTIME_CUDADRIVER_H
