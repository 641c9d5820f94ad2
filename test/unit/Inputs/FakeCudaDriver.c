/*===- FakeCudaDriver.c - a CUDA driver without a GPU, for tests ----------===*
 *
 * Enough of the driver API for dlc-run and a --target=nvptx model to open a
 * device, bind the model and run everything up to the first kernel: one
 * device, "Fake GPU" of compute capability $FAKE_CUDA_SM (default 80), whose
 * managed memory is host memory. It cannot run PTX: loading a module fails
 * with CUDA_ERROR_NO_BINARY_FOR_GPU, so every GPU error path is reached.
 *
 *===----------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_NO_BINARY_FOR_GPU = 209,
};

#define FAKE_ALLOCATIONS 4096
static struct { uintptr_t Begin, End; } Allocations[FAKE_ALLOCATIONS];

static int Context = 1;
static int Streams[64]; /* each cuStreamCreate gives the next one */
static int NumStreams;

CUresult cuInit(unsigned Flags) { return Flags == 0 ? CUDA_SUCCESS : 1; }
CUresult cuDeviceGetCount(int *Count) {
  *Count = 1;
  return CUDA_SUCCESS;
}
CUresult cuDeviceGet(int *Device, int Ordinal) {
  if (Ordinal != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *Device = 0;
  return CUDA_SUCCESS;
}
CUresult cuDeviceGetName(char *Name, int Length, int Device) {
  (void)Device;
  snprintf(Name, (size_t)Length, "Fake GPU");
  return CUDA_SUCCESS;
}
CUresult cuDeviceGetAttribute(int *Value, int Attribute, int Device) {
  (void)Device;
  const char *Sm = getenv("FAKE_CUDA_SM");
  int Capability = Sm ? atoi(Sm) : 80;
  if (Attribute == 75) /* compute capability major */
    *Value = Capability / 10;
  else if (Attribute == 76)
    *Value = Capability % 10;
  else
    *Value = 0;
  return CUDA_SUCCESS;
}
static const char *nameOf(CUresult Error) {
  switch (Error) {
  case CUDA_SUCCESS:
    return "CUDA_SUCCESS";
  case CUDA_ERROR_OUT_OF_MEMORY:
    return "CUDA_ERROR_OUT_OF_MEMORY";
  case CUDA_ERROR_NO_BINARY_FOR_GPU:
    return "CUDA_ERROR_NO_BINARY_FOR_GPU";
  default:
    return "CUDA_ERROR_INVALID_VALUE";
  }
}
CUresult cuGetErrorName(CUresult Error, const char **Name) {
  *Name = nameOf(Error);
  return CUDA_SUCCESS;
}
CUresult cuGetErrorString(CUresult Error, const char **Text) {
  *Text = Error == CUDA_ERROR_NO_BINARY_FOR_GPU
              ? "the fake driver runs no kernels"
              : nameOf(Error);
  return CUDA_SUCCESS;
}
CUresult cuDevicePrimaryCtxRetain(void **Ctx, int Device) {
  (void)Device;
  *Ctx = &Context;
  return CUDA_SUCCESS;
}
CUresult cuDevicePrimaryCtxRelease_v2(int Device) {
  (void)Device;
  return CUDA_SUCCESS;
}
CUresult cuCtxPushCurrent_v2(void *Ctx) {
  return Ctx == &Context ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
CUresult cuCtxPopCurrent_v2(void **Ctx) {
  if (Ctx)
    *Ctx = &Context;
  return CUDA_SUCCESS;
}
CUresult cuStreamCreate(void **S, unsigned Flags) {
  (void)Flags;
  if (NumStreams == 64)
    return CUDA_ERROR_OUT_OF_MEMORY;
  *S = &Streams[NumStreams++];
  return CUDA_SUCCESS;
}
CUresult cuStreamDestroy_v2(void *S) {
  (void)S;
  return CUDA_SUCCESS;
}
CUresult cuStreamSynchronize(void *S) {
  (void)S;
  return CUDA_SUCCESS;
}
CUresult cuMemAllocManaged(unsigned long long *Ptr, size_t Bytes,
                           unsigned Flags) {
  (void)Flags;
  void *Memory = aligned_alloc(256, (Bytes + 255) / 256 * 256);
  if (!Memory)
    return CUDA_ERROR_OUT_OF_MEMORY;
  for (int I = 0; I < FAKE_ALLOCATIONS; ++I)
    if (!Allocations[I].Begin) {
      Allocations[I].Begin = (uintptr_t)Memory;
      Allocations[I].End = (uintptr_t)Memory + Bytes;
      *Ptr = (uintptr_t)Memory;
      return CUDA_SUCCESS;
    }
  free(Memory);
  return CUDA_ERROR_OUT_OF_MEMORY;
}
CUresult cuMemFree_v2(unsigned long long Ptr) {
  for (int I = 0; I < FAKE_ALLOCATIONS; ++I)
    if (Allocations[I].Begin == Ptr && Ptr) {
      free((void *)(uintptr_t)Ptr);
      Allocations[I].Begin = Allocations[I].End = 0;
      return CUDA_SUCCESS;
    }
  return CUDA_ERROR_INVALID_VALUE;
}
CUresult cuMemcpyAsync(unsigned long long To, unsigned long long From,
                       size_t Bytes, void *S) {
  (void)S;
  memcpy((void *)(uintptr_t)To, (const void *)(uintptr_t)From, Bytes);
  return CUDA_SUCCESS;
}
CUresult cuPointerGetAttribute(void *Data, int Attribute,
                               unsigned long long Ptr) {
  if (Attribute != 8) /* CU_POINTER_ATTRIBUTE_IS_MANAGED */
    return CUDA_ERROR_INVALID_VALUE;
  unsigned Managed = 0;
  for (int I = 0; I < FAKE_ALLOCATIONS; ++I)
    if (Allocations[I].Begin && Ptr >= Allocations[I].Begin &&
        Ptr < Allocations[I].End)
      Managed = 1;
  *(unsigned *)Data = Managed;
  return CUDA_SUCCESS;
}
CUresult cuModuleLoadDataEx(void **Module, const void *Image, unsigned N,
                            int *Options, void **Values) {
  (void)Module, (void)Image, (void)N, (void)Options, (void)Values;
  return CUDA_ERROR_NO_BINARY_FOR_GPU;
}
CUresult cuModuleGetFunction(void **Function, void *Module, const char *Name) {
  (void)Function, (void)Module, (void)Name;
  return CUDA_ERROR_INVALID_VALUE;
}
CUresult cuLaunchKernel(void *F, unsigned GX, unsigned GY, unsigned GZ,
                        unsigned BX, unsigned BY, unsigned BZ, unsigned Shared,
                        void *S, void **Params, void **Extra) {
  (void)F, (void)GX, (void)GY, (void)GZ, (void)BX, (void)BY, (void)BZ;
  (void)Shared, (void)S, (void)Params, (void)Extra;
  return CUDA_ERROR_INVALID_VALUE;
}
