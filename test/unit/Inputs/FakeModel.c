/* A hand-written stand-in for compiler output, linked with the real shim.
 *
 * It defines what the compiler generates into a model.so: the description
 * dlc_gen_model_info and dlc_gen_forward over memref descriptors. forward
 * computes y = x * scale.weight + 1 (x: f32[N, 4]) and t[k] = sum_n b[n, k]
 * (b: f64[N, K]). The params and buffers cover every init kind and dtype.
 *
 * Variants (compile definitions) make broken models for the loader tests:
 * FAKE_MODEL_ABI_VERSION overrides the ABI version; FAKE_MODEL_BAD_OFFSET
 * places a param outside the state arena; FAKE_MODEL_UNBOUND_OUTPUT gives
 * output t a symbol M that no input binds; FAKE_MODEL_FUTURE_CPU asks for a
 * CPU feature no CPU has. */

#include "dlc/ModelABI.h"

#include <stdio.h>
#include <string.h>

#ifndef FAKE_MODEL_ABI_VERSION
#define FAKE_MODEL_ABI_VERSION DLC_MODEL_ABI_VERSION
#endif

#define STATE_BYTES 70208u
#ifdef FAKE_MODEL_BAD_OFFSET
#define UNIFORM_OFFSET STATE_BYTES
#else
#define UNIFORM_OFFSET 64u
#endif

/* Hooks the tests read through dlsym: the first descriptor inconsistency that
 * forward saw (empty if none), and how often forward ran. */
char fake_model_descriptor_error[256];
int fake_model_forward_calls;

static const char *const Symbols[] = {"N", "K", "M"};

static const int64_t Dims4[] = {4};
static const int64_t Dims1000[] = {1000};
static const int64_t Dims4000[] = {4000};
static const int64_t Dims64x32[] = {64, 32};
static const int64_t Dims256[] = {256};
static const int64_t Dims3[] = {3};
static const int64_t Dims2[] = {2};
static const int64_t Dims4x0[] = {4, 0};
static const int64_t DimsN4[] = {-1, 4};
static const int64_t DimsNK[] = {-1, -2};
#ifdef FAKE_MODEL_UNBOUND_OUTPUT
static const int64_t DimsK[] = {-3};
#else
static const int64_t DimsK[] = {-2};
#endif

/* name, dtype, rank, dims, offset, init, reserved, a, b, fan_in, fan_out */
static const dlc_tensor_info Params[] = {
    {"scale.weight", DLC_F32, 1, Dims4, 0, DLC_INIT_ONES, 0, 0, 0, 0, 0},
    {"init.uniform", DLC_F32, 1, Dims1000, UNIFORM_OFFSET, DLC_INIT_UNIFORM, 0,
     -2.0, 3.0, 0, 0},
    {"init.normal", DLC_F64, 1, Dims4000, 4096, DLC_INIT_NORMAL, 0, 1.5, 2.0, 0,
     0},
    {"init.kaiming_uniform", DLC_F32, 2, Dims64x32, 36096,
     DLC_INIT_KAIMING_UNIFORM, 0, 2.23606797749979, 0, 32, 64},
    {"init.kaiming_normal", DLC_F32, 2, Dims64x32, 44288,
     DLC_INIT_KAIMING_NORMAL, 0, 0, 0, 32, 64},
    {"init.glorot", DLC_F64, 2, Dims64x32, 52480, DLC_INIT_GLOROT_UNIFORM, 0, 0,
     0, 32, 64},
    {"init.half", DLC_F16, 1, Dims256, 68864, DLC_INIT_UNIFORM, 0, -1.0, 1.0, 0,
     0},
    {"init.bf16", DLC_BF16, 1, Dims256, 69376, DLC_INIT_NORMAL, 0, 0.0, 1.0, 0,
     0},
    /* Zero elements and fan_in 0: init must skip it, as torch.nn.init does. */
    {"init.empty", DLC_F32, 2, Dims4x0, STATE_BYTES, DLC_INIT_KAIMING_UNIFORM,
     0, 0, 0, 0, 4},
};

static const dlc_tensor_info Buffers[] = {
    {"bn.running_mean", DLC_F32, 1, Dims4, 69888, DLC_INIT_ZEROS, 0, 0, 0, 0,
     0},
    {"bn.running_var", DLC_F32, 1, Dims4, 69952, DLC_INIT_ONES, 0, 0, 0, 0, 0},
    {"bn.num_batches_tracked", DLC_I64, 0, NULL, 70016, DLC_INIT_ZEROS, 0, 0, 0,
     0, 0},
    {"counts", DLC_I32, 1, Dims3, 70080, DLC_INIT_ONES, 0, 0, 0, 0, 0},
    {"flags", DLC_BOOL, 1, Dims2, 70144, DLC_INIT_ONES, 0, 0, 0, 0, 0},
};

static const dlc_tensor_info Inputs[] = {
    {"x", DLC_F32, 2, DimsN4, 0, 0, 0, 0, 0, 0, 0},
    {"b", DLC_F64, 2, DimsNK, 0, 0, 0, 0, 0, 0, 0},
};

static const dlc_tensor_info Outputs[] = {
    {"y", DLC_F32, 2, DimsN4, 0, 0, 0, 0, 0, 0, 0},
    {"t", DLC_F64, 1, DimsK, 0, 0, 0, 0, 0, 0, 0},
};

const dlc_model_info dlc_gen_model_info = {
    .abi_version = FAKE_MODEL_ABI_VERSION,
#ifdef FAKE_MODEL_FUTURE_CPU
    .cpu_features = 1u << 31,
#endif
    .name = "FakeModel",
    .state_bytes = STATE_BYTES,
#ifdef FAKE_MODEL_UNBOUND_OUTPUT
    .num_symbols = 3,
#else
    .num_symbols = 2,
#endif
    .num_params = 9,
    .num_buffers = 5,
    .num_inputs = 2,
    .num_outputs = 2,
    .symbols = Symbols,
    .params = Params,
    .buffers = Buffers,
    .inputs = Inputs,
    .outputs = Outputs,
    .optimizer = "{\"kind\": \"sgd\", \"lr\": 0.05, \"momentum\": 0.9}",
};

typedef struct MemRef1 {
  void *Allocated;
  void *Aligned;
  int64_t Offset;
  int64_t Sizes[1];
  int64_t Strides[1];
} MemRef1;

typedef struct MemRef2 {
  void *Allocated;
  void *Aligned;
  int64_t Offset;
  int64_t Sizes[2];
  int64_t Strides[2];
} MemRef2;

static void complain(const char *What) {
  if (!fake_model_descriptor_error[0])
    snprintf(fake_model_descriptor_error, sizeof fake_model_descriptor_error,
             "%s", What);
}

/* Checks what the shim promises: offset 0, allocated == aligned, row-major. */
static void check1(const MemRef1 *M, const char *Name) {
  if (M->Offset != 0 || M->Allocated != M->Aligned || M->Strides[0] != 1)
    complain(Name);
}

static void check2(const MemRef2 *M, const char *Name) {
  if (M->Offset != 0 || M->Allocated != M->Aligned || M->Strides[1] != 1 ||
      M->Strides[0] != M->Sizes[1])
    complain(Name);
}

void dlc_gen_forward(void **Args) {
  ++fake_model_forward_calls;
  const MemRef1 *State = Args[0];
  const MemRef2 *X = Args[1], *B = Args[2];
  const MemRef2 *Y = Args[3];
  const MemRef1 *T = Args[4];
  check1(State, "state");
  if (State->Sizes[0] != (int64_t)STATE_BYTES)
    complain("state size");
  check2(X, "x");
  check2(B, "b");
  check2(Y, "y");
  check1(T, "t");
  if (Y->Sizes[0] != X->Sizes[0] || B->Sizes[0] != X->Sizes[0] ||
      T->Sizes[0] != B->Sizes[1] || X->Sizes[1] != 4 || Y->Sizes[1] != 4)
    complain("sizes");

  const float *W = (const float *)((const char *)State->Aligned + 0);
  const float *XData = X->Aligned;
  float *YData = Y->Aligned;
  int64_t N = X->Sizes[0], K = B->Sizes[1];
  for (int64_t I = 0; I < N; ++I)
    for (int64_t J = 0; J < 4; ++J)
      YData[I * 4 + J] = XData[I * 4 + J] * W[J] + 1.0f;
  const double *BData = B->Aligned;
  double *TData = T->Aligned;
  for (int64_t J = 0; J < K; ++J) {
    double Sum = 0;
    for (int64_t I = 0; I < N; ++I)
      Sum += BData[I * K + J];
    TData[J] = Sum;
  }
}
