//===- CudaDriver.cpp - The CUDA driver, loaded at run time ---------------===//
#include "runtime/CudaDriver.h"

#include "runtime/Error.h"
#include "runtime/ModelLibrary.h"

#include <cstdlib>
#include <dlfcn.h>
#include <map>
#include <mutex>

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
  Info.Handle = Handle;
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

std::string CudaDeviceInfo::describe() const {
  return "cuda:" + std::to_string(Index) + " (" + Name + ", sm_" +
         std::to_string(capability()) + ")";
}

/// The driver functions a device in use needs, resolved when it opens.
struct CudaDevice::Api {
  int (*PrimaryCtxRetain)(void **, int);
  int (*PrimaryCtxRelease)(int);
  int (*CtxPushCurrent)(void *);
  int (*CtxPopCurrent)(void **);
  int (*StreamCreate)(void **, unsigned);
  int (*StreamDestroy)(void *);
  int (*StreamSynchronize)(void *);
  int (*MemAllocManaged)(unsigned long long *, size_t, unsigned);
  int (*MemFree)(unsigned long long);
  int (*MemcpyAsync)(unsigned long long, unsigned long long, size_t, void *);
};

class CudaDevice::Scope {
public:
  explicit Scope(const CudaDevice &Device) : Device(Device) {
    driver().check(Device.Functions->CtxPushCurrent(Device.Context),
                   "cuCtxPushCurrent");
  }
  ~Scope() {
    void *Popped = nullptr;
    Device.Functions->CtxPopCurrent(&Popped);
  }

private:
  const CudaDevice &Device;
};

CudaDevice::CudaDevice(CudaDeviceInfo InfoIn, std::unique_ptr<Api> FunctionsIn)
    : Info(std::move(InfoIn)), Functions(std::move(FunctionsIn)) {}

std::shared_ptr<CudaDevice> CudaDevice::open(int Index) {
  // One CudaDevice per device in a process: a model.so loaded twice is one
  // library (dlopen), bound once to that device's context and stream.
  static std::mutex Lock;
  static std::map<int, std::weak_ptr<CudaDevice>> Open;
  std::lock_guard<std::mutex> Guard(Lock);
  if (std::shared_ptr<CudaDevice> Device = Open[Index].lock())
    return Device;
  std::shared_ptr<CudaDevice> Device = create(Index);
  Open[Index] = Device;
  return Device;
}

std::shared_ptr<CudaDevice> CudaDevice::create(int Index) {
  CudaDeviceInfo Info = openCudaDevice(Index);
  const Driver &D = driver();
  auto Functions = std::make_unique<Api>();
  Functions->PrimaryCtxRetain =
      D.symbol<decltype(Api::PrimaryCtxRetain)>("cuDevicePrimaryCtxRetain");
  Functions->PrimaryCtxRelease = D.symbol<decltype(Api::PrimaryCtxRelease)>(
      "cuDevicePrimaryCtxRelease_v2");
  Functions->CtxPushCurrent =
      D.symbol<decltype(Api::CtxPushCurrent)>("cuCtxPushCurrent_v2");
  Functions->CtxPopCurrent =
      D.symbol<decltype(Api::CtxPopCurrent)>("cuCtxPopCurrent_v2");
  Functions->StreamCreate =
      D.symbol<decltype(Api::StreamCreate)>("cuStreamCreate");
  Functions->StreamDestroy =
      D.symbol<decltype(Api::StreamDestroy)>("cuStreamDestroy_v2");
  Functions->StreamSynchronize =
      D.symbol<decltype(Api::StreamSynchronize)>("cuStreamSynchronize");
  Functions->MemAllocManaged =
      D.symbol<decltype(Api::MemAllocManaged)>("cuMemAllocManaged");
  Functions->MemFree = D.symbol<decltype(Api::MemFree)>("cuMemFree_v2");
  Functions->MemcpyAsync =
      D.symbol<decltype(Api::MemcpyAsync)>("cuMemcpyAsync");
  std::shared_ptr<CudaDevice> Device(
      new CudaDevice(std::move(Info), std::move(Functions)));
  const Api &F = *Device->Functions;
  D.check(F.PrimaryCtxRetain(&Device->Context, Device->Info.Handle),
          "cuDevicePrimaryCtxRetain");
  Scope Current(*Device);
  constexpr unsigned NonBlocking = 1; // CU_STREAM_NON_BLOCKING
  D.check(F.StreamCreate(&Device->Stream, NonBlocking), "cuStreamCreate");
  return Device;
}

CudaDevice::~CudaDevice() {
  if (Stream) {
    void *Popped = nullptr;
    if (Functions->CtxPushCurrent(Context) == 0) {
      Functions->StreamDestroy(Stream);
      Functions->CtxPopCurrent(&Popped);
    }
  }
  if (Context)
    Functions->PrimaryCtxRelease(Info.Handle);
}

/// The binding's symbol lookup: the process's driver library.
static void *driverSymbol(void *, const char *Name) {
  return dlsym(driver().Handle, Name);
}

void CudaDevice::bind(const ModelLibrary &Library) {
  const dlc_model_info &Model = Library.info();
  if (!Model.gpu_arch)
    throw Error("'" + Library.path() + "' is CPU code: " + Info.describe() +
                " needs a model compiled with dlc --target=nvptx; --device "
                "cpu runs this one");
  if (Info.capability() < 80)
    throw Error(Info.describe() +
                " is older than the GPUs dlc compiles for "
                "(sm_80 and newer); --device cpu runs a model compiled with "
                "--target=cpu");
  if (Model.gpu_arch > Info.capability())
    throw Error("'" + Library.path() + "' was compiled for sm_" +
                std::to_string(Model.gpu_arch) + ", which " + Info.describe() +
                " is older than; compile it with --gpu-arch=sm_" +
                std::to_string(Info.capability() >= 90 ? 90 : 80));
  using BindFn = int32_t (*)(const dlc_cuda_binding *, char *, size_t);
  auto Bind =
      reinterpret_cast<BindFn>(Library.findSymbol("dlc_model_bind_cuda"));
  if (!Bind)
    throw Error("'" + Library.path() +
                "' has no dlc_model_bind_cuda; "
                "compile it again with this dlc");
  dlc_cuda_binding Binding{driverSymbol, nullptr, Context, Stream};
  char Err[1024] = "";
  if (Bind(&Binding, Err, sizeof Err) != DLC_OK)
    throw Error("'" + Library.path() + "': " + Err);
}

void *CudaDevice::allocateManaged(size_t Bytes) {
  Scope Current(*this);
  unsigned long long Memory = 0;
  constexpr unsigned AttachGlobal = 1; // CU_MEM_ATTACH_GLOBAL
  int Status =
      Functions->MemAllocManaged(&Memory, Bytes ? Bytes : 1, AttachGlobal);
  if (Status != 0)
    throw Error(Info.describe() + ": cannot allocate " + std::to_string(Bytes) +
                " bytes of managed memory (CUDA " + "error " +
                std::to_string(Status) + ")");
  return reinterpret_cast<void *>(static_cast<uintptr_t>(Memory));
}

void CudaDevice::release(void *Memory) noexcept {
  if (!Memory || Functions->CtxPushCurrent(Context) != 0)
    return;
  Functions->MemFree(reinterpret_cast<uintptr_t>(Memory));
  void *Popped = nullptr;
  Functions->CtxPopCurrent(&Popped);
}

void CudaDevice::copyAsync(void *To, const void *From, size_t Bytes) {
  if (Bytes == 0)
    return;
  Scope Current(*this);
  driver().check(Functions->MemcpyAsync(reinterpret_cast<uintptr_t>(To),
                                        reinterpret_cast<uintptr_t>(From),
                                        Bytes, Stream),
                 "cuMemcpyAsync");
}

void CudaDevice::synchronize() {
  Scope Current(*this);
  driver().check(Functions->StreamSynchronize(Stream), "cuStreamSynchronize");
}
