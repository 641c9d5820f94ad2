/*===- dlc_c.h - the embedded API for C and foreign-function callers -----===*
 *
 * The objects of dlc/dlc.h behind plain C, prefixed dlc_embed_ (dlc_model_*
 * are the entry points of a model.so itself): a dlc_embed_model is a
 * compiled model with one state. Every call returns a dlc_embed_status; on
 * failure the message (for a compile error: "file:line:col: error: ..."
 * with the source line and a caret) is written to `err` (truncated to
 * err_len, always terminated).
 * Tensors are dlc_embed_view: the caller's memory, described; dtype codes are
 * those of dlc/ModelABI.h (DLC_F32, ...). Nothing aborts the process.
 *
 * Threads: calls on different models (dlc_embed_new_state gives another
 * state of one compiled program) may run concurrently.
 *
 *===---------------------------------------------------------------------===*/
#ifndef DLC_DLC_C_H
#define DLC_DLC_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dlc_embed_status {
  DLC_EMBED_OK = 0,
  DLC_EMBED_COMPILE_ERROR = 1, /* the program does not compile */
  DLC_EMBED_CALL_ERROR = 2,    /* a call does not fit the model */
  DLC_EMBED_RUNTIME_ERROR = 3, /* the model or a file failed */
} dlc_embed_status;

/* A tensor in the caller's memory. `strides` (in elements) may be null for
 * dense row-major data; other layouts are copied before a call. */
typedef struct dlc_embed_view {
  void *data;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
  const int64_t *strides;
} dlc_embed_view;

/* How to compile; zero-initialise, then set what differs from the defaults
 * (cache_dir null: $XDG_CACHE_HOME/dlc; opt_level 0 means 2; kernels null:
 * "halide"). */
typedef struct dlc_embed_options {
  const char *cache_dir;
  int32_t opt_level;
  const char *kernels;
} dlc_embed_options;

typedef struct dlc_embed_model dlc_embed_model;
/* The outputs of forward, owned by the library until dlc_embed_outputs_free. */
typedef struct dlc_embed_outputs dlc_embed_outputs;

/* Compile a program held in memory (`name` stands for its file in
 * messages) or a .dsl file; `options` may be null. */
int32_t dlc_embed_compile_string(const char *source, const char *name,
                                 const dlc_embed_options *options,
                                 dlc_embed_model **model, char *err,
                                 size_t err_len);
int32_t dlc_embed_compile_file(const char *path,
                               const dlc_embed_options *options,
                               dlc_embed_model **model, char *err,
                               size_t err_len);
/* Another, zeroed state of the same compiled program. */
int32_t dlc_embed_new_state(const dlc_embed_model *model,
                            dlc_embed_model **state, char *err, size_t err_len);
void dlc_embed_free(dlc_embed_model *model);

int32_t dlc_embed_init(dlc_embed_model *model, uint64_t seed, char *err,
                       size_t err_len);
/* forward on inputs in the model's order; *outputs is set on success. */
int32_t dlc_embed_forward(dlc_embed_model *model, const dlc_embed_view *inputs,
                          int32_t num_inputs, dlc_embed_outputs **outputs,
                          char *err, size_t err_len);
int32_t dlc_embed_outputs_count(const dlc_embed_outputs *outputs);
/* A view of output `index`, valid until dlc_embed_outputs_free (dense). */
dlc_embed_view dlc_embed_outputs_get(const dlc_embed_outputs *outputs,
                                     int32_t index);
void dlc_embed_outputs_free(dlc_embed_outputs *outputs);

/* One training step on a batch in the train block's order; *loss gets its
 * loss. */
int32_t dlc_embed_train_step(dlc_embed_model *model,
                             const dlc_embed_view *batch, int32_t num_batch,
                             uint64_t seed, double *loss, char *err,
                             size_t err_len);
/* The loss of a batch in evaluation mode. */
int32_t dlc_embed_eval_step(dlc_embed_model *model, const dlc_embed_view *batch,
                            int32_t num_batch, double *loss, char *err,
                            size_t err_len);

/* A parameter, buffer or optimizer state tensor by dotted name, as a view
 * of the state itself (valid while the model lives). */
int32_t dlc_embed_tensor(dlc_embed_model *model, const char *name,
                         dlc_embed_view *view, char *err, size_t err_len);
/* Safetensors weights, PyTorch's names; `strict` refuses missing and
 * unexpected names. */
int32_t dlc_embed_load(dlc_embed_model *model, const char *path, int32_t strict,
                       char *err, size_t err_len);
int32_t dlc_embed_save(const dlc_embed_model *model, const char *path,
                       char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* DLC_DLC_C_H */
