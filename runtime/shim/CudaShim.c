/*===- CudaShim.c - a --target=nvptx model on an NVIDIA GPU --------------===*
 *
 * Linked into a model.so compiled with --target=nvptx, besides ModelShim.c.
 * The model links no CUDA library: dlc_model_bind_cuda hands it the caller's
 * driver (a symbol lookup), a context and a stream, and everything here goes
 * through those:
 *   - the mgpu* functions that MLIR's gpu-to-llvm lowering calls to load
 *     the embedded PTX and launch kernels (MLIR's own CUDA runtime wrappers
 *     would link libcuda);
 *   - Halide's CUDA runtime hooks (its driver symbols, context and stream);
 *   - working memory as managed memory (ShimInternal.h);
 *   - the checks and the context around each entry point.
 * A failing driver call is remembered (per thread) and becomes the entry
 * point's error; the generated code cannot return early.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime/shim/ShimInternal.h"

#include <HalideRuntime.h>
#include <HalideRuntimeCuda.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The driver API's types, as the driver's ABI has them (cuda.h). */
typedef int CUresult;
typedef void *CUcontext;
typedef void *CUmodule;
typedef void *CUfunction;
typedef void *CUstream;
typedef unsigned long long CUdeviceptr;
enum { CUDA_SUCCESS = 0 };
enum { CU_MEM_ATTACH_GLOBAL = 1 };
enum { CU_POINTER_ATTRIBUTE_IS_MANAGED = 8 };

typedef struct Driver {
  CUresult (*ctxPushCurrent)(CUcontext);
  CUresult (*ctxPopCurrent)(CUcontext *);
  CUresult (*moduleLoadDataEx)(CUmodule *, const void *, unsigned, int *,
                               void **);
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*launchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                           unsigned, unsigned, unsigned, CUstream, void **,
                           void **);
  CUresult (*streamSynchronize)(CUstream);
  CUresult (*memAllocManaged)(CUdeviceptr *, size_t, unsigned);
  CUresult (*memFree)(CUdeviceptr);
  CUresult (*pointerGetAttribute)(void *, int, CUdeviceptr);
  CUresult (*getErrorName)(CUresult, const char **); /* optional */
} Driver;

static dlc_cuda_binding Binding;
static Driver Cuda;
static int Bound;
static pthread_mutex_t BindLock = PTHREAD_MUTEX_INITIALIZER;

/* The first failure of a driver call during the current entry point. */
static _Thread_local char Failure[384];

static const char *errorName(CUresult Result) {
  const char *Name = NULL;
  if (Cuda.getErrorName && Cuda.getErrorName(Result, &Name) == CUDA_SUCCESS &&
      Name)
    return Name;
  return "unknown error";
}

/* Records `Result` of `Call` if it failed and nothing failed before. */
static bool check(CUresult Result, const char *Call, const char *About) {
  if (Result == CUDA_SUCCESS)
    return true;
  if (!Failure[0])
    snprintf(Failure, sizeof Failure, "%s failed with %d (%s)%s%s", Call,
             (int)Result, errorName(Result), About[0] ? " for " : "", About);
  return false;
}

/* ---- Binding ------------------------------------------------------------ */

static void *symbol(const char *Name) {
  return Binding.get_symbol(Binding.user, Name);
}

DLC_SHIM_EXPORT int32_t dlc_model_bind_cuda(const dlc_cuda_binding *binding,
                                            char *err, size_t err_len) {
  const char *Fn = "dlc_model_bind_cuda";
  if (!binding || !binding->get_symbol || !binding->context)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: the binding, its get_symbol and its context must "
                       "not be null",
                       Fn);
  pthread_mutex_lock(&BindLock);
  /* The same library loaded twice in a process (dlopen returns it again)
   * bound to the same device again: nothing changes. */
  if (Bound && binding->context == Binding.context &&
      binding->stream == Binding.stream) {
    pthread_mutex_unlock(&BindLock);
    if (err && err_len)
      err[0] = '\0';
    return DLC_OK;
  }
  if (Bound) {
    pthread_mutex_unlock(&BindLock);
    return dlcShimFail(err, err_len, DLC_ERR_DEVICE,
                       "%s: the model is bound to another context or stream "
                       "already; a process runs a model.so on one device",
                       Fn);
  }
  Binding = *binding;
  Driver D;
  memset(&D, 0, sizeof D);
  struct {
    void **Slot;
    const char *Name;
  } Functions[] = {
      {(void **)&D.ctxPushCurrent, "cuCtxPushCurrent_v2"},
      {(void **)&D.ctxPopCurrent, "cuCtxPopCurrent_v2"},
      {(void **)&D.moduleLoadDataEx, "cuModuleLoadDataEx"},
      {(void **)&D.moduleGetFunction, "cuModuleGetFunction"},
      {(void **)&D.launchKernel, "cuLaunchKernel"},
      {(void **)&D.streamSynchronize, "cuStreamSynchronize"},
      {(void **)&D.memAllocManaged, "cuMemAllocManaged"},
      {(void **)&D.memFree, "cuMemFree_v2"},
      {(void **)&D.pointerGetAttribute, "cuPointerGetAttribute"},
  };
  for (size_t I = 0; I < sizeof Functions / sizeof Functions[0]; ++I) {
    *Functions[I].Slot = symbol(Functions[I].Name);
    if (!*Functions[I].Slot) {
      pthread_mutex_unlock(&BindLock);
      return dlcShimFail(err, err_len, DLC_ERR_DEVICE,
                         "%s: the CUDA driver has no %s", Fn,
                         Functions[I].Name);
    }
  }
  *(void **)&D.getErrorName = symbol("cuGetErrorName");
  Cuda = D;
  Bound = 1;
  pthread_mutex_unlock(&BindLock);
  if (err && err_len)
    err[0] = '\0';
  return DLC_OK;
}

/* ---- Entry points ------------------------------------------------------- */

int32_t dlcCudaEnterEntry(const char *Fn, char *Err, size_t ErrLen) {
  if (!Bound)
    return dlcShimFail(
        Err, ErrLen, DLC_ERR_DEVICE,
        "%s: this model was compiled with --target=nvptx for sm_%u; bind it "
        "to a GPU first (dlc_model_bind_cuda, as dlc-run --device cuda "
        "does), or compile it with --target=cpu",
        Fn, (unsigned)dlc_gen_model_info.gpu_arch);
  Failure[0] = '\0';
  CUresult Result = Cuda.ctxPushCurrent(Binding.context);
  if (Result != CUDA_SUCCESS)
    return dlcShimFail(Err, ErrLen, DLC_ERR_DEVICE,
                       "%s: on the GPU: cuCtxPushCurrent failed with %d (%s)",
                       Fn, (int)Result, errorName(Result));
  return DLC_OK;
}

int32_t dlcCudaLeaveEntry(const char *Fn, int32_t Status, char *Err,
                          size_t ErrLen) {
  check(Cuda.streamSynchronize(Binding.stream), "cuStreamSynchronize", "");
  CUcontext Popped;
  check(Cuda.ctxPopCurrent(&Popped), "cuCtxPopCurrent", "");
  if (Status == DLC_OK && Failure[0])
    return dlcShimFail(Err, ErrLen, DLC_ERR_DEVICE, "%s: on the GPU: %s", Fn,
                       Failure);
  return Status;
}

int32_t dlcCudaCheckMemory(const char *Fn, const char *What, const void *Data,
                           char *Err, size_t ErrLen) {
  unsigned Managed = 0;
  CUresult Result = Cuda.pointerGetAttribute(
      &Managed, CU_POINTER_ATTRIBUTE_IS_MANAGED, (CUdeviceptr)(uintptr_t)Data);
  if (Result == CUDA_SUCCESS && Managed)
    return DLC_OK;
  return dlcShimFail(Err, ErrLen, DLC_ERR_DEVICE,
                     "%s: %s is not CUDA managed memory (cuMemAllocManaged); "
                     "a model bound to a GPU reads and writes its tensors "
                     "there",
                     Fn, What);
}

/* ---- Working memory ----------------------------------------------------- */

void *dlcCudaAllocate(size_t Bytes) {
  CUdeviceptr Ptr = 0;
  if (!check(Cuda.memAllocManaged(&Ptr, Bytes, CU_MEM_ATTACH_GLOBAL),
             "cuMemAllocManaged", "working memory"))
    return NULL;
  return (void *)(uintptr_t)Ptr;
}

void dlcCudaRelease(void *Ptr) {
  check(Cuda.memFree((CUdeviceptr)(uintptr_t)Ptr), "cuMemFree", "");
}

/* ---- MLIR's kernels: the mgpu* functions gpu-to-llvm calls ---------------
 * The generated code, per launch, loads the kernel's module, gets the
 * kernel, creates a stream, launches, waits, and destroys and unloads
 * both. Loading PTX compiles it, so here modules stay loaded, found by
 * their image (an embedded constant), and the stream is always the bound
 * one. */
#define DLC_CUDA_MODULE_SLOTS 8192 /* a power of two; ResNet has ~750 */

static const void *ModuleImages[DLC_CUDA_MODULE_SLOTS];
static CUmodule Modules[DLC_CUDA_MODULE_SLOTS];
static pthread_mutex_t ModuleLock = PTHREAD_MUTEX_INITIALIZER;

static CUmodule loadModule(const void *Image) {
  size_t Slot = ((uintptr_t)Image >> 4) & (DLC_CUDA_MODULE_SLOTS - 1);
  pthread_mutex_lock(&ModuleLock);
  for (size_t Probe = 0; Probe < DLC_CUDA_MODULE_SLOTS; ++Probe) {
    size_t At = (Slot + Probe) & (DLC_CUDA_MODULE_SLOTS - 1);
    if (ModuleImages[At] == Image) {
      CUmodule Module = Modules[At];
      pthread_mutex_unlock(&ModuleLock);
      return Module;
    }
    if (!ModuleImages[At]) {
      CUmodule Module = NULL;
      if (check(Cuda.moduleLoadDataEx(&Module, Image, 0, NULL, NULL),
                "cuModuleLoadDataEx", "a kernel's PTX")) {
        ModuleImages[At] = Image;
        Modules[At] = Module;
      }
      pthread_mutex_unlock(&ModuleLock);
      return Module;
    }
  }
  pthread_mutex_unlock(&ModuleLock);
  if (!Failure[0])
    snprintf(Failure, sizeof Failure,
             "the model has more than %d kernel modules, which the shim's "
             "table holds",
             DLC_CUDA_MODULE_SLOTS);
  return NULL;
}

DLC_SHIM_HIDDEN CUmodule mgpuModuleLoad(const void *Image, size_t Size) {
  (void)Size;
  return loadModule(Image);
}

DLC_SHIM_HIDDEN CUmodule mgpuModuleLoadJIT(const void *Image, int OptLevel) {
  (void)OptLevel; /* the driver's default, the highest */
  return loadModule(Image);
}

DLC_SHIM_HIDDEN void mgpuModuleUnload(CUmodule Module) {
  (void)Module; /* kept loaded for the next launch */
}

DLC_SHIM_HIDDEN CUfunction mgpuModuleGetFunction(CUmodule Module,
                                                 const char *Name) {
  CUfunction Function = NULL;
  if (Module)
    check(Cuda.moduleGetFunction(&Function, Module, Name),
          "cuModuleGetFunction", Name);
  return Function;
}

DLC_SHIM_HIDDEN void mgpuLaunchKernel(CUfunction Function, intptr_t GridX,
                                      intptr_t GridY, intptr_t GridZ,
                                      intptr_t BlockX, intptr_t BlockY,
                                      intptr_t BlockZ, int32_t SharedBytes,
                                      CUstream Stream, void **Params,
                                      void **Extra, size_t ParamsCount) {
  (void)ParamsCount;
  /* An empty grid (a loop over no elements) launches nothing. */
  if (!Function || GridX <= 0 || GridY <= 0 || GridZ <= 0)
    return;
  check(Cuda.launchKernel(Function, (unsigned)GridX, (unsigned)GridY,
                          (unsigned)GridZ, (unsigned)BlockX, (unsigned)BlockY,
                          (unsigned)BlockZ, (unsigned)SharedBytes, Stream,
                          Params, Extra),
        "cuLaunchKernel", "");
}

DLC_SHIM_HIDDEN CUstream mgpuStreamCreate(void) { return Binding.stream; }

DLC_SHIM_HIDDEN void mgpuStreamDestroy(CUstream Stream) { (void)Stream; }

DLC_SHIM_HIDDEN void mgpuStreamSynchronize(CUstream Stream) {
  /* Host code after the launch may read what the kernel wrote. */
  check(Cuda.streamSynchronize(Stream), "cuStreamSynchronize", "");
}

/* ---- Halide's kernels ----------------------------------------------------
 * Halide's CUDA runtime (in the model's Halide runtime object) finds the
 * driver, its context and its stream through these functions, whose weak
 * definitions there would load libcuda and create a context of their own. */
DLC_SHIM_HIDDEN void *halide_cuda_get_symbol(void *UserContext,
                                             const char *Name) {
  (void)UserContext;
  return Bound ? symbol(Name) : NULL;
}

DLC_SHIM_HIDDEN int halide_cuda_acquire_context(void *UserContext,
                                                void **Context, bool Create) {
  (void)UserContext;
  /* Without Create, Halide only wants a context to release its own
   * resources in (when the library unloads): there is none to use then,
   * the caller's context may be gone, and destroying it frees them. */
  *Context = Create ? Binding.context : NULL;
  return Bound || !Create ? 0 : -1;
}

DLC_SHIM_HIDDEN int halide_cuda_release_context(void *UserContext) {
  (void)UserContext;
  return 0;
}

DLC_SHIM_HIDDEN int halide_cuda_get_stream(void *UserContext, void *Context,
                                           void **Stream) {
  (void)UserContext;
  (void)Context;
  *Stream = Binding.stream;
  return 0;
}

/* Like dlc_halide_buffer_from_memref, and the memory (managed) is named as
 * the buffer's CUDA device memory too, in sync with the host: Halide copies
 * nothing and launches its kernels on it. */
DLC_SHIM_HIDDEN void dlc_halide_buffer_from_memref(halide_buffer_t *Buffer,
                                                   halide_dimension_t *Dims,
                                                   const void *Descriptor,
                                                   int32_t Rank, uint8_t Code,
                                                   uint8_t Bits);

/* Weak: a model without Halide kernels has no Halide runtime, and calls
 * none of the Halide functions here. */
#pragma weak halide_cuda_device_interface

DLC_SHIM_HIDDEN void dlc_halide_cuda_buffer_from_memref(
    halide_buffer_t *Buffer, halide_dimension_t *Dims, const void *Descriptor,
    int32_t Rank, uint8_t Code, uint8_t Bits) {
  /* An empty tensor may have no memory; Halide takes a null device pointer
   * for one that it must allocate, which a kernel with no elements never
   * reads. */
  static char NoElements;
  dlc_halide_buffer_from_memref(Buffer, Dims, Descriptor, Rank, Code, Bits);
  void *Memory = Buffer->host ? (void *)Buffer->host : (void *)&NoElements;
  Buffer->device = (uint64_t)(uintptr_t)Memory;
  Buffer->device_interface = halide_cuda_device_interface();
}

/* After each Halide kernel: the host code that follows may read its
 * output. */
DLC_SHIM_HIDDEN void dlc_halide_cuda_kernel_done(const char *Kernel) {
  check(Cuda.streamSynchronize(Binding.stream), "cuStreamSynchronize", Kernel);
}
