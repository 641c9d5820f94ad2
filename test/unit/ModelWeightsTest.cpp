//===- ModelWeightsTest.cpp - Tests of loading and saving model weights ---===//
#include "runtime/Error.h"
#include "runtime/ModelState.h"
#include "runtime/Safetensors.h"
#include "test/unit/FakeModelPaths.h"
#include "test/unit/TestUtil.h"

#include <cstring>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

class ModelWeightsTest : public testing::Test {
protected:
  void SetUp() override {
    Lib = ModelLibrary::open(FakeModelPath);
    Source = std::make_unique<ModelState>(Lib);
    Source->init(11);
  }

  bool sameState(ModelState &A, ModelState &B) {
    return std::memcmp(A.arena(), B.arena(), Lib->info().state_bytes) == 0;
  }

  TempDir Dir;
  std::shared_ptr<ModelLibrary> Lib;
  std::unique_ptr<ModelState> Source;
};

} // namespace

TEST_F(ModelWeightsTest, SaveThenLoadRestoresTheWholeState) {
  std::string Path = Dir.path("w.safetensors");
  Source->saveWeights(Path);
  SafetensorsContents File = readSafetensors(Path);
  EXPECT_EQ(File.Tensors.size(), 14u);
  EXPECT_EQ(File.Metadata.at("format"), "pt");
  EXPECT_EQ(File.Metadata.at("dlc_model"), "FakeModel");
  EXPECT_EQ(File.Tensors.at("init.kaiming_uniform").typeString(),
            "f32[64, 32]");
  EXPECT_EQ(File.Tensors.at("bn.num_batches_tracked").typeString(), "i64[]");
  EXPECT_EQ(File.Tensors.at("init.empty").typeString(), "f32[4, 0]");

  ModelState Target(Lib);
  Target.init(12);
  EXPECT_FALSE(sameState(*Source, Target));
  LoadResult Result = Target.loadWeights(Path);
  EXPECT_TRUE(Result.MissingKeys.empty());
  EXPECT_TRUE(Result.UnexpectedKeys.empty());
  EXPECT_TRUE(sameState(*Source, Target));
}

TEST_F(ModelWeightsTest, StrictLoadReportsMissingAndUnexpectedKeys) {
  std::map<std::string, Tensor> Dict = Source->stateDict();
  Dict.erase("init.half");
  Dict.erase("counts");
  Dict.emplace("extra.weight", Tensor(DType::F32, {2}));
  std::string Path = Dir.path("partial.safetensors");
  writeSafetensors(Path, Dict);

  ModelState Target(Lib);
  Target.init(5);
  std::vector<char> Before(static_cast<char *>(Target.arena()),
                           static_cast<char *>(Target.arena()) +
                               Lib->info().state_bytes);
  std::string Message = errorOf([&] { Target.loadWeights(Path); });
  EXPECT_EQ(Message, "error(s) in loading weights for FakeModel from '" + Path +
                         "':\n  missing key(s): \"init.half\", \"counts\"\n"
                         "  unexpected key(s): \"extra.weight\"");
  EXPECT_EQ(std::memcmp(Before.data(), Target.arena(), Before.size()), 0)
      << "a failed load must not change the state";

  LoadResult Result = Target.loadWeights(Path, /*Strict=*/false);
  EXPECT_EQ(Result.MissingKeys,
            (std::vector<std::string>{"init.half", "counts"}));
  EXPECT_EQ(Result.UnexpectedKeys, std::vector<std::string>{"extra.weight"});
  std::map<std::string, Tensor> Loaded = Target.stateDict();
  EXPECT_EQ(std::memcmp(Loaded.at("init.normal").data(),
                        Dict.at("init.normal").data(), 4000 * 8),
            0);
}

TEST_F(ModelWeightsTest, ShapeAndDTypeMismatchesAlwaysFail) {
  std::map<std::string, Tensor> Dict = Source->stateDict();
  Dict.at("scale.weight") = Tensor(DType::F32, {5});
  Dict.at("bn.running_var") = Tensor(DType::F64, {4});
  ModelState Target(Lib);
  std::string Message =
      errorOf([&] { Target.loadStateDict(Dict, /*Strict=*/false, "ckpt"); });
  EXPECT_EQ(Message, "error(s) in loading weights for FakeModel from ckpt:\n"
                     "  mismatch for \"scale.weight\": f32[5] in the source, "
                     "f32[4] in the model\n"
                     "  mismatch for \"bn.running_var\": f64[4] in the "
                     "source, f32[4] in the model");
}

TEST_F(ModelWeightsTest, BatchCountersTheModelLacksAreIgnored) {
  std::map<std::string, Tensor> Dict = Source->stateDict();
  Dict.emplace("layer2.num_batches_tracked", Tensor(DType::I64, {}));
  Dict.emplace("num_batches_tracked", Tensor(DType::I64, {}));
  ModelState Target(Lib);
  LoadResult Result = Target.loadStateDict(Dict, /*Strict=*/true);
  EXPECT_EQ(Result.IgnoredKeys,
            (std::vector<std::string>{"layer2.num_batches_tracked",
                                      "num_batches_tracked"}));
  EXPECT_TRUE(sameState(*Source, Target));

  // Only an i64 counter is PyTorch's; anything else is unexpected.
  Dict.emplace("layer3.num_batches_tracked", Tensor(DType::F32, {}));
  Dict.emplace("layer4xnum_batches_tracked", Tensor(DType::I64, {}));
  EXPECT_CONTAINS(errorOf([&] { Target.loadStateDict(Dict, /*Strict=*/true); }),
                  "unexpected key(s): \"layer3.num_batches_tracked\", "
                  "\"layer4xnum_batches_tracked\"");
}

TEST_F(ModelWeightsTest, BadWeightFilesNameThePath) {
  ModelState Target(Lib);
  std::string Missing = Dir.path("none.safetensors");
  EXPECT_CONTAINS(errorOf([&] { Target.loadWeights(Missing); }),
                  "cannot open '" + Missing + "'");
  std::string Corrupt = Dir.path("corrupt.safetensors");
  writeBytes(Corrupt, std::string("\x04\0\0\0\0\0\0\0{}", 10));
  EXPECT_CONTAINS(errorOf([&] { Target.loadWeights(Corrupt); }),
                  "'" + Corrupt + "' is not a valid safetensors file");
  EXPECT_CONTAINS(
      errorOf([&] { Target.saveWeights(Dir.path("no/dir/w.safetensors")); }),
      "no/dir/w.safetensors': No such file or directory");
}
