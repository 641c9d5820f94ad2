//===- CudaDriver.cpp - The CUDA driver, loaded at run time ---------------===//
#include "runtime/CudaDriver.h"

#include "runtime/Error.h"

#include <cstdlib>
#include <dlfcn.h>

using namespace dlc::rt;

Device Device::parse(const std::string &Text) {
  Device D;
  if (Text == "cpu")
    return D;
  D.Type = Kind::Cuda;
  if (Text == "cuda")
    return D;
  const std::string Prefix = "cuda:";
  if (Text.compare(0, Prefix.size(), Prefix) == 0 &&
      Text.size() > Prefix.size() && Text.size() <= Prefix.size() + 4 &&
      Text.find_first_not_of("0123456789", Prefix.size()) ==
          std::string::npos) {
    D.Index = std::stoi(Text.substr(Prefix.size()));
    return D;
  }
  throw Error("unknown device '" + Text + "' (expected cpu, cuda or cuda:N)");
}

std::string Device::str() const {
  return Type == Kind::Cpu ? "cpu" : "cuda:" + std::to_string(Index);
}

namespace {
// The few driver entry points used here, with the driver API's C types
// spelled as plain ints (CUresult, CUdevice, CUdevice_attribute).
using CuInit = int (*)(unsigned);
using CuDeviceGetCount = int (*)(int *);
using CuDeviceGet = int (*)(int *, int);
using CuDeviceGetName = int (*)(char *, int, int);
using CuDeviceGetAttribute = int (*)(int *, int, int);
using CuGetErrorString = int (*)(int, const char **);
constexpr int ComputeMajorAttribute =
    75; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int ComputeMinorAttribute =
    76; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR

struct Driver {
  std::string Path;
  void *Handle = nullptr;

  template <typename Fn> Fn symbol(const char *Name) const {
    void *Address = dlsym(Handle, Name);
    if (!Address)
      throw Error("'" + Path + "' is not a CUDA driver: it has no " + Name);
    return reinterpret_cast<Fn>(Address);
  }

  /// Throws with the driver's own words for a failed call.
  void check(int Status, const char *Call) const {
    if (Status == 0)
      return;
    const char *Text = nullptr;
    if (auto Describe = reinterpret_cast<CuGetErrorString>(
            dlsym(Handle, "cuGetErrorString")))
      Describe(Status, &Text);
    throw Error("CUDA driver '" + Path + "': " + Call + " failed with " +
                std::to_string(Status) +
                (Text ? std::string(" (") + Text + ")" : std::string()));
  }
};

/// The driver, opened once per process and kept open (as CUDA's own
/// runtime does): device memory and modules outlive any one call.
const Driver &driver() {
  static const Driver Loaded = [] {
    Driver D;
    const char *Override = std::getenv("DLC_CUDA_DRIVER");
    D.Path = Override && *Override ? Override : "libcuda.so.1";
    D.Handle = dlopen(D.Path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!D.Handle) {
      const char *Why = dlerror();
      throw Error("no CUDA driver: cannot load '" + D.Path + "' (" +
                  (Why ? Why : "unknown reason") +
                  "); is an NVIDIA driver installed? --device cpu runs "
                  "without one");
    }
    D.check(D.symbol<CuInit>("cuInit")(0), "cuInit");
    return D;
  }();
  return Loaded;
}
} // namespace

CudaDeviceInfo dlc::rt::openCudaDevice(int Index) {
  const Driver &D = driver();
  int Count = 0;
  D.check(D.symbol<CuDeviceGetCount>("cuDeviceGetCount")(&Count),
          "cuDeviceGetCount");
  if (Index < 0 || Index >= Count)
    throw Error("no CUDA device cuda:" + std::to_string(Index) +
                ": the driver sees " + std::to_string(Count) + " device" +
                (Count == 1 ? "" : "s"));
  int Handle = 0;
  D.check(D.symbol<CuDeviceGet>("cuDeviceGet")(&Handle, Index), "cuDeviceGet");
  CudaDeviceInfo Info;
  Info.Index = Index;
  char Name[256] = {};
  D.check(D.symbol<CuDeviceGetName>("cuDeviceGetName")(Name, sizeof(Name) - 1,
                                                       Handle),
          "cuDeviceGetName");
  Info.Name = Name;
  auto Attribute = D.symbol<CuDeviceGetAttribute>("cuDeviceGetAttribute");
  D.check(Attribute(&Info.ComputeMajor, ComputeMajorAttribute, Handle),
          "cuDeviceGetAttribute");
  D.check(Attribute(&Info.ComputeMinor, ComputeMinorAttribute, Handle),
          "cuDeviceGetAttribute");
  return Info;
}
