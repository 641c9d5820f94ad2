/* The C ABI that every model.so written by `dlc` exports (version 2).
 *
 * A model.so describes itself (parameters, buffers, inputs, outputs, their
 * dtypes and shapes), initialises its parameters from a seed, runs
 * `forward`, and, when its program has a train block, `train_step` (forward,
 * backward and the optimizer's update in one call) and `eval_step`. All
 * state (parameters, buffers and the optimizer's state) lives in one
 * caller-owned arena of `state_bytes` bytes,
 * aligned to DLC_STATE_ALIGNMENT, so one process can hold many models and many
 * states of one model. No entry point aborts the host: each returns a
 * dlc_status and, on failure, writes a message into the caller's buffer.
 *
 * This header is plain C so that it serves C, C++, Python ctypes and other
 * FFIs.
 */
#ifndef DLC_MODEL_ABI_H
#define DLC_MODEL_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DLC_MODEL_ABI_VERSION 2u
#define DLC_STATE_ALIGNMENT 64u

/* Element types; values are stable across ABI versions. */
typedef enum dlc_dtype {
  DLC_F32 = 0,
  DLC_F64 = 1,
  DLC_F16 = 2,
  DLC_BF16 = 3,
  DLC_I32 = 4,
  DLC_I64 = 5,
  DLC_BOOL = 6, /* one byte per element */
} dlc_dtype;

/* Status codes returned by every entry point. */
typedef enum dlc_status {
  DLC_OK = 0,
  DLC_ERR_INVALID_ARGUMENT = 1, /* null pointer, wrong count or dtype */
  DLC_ERR_SHAPE = 2,            /* a shape that does not match the model */
  DLC_ERR_UNSUPPORTED = 3,      /* entry point not compiled into this model */
  DLC_ERR_INTERNAL = 4,
  DLC_ERR_DEVICE = 5, /* the GPU: model not bound, a driver call failed, or
                         a tensor not in memory the GPU can use */
  DLC_ERR_OUT_OF_MEMORY = 6, /* working memory for the call could not be
                                allocated; train_step's state may be partly
                                updated */
} dlc_status;

/* Parameter initialisers, with PyTorch's fan-in/fan-out conventions. Random
 * values come from a counter-based generator (runtime/shim/CounterRng.h):
 * element i of the tensor named n under seed s is a pure function of
 * (s, n, i), identical on every run and machine (normals up to the last bit
 * of libm's log and cos). Integer and bool tensors take only zeros and ones;
 * zero-element tensors are left alone. */
typedef enum dlc_init_kind {
  DLC_INIT_ZEROS = 0,
  DLC_INIT_ONES = 1,
  DLC_INIT_UNIFORM = 2,         /* U(a, b) */
  DLC_INIT_NORMAL = 3,          /* N(mean = a, std = b) */
  DLC_INIT_GLOROT_UNIFORM = 4,  /* U(-l, l), l = sqrt(6 / (fan_in + fan_out)) */
  DLC_INIT_KAIMING_UNIFORM = 5, /* U(-l, l), l = sqrt(6 / ((1 + a^2) fan_in)) */
  DLC_INIT_KAIMING_NORMAL = 6,  /* N(0, sqrt(2 / ((1 + a^2) fan_in))), a = 0
                                   by default */
} dlc_init_kind;

/* CPU features that a model's compiled code may use (dlc --cpu decides).
 * The entry points refuse to run on a CPU that lacks one, instead of letting
 * the code die on an illegal instruction. Values are stable. */
typedef enum dlc_cpu_feature {
  DLC_CPU_SSE4_1 = 1u << 0,
  DLC_CPU_SSE4_2 = 1u << 1,
  DLC_CPU_AVX = 1u << 2,
  DLC_CPU_AVX2 = 1u << 3,
  DLC_CPU_FMA = 1u << 4,
  DLC_CPU_F16C = 1u << 5,
  DLC_CPU_AVX512F = 1u << 6,
  DLC_CPU_AVX512BW = 1u << 7,
  DLC_CPU_AVX512DQ = 1u << 8,
  DLC_CPU_AVX512VL = 1u << 9,
  DLC_CPU_AVX512BF16 = 1u << 10,
  DLC_CPU_AVX512FP16 = 1u << 11,
} dlc_cpu_feature;

/* The entry points a model has code for (dlc_model_info.entry_points). */
typedef enum dlc_entry_point {
  DLC_ENTRY_FORWARD = 1u << 0,
  DLC_ENTRY_TRAIN_STEP = 1u << 1,
  DLC_ENTRY_EVAL_STEP = 1u << 2,
} dlc_entry_point;

/* A dense, row-major tensor. The caller owns `data` and `shape`. */
typedef struct dlc_tensor {
  void *data;
  int32_t dtype; /* dlc_dtype */
  int32_t rank;
  const int64_t *shape;
} dlc_tensor;

/* One named tensor of the self-description. A dim >= 0 is a fixed extent; a
 * dim < 0 is the symbolic dimension symbols[-1 - dim] of the model info. */
typedef struct dlc_tensor_info {
  const char *name; /* dotted PyTorch-style name: "fc1.weight" */
  int32_t dtype;    /* dlc_dtype */
  int32_t rank;
  const int64_t *dims;
  uint64_t offset; /* byte offset in the state arena; 0 for inputs/outputs */
  int32_t init;    /* dlc_init_kind; parameters and buffers only */
  int32_t reserved;
  double init_a, init_b; /* initialiser arguments, see dlc_init_kind */
  int64_t fan_in, fan_out;
} dlc_tensor_info;

/* The self-description of a model, a constant inside model.so. */
typedef struct dlc_model_info {
  uint32_t abi_version;  /* DLC_MODEL_ABI_VERSION */
  uint32_t cpu_features; /* dlc_cpu_feature bits the compiled code needs */
  const char *name;      /* the trained module, e.g. "MLP" */
  uint64_t state_bytes;  /* size of the caller-owned state arena */
  int32_t num_symbols;
  int32_t num_params;
  int32_t num_buffers;
  int32_t num_inputs; /* of forward */
  int32_t num_outputs;
  int32_t num_optimizer_state;
  const char *const *symbols; /* symbolic dimension names, e.g. "N" */
  const dlc_tensor_info *params;
  const dlc_tensor_info *buffers;
  const dlc_tensor_info *inputs;
  const dlc_tensor_info *outputs;
  const char *optimizer; /* JSON object of the train block's optimizer, or "" */
  /* The optimizer's state in the arena, after the buffers: "optimizer.step"
   * (i64, the number of steps taken) and per parameter
   * "optimizer.<param>.momentum_buffer", ".exp_avg", ".exp_avg_sq". Zeros
   * before the first step; dlc_model_init sets them to zero. */
  const dlc_tensor_info *optimizer_state;
  /* The train block: its `batch` inputs and its results, "loss" then the
   * metrics in order, each a scalar (rank 0). train_step and eval_step
   * share both. */
  int32_t num_batch_inputs;
  int32_t num_step_outputs;
  const dlc_tensor_info *batch_inputs;
  const dlc_tensor_info *step_outputs;
  uint32_t entry_points; /* dlc_entry_point bits */
  /* The GPU a model compiled with --target=nvptx needs: its compute
   * capability * 10 (80 for sm_80), the oldest it runs on. 0: CPU code.
   * Such a model runs only once bound to a GPU (dlc_model_bind_cuda). */
  uint32_t gpu_arch;
} dlc_model_info;

/* Entry points exported by model.so. `err` may be null when err_len is 0. */

/* The self-description; never null. Check abi_version before anything else. */
const dlc_model_info *dlc_model_describe(void);

/* Fills parameters and buffers of `state` from `seed` (deterministic) and
 * zeroes the optimizer's state. */
int32_t dlc_model_init(void *state, uint64_t seed, char *err, size_t err_len);

/* Runs forward (training = false). Inputs and outputs are in the order of the
 * description; the caller allocates outputs with the shapes it describes,
 * symbolic dimensions bound by the inputs. */
int32_t dlc_model_forward(void *state, const dlc_tensor *inputs,
                          int32_t num_inputs, dlc_tensor *outputs,
                          int32_t num_outputs, char *err, size_t err_len);

/* One training step (training = true): forward, the loss, its gradient,
 * and the optimizer's update of the parameters and its state, in place in
 * `state`. Running statistics (batch normalisation) are updated too.
 * `inputs` are the batch, in the order of batch_inputs; `outputs` receive
 * the loss and the metrics of this batch (step_outputs), computed before
 * the update. `seed` drives the step's random numbers (dropout): the same
 * state, batch and seed give the same result. DLC_ERR_UNSUPPORTED when the
 * model has no train block. */
int32_t dlc_model_train_step(void *state, const dlc_tensor *inputs,
                             int32_t num_inputs, uint64_t seed,
                             dlc_tensor *outputs, int32_t num_outputs,
                             char *err, size_t err_len);

/* The loss and metrics of a batch in evaluation mode (training = false);
 * the state is only read. */
int32_t dlc_model_eval_step(void *state, const dlc_tensor *inputs,
                            int32_t num_inputs, dlc_tensor *outputs,
                            int32_t num_outputs, char *err, size_t err_len);

/* ---- Models compiled with --target=nvptx -------------------------------
 * Such a model (gpu_arch != 0) runs on an NVIDIA GPU through the CUDA driver
 * API, which the caller has loaded: the model links no CUDA library. Before
 * any entry point but dlc_model_describe it is bound, once, to a context
 * and a stream. Then the state, every input and every output must be CUDA
 * managed memory (cuMemAllocManaged, attached globally): host code of the
 * model and its kernels both read it. dlc_model_init runs on the host. An
 * entry point returns once its work on the stream is done. */
typedef struct dlc_cuda_binding {
  /* The driver function `name` ("cuLaunchKernel", "cuMemFree_v2", ...),
   * null when the driver has none; `user` is passed back. */
  void *(*get_symbol)(void *user, const char *name);
  void *user;
  void *context; /* CUcontext, made current around each entry point */
  void *stream;  /* CUstream every kernel runs on */
} dlc_cuda_binding;

/* Binds the model to a GPU. DLC_ERR_UNSUPPORTED for a CPU model,
 * DLC_ERR_DEVICE when the driver lacks a function or the model is bound
 * already (load the library again to use another device). */
int32_t dlc_model_bind_cuda(const dlc_cuda_binding *binding, char *err,
                            size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* DLC_MODEL_ABI_H */
