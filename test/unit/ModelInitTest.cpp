//===- ModelInitTest.cpp - Tests of dlc_model_init through the fake model -===//
#include "runtime/Error.h"
#include "runtime/ModelState.h"
#include "runtime/shim/CounterRng.h"
#include "runtime/shim/Float16.h"
#include "test/unit/FakeModelPaths.h"
#include "test/unit/TestUtil.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// The elements of a floating-point state tensor as doubles.
std::vector<double> valuesOf(const ModelState &State, const std::string &Name) {
  std::map<std::string, Tensor> Dict = State.stateDict();
  const Tensor &T = Dict.at(Name);
  std::vector<double> V;
  for (int64_t I = 0; I < T.numel(); ++I) {
    switch (T.dtype()) {
    case DType::F32:
      V.push_back(T.dataAs<float>()[I]);
      break;
    case DType::F64:
      V.push_back(T.dataAs<double>()[I]);
      break;
    case DType::F16:
      V.push_back(dlcHalfToFloat(T.dataAs<uint16_t>()[I]));
      break;
    case DType::BF16:
      V.push_back(dlcBF16ToFloat(T.dataAs<uint16_t>()[I]));
      break;
    default:
      ADD_FAILURE() << Name << " is not floating point";
    }
  }
  return V;
}

double mean(const std::vector<double> &V) {
  double Sum = 0;
  for (double X : V)
    Sum += X;
  return Sum / V.size();
}

double stddev(const std::vector<double> &V) {
  double M = mean(V), Sum = 0;
  for (double X : V)
    Sum += (X - M) * (X - M);
  return std::sqrt(Sum / (V.size() - 1));
}

double maxAbs(const std::vector<double> &V) {
  double Max = 0;
  for (double X : V)
    Max = std::max(Max, std::fabs(X));
  return Max;
}

class ModelInitTest : public testing::Test {
protected:
  std::shared_ptr<ModelLibrary> Lib = ModelLibrary::open(FakeModelPath);
};

} // namespace

TEST_F(ModelInitTest, SameSeedSameStateDifferentSeedDifferentValues) {
  ModelState A(Lib), B(Lib), C(Lib);
  A.init(42);
  B.init(42);
  C.init(43);
  size_t Bytes = Lib->info().state_bytes;
  EXPECT_EQ(std::memcmp(A.arena(), B.arena(), Bytes), 0);
  std::vector<double> VA = valuesOf(A, "init.uniform");
  std::vector<double> VC = valuesOf(C, "init.uniform");
  size_t Same = 0;
  for (size_t I = 0; I < VA.size(); ++I)
    Same += VA[I] == VC[I];
  EXPECT_LT(Same, 5u);
  // Deterministic inits do not depend on the seed.
  EXPECT_EQ(valuesOf(A, "scale.weight"), valuesOf(C, "scale.weight"));
  // Re-initialising reproduces the state exactly.
  C.init(42);
  EXPECT_EQ(std::memcmp(A.arena(), C.arena(), Bytes), 0);
}

TEST_F(ModelInitTest, ValuesFollowTheDocumentedGenerator) {
  ModelState State(Lib);
  const uint64_t Seed = 7;
  State.init(Seed);
  std::vector<double> U = valuesOf(State, "init.uniform");
  uint64_t UKey = dlcRngKey(Seed, dlcRngStream("init.uniform"));
  for (size_t I = 0; I < U.size(); ++I)
    ASSERT_EQ(U[I], static_cast<float>(-2.0 + 5.0 * dlcRngUniform01(UKey, I)))
        << "element " << I;
  std::vector<double> N = valuesOf(State, "init.normal");
  uint64_t NKey = dlcRngKey(Seed, dlcRngStream("init.normal"));
  for (size_t I = 0; I < N.size(); ++I)
    ASSERT_DOUBLE_EQ(N[I], 1.5 + 2.0 * dlcRngNormal(NKey, I))
        << "element " << I;
  // Pin a few raw outputs so that a change to the generator, which would
  // silently change every model's initial weights, fails here.
  EXPECT_EQ(dlcRngBits(dlcRngKey(0, dlcRngStream("w")), 0),
            0x7a5b5b6f3aae2fcfULL);
  EXPECT_EQ(dlcRngStream(""), 0xcbf29ce484222325ULL);
  // splitmix64's published first output for the state 0.
  EXPECT_EQ(dlcRngBits(0, 0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(dlcRngMix(1), 0x5692161d100b05e5ULL);
}

TEST_F(ModelInitTest, DistributionsMatchTheirInitKinds) {
  ModelState State(Lib);
  State.init(2024);
  std::vector<double> U = valuesOf(State, "init.uniform");
  EXPECT_GE(*std::min_element(U.begin(), U.end()), -2.0);
  EXPECT_LE(*std::max_element(U.begin(), U.end()), 3.0);
  EXPECT_LT(*std::min_element(U.begin(), U.end()), -1.9);
  EXPECT_GT(*std::max_element(U.begin(), U.end()), 2.9);
  EXPECT_NEAR(mean(U), 0.5, 0.25);
  EXPECT_NEAR(stddev(U), 5.0 / std::sqrt(12.0), 0.1);

  std::vector<double> N = valuesOf(State, "init.normal");
  EXPECT_NEAR(mean(N), 1.5, 0.15);
  EXPECT_NEAR(stddev(N), 2.0, 0.1);

  // kaiming_uniform(a = sqrt(5)) with fan_in 32 is nn.Linear's default:
  // bound 1 / sqrt(fan_in).
  std::vector<double> KU = valuesOf(State, "init.kaiming_uniform");
  double Bound = 1.0 / std::sqrt(32.0);
  EXPECT_LE(maxAbs(KU), Bound * (1 + 1e-6));
  EXPECT_GT(maxAbs(KU), Bound * 0.95);
  EXPECT_NEAR(stddev(KU), Bound / std::sqrt(3.0), 0.01);

  std::vector<double> KN = valuesOf(State, "init.kaiming_normal");
  EXPECT_NEAR(mean(KN), 0.0, 0.03);
  EXPECT_NEAR(stddev(KN), std::sqrt(2.0 / 32), 0.0125);

  std::vector<double> G = valuesOf(State, "init.glorot");
  double GBound = std::sqrt(6.0 / (32 + 64));
  EXPECT_LE(maxAbs(G), GBound);
  EXPECT_GT(maxAbs(G), GBound * 0.95);

  std::vector<double> H = valuesOf(State, "init.half");
  EXPECT_LE(maxAbs(H), 1.0);
  EXPECT_NEAR(mean(H), 0.0, 0.2);
  EXPECT_GT(stddev(H), 0.4);

  std::vector<double> BF = valuesOf(State, "init.bf16");
  EXPECT_NEAR(mean(BF), 0.0, 0.3);
  EXPECT_NEAR(stddev(BF), 1.0, 0.2);
}

TEST_F(ModelInitTest, FillsBuffersOfEveryDType) {
  ModelState State(Lib);
  std::memset(State.arena(), 0x5a, Lib->info().state_bytes);
  State.init(0);
  std::map<std::string, Tensor> Dict = State.stateDict();
  EXPECT_EQ(valuesOf(State, "scale.weight"), std::vector<double>(4, 1.0));
  EXPECT_EQ(valuesOf(State, "bn.running_mean"), std::vector<double>(4, 0.0));
  EXPECT_EQ(valuesOf(State, "bn.running_var"), std::vector<double>(4, 1.0));
  EXPECT_EQ(Dict.at("bn.num_batches_tracked").dataAs<int64_t>()[0], 0);
  const int32_t *Counts = Dict.at("counts").dataAs<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(Counts, Counts + 3),
            std::vector<int32_t>(3, 1));
  const uint8_t *Flags = Dict.at("flags").dataAs<uint8_t>();
  EXPECT_EQ(Flags[0], 1);
  EXPECT_EQ(Flags[1], 1);
}

TEST_F(ModelInitTest, RawInitValidatesItsArguments) {
  ModelLibrary::InitFn Init = Lib->initFn();
  char Err[256];
  EXPECT_EQ(Init(nullptr, 0, Err, sizeof Err), DLC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(Err, "dlc_model_init: state is null");
  ModelState State(Lib);
  char *Misaligned = static_cast<char *>(State.arena()) + 8;
  EXPECT_EQ(Init(Misaligned, 0, Err, sizeof Err), DLC_ERR_INVALID_ARGUMENT);
  EXPECT_CONTAINS(Err, "is not aligned to 64 bytes");
  // Truncation keeps the message terminated; a null buffer is allowed.
  char Small[10];
  std::memset(Small, 'x', sizeof Small);
  EXPECT_EQ(Init(nullptr, 0, Small, sizeof Small), DLC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(Small, "dlc_model");
  EXPECT_EQ(Init(nullptr, 0, nullptr, 0), DLC_ERR_INVALID_ARGUMENT);
  // Success clears the message.
  EXPECT_EQ(Init(State.arena(), 0, Err, sizeof Err), DLC_OK);
  EXPECT_STREQ(Err, "");
}

// The shim checks the description itself before writing anything, for hosts
// that call it without libdlcrt's validation.
TEST(ModelInitRawTest, ShimRejectsABrokenDescriptionWithoutWriting) {
  void *Handle = ::dlopen(FakeModelBadOffsetPath, RTLD_LOCAL | RTLD_NOW);
  ASSERT_NE(Handle, nullptr) << ::dlerror();
  auto Init =
      reinterpret_cast<ModelLibrary::InitFn>(::dlsym(Handle, "dlc_model_init"));
  ASSERT_NE(Init, nullptr);
  const size_t Bytes = 70208;
  void *State = std::aligned_alloc(64, Bytes);
  std::memset(State, 0xab, Bytes);
  char Err[256];
  EXPECT_EQ(Init(State, 1, Err, sizeof Err), DLC_ERR_INTERNAL);
  EXPECT_STREQ(Err, "param 'init.uniform': 4000 bytes at offset 70208 do not "
                    "fit the 70208-byte state");
  auto *P = static_cast<unsigned char *>(State);
  EXPECT_TRUE(
      std::all_of(P, P + Bytes, [](unsigned char C) { return C == 0xab; }));
  std::free(State);
  ::dlclose(Handle);
}
