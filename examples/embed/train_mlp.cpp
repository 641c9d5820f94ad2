// Compiles the MLP of examples/mlp.dsl from a string, in-process, and
// trains it for a few steps on data held in std::vectors, printing the
// losses. train_mlp.py does the same through the C API from Python.
//
//   train_mlp [CACHE_DIR]
#include "dlc/dlc.h"

#include <cstdio>
#include <vector>

static const char *const MlpSource = R"(module MLP(hidden: int) {
  fc1 = Linear(784, hidden)
  fc2 = Linear(hidden, 10)

  def forward(x: f32[N, 784]) -> f32[N, 10] {
    h = relu(fc1(x))
    return fc2(h)
  }
}

train MLP(128) {
  batch x: f32[N, 784], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  metric accuracy = accuracy(logits, y)
}
)";

int main(int argc, char **argv) {
  dlc::CompileOptions options;
  if (argc > 1)
    options.cacheDirectory = argv[1];
  try {
    dlc::Model model = dlc::Model::compileString(MlpSource, options, "mlp.dsl");
    model.init(/*seed=*/0);
    // 32 samples of 10 classes, each class a pattern of pixels (exact in
    // float, so any language computes the same values).
    const int batch = 32, pixels = 784;
    std::vector<float> x(batch * pixels);
    std::vector<int32_t> y(batch);
    for (int i = 0; i < batch; ++i) {
      y[i] = i % 10;
      for (int j = 0; j < pixels; ++j)
        x[i * pixels + j] = ((j * (y[i] + 1) + i) % 17) / 16.0f - 0.5f;
    }
    std::vector<dlc::Tensor> tensors = {dlc::Tensor::view(x, {batch, pixels}),
                                        dlc::Tensor::view(y, {batch})};
    for (int step = 1; step <= 8; ++step)
      std::printf("step %d loss %.6f\n", step, model.trainStep(tensors).loss);
  } catch (const dlc::Error &error) {
    std::fprintf(stderr, "train_mlp: %s\n", error.what());
    return 1;
  }
  return 0;
}
