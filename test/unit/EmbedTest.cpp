//===- EmbedTest.cpp - the embedded API, include/dlc/dlc.h ----------------===//
//
// What a C++ program that embeds dlc relies on: a model compiled from a
// string trains on data in its own vectors, errors are located or say what
// was expected, tensors view the caller's memory (strided ones are copied),
// parameters are views of the state, and states of one model run forward
// concurrently.
//
//===----------------------------------------------------------------------===//
#include "dlc/dlc.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdlib>
#include <thread>

namespace {

/// A small classifier: 8 features, 4 classes.
const char *const NetSource = R"(module Net() {
  fc1 = Linear(8, 16)
  fc2 = Linear(16, 4)

  def forward(x: f32[N, 8]) -> f32[N, 4] {
    return fc2(relu(fc1(x)))
  }
}

train Net() {
  batch x: f32[N, 8], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.5, momentum = 0.9)
  metric accuracy = accuracy(logits, y)
}
)";

dlc::CompileOptions testOptions() {
  dlc::CompileOptions options;
  options.cacheDirectory = testing::TempDir() + "/dlc-embed-test-cache";
  return options;
}

/// A compiled Net, shared by the tests (compiling is the slow part).
dlc::Model &net() {
  static dlc::Model model =
      dlc::Model::compileString(NetSource, testOptions(), "net.dsl");
  return model;
}

/// 32 samples whose class is the quadrant of their first two features.
struct Batch {
  std::vector<float> x;
  std::vector<int32_t> y;
  Batch() : x(32 * 8), y(32) {
    for (int i = 0; i < 32; ++i) {
      for (int j = 0; j < 8; ++j)
        x[i * 8 + j] = std::sin(1.7f * i + 0.9f * j);
      y[i] = (x[i * 8] > 0) + 2 * (x[i * 8 + 1] > 0);
    }
  }
  std::vector<dlc::Tensor> tensors() {
    return {dlc::Tensor::view(x, {32, 8}), dlc::Tensor::view(y, {32})};
  }
};

TEST(EmbedTest, TrainsAModelCompiledFromAString) {
  dlc::Model model = net().newState();
  EXPECT_EQ(model.name(), "Net");
  EXPECT_EQ(model.inputNames(), (std::vector<std::string>{"x"}));
  EXPECT_EQ(model.batchNames(), (std::vector<std::string>{"x", "y"}));
  model.init(1);
  Batch batch;
  std::vector<double> losses;
  for (int step = 0; step < 30; ++step)
    losses.push_back(model.trainStep(batch.tensors()).loss);
  EXPECT_LT(losses.back(), 0.5 * losses.front());
  dlc::StepResult eval = model.evalStep(batch.tensors());
  EXPECT_GT(eval.metrics.at("accuracy"), 0.8);
}

TEST(EmbedTest, CompileErrorsAreLocated) {
  const char *source = "module Bad() {\n"
                       "  def forward(x: f32[N, 4]) -> f32[N, 4] {\n"
                       "    return relu(y)\n"
                       "  }\n"
                       "}\n";
  try {
    dlc::Model::compileString(source, testOptions(), "bad.dsl");
    FAIL() << "a program with an undefined name compiled";
  } catch (const dlc::Error &error) {
    EXPECT_EQ(error.kind(), dlc::Error::Kind::Compile);
    EXPECT_EQ(error.file(), "bad.dsl");
    EXPECT_EQ(error.line(), 3);
    EXPECT_EQ(error.column(), 17);
    std::string text = error.what();
    EXPECT_NE(text.find("bad.dsl:3:17: error:"), std::string::npos) << text;
    EXPECT_NE(text.find("    return relu(y)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("^"), std::string::npos) << text;
  }
  try {
    dlc::Model::compileFile("/nonexistent/model.dsl", testOptions());
    FAIL() << "a missing file compiled";
  } catch (const dlc::Error &error) {
    EXPECT_EQ(error.kind(), dlc::Error::Kind::Compile);
    EXPECT_NE(std::string(error.what()).find("cannot read"), std::string::npos);
  }
}

TEST(EmbedTest, WrongCallsAreErrors) {
  dlc::Model model = net().newState();
  model.init(0);
  std::vector<float> x(4 * 7);
  auto expectCallError = [&](auto call, const std::string &message) {
    try {
      call();
      ADD_FAILURE() << "no error for: " << message;
    } catch (const dlc::Error &error) {
      EXPECT_EQ(error.kind(), dlc::Error::Kind::Call);
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos)
          << error.what();
    }
  };
  expectCallError(
      [&] {
        model.forward({dlc::Tensor::view(x, {4, 7})});
      },
      "input 'x' dim 1: expected 8, got 7");
  expectCallError([&] { model.forward({}); }, "takes 1 input(s) (x), got 0");
  std::vector<int32_t> ids(4 * 8);
  expectCallError(
      [&] {
        model.forward({dlc::Tensor::view(ids, {4, 8})});
      },
      "input 'x': expected dtype f32, got i32");
  expectCallError([&] { model.tensor("fc3.weight"); }, "'fc3.weight'");
  expectCallError(
      [&] {
        dlc::Tensor::view(x, {4, 8});
      },
      "a view of 28 elements cannot have 32");
}

TEST(EmbedTest, ParametersAreViewsOfTheState) {
  dlc::Model model = net().newState();
  model.init(3);
  dlc::Tensor weight = model.tensor("fc2.bias");
  EXPECT_EQ(weight.shape(), (std::vector<int64_t>{4}));
  Batch batch;
  dlc::Tensor before = model.forward({batch.tensors()[0]})[0];
  weight.dataAs<float>()[2] += 1.0f;
  dlc::Tensor after = model.forward({batch.tensors()[0]})[0];
  for (int i = 0; i < 32; ++i)
    for (int k = 0; k < 4; ++k)
      EXPECT_FLOAT_EQ(after.dataAs<float>()[i * 4 + k],
                      before.dataAs<float>()[i * 4 + k] + (k == 2 ? 1 : 0));
}

TEST(EmbedTest, StridedInputsGiveTheSameResults) {
  dlc::Model model = net().newState();
  model.init(4);
  Batch batch;
  // The features stored transposed, [8, 32], viewed as [32, 8].
  std::vector<float> transposed(8 * 32);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 8; ++j)
      transposed[j * 32 + i] = batch.x[i * 8 + j];
  dlc::Tensor strided =
      dlc::Tensor::view(transposed.data(), dlc::DType::F32, {32, 8}, {1, 32});
  EXPECT_FALSE(strided.isContiguous());
  dlc::Tensor expected = model.forward({batch.tensors()[0]})[0];
  dlc::Tensor got = model.forward({strided})[0];
  for (int n = 0; n < 32 * 4; ++n)
    EXPECT_EQ(got.dataAs<float>()[n], expected.dataAs<float>()[n]);
}

TEST(EmbedTest, WeightsSaveAndLoad) {
  dlc::Model trained = net().newState();
  trained.init(5);
  Batch batch;
  for (int step = 0; step < 5; ++step)
    trained.trainStep(batch.tensors());
  std::string path = testing::TempDir() + "/dlc-embed-weights.safetensors";
  trained.save(path);
  dlc::Model loaded = net().newState();
  dlc::LoadReport report = loaded.load(path);
  EXPECT_TRUE(report.missingKeys.empty());
  dlc::Tensor a = trained.forward({batch.tensors()[0]})[0];
  dlc::Tensor b = loaded.forward({batch.tensors()[0]})[0];
  for (int n = 0; n < 32 * 4; ++n)
    EXPECT_EQ(a.dataAs<float>()[n], b.dataAs<float>()[n]);
  try {
    loaded.load(testing::TempDir() + "/no-such-weights.safetensors");
    FAIL() << "a missing weights file loaded";
  } catch (const dlc::Error &error) {
    EXPECT_EQ(error.kind(), dlc::Error::Kind::Runtime);
  }
}

TEST(EmbedTest, StatesOfOneModelRunForwardConcurrently) {
  Batch batch;
  dlc::Model reference = net().newState();
  reference.init(9);
  dlc::Tensor expected = reference.forward({batch.tensors()[0]})[0];
  std::vector<dlc::Model> states;
  for (int t = 0; t < 4; ++t) {
    states.push_back(net().newState());
    states.back().init(9);
  }
  std::vector<int> mismatches(states.size(), 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < states.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        dlc::Tensor got = states[t].forward({batch.tensors()[0]})[0];
        for (int n = 0; n < 32 * 4; ++n)
          mismatches[t] +=
              got.dataAs<float>()[n] != expected.dataAs<float>()[n];
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int count : mismatches)
    EXPECT_EQ(count, 0);
}

TEST(EmbedTest, GpuTargetWithoutADriverIsARuntimeError) {
  // A --target=nvptx model compiles anywhere; running it needs cuda:0,
  // and here the driver named is missing.
  ASSERT_EQ(setenv("DLC_CUDA_DRIVER", "no-such-libcuda.so", 1), 0);
  dlc::CompileOptions options = testOptions();
  options.target = "nvptx";
  try {
    dlc::Model::compileString(NetSource, options, "net.dsl");
    FAIL() << "a GPU model loaded without a CUDA driver";
  } catch (const dlc::Error &error) {
    EXPECT_EQ(error.kind(), dlc::Error::Kind::Runtime);
    EXPECT_NE(std::string(error.what())
                  .find("no CUDA driver: cannot load 'no-such-libcuda.so'"),
              std::string::npos)
        << error.what();
  }
  unsetenv("DLC_CUDA_DRIVER");
}

} // namespace
