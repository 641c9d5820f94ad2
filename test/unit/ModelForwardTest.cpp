//===- ModelForwardTest.cpp - Tests of forward through the fake model ----===//
#include "runtime/Error.h"
#include "runtime/ModelState.h"
#include "test/unit/FakeModelPaths.h"
#include "test/unit/TestUtil.h"

#include <cstring>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

Tensor f32(std::vector<int64_t> Shape, float Start) {
  Tensor T(DType::F32, std::move(Shape));
  for (int64_t I = 0; I < T.numel(); ++I)
    T.dataAs<float>()[I] = Start + static_cast<float>(I);
  return T;
}

Tensor f64(std::vector<int64_t> Shape, double Start) {
  Tensor T(DType::F64, std::move(Shape));
  for (int64_t I = 0; I < T.numel(); ++I)
    T.dataAs<double>()[I] = Start + 0.5 * static_cast<double>(I);
  return T;
}

std::vector<Tensor> inputs(int64_t N, int64_t K) {
  std::vector<Tensor> In;
  In.push_back(f32({N, 4}, -3.0f));
  In.push_back(f64({N, K}, 1.0));
  return In;
}

class ModelForwardTest : public testing::Test {
protected:
  void SetUp() override {
    Lib = ModelLibrary::open(FakeModelPath);
    State = std::make_unique<ModelState>(Lib);
    State->init(0);
    Calls = static_cast<int *>(Lib->findSymbol("fake_model_forward_calls"));
    DescriptorError =
        static_cast<char *>(Lib->findSymbol("fake_model_descriptor_error"));
    ASSERT_NE(Calls, nullptr);
    ASSERT_NE(DescriptorError, nullptr);
  }

  /// Sets scale.weight to {1, 2, 3, 4}.
  void setWeight() {
    std::map<std::string, Tensor> Dict;
    Dict.emplace("scale.weight", f32({4}, 1.0f));
    State->loadStateDict(Dict, /*Strict=*/false);
  }

  std::shared_ptr<ModelLibrary> Lib;
  std::unique_ptr<ModelState> State;
  int *Calls = nullptr;
  char *DescriptorError = nullptr;
};

} // namespace

TEST_F(ModelForwardTest, ComputesOutputsOfBoundShapes) {
  setWeight();
  std::vector<Tensor> In = inputs(3, 5);
  std::vector<Tensor> Out = State->forward(In);
  ASSERT_EQ(Out.size(), 2u);
  EXPECT_EQ(Out[0].typeString(), "f32[3, 4]");
  EXPECT_EQ(Out[1].typeString(), "f64[5]");
  const float *X = In[0].dataAs<float>(), *Y = Out[0].dataAs<float>();
  for (int I = 0; I < 12; ++I)
    EXPECT_EQ(Y[I], X[I] * static_cast<float>(I % 4 + 1) + 1.0f) << I;
  const double *B = In[1].dataAs<double>(), *T = Out[1].dataAs<double>();
  for (int K = 0; K < 5; ++K)
    EXPECT_DOUBLE_EQ(T[K], B[K] + B[5 + K] + B[10 + K]) << K;
  EXPECT_STREQ(DescriptorError, "");
  EXPECT_EQ(State->outputShapes(In),
            (std::vector<std::vector<int64_t>>{{3, 4}, {5}}));
}

TEST_F(ModelForwardTest, SymbolsRebindOnEveryCallIncludingZero) {
  State->forward(inputs(2, 1));
  std::vector<Tensor> Out = State->forward(inputs(0, 6));
  EXPECT_EQ(Out[0].typeString(), "f32[0, 4]");
  EXPECT_EQ(Out[1].typeString(), "f64[6]");
  for (int K = 0; K < 6; ++K)
    EXPECT_EQ(Out[1].dataAs<double>()[K], 0.0);
  EXPECT_EQ(*Calls, 2);
  EXPECT_STREQ(DescriptorError, "");
}

TEST_F(ModelForwardTest, StatesOfOneModelAreIndependent) {
  ModelState Other(Lib);
  Other.init(0);
  setWeight(); // only State changes
  std::vector<Tensor> In = inputs(1, 1);
  float Mine = State->forward(In)[0].dataAs<float>()[3];
  float Theirs = Other.forward(In)[0].dataAs<float>()[3];
  EXPECT_EQ(Mine, (-3.0f + 3) * 4 + 1);
  EXPECT_EQ(Theirs, (-3.0f + 3) * 1 + 1);
}

TEST_F(ModelForwardTest, CheckedForwardReportsEachMistake) {
  auto ErrorFor = [&](std::vector<Tensor> In,
                      std::vector<std::string> Labels = {}) {
    return errorOf([&] { State->forward(In, Labels); });
  };
  {
    std::vector<Tensor> In;
    In.push_back(f32({2, 4}, 0));
    EXPECT_EQ(ErrorFor(std::move(In)),
              "the model takes 2 input(s) (x, b), got 1");
  }
  {
    std::vector<Tensor> In = inputs(2, 3);
    In[0] = f64({2, 4}, 0);
    EXPECT_EQ(ErrorFor(std::move(In)),
              "input 'x': expected dtype f32, got f64");
  }
  {
    std::vector<Tensor> In = inputs(2, 3);
    In[0] = f32({8}, 0);
    EXPECT_EQ(ErrorFor(std::move(In)),
              "input 'x': expected rank 2, got 1 (f32[N, 4] vs f32[8])");
  }
  {
    std::vector<Tensor> In = inputs(2, 3);
    In[0] = f32({2, 5}, 0);
    EXPECT_EQ(ErrorFor(std::move(In)), "input 'x' dim 1: expected 4, got 5");
  }
  {
    std::vector<Tensor> In = inputs(2, 3);
    In[1] = f64({3, 3}, 0);
    EXPECT_EQ(ErrorFor(std::move(In)),
              "symbol N is 2 from input 'x' but 3 from input 'b' (dim 0)");
  }
  {
    std::vector<Tensor> In = inputs(2, 3);
    In[1] = f64({3, 3}, 0);
    EXPECT_EQ(
        ErrorFor(std::move(In), {"input 'x' (x.npy)", "input 'b' (b.npy)"}),
        "symbol N is 2 from input 'x' (x.npy) but 3 from input 'b' "
        "(b.npy) (dim 0)");
  }
  EXPECT_EQ(*Calls, 0);
}

TEST_F(ModelForwardTest, RawShimReportsEachMistake) {
  ModelLibrary::ForwardFn Forward = Lib->forwardFn();
  std::vector<Tensor> In = inputs(2, 3);
  Tensor Y(DType::F32, {2, 4}), T(DType::F64, {3});
  dlc_tensor Ins[2] = {In[0].abiView(), In[1].abiView()};
  dlc_tensor Outs[2] = {Y.abiView(), T.abiView()};
  char Err[256];
  void *Arena = State->arena();

  // Each case edits copies of the good arguments.
  auto Run = [&](auto Edit) {
    dlc_tensor I[2] = {Ins[0], Ins[1]}, O[2] = {Outs[0], Outs[1]};
    void *S = Arena;
    int32_t NumIn = 2, NumOut = 2;
    const dlc_tensor *IP = I;
    dlc_tensor *OP = O;
    Edit(S, I, O, IP, OP, NumIn, NumOut);
    std::memset(Err, 'x', sizeof Err);
    int32_t Status = Forward(S, IP, NumIn, OP, NumOut, Err, sizeof Err);
    return std::make_pair(Status, std::string(Err));
  };
  using P = std::pair<int32_t, std::string>;
  auto NoEdit = [](auto &...) {};
  EXPECT_EQ(Run(NoEdit), P(DLC_OK, ""));
  EXPECT_EQ(*Calls, 1);

  const int64_t Shape25[] = {2, 5}, Shape34[] = {3, 4}, Shape23[] = {2, 3},
                Neg[] = {-1, 4}, Shape4[] = {4};
  EXPECT_EQ(Run([](void *&S, auto &...) { S = nullptr; }),
            P(DLC_ERR_INVALID_ARGUMENT, "dlc_model_forward: state is null"));
  EXPECT_CONTAINS(
      Run([](void *&S, auto &...) { S = static_cast<char *>(S) + 32; }).second,
      "is not aligned to 64 bytes");
  EXPECT_EQ(Run([](void *&, dlc_tensor *, dlc_tensor *, const dlc_tensor *&,
                   dlc_tensor *&, int32_t &NI, int32_t &) { NI = 1; }),
            P(DLC_ERR_INVALID_ARGUMENT,
              "dlc_model_forward: expected 2 inputs, got 1"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *, dlc_tensor *, const dlc_tensor *&,
                   dlc_tensor *&, int32_t &, int32_t &NO) { NO = 3; }),
            P(DLC_ERR_INVALID_ARGUMENT,
              "dlc_model_forward: expected 2 outputs, got 3"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *, dlc_tensor *, const dlc_tensor *&IP,
                   auto &...) { IP = nullptr; }),
            P(DLC_ERR_INVALID_ARGUMENT, "dlc_model_forward: inputs is null"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *, dlc_tensor *, const dlc_tensor *&,
                   dlc_tensor *&OP, auto &...) { OP = nullptr; }),
            P(DLC_ERR_INVALID_ARGUMENT, "dlc_model_forward: outputs is null"));
  EXPECT_EQ(
      Run([](void *&, dlc_tensor *I, auto &...) { I[1].dtype = DLC_F32; }),
      P(DLC_ERR_INVALID_ARGUMENT,
        "input 'b': expected dtype f64, got f32 (0)"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *I, auto &...) { I[0].dtype = 17; }),
            P(DLC_ERR_INVALID_ARGUMENT,
              "input 'x': expected dtype f32, got an unknown dtype (17)"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *I, auto &...) { I[0].rank = 3; }),
            P(DLC_ERR_SHAPE, "input 'x': expected rank 2, got 3"));
  EXPECT_EQ(
      Run([](void *&, dlc_tensor *I, auto &...) { I[0].shape = nullptr; }),
      P(DLC_ERR_INVALID_ARGUMENT, "input 'x': shape is null"));
  EXPECT_EQ(Run([&](void *&, dlc_tensor *I, auto &...) { I[0].shape = Neg; }),
            P(DLC_ERR_SHAPE, "input 'x' dim 0: negative extent -1"));
  EXPECT_EQ(
      Run([&](void *&, dlc_tensor *I, auto &...) { I[0].shape = Shape25; }),
      P(DLC_ERR_SHAPE, "input 'x' dim 1: expected 4, got 5"));
  EXPECT_EQ(
      Run([&](void *&, dlc_tensor *I, auto &...) { I[0].shape = Shape34; }),
      P(DLC_ERR_SHAPE,
        "symbol N is 3 from input 'x' but 2 from input 'b' (dim 0)"));
  EXPECT_EQ(Run([&](void *&, dlc_tensor *, dlc_tensor *O, auto &...) {
              O[0].shape = Shape34;
            }),
            P(DLC_ERR_SHAPE,
              "symbol N is 2 from input 'x' but 3 from output 'y' (dim 0)"));
  EXPECT_EQ(Run([&](void *&, dlc_tensor *, dlc_tensor *O, auto &...) {
              O[0].shape = Shape23;
            }),
            P(DLC_ERR_SHAPE, "output 'y' dim 1: expected 4, got 3"));
  EXPECT_EQ(Run([&](void *&, dlc_tensor *, dlc_tensor *O, auto &...) {
              O[1].shape = Shape4;
            }),
            P(DLC_ERR_SHAPE,
              "symbol K is 3 from input 'b' but 4 from output 't' (dim 0)"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *, dlc_tensor *O, auto &...) {
              O[1].dtype = DLC_I64;
            }),
            P(DLC_ERR_INVALID_ARGUMENT,
              "output 't': expected dtype f64, got i64 (5)"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *I, auto &...) { I[0].data = nullptr; }),
            P(DLC_ERR_INVALID_ARGUMENT, "input 'x': data is null"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *I, dlc_tensor *O, auto &...) {
              O[0].data = I[0].data;
            }),
            P(DLC_ERR_INVALID_ARGUMENT, "output 'y' overlaps input 'x'"));
  EXPECT_EQ(Run([](void *&, dlc_tensor *, dlc_tensor *O, auto &...) {
              O[1].data = static_cast<char *>(O[0].data) + 8;
            }),
            P(DLC_ERR_INVALID_ARGUMENT, "output 'y' overlaps output 't'"));
  EXPECT_EQ(Run([](void *&S, dlc_tensor *, dlc_tensor *O, auto &...) {
              O[1].data = static_cast<char *>(S) + 64;
            }),
            P(DLC_ERR_INVALID_ARGUMENT, "output 't' overlaps the model state"));
  EXPECT_EQ(*Calls, 1); // no failed call reached the compiled code

  // A short buffer gets a terminated prefix.
  char Small[8];
  EXPECT_EQ(Forward(nullptr, Ins, 2, Outs, 2, Small, sizeof Small),
            DLC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(Small, "dlc_mod");
  EXPECT_EQ(Forward(nullptr, Ins, 2, Outs, 2, nullptr, 0),
            DLC_ERR_INVALID_ARGUMENT);
}

TEST(ModelShimTest, OutputSymbolsMustBeBoundByInputs) {
  // The compiled code sizes its loops from the inputs; an output extent
  // that only the caller states would let it write past the buffer.
  std::shared_ptr<ModelLibrary> Lib =
      ModelLibrary::open(FakeModelUnboundOutputPath);
  ModelState State(Lib);
  State.init(0);
  std::vector<Tensor> In = inputs(2, 3);
  Tensor Y(DType::F32, {2, 4}), T(DType::F64, {3});
  dlc_tensor Ins[2] = {In[0].abiView(), In[1].abiView()};
  dlc_tensor Outs[2] = {Y.abiView(), T.abiView()};
  char Err[256] = "";
  int32_t Status =
      Lib->forwardFn()(State.arena(), Ins, 2, Outs, 2, Err, sizeof Err);
  EXPECT_EQ(Status, DLC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(Err, "output 't' dim 0: symbol M is not bound by any input");
  EXPECT_EQ(*static_cast<int *>(Lib->findSymbol("fake_model_forward_calls")),
            0);
}

TEST(ModelShimTest, RefusesToRunOnACpuWithoutTheCompiledFeatures) {
  // Code compiled for another CPU would die on an illegal instruction; the
  // entry points say so instead, and describe() still works.
  std::shared_ptr<ModelLibrary> Lib =
      ModelLibrary::open(FakeModelFutureCpuPath);
  EXPECT_EQ(Lib->info().cpu_features, 1u << 31);
  ModelState State(Lib);
  char Err[256] = "";
  EXPECT_EQ(Lib->initFn()(State.arena(), 0, Err, sizeof Err),
            DLC_ERR_UNSUPPORTED);
  EXPECT_STREQ(Err, "dlc_model_init: this model was compiled for a CPU with an "
                    "unknown feature, which this CPU lacks; compile it again "
                    "with dlc --cpu=native on this machine, or for a baseline "
                    "such as --cpu=x86-64-v2");
  std::vector<Tensor> In = inputs(2, 3);
  Tensor Y(DType::F32, {2, 4}), T(DType::F64, {3});
  dlc_tensor Ins[2] = {In[0].abiView(), In[1].abiView()};
  dlc_tensor Outs[2] = {Y.abiView(), T.abiView()};
  EXPECT_EQ(Lib->forwardFn()(State.arena(), Ins, 2, Outs, 2, Err, sizeof Err),
            DLC_ERR_UNSUPPORTED);
  EXPECT_EQ(*static_cast<int *>(Lib->findSymbol("fake_model_forward_calls")),
            0);
}
