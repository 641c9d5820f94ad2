/* The ABI entry points of every model.so, on top of the compiler's dlc_gen_*.
 *
 * The compiler generates the self-description `dlc_gen_model_info` and the
 * compiled `dlc_gen_forward` (and, for a program with a train block,
 * `dlc_gen_train_step` and `dlc_gen_eval_step`); this file, linked into the
 * same .so, turns them into the checked C ABI of include/dlc/ModelABI.h. It
 * is plain C11 with only libc and libm so that a model.so needs nothing
 * else, and it never aborts: every problem becomes a dlc_status and a
 * message in the caller's buffer.
 *
 * Each dlc_gen_<entry> takes `void **args`, each a pointer to an MLIR memref
 * descriptor {T *allocated; T *aligned; int64_t offset; int64_t sizes[R];
 * int64_t strides[R];} (row-major strides): args[0] is the state arena as a
 * rank-1 i8 memref, then one per input, then (train_step only) the seed as a
 * rank-0 i64 memref, then one per output, which the compiled code writes in
 * place. */

#include "dlc/ModelABI.h"
#include "runtime/shim/CounterRng.h"
#include "runtime/shim/CpuFeatures.h"
#include "runtime/shim/Float16.h"
#include "runtime/shim/ShimInternal.h"

#include <HalideRuntime.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The CUDA half of the shim, linked only into --target=nvptx models. */
#pragma weak dlcCudaAllocate
#pragma weak dlcCudaRelease
#pragma weak dlcCudaEnterEntry
#pragma weak dlcCudaLeaveEntry
#pragma weak dlcCudaCheckMemory

/* Descriptors live on the stack, so ranks and argument counts are bounded. */
#define DLC_SHIM_MAX_RANK 8
#define DLC_SHIM_MAX_ARGS 64
#define DLC_SHIM_MAX_SYMBOLS 64

/* Generated into the same .so; hidden so that only the ABI is exported. */
void dlc_gen_forward(void **args) DLC_SHIM_HIDDEN;
/* Weak: a model without a train block has no code for them. */
void dlc_gen_train_step(void **args) DLC_SHIM_HIDDEN __attribute__((weak));
void dlc_gen_eval_step(void **args) DLC_SHIM_HIDDEN __attribute__((weak));

/* A memref descriptor of any rank up to the maximum: for rank R, sizes occupy
 * SizesStrides[0, R) and strides [R, 2R), which is exactly the layout of the
 * rank-R struct the compiled code reads. */
typedef struct MemRefDesc {
  void *Allocated;
  void *Aligned;
  int64_t Offset;
  int64_t SizesStrides[2 * DLC_SHIM_MAX_RANK];
} MemRefDesc;

/* Where a symbolic dimension got its value, for error messages. */
typedef struct SymbolBinding {
  int64_t Value;
  const char *Kind; /* "input" or "output"; null while unbound */
  const char *Name;
  int32_t Dim;
} SymbolBinding;

static void clearError(char *Err, size_t ErrLen) {
  if (Err && ErrLen)
    Err[0] = '\0';
}

int32_t dlcShimFail(char *Err, size_t ErrLen, int32_t Status, const char *Fmt,
                    ...) {
  if (Err && ErrLen) {
    va_list Args;
    va_start(Args, Fmt);
    vsnprintf(Err, ErrLen, Fmt, Args);
    va_end(Args);
  }
  return Status;
}

static const char *nameOf(const dlc_tensor_info *T) {
  return T->name ? T->name : "<unnamed>";
}

static size_t dtypeSize(int32_t DType) {
  switch (DType) {
  case DLC_F32:
  case DLC_I32:
    return 4;
  case DLC_F64:
  case DLC_I64:
    return 8;
  case DLC_F16:
  case DLC_BF16:
    return 2;
  case DLC_BOOL:
    return 1;
  default:
    return 0;
  }
}

static const char *dtypeName(int32_t DType) {
  static const char *const Names[] = {"f32", "f64", "f16", "bf16",
                                      "i32", "i64", "bool"};
  return DType >= 0 && DType <= DLC_BOOL ? Names[DType] : "an unknown dtype";
}

static const char *initName(int32_t Init) {
  static const char *const Names[] = {
      "zeros",           "ones",          "uniform", "normal", "glorot_uniform",
      "kaiming_uniform", "kaiming_normal"};
  return Init >= 0 && Init <= DLC_INIT_KAIMING_NORMAL ? Names[Init] : "?";
}

/* Element count of a shape; 0 on a negative extent or overflow. */
static int checkedNumel(const int64_t *Shape, int32_t Rank, int64_t *Numel) {
  int64_t N = 1;
  for (int32_t D = 0; D < Rank; ++D) {
    if (Shape[D] < 0 || __builtin_mul_overflow(N, Shape[D], &N))
      return 0;
  }
  *Numel = N;
  return 1;
}

/* The host's CPU features, read once: CPUID is slow (under a hypervisor it
 * traps, some 10 us a leaf), and the answer cannot change while the process
 * runs. Racing first calls store the same value, so relaxed atomics do. */
static uint32_t hostCpuFeatures(void) {
  static const uint32_t Known = 1u << 31; /* no dlc_cpu_feature uses it */
  static uint32_t Cached;
  uint32_t Features = __atomic_load_n(&Cached, __ATOMIC_RELAXED);
  if (!(Features & Known)) {
    Features = dlcHostCpuFeatures() | Known;
    __atomic_store_n(&Cached, Features, __ATOMIC_RELAXED);
  }
  return Features & ~Known;
}

/* Whether the compiled code may run: the generated description is trusted
 * for content (the loader checks it), but a null array would crash, and code
 * compiled for another CPU would die on an illegal instruction, so those are
 * checked on every call. */
static int32_t checkModelRunnable(const char *Fn, char *Err, size_t ErrLen) {
  const dlc_model_info *Info = &dlc_gen_model_info;
  if ((Info->num_params > 0 && !Info->params) ||
      (Info->num_buffers > 0 && !Info->buffers) ||
      (Info->num_inputs > 0 && !Info->inputs) ||
      (Info->num_outputs > 0 && !Info->outputs) ||
      (Info->num_symbols > 0 && !Info->symbols) ||
      (Info->num_optimizer_state > 0 && !Info->optimizer_state) ||
      (Info->num_batch_inputs > 0 && !Info->batch_inputs) ||
      (Info->num_step_outputs > 0 && !Info->step_outputs) ||
      Info->num_params < 0 || Info->num_buffers < 0 || Info->num_inputs < 0 ||
      Info->num_outputs < 0 || Info->num_symbols < 0 ||
      Info->num_optimizer_state < 0 || Info->num_batch_inputs < 0 ||
      Info->num_step_outputs < 0)
    return dlcShimFail(
        Err, ErrLen, DLC_ERR_INTERNAL,
        "%s: the model description has a negative count or a null "
        "array",
        Fn);
  uint32_t Missing = Info->cpu_features & ~hostCpuFeatures();
  if (Missing)
    return dlcShimFail(
        Err, ErrLen, DLC_ERR_UNSUPPORTED,
        "%s: this model was compiled for a CPU with %s, which this "
        "CPU lacks; compile it again with dlc --cpu=native on this "
        "machine, or for a baseline such as --cpu=x86-64-v2",
        Fn, dlcCpuFeatureName(Missing));
  return DLC_OK;
}

/* ---- dlc_model_init ---------------------------------------------------- */

/* The distribution of one parameter: Uniform(Lo, Hi) or Normal(Mean, Std). */
typedef struct InitPlan {
  int IsNormal;
  double Lo, Hi, Mean, Std;
} InitPlan;

/* Turns the init kind and its arguments into a distribution, with PyTorch's
 * fan conventions; rejects arguments PyTorch would reject. */
static int32_t planInit(const dlc_tensor_info *T, const char *Kind,
                        InitPlan *Plan, char *Err, size_t ErrLen) {
  memset(Plan, 0, sizeof *Plan);
  double A = T->init_a, B = T->init_b;
  switch (T->init) {
  case DLC_INIT_ZEROS:
  case DLC_INIT_ONES:
    return DLC_OK;
  case DLC_INIT_UNIFORM:
    if (!(A <= B) || !isfinite(A) || !isfinite(B))
      return dlcShimFail(
          Err, ErrLen, DLC_ERR_INTERNAL,
          "%s '%s': uniform(%g, %g) needs finite bounds with a <= b", Kind,
          nameOf(T), A, B);
    Plan->Lo = A;
    Plan->Hi = B;
    return DLC_OK;
  case DLC_INIT_NORMAL:
    if (!(B >= 0) || !isfinite(A) || !isfinite(B))
      return dlcShimFail(
          Err, ErrLen, DLC_ERR_INTERNAL,
          "%s '%s': normal(%g, %g) needs a finite mean and std >= 0", Kind,
          nameOf(T), A, B);
    Plan->IsNormal = 1;
    Plan->Mean = A;
    Plan->Std = B;
    return DLC_OK;
  case DLC_INIT_GLOROT_UNIFORM:
    if (T->fan_in < 0 || T->fan_out < 0 || T->fan_in + T->fan_out <= 0)
      return dlcShimFail(
          Err, ErrLen, DLC_ERR_INTERNAL,
          "%s '%s': glorot_uniform needs fan_in + fan_out > 0, got "
          "fan_in %lld, fan_out %lld",
          Kind, nameOf(T), (long long)T->fan_in, (long long)T->fan_out);
    Plan->Hi = sqrt(6.0 / (double)(T->fan_in + T->fan_out));
    Plan->Lo = -Plan->Hi;
    return DLC_OK;
  case DLC_INIT_KAIMING_UNIFORM:
  case DLC_INIT_KAIMING_NORMAL:
    if (T->fan_in <= 0 || !isfinite(A))
      return dlcShimFail(
          Err, ErrLen, DLC_ERR_INTERNAL,
          "%s '%s': %s needs fan_in > 0 and a finite a, got fan_in "
          "%lld, a %g",
          Kind, nameOf(T), initName(T->init), (long long)T->fan_in, A);
    /* gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fan_in), and the uniform
     * bound is sqrt(3) std, as torch.nn.init does in fan_in mode. */
    if (T->init == DLC_INIT_KAIMING_UNIFORM) {
      Plan->Hi = sqrt(6.0 / ((1.0 + A * A) * (double)T->fan_in));
      Plan->Lo = -Plan->Hi;
    } else {
      Plan->IsNormal = 1;
      Plan->Std = sqrt(2.0 / ((1.0 + A * A) * (double)T->fan_in));
    }
    return DLC_OK;
  default:
    return dlcShimFail(Err, ErrLen, DLC_ERR_INTERNAL,
                       "%s '%s': unknown init kind %d", Kind, nameOf(T),
                       (int)T->init);
  }
}

/* Checks that a param or buffer can be initialised inside the arena. */
static int32_t checkStateTensor(const dlc_tensor_info *T, const char *Kind,
                                char *Err, size_t ErrLen) {
  size_t Size = dtypeSize(T->dtype);
  if (!Size)
    return dlcShimFail(Err, ErrLen, DLC_ERR_INTERNAL,
                       "%s '%s': unknown dtype %d", Kind, nameOf(T),
                       (int)T->dtype);
  if (T->rank < 0 || T->rank > DLC_SHIM_MAX_RANK || (T->rank && !T->dims))
    return dlcShimFail(Err, ErrLen, DLC_ERR_INTERNAL,
                       "%s '%s': invalid rank %d", Kind, nameOf(T),
                       (int)T->rank);
  int64_t Numel;
  if (!checkedNumel(T->dims, T->rank, &Numel))
    return dlcShimFail(Err, ErrLen, DLC_ERR_INTERNAL,
                       "%s '%s': shape has a symbolic dimension or overflows",
                       Kind, nameOf(T));
  uint64_t Bytes = (uint64_t)Numel * Size;
  uint64_t State = dlc_gen_model_info.state_bytes;
  if (Bytes / Size != (uint64_t)Numel || T->offset > State ||
      Bytes > State - T->offset)
    return dlcShimFail(
        Err, ErrLen, DLC_ERR_INTERNAL,
        "%s '%s': %llu bytes at offset %llu do not fit the %llu-byte "
        "state",
        Kind, nameOf(T), (unsigned long long)Bytes,
        (unsigned long long)T->offset, (unsigned long long)State);
  int IsInt =
      T->dtype == DLC_I32 || T->dtype == DLC_I64 || T->dtype == DLC_BOOL;
  if (IsInt && T->init != DLC_INIT_ZEROS && T->init != DLC_INIT_ONES)
    return dlcShimFail(Err, ErrLen, DLC_ERR_UNSUPPORTED,
                       "%s '%s': %s init of a %s tensor is not supported", Kind,
                       nameOf(T), initName(T->init), dtypeName(T->dtype));
  /* Like torch.nn.init, a zero-element tensor is left alone, so its fans
   * (possibly 0) are not checked. */
  if (Numel == 0)
    return DLC_OK;
  InitPlan Plan;
  return planInit(T, Kind, &Plan, Err, ErrLen);
}

/* Stores one double as element I of a tensor of the given dtype. */
static void storeValue(void *Base, int32_t DType, int64_t I, double V) {
  switch (DType) {
  case DLC_F32:
    ((float *)Base)[I] = (float)V;
    break;
  case DLC_F64:
    ((double *)Base)[I] = V;
    break;
  case DLC_F16:
    ((uint16_t *)Base)[I] = dlcFloatToHalf((float)V);
    break;
  case DLC_BF16:
    ((uint16_t *)Base)[I] = dlcFloatToBF16((float)V);
    break;
  case DLC_I32:
    ((int32_t *)Base)[I] = (int32_t)V;
    break;
  case DLC_I64:
    ((int64_t *)Base)[I] = (int64_t)V;
    break;
  case DLC_BOOL:
    ((uint8_t *)Base)[I] = V != 0.0;
    break;
  }
}

/* Fills one checked param or buffer from the generator. */
static void fillStateTensor(unsigned char *State, const dlc_tensor_info *T,
                            uint64_t Seed) {
  int64_t Numel = 1;
  checkedNumel(T->dims, T->rank, &Numel);
  void *Base = State + T->offset;
  if (T->init == DLC_INIT_ZEROS) {
    memset(Base, 0, (size_t)Numel * dtypeSize(T->dtype));
    return;
  }
  if (T->init == DLC_INIT_ONES) {
    for (int64_t I = 0; I < Numel; ++I)
      storeValue(Base, T->dtype, I, 1.0);
    return;
  }
  InitPlan Plan;
  planInit(T, "", &Plan, NULL, 0);
  uint64_t Key = dlcRngKey(Seed, dlcRngStream(nameOf(T)));
  for (int64_t I = 0; I < Numel; ++I) {
    double V =
        Plan.IsNormal
            ? Plan.Mean + Plan.Std * dlcRngNormal(Key, (uint64_t)I)
            : Plan.Lo + (Plan.Hi - Plan.Lo) * dlcRngUniform01(Key, (uint64_t)I);
    storeValue(Base, T->dtype, I, V);
  }
}

DLC_SHIM_EXPORT const dlc_model_info *dlc_model_describe(void) {
  return &dlc_gen_model_info;
}

DLC_SHIM_EXPORT int32_t dlc_model_init(void *state, uint64_t seed, char *err,
                                       size_t err_len) {
  const dlc_model_info *Info = &dlc_gen_model_info;
  if (!state)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "dlc_model_init: state is null");
  if ((uintptr_t)state % DLC_STATE_ALIGNMENT)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "dlc_model_init: state %p is not aligned to %u bytes",
                       state, DLC_STATE_ALIGNMENT);
  int32_t InfoStatus = checkModelRunnable("dlc_model_init", err, err_len);
  if (InfoStatus != DLC_OK)
    return InfoStatus;
  /* Check everything first so that a failure leaves the state untouched. */
  for (int32_t I = 0; I < Info->num_params; ++I) {
    int32_t Status = checkStateTensor(&Info->params[I], "param", err, err_len);
    if (Status != DLC_OK)
      return Status;
  }
  for (int32_t I = 0; I < Info->num_buffers; ++I) {
    int32_t Status =
        checkStateTensor(&Info->buffers[I], "buffer", err, err_len);
    if (Status != DLC_OK)
      return Status;
  }
  for (int32_t I = 0; I < Info->num_optimizer_state; ++I) {
    int32_t Status = checkStateTensor(&Info->optimizer_state[I],
                                      "optimizer state", err, err_len);
    if (Status != DLC_OK)
      return Status;
  }
  for (int32_t I = 0; I < Info->num_params; ++I)
    fillStateTensor((unsigned char *)state, &Info->params[I], seed);
  for (int32_t I = 0; I < Info->num_buffers; ++I)
    fillStateTensor((unsigned char *)state, &Info->buffers[I], seed);
  for (int32_t I = 0; I < Info->num_optimizer_state; ++I)
    fillStateTensor((unsigned char *)state, &Info->optimizer_state[I], seed);
  clearError(err, err_len);
  return DLC_OK;
}

/* ---- dlc_model_forward ------------------------------------------------- */

/* Checks one caller tensor against its description and binds its symbolic
 * dimensions; on success stores the element count in *Numel. Only inputs
 * bind symbols: the compiled code sizes its loops from the inputs, so an
 * output extent that no input fixes could not be trusted. */
static int32_t checkTensor(const dlc_tensor *T, const dlc_tensor_info *Want,
                           int IsInput, SymbolBinding *Symbols, int64_t *Numel,
                           char *Err, size_t ErrLen) {
  const char *Kind = IsInput ? "input" : "output";
  const dlc_model_info *Info = &dlc_gen_model_info;
  const char *Name = nameOf(Want);
  if (T->dtype != Want->dtype)
    return dlcShimFail(Err, ErrLen, DLC_ERR_INVALID_ARGUMENT,
                       "%s '%s': expected dtype %s, got %s (%d)", Kind, Name,
                       dtypeName(Want->dtype), dtypeName(T->dtype),
                       (int)T->dtype);
  if (T->rank != Want->rank)
    return dlcShimFail(Err, ErrLen, DLC_ERR_SHAPE,
                       "%s '%s': expected rank %d, got %d", Kind, Name,
                       (int)Want->rank, (int)T->rank);
  if (Want->rank > DLC_SHIM_MAX_RANK || Want->rank < 0 ||
      (Want->rank && !Want->dims))
    return dlcShimFail(Err, ErrLen, DLC_ERR_INTERNAL,
                       "%s '%s': rank %d is outside this shim's limit of %d",
                       Kind, Name, (int)Want->rank, DLC_SHIM_MAX_RANK);
  if (T->rank && !T->shape)
    return dlcShimFail(Err, ErrLen, DLC_ERR_INVALID_ARGUMENT,
                       "%s '%s': shape is null", Kind, Name);
  for (int32_t D = 0; D < T->rank; ++D) {
    int64_t Got = T->shape[D], Dim = Want->dims[D];
    if (Got < 0)
      return dlcShimFail(Err, ErrLen, DLC_ERR_SHAPE,
                         "%s '%s' dim %d: negative extent %lld", Kind, Name,
                         (int)D, (long long)Got);
    if (Dim >= 0) {
      if (Got != Dim)
        return dlcShimFail(Err, ErrLen, DLC_ERR_SHAPE,
                           "%s '%s' dim %d: expected %lld, got %lld", Kind,
                           Name, (int)D, (long long)Dim, (long long)Got);
      continue;
    }
    int64_t Sym = -1 - Dim;
    if (Sym >= Info->num_symbols || Sym >= DLC_SHIM_MAX_SYMBOLS)
      return dlcShimFail(Err, ErrLen, DLC_ERR_INTERNAL,
                         "%s '%s' dim %d: symbol index %lld is out of range",
                         Kind, Name, (int)D, (long long)Sym);
    SymbolBinding *B = &Symbols[Sym];
    const char *SymName = Info->symbols[Sym] ? Info->symbols[Sym] : "?";
    if (!B->Kind && !IsInput) {
      return dlcShimFail(
          Err, ErrLen, DLC_ERR_INVALID_ARGUMENT,
          "output '%s' dim %d: symbol %s is not bound by any input", Name,
          (int)D, SymName);
    } else if (!B->Kind) {
      B->Value = Got;
      B->Kind = Kind;
      B->Name = Name;
      B->Dim = D;
    } else if (B->Value != Got) {
      return dlcShimFail(Err, ErrLen, DLC_ERR_SHAPE,
                         "symbol %s is %lld from %s '%s' but %lld from %s '%s' "
                         "(dim %d)",
                         SymName, (long long)B->Value, B->Kind, B->Name,
                         (long long)Got, Kind, Name, (int)D);
    }
  }
  if (!checkedNumel(T->shape, T->rank, Numel))
    return dlcShimFail(Err, ErrLen, DLC_ERR_SHAPE,
                       "%s '%s': element count overflows", Kind, Name);
  if (!T->data && *Numel > 0)
    return dlcShimFail(Err, ErrLen, DLC_ERR_INVALID_ARGUMENT,
                       "%s '%s': data is null", Kind, Name);
  return DLC_OK;
}

/* Byte range of a checked tensor, for the aliasing check. */
typedef struct ByteRange {
  uintptr_t Begin, End;
} ByteRange;

static void fillDescriptor(MemRefDesc *Desc, void *Data, int32_t Rank,
                           const int64_t *Shape) {
  Desc->Allocated = Data;
  Desc->Aligned = Data;
  Desc->Offset = 0;
  int64_t Stride = 1;
  for (int32_t D = Rank - 1; D >= 0; --D) {
    Desc->SizesStrides[D] = Shape[D];
    Desc->SizesStrides[Rank + D] = Stride;
    Stride *= Shape[D]; /* cannot overflow: the element count was checked */
  }
}

/* The tensors of one entry point: what it takes and returns, as described. */
typedef struct EntrySignature {
  const char *Name; /* "dlc_model_forward", for messages */
  const dlc_tensor_info *Inputs;
  int32_t NumInputs;
  const dlc_tensor_info *Outputs;
  int32_t NumOutputs;
} EntrySignature;

/* ---- Halide kernels ------------------------------------------------------
 * Kernels compiled by Halide take halide_buffer_t, not memref descriptors.
 * The compiler generates, per kernel, `_mlir_ciface_<kernel>`, which builds
 * one buffer per argument with the function below and calls the kernel. */

/* Fills `Buffer` and its `Dims` (Rank entries) to view the memref described
 * by `Descriptor`. Halide's dimension 0 is the innermost, a memref's last. */
DLC_SHIM_HIDDEN void dlc_halide_buffer_from_memref(halide_buffer_t *Buffer,
                                                   halide_dimension_t *Dims,
                                                   const void *Descriptor,
                                                   int32_t Rank, uint8_t Code,
                                                   uint8_t Bits) {
  const char *Aligned = ((char *const *)Descriptor)[1];
  const int64_t *Fields = (const int64_t *)((char *const *)Descriptor + 2);
  int64_t Offset = Fields[0];
  const int64_t *Sizes = Fields + 1, *Strides = Fields + 1 + Rank;
  memset(Buffer, 0, sizeof(*Buffer));
  Buffer->host = (uint8_t *)(Aligned + Offset * (Bits / 8));
  Buffer->type.code = Code;
  Buffer->type.bits = Bits;
  Buffer->type.lanes = 1;
  Buffer->dimensions = Rank;
  Buffer->dim = Dims;
  for (int32_t D = 0; D < Rank; ++D) {
    halide_dimension_t *Dim = &Dims[Rank - 1 - D];
    Dim->min = 0;
    Dim->extent = (int32_t)Sizes[D];
    Dim->stride = (int32_t)Strides[D];
    Dim->flags = 0;
  }
}

/* A kernel refused its buffers, which the entry points' shape checks should
 * make impossible. The generated code cannot return early, so the failure
 * is recorded and runEntry reports it once the entry returns. */
static _Thread_local const char *FailedKernel;
static _Thread_local int32_t FailedKernelCode;
static _Thread_local char HalideMessage[256];

DLC_SHIM_HIDDEN void dlc_halide_kernel_failed(const char *Kernel,
                                              int32_t Code) {
  if (!FailedKernel) {
    FailedKernel = Kernel;
    FailedKernelCode = Code;
  }
}

/* Halide's runtime reports errors through halide_error, which by default
 * prints and aborts the process. This definition replaces its weak one: the
 * message is kept for runEntry's report and the kernel returns an error. */
DLC_SHIM_HIDDEN void halide_error(void *UserContext, const char *Message) {
  (void)UserContext;
  if (!HalideMessage[0])
    snprintf(HalideMessage, sizeof(HalideMessage), "%s", Message);
}

/* ---- Working memory ------------------------------------------------------
 * Every step allocates the same temporaries again: the compiled code's
 * buffers (memref.alloc, lowered to _mlir_memref_to_llvm_aligned_alloc) and the
 * Halide kernels' packed operands and partial sums (halide_malloc). Many are
 * past glibc's mmap threshold, so malloc would map fresh pages on each step
 * and fault them in: 14% of an MLP train step, in perf. Freed blocks are
 * kept for the next step instead: up to DLC_SHIM_KEPT_BLOCKS of them, the
 * largest kept when full, all released when the model is unloaded. These
 * definitions replace the Halide runtime's weak ones. */
/* ResNet's train step frees more than 32 blocks: with 32 kept, the rest
 * were unmapped and faulted back in every step (473,000 page faults in 2 s
 * of steps, 18% of the step's time; 31,600 with 128 kept). */
#define DLC_SHIM_KEPT_BLOCKS 128
/* The header before each block (its usable size); the block is aligned for
 * AVX-512 and readable 8 bytes past either end, as Halide requires. */
#define DLC_SHIM_BLOCK_HEADER 64

static void *KeptBlocks[DLC_SHIM_KEPT_BLOCKS];
static size_t KeptSizes[DLC_SHIM_KEPT_BLOCKS];
static pthread_mutex_t KeptLock = PTHREAD_MUTEX_INITIALIZER;

/* Fresh memory for a block: managed memory in a GPU model, which its host
 * code and its kernels both use. */
static void *allocateRaw(size_t Bytes) {
  if (dlcCudaAllocate)
    return dlcCudaAllocate(Bytes);
  return aligned_alloc(DLC_SHIM_BLOCK_HEADER, Bytes);
}

static void releaseRaw(void *Raw) {
  if (dlcCudaRelease)
    dlcCudaRelease(Raw);
  else
    free(Raw);
}

static void *allocateBlock(size_t Size) {
  if (Size > SIZE_MAX / 2)
    return NULL;
  pthread_mutex_lock(&KeptLock);
  /* The smallest kept block that fits, if it is not much larger: a small
   * request must not take the block a large one will want next. */
  int Best = -1;
  for (int I = 0; I < DLC_SHIM_KEPT_BLOCKS; ++I)
    if (KeptBlocks[I] && KeptSizes[I] >= Size &&
        KeptSizes[I] <= 2 * Size + 4096 &&
        (Best < 0 || KeptSizes[I] < KeptSizes[Best]))
      Best = I;
  void *Raw = NULL;
  if (Best >= 0) {
    Raw = KeptBlocks[Best];
    KeptBlocks[Best] = NULL;
  }
  pthread_mutex_unlock(&KeptLock);
  if (!Raw) {
    size_t Usable = (Size + 8 + DLC_SHIM_BLOCK_HEADER - 1) &
                    ~(size_t)(DLC_SHIM_BLOCK_HEADER - 1);
    Raw = allocateRaw(DLC_SHIM_BLOCK_HEADER + Usable);
    if (!Raw)
      return NULL;
    *(size_t *)Raw = Usable;
  }
  return (char *)Raw + DLC_SHIM_BLOCK_HEADER;
}

static void freeBlock(void *Ptr) {
  if (!Ptr)
    return;
  void *Raw = (char *)Ptr - DLC_SHIM_BLOCK_HEADER;
  size_t Size = *(size_t *)Raw;
  pthread_mutex_lock(&KeptLock);
  int Slot = -1;
  for (int I = 0; I < DLC_SHIM_KEPT_BLOCKS; ++I) {
    if (!KeptBlocks[I]) {
      Slot = I;
      break;
    }
    if (KeptSizes[I] < Size && (Slot < 0 || KeptSizes[I] < KeptSizes[Slot]))
      Slot = I;
  }
  void *Evicted = Raw;
  if (Slot >= 0) {
    Evicted = KeptBlocks[Slot];
    KeptBlocks[Slot] = Raw;
    KeptSizes[Slot] = Size;
  }
  pthread_mutex_unlock(&KeptLock);
  if (Evicted)
    releaseRaw(Evicted);
}

/* Out of working memory. The compiled code cannot take a null buffer, so
 * its allocator (called on the entry point's thread) returns to the entry
 * with longjmp, which reports the error; the blocks that call allocated
 * before are lost. A Halide kernel handles a null halide_malloc itself: it
 * fails with halide_error_code_out_of_memory, reported as such. */
static _Thread_local jmp_buf *EntryJump;
static _Thread_local size_t FailedAllocation;

/* Every block is aligned to DLC_SHIM_BLOCK_HEADER bytes (64), what dlc's
 * bufferization asks for; a larger alignment is refused as the allocation
 * failing. */
DLC_SHIM_HIDDEN void *_mlir_memref_to_llvm_aligned_alloc(size_t Alignment,
                                                         size_t Size) {
  void *Block = Alignment <= DLC_SHIM_BLOCK_HEADER ? allocateBlock(Size) : NULL;
  if (!Block && EntryJump) {
    FailedAllocation = Size;
    longjmp(*EntryJump, 1);
  }
  return Block;
}
DLC_SHIM_HIDDEN void _mlir_memref_to_llvm_free(void *Ptr) { freeBlock(Ptr); }

DLC_SHIM_HIDDEN void *halide_malloc(void *UserContext, size_t Size) {
  (void)UserContext;
  return allocateBlock(Size);
}
DLC_SHIM_HIDDEN void halide_free(void *UserContext, void *Ptr) {
  (void)UserContext;
  freeBlock(Ptr);
}

__attribute__((destructor)) static void releaseKeptBlocks(void) {
  /* A GPU model's blocks belong to its CUDA context, which frees them when
   * it goes; the driver may be gone already when this library unloads. */
  if (dlcCudaRelease)
    return;
  for (int I = 0; I < DLC_SHIM_KEPT_BLOCKS; ++I) {
    free(KeptBlocks[I]);
    KeptBlocks[I] = NULL;
  }
}

/* A GPU model's kernels read the state and tensors where they are, so each
 * must be managed memory. */
static int32_t checkGpuMemory(const EntrySignature *Sig, const void *State,
                              const dlc_tensor *Inputs,
                              const dlc_tensor *Outputs,
                              const ByteRange *Ranges, char *Err,
                              size_t ErrLen) {
  int32_t Status =
      dlcCudaCheckMemory(Sig->Name, "the state", State, Err, ErrLen);
  for (int32_t I = 0; Status == DLC_OK && I < Sig->NumInputs + Sig->NumOutputs;
       ++I) {
    if (Ranges[I].Begin == Ranges[I].End)
      continue; /* an empty tensor is never read */
    int IsInput = I < Sig->NumInputs;
    const dlc_tensor *T = IsInput ? &Inputs[I] : &Outputs[I - Sig->NumInputs];
    char What[160];
    snprintf(
        What, sizeof What, "%s '%s'", IsInput ? "input" : "output",
        nameOf(IsInput ? &Sig->Inputs[I] : &Sig->Outputs[I - Sig->NumInputs]));
    Status = dlcCudaCheckMemory(Sig->Name, What, T->data, Err, ErrLen);
  }
  return Status;
}

/* Checks a call against `Sig` and runs `Entry` on it. `Seed`, if not null,
 * is passed after the inputs as a rank-0 i64 memref (train_step). */
static int32_t runCheckedEntry(const EntrySignature *Sig,
                               void (*Entry)(void **), void *state,
                               const dlc_tensor *inputs, int32_t num_inputs,
                               const uint64_t *Seed, dlc_tensor *outputs,
                               int32_t num_outputs, char *err, size_t err_len) {
  const dlc_model_info *Info = &dlc_gen_model_info;
  const char *Fn = Sig->Name;
  if (!state)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: state is null", Fn);
  /* Compiled code may assume the arena's documented alignment. */
  if ((uintptr_t)state % DLC_STATE_ALIGNMENT)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: state %p is not aligned to %u bytes", Fn, state,
                       DLC_STATE_ALIGNMENT);
  if (num_inputs != Sig->NumInputs)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: expected %d inputs, got %d", Fn,
                       (int)Sig->NumInputs, (int)num_inputs);
  if (num_outputs != Sig->NumOutputs)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: expected %d outputs, got %d", Fn,
                       (int)Sig->NumOutputs, (int)num_outputs);
  if (num_inputs > 0 && !inputs)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: inputs is null", Fn);
  if (num_outputs > 0 && !outputs)
    return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                       "%s: outputs is null", Fn);
  int32_t NumTensors = num_inputs + num_outputs;
  int32_t NumArgs = 1 + NumTensors + (Seed ? 1 : 0);
  if (NumArgs > DLC_SHIM_MAX_ARGS || Info->num_symbols > DLC_SHIM_MAX_SYMBOLS)
    return dlcShimFail(
        err, err_len, DLC_ERR_INTERNAL,
        "%s: %d tensors and %d symbols exceed this shim's limits of "
        "%d and %d",
        Fn, (int)NumArgs, (int)Info->num_symbols, DLC_SHIM_MAX_ARGS,
        DLC_SHIM_MAX_SYMBOLS);

  SymbolBinding Symbols[DLC_SHIM_MAX_SYMBOLS];
  memset(Symbols, 0, sizeof Symbols);
  ByteRange Ranges[DLC_SHIM_MAX_ARGS];
  for (int32_t I = 0; I < NumTensors; ++I) {
    int IsInput = I < num_inputs;
    const dlc_tensor *T = IsInput ? &inputs[I] : &outputs[I - num_inputs];
    const dlc_tensor_info *Want =
        IsInput ? &Sig->Inputs[I] : &Sig->Outputs[I - num_inputs];
    int64_t Numel = 0;
    int32_t Status =
        checkTensor(T, Want, IsInput, Symbols, &Numel, err, err_len);
    if (Status != DLC_OK)
      return Status;
    Ranges[I].Begin = (uintptr_t)T->data;
    Ranges[I].End = Ranges[I].Begin + (uintptr_t)Numel * dtypeSize(T->dtype);
  }
  /* The compiled code writes outputs while it still reads inputs, so an
   * output must not share memory with any other tensor or the state. */
  ByteRange StateRange = {(uintptr_t)state,
                          (uintptr_t)state + Info->state_bytes};
  for (int32_t O = num_inputs; O < NumTensors; ++O) {
    const ByteRange *R = &Ranges[O];
    const char *OutName = nameOf(&Sig->Outputs[O - num_inputs]);
    if (R->Begin == R->End)
      continue;
    if (R->Begin < StateRange.End && StateRange.Begin < R->End)
      return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                         "output '%s' overlaps the model state", OutName);
    for (int32_t J = 0; J < NumTensors; ++J) {
      const ByteRange *S = &Ranges[J];
      if (J == O || S->Begin == S->End ||
          !(R->Begin < S->End && S->Begin < R->End))
        continue;
      int OtherIsInput = J < num_inputs;
      return dlcShimFail(err, err_len, DLC_ERR_INVALID_ARGUMENT,
                         "output '%s' overlaps %s '%s'", OutName,
                         OtherIsInput ? "input" : "output",
                         nameOf(OtherIsInput ? &Sig->Inputs[J]
                                             : &Sig->Outputs[J - num_inputs]));
    }
  }
  /* train_step writes the state while it reads the inputs, so an input
   * must not share memory with the state either. */
  if (Seed)
    for (int32_t I = 0; I < num_inputs; ++I) {
      const ByteRange *R = &Ranges[I];
      if (R->Begin != R->End && R->Begin < StateRange.End &&
          StateRange.Begin < R->End)
        return dlcShimFail(
            err, err_len, DLC_ERR_INVALID_ARGUMENT,
            "input '%s' overlaps the model state, which %s updates",
            nameOf(&Sig->Inputs[I]), Fn);
    }

  if (Info->gpu_arch) {
    int32_t Status =
        checkGpuMemory(Sig, state, inputs, outputs, Ranges, err, err_len);
    if (Status != DLC_OK)
      return Status;
  }

  MemRefDesc Descs[DLC_SHIM_MAX_ARGS];
  void *Args[DLC_SHIM_MAX_ARGS];
  int64_t StateBytes = (int64_t)Info->state_bytes;
  fillDescriptor(&Descs[0], state, 1, &StateBytes);
  int32_t Arg = 0;
  Args[Arg] = &Descs[Arg];
  ++Arg;
  for (int32_t I = 0; I < num_inputs; ++I, ++Arg) {
    fillDescriptor(&Descs[Arg], inputs[I].data, inputs[I].rank,
                   inputs[I].shape);
    Args[Arg] = &Descs[Arg];
  }
  /* The seed is read where the code runs: on a GPU, from managed memory. */
  uint64_t SeedValue = Seed ? *Seed : 0;
  uint64_t *SeedCell = &SeedValue;
  if (Seed && Info->gpu_arch) {
    SeedCell = allocateBlock(sizeof *SeedCell);
    if (!SeedCell)
      return dlcShimFail(err, err_len, DLC_ERR_DEVICE,
                         "%s: cannot allocate the seed in managed memory", Fn);
    *SeedCell = SeedValue;
  }
  if (Seed) {
    fillDescriptor(&Descs[Arg], SeedCell, 0, NULL);
    Args[Arg] = &Descs[Arg];
    ++Arg;
  }
  for (int32_t I = 0; I < num_outputs; ++I, ++Arg) {
    fillDescriptor(&Descs[Arg], outputs[I].data, outputs[I].rank,
                   outputs[I].shape);
    Args[Arg] = &Descs[Arg];
  }
  FailedKernel = NULL;
  HalideMessage[0] = '\0';
  FailedAllocation = 0;
  jmp_buf Jump;
  if (setjmp(Jump) == 0) {
    EntryJump = &Jump;
    Entry(Args);
  }
  EntryJump = NULL;
  if (SeedCell != &SeedValue)
    freeBlock(SeedCell);
  if (FailedAllocation)
    return dlcShimFail(
        err, err_len, DLC_ERR_OUT_OF_MEMORY,
        "%s: out of memory: %zu bytes of working memory could not be "
        "allocated; a smaller batch needs less%s",
        Fn, FailedAllocation,
        Seed ? " (the state may be partly updated: restore it from a "
               "checkpoint)"
             : "");
  if (FailedKernel && FailedKernelCode == halide_error_code_out_of_memory)
    return dlcShimFail(err, err_len, DLC_ERR_OUT_OF_MEMORY,
                       "%s: out of memory in Halide kernel %s: %s; a smaller "
                       "batch needs less",
                       Fn, FailedKernel, HalideMessage);
  if (FailedKernel)
    return dlcShimFail(
        err, err_len, DLC_ERR_INTERNAL,
        "%s: internal error: Halide kernel %s failed with code %d: %s",
        Sig->Name, FailedKernel, (int)FailedKernelCode, HalideMessage);
  clearError(err, err_len);
  return DLC_OK;
}

static int32_t runEntry(const EntrySignature *Sig, void (*Entry)(void **),
                        void *state, const dlc_tensor *inputs,
                        int32_t num_inputs, const uint64_t *Seed,
                        dlc_tensor *outputs, int32_t num_outputs, char *err,
                        size_t err_len) {
  const char *Fn = Sig->Name;
  int32_t Status = checkModelRunnable(Fn, err, err_len);
  if (Status != DLC_OK)
    return Status;
  if (!Entry)
    return dlcShimFail(err, err_len, DLC_ERR_UNSUPPORTED,
                       "%s: this model has no train block, so it has no %s; "
                       "add a 'train' block to its program",
                       Fn, Fn + strlen("dlc_model_"));
  if (!dlc_gen_model_info.gpu_arch)
    return runCheckedEntry(Sig, Entry, state, inputs, num_inputs, Seed, outputs,
                           num_outputs, err, err_len);
  Status = dlcCudaEnterEntry(Fn, err, err_len);
  if (Status != DLC_OK)
    return Status;
  Status = runCheckedEntry(Sig, Entry, state, inputs, num_inputs, Seed, outputs,
                           num_outputs, err, err_len);
  return dlcCudaLeaveEntry(Fn, Status, err, err_len);
}

/* A CPU model has no GPU binding; CudaShim.c's definition replaces this one
 * in a model compiled with --target=nvptx. */
DLC_SHIM_EXPORT __attribute__((weak)) int32_t
dlc_model_bind_cuda(const dlc_cuda_binding *binding, char *err,
                    size_t err_len) {
  (void)binding;
  return dlcShimFail(err, err_len, DLC_ERR_UNSUPPORTED,
                     "dlc_model_bind_cuda: this model was compiled for the "
                     "CPU (--target=cpu), which needs no binding; compile it "
                     "with --target=nvptx to run it on a GPU");
}

DLC_SHIM_EXPORT int32_t dlc_model_forward(void *state, const dlc_tensor *inputs,
                                          int32_t num_inputs,
                                          dlc_tensor *outputs,
                                          int32_t num_outputs, char *err,
                                          size_t err_len) {
  const dlc_model_info *Info = &dlc_gen_model_info;
  EntrySignature Sig = {"dlc_model_forward", Info->inputs, Info->num_inputs,
                        Info->outputs, Info->num_outputs};
  return runEntry(&Sig, dlc_gen_forward, state, inputs, num_inputs, NULL,
                  outputs, num_outputs, err, err_len);
}

DLC_SHIM_EXPORT int32_t dlc_model_train_step(
    void *state, const dlc_tensor *inputs, int32_t num_inputs, uint64_t seed,
    dlc_tensor *outputs, int32_t num_outputs, char *err, size_t err_len) {
  const dlc_model_info *Info = &dlc_gen_model_info;
  EntrySignature Sig = {"dlc_model_train_step", Info->batch_inputs,
                        Info->num_batch_inputs, Info->step_outputs,
                        Info->num_step_outputs};
  void (*Entry)(void **) =
      (Info->entry_points & DLC_ENTRY_TRAIN_STEP) ? dlc_gen_train_step : NULL;
  return runEntry(&Sig, Entry, state, inputs, num_inputs, &seed, outputs,
                  num_outputs, err, err_len);
}

DLC_SHIM_EXPORT int32_t dlc_model_eval_step(
    void *state, const dlc_tensor *inputs, int32_t num_inputs,
    dlc_tensor *outputs, int32_t num_outputs, char *err, size_t err_len) {
  const dlc_model_info *Info = &dlc_gen_model_info;
  EntrySignature Sig = {"dlc_model_eval_step", Info->batch_inputs,
                        Info->num_batch_inputs, Info->step_outputs,
                        Info->num_step_outputs};
  void (*Entry)(void **) =
      (Info->entry_points & DLC_ENTRY_EVAL_STEP) ? dlc_gen_eval_step : NULL;
  return runEntry(&Sig, Entry, state, inputs, num_inputs, NULL, outputs,
                  num_outputs, err, err_len);
}
