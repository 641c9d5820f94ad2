/*===- ShimInternal.h - between the halves of the model shim -------------===*
 *
 * ModelShim.c is in every model.so; CudaShim.c only in those compiled with
 * --target=nvptx. ModelShim.c calls the CUDA half through weak references,
 * null in a CPU model.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_RUNTIME_SHIM_SHIMINTERNAL_H
#define DLC_RUNTIME_SHIM_SHIMINTERNAL_H

#include "dlc/ModelABI.h"

#include <stddef.h>
#include <stdint.h>

#define DLC_SHIM_EXPORT __attribute__((visibility("default")))
#define DLC_SHIM_HIDDEN __attribute__((visibility("hidden")))

/* The generated description (AbiEmitter.cpp). */
extern const dlc_model_info dlc_gen_model_info DLC_SHIM_HIDDEN;

/* Writes a message (truncated to ErrLen) and returns Status. */
DLC_SHIM_HIDDEN int32_t dlcShimFail(char *Err, size_t ErrLen, int32_t Status,
                                    const char *Fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- CudaShim.c: ModelShim.c refers to these weakly (null in a CPU
 * model) ------------------------------------------------------------- */

/* Working memory on the GPU: managed memory the host code reads as well. */
DLC_SHIM_HIDDEN void *dlcCudaAllocate(size_t Bytes);
DLC_SHIM_HIDDEN void dlcCudaRelease(void *Ptr);

/* Around an entry point: Enter fails unless the model is bound and makes
 * its context current; Leave waits for the stream, restores the context
 * and turns a driver failure during the entry into its result. */
DLC_SHIM_HIDDEN int32_t dlcCudaEnterEntry(const char *Fn, char *Err,
                                          size_t ErrLen);
DLC_SHIM_HIDDEN int32_t dlcCudaLeaveEntry(const char *Fn, int32_t Status,
                                          char *Err, size_t ErrLen);

/* Fails unless `Data` is managed memory; `What` names it ("the state",
 * "input 'x'"). */
DLC_SHIM_HIDDEN int32_t dlcCudaCheckMemory(const char *Fn, const char *What,
                                           const void *Data, char *Err,
                                           size_t ErrLen);

#endif /* DLC_RUNTIME_SHIM_SHIMINTERNAL_H */
