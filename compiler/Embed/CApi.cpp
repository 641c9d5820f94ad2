//===- CApi.cpp - dlc/dlc_c.h over the C++ embedded API -------------------===//
//
// Each entry point runs its C++ counterpart and turns an exception into a
// status and a message: no exception crosses into C.
//
//===----------------------------------------------------------------------===//
#include "dlc/dlc.h"
#include "dlc/dlc_c.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <new>

struct dlc_embed_model {
  dlc::Model model;
  /// The state tensors handed out by dlc_embed_tensor, whose shapes their
  /// views point into.
  std::map<std::string, dlc::Tensor> stateTensors;
};

struct dlc_embed_outputs {
  std::vector<dlc::Tensor> tensors;
};

namespace {

void writeMessage(char *err, size_t errLen, const std::string &message) {
  if (!err || errLen == 0)
    return;
  size_t length = std::min(message.size(), errLen - 1);
  std::memcpy(err, message.data(), length);
  err[length] = '\0';
}

int32_t statusOf(dlc::Error::Kind kind) {
  switch (kind) {
  case dlc::Error::Kind::Compile:
    return DLC_EMBED_COMPILE_ERROR;
  case dlc::Error::Kind::Call:
    return DLC_EMBED_CALL_ERROR;
  case dlc::Error::Kind::Runtime:
    return DLC_EMBED_RUNTIME_ERROR;
  }
  return DLC_EMBED_RUNTIME_ERROR;
}

/// Runs `body`; on success clears `err`.
template <typename Body>
int32_t guarded(char *err, size_t errLen, Body &&body) {
  try {
    body();
    writeMessage(err, errLen, "");
    return DLC_EMBED_OK;
  } catch (const dlc::Error &error) {
    writeMessage(err, errLen, error.what());
    return statusOf(error.kind());
  } catch (const std::bad_alloc &) {
    writeMessage(err, errLen, "out of memory");
    return DLC_EMBED_RUNTIME_ERROR;
  } catch (const std::exception &error) {
    writeMessage(err, errLen, error.what());
    return DLC_EMBED_RUNTIME_ERROR;
  }
}

void require(bool condition, const char *message) {
  if (!condition)
    throw dlc::Error(dlc::Error::Kind::Call, message);
}

dlc::CompileOptions optionsOf(const dlc_embed_options *options) {
  dlc::CompileOptions result;
  if (!options)
    return result;
  if (options->cache_dir)
    result.cacheDirectory = options->cache_dir;
  if (options->opt_level != 0)
    result.optLevel = static_cast<unsigned>(options->opt_level);
  if (options->kernels)
    result.kernels = options->kernels;
  return result;
}

std::vector<dlc::Tensor> tensorsOf(const dlc_embed_view *views, int32_t count) {
  require(count >= 0, "a negative tensor count");
  require(views || count == 0, "null tensors");
  std::vector<dlc::Tensor> tensors;
  for (int32_t i = 0; i < count; ++i) {
    const dlc_embed_view &view = views[i];
    require(view.rank >= 0 && (view.shape || view.rank == 0),
            "a tensor without a shape");
    require(view.dtype >= 0 &&
                view.dtype <= static_cast<int32_t>(dlc::DType::Bool),
            "a tensor of an unknown dtype");
    std::vector<int64_t> shape(view.shape, view.shape + view.rank);
    std::vector<int64_t> strides;
    if (view.strides)
      strides.assign(view.strides, view.strides + view.rank);
    tensors.push_back(dlc::Tensor::view(view.data,
                                        static_cast<dlc::DType>(view.dtype),
                                        std::move(shape), std::move(strides)));
  }
  return tensors;
}

dlc_embed_view viewOf(const dlc::Tensor &tensor) {
  return dlc_embed_view{tensor.data(), static_cast<int32_t>(tensor.dtype()),
                        static_cast<int32_t>(tensor.shape().size()),
                        tensor.shape().data(), tensor.strides().data()};
}

} // namespace

extern "C" {

int32_t dlc_embed_compile_string(const char *source, const char *name,
                                 const dlc_embed_options *options,
                                 dlc_embed_model **model, char *err,
                                 size_t errLen) {
  return guarded(err, errLen, [&] {
    require(source && model, "null source or model pointer");
    *model = new dlc_embed_model{
        dlc::Model::compileString(source, optionsOf(options),
                                  name ? name : "<string>"),
        {}};
  });
}

int32_t dlc_embed_compile_file(const char *path,
                               const dlc_embed_options *options,
                               dlc_embed_model **model, char *err,
                               size_t errLen) {
  return guarded(err, errLen, [&] {
    require(path && model, "null path or model pointer");
    *model = new dlc_embed_model{
        dlc::Model::compileFile(path, optionsOf(options)), {}};
  });
}

int32_t dlc_embed_new_state(const dlc_embed_model *model,
                            dlc_embed_model **state, char *err, size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model && state, "null model or state pointer");
    *state = new dlc_embed_model{model->model.newState(), {}};
  });
}

void dlc_embed_free(dlc_embed_model *model) { delete model; }

int32_t dlc_embed_init(dlc_embed_model *model, uint64_t seed, char *err,
                       size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model, "null model");
    model->model.init(seed);
  });
}

int32_t dlc_embed_forward(dlc_embed_model *model, const dlc_embed_view *inputs,
                          int32_t numInputs, dlc_embed_outputs **outputs,
                          char *err, size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model && outputs, "null model or outputs pointer");
    *outputs = new dlc_embed_outputs{
        model->model.forward(tensorsOf(inputs, numInputs))};
  });
}

int32_t dlc_embed_outputs_count(const dlc_embed_outputs *outputs) {
  return outputs ? static_cast<int32_t>(outputs->tensors.size()) : 0;
}

dlc_embed_view dlc_embed_outputs_get(const dlc_embed_outputs *outputs,
                                     int32_t index) {
  if (!outputs || index < 0 ||
      index >= static_cast<int32_t>(outputs->tensors.size()))
    return dlc_embed_view{nullptr, 0, 0, nullptr, nullptr};
  return viewOf(outputs->tensors[index]);
}

void dlc_embed_outputs_free(dlc_embed_outputs *outputs) { delete outputs; }

int32_t dlc_embed_train_step(dlc_embed_model *model,
                             const dlc_embed_view *batch, int32_t numBatch,
                             uint64_t seed, double *loss, char *err,
                             size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model, "null model");
    dlc::StepResult step =
        model->model.trainStep(tensorsOf(batch, numBatch), seed);
    if (loss)
      *loss = step.loss;
  });
}

int32_t dlc_embed_eval_step(dlc_embed_model *model, const dlc_embed_view *batch,
                            int32_t numBatch, double *loss, char *err,
                            size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model, "null model");
    dlc::StepResult step = model->model.evalStep(tensorsOf(batch, numBatch));
    if (loss)
      *loss = step.loss;
  });
}

int32_t dlc_embed_tensor(dlc_embed_model *model, const char *name,
                         dlc_embed_view *view, char *err, size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model && name && view, "null model, name or view");
    auto found = model->stateTensors.find(name);
    if (found == model->stateTensors.end())
      found =
          model->stateTensors.emplace(name, model->model.tensor(name)).first;
    *view = viewOf(found->second);
  });
}

int32_t dlc_embed_load(dlc_embed_model *model, const char *path, int32_t strict,
                       char *err, size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model && path, "null model or path");
    model->model.load(path, strict != 0);
  });
}

int32_t dlc_embed_save(const dlc_embed_model *model, const char *path,
                       char *err, size_t errLen) {
  return guarded(err, errLen, [&] {
    require(model && path, "null model or path");
    model->model.save(path);
  });
}

} // extern "C"
