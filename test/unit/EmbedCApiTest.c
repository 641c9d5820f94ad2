/*===- EmbedCApiTest.c - dlc/dlc_c.h from a C program --------------------===*
 *
 * Compiled as C, so the header is checked to be C. Compiles a model from a
 * string, trains it, reads a parameter through its view, and checks that a
 * compile error, a wrong shape and a null argument come back as statuses
 * with messages. Exit status 0 when everything holds; each failed check
 * prints a line.
 *
 *===---------------------------------------------------------------------===*/
#include "dlc/ModelABI.h"
#include "dlc/dlc_c.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition, ...)                                                  \
  do {                                                                         \
    if (!(condition)) {                                                        \
      printf("FAILED %s:%d: %s: ", __FILE__, __LINE__, #condition);            \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static const char *Source = "module Net() {\n"
                            "  fc = Linear(4, 3)\n"
                            "  def forward(x: f32[N, 4]) -> f32[N, 3] {\n"
                            "    return fc(x)\n"
                            "  }\n"
                            "}\n"
                            "train Net() {\n"
                            "  batch x: f32[N, 4], y: i32[N]\n"
                            "  loss = cross_entropy(forward(x), y)\n"
                            "  optimizer = sgd(lr = 0.5)\n"
                            "}\n";

int main(int argc, char **argv) {
  char err[2048];
  dlc_embed_options options;
  memset(&options, 0, sizeof options);
  options.cache_dir = argc > 1 ? argv[1] : NULL;

  dlc_embed_model *model = NULL;
  int32_t status = dlc_embed_compile_string(Source, "net.dsl", &options, &model,
                                            err, sizeof err);
  CHECK(status == DLC_EMBED_OK, "%s", err);
  if (status != DLC_EMBED_OK)
    return 1;
  CHECK(dlc_embed_init(model, 3, err, sizeof err) == DLC_EMBED_OK, "%s", err);

  float x[16 * 4];
  int32_t y[16];
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 4; ++j)
      x[i * 4 + j] = (float)sin(1.3 * i + 0.7 * j);
    y[i] = x[i * 4] > 0 ? (x[i * 4 + 1] > 0 ? 2 : 1) : 0;
  }
  int64_t xShape[2] = {16, 4}, yShape[1] = {16};
  dlc_embed_view batch[2] = {{x, DLC_F32, 2, xShape, NULL},
                             {y, DLC_I32, 1, yShape, NULL}};
  double first = 0, loss = 0;
  for (int step = 0; step < 40; ++step) {
    status = dlc_embed_train_step(model, batch, 2, 0, &loss, err, sizeof err);
    CHECK(status == DLC_EMBED_OK, "%s", err);
    if (step == 0)
      first = loss;
  }
  CHECK(loss < 0.7 * first, "loss %f after 40 steps, %f at first", loss, first);

  dlc_embed_outputs *outputs = NULL;
  status = dlc_embed_forward(model, batch, 1, &outputs, err, sizeof err);
  CHECK(status == DLC_EMBED_OK, "%s", err);
  CHECK(dlc_embed_outputs_count(outputs) == 1, "%d outputs",
        dlc_embed_outputs_count(outputs));
  dlc_embed_view logits = dlc_embed_outputs_get(outputs, 0);
  CHECK(logits.rank == 2 && logits.shape[0] == 16 && logits.shape[1] == 3,
        "logits of rank %d", logits.rank);
  dlc_embed_view bias;
  CHECK(dlc_embed_tensor(model, "fc.bias", &bias, err, sizeof err) ==
            DLC_EMBED_OK,
        "%s", err);
  CHECK(bias.rank == 1 && bias.shape[0] == 3 && bias.dtype == DLC_F32,
        "fc.bias of rank %d", bias.rank);
  /* The view is the state: a changed bias moves every logit of its class. */
  float before = ((float *)logits.data)[2];
  ((float *)bias.data)[2] += 1.0f;
  dlc_embed_outputs *moved = NULL;
  dlc_embed_forward(model, batch, 1, &moved, err, sizeof err);
  CHECK(fabsf(((float *)dlc_embed_outputs_get(moved, 0).data)[2] - before -
              1.0f) < 1e-5f,
        "the bias view is not the state");
  dlc_embed_outputs_free(moved);
  dlc_embed_outputs_free(outputs);

  int64_t wrongShape[2] = {16, 5};
  dlc_embed_view wrong = {x, DLC_F32, 2, wrongShape, NULL};
  status = dlc_embed_forward(model, &wrong, 1, &outputs, err, sizeof err);
  CHECK(status == DLC_EMBED_CALL_ERROR, "status %d", status);
  CHECK(strstr(err, "input 'x' dim 1: expected 4, got 5") != NULL, "%s", err);
  status = dlc_embed_init(NULL, 0, err, sizeof err);
  CHECK(status == DLC_EMBED_CALL_ERROR && strstr(err, "null") != NULL, "%d %s",
        status, err);

  dlc_embed_model *bad = NULL;
  status = dlc_embed_compile_string("module Bad() {\n  fc = Lin(2, 2)\n}\n",
                                    "bad.dsl", &options, &bad, err, sizeof err);
  CHECK(status == DLC_EMBED_COMPILE_ERROR, "status %d", status);
  CHECK(strstr(err, "bad.dsl:2:") != NULL, "%s", err);
  CHECK(bad == NULL, "a model for a bad program");

  dlc_embed_free(model);
  if (failures == 0)
    printf("all C API checks passed\n");
  return failures == 0 ? 0 : 1;
}
