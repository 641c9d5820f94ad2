//===- ModelLibraryTest.cpp - Tests of loading model.so files -------------===//
#include "runtime/ModelLibrary.h"
#include "runtime/Error.h"
#include "test/unit/FakeModelPaths.h"
#include "test/unit/TestUtil.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cstring>
#include <unistd.h>

using namespace dlc::rt;
using namespace dlc::rt::test;

TEST(ModelLibraryTest, LoadsTheFakeModelAndItsDescription) {
  auto Lib = ModelLibrary::open(FakeModelPath);
  const dlc_model_info &Info = Lib->info();
  EXPECT_EQ(Lib->path(), FakeModelPath);
  EXPECT_EQ(Info.abi_version, DLC_MODEL_ABI_VERSION);
  EXPECT_STREQ(Info.name, "FakeModel");
  EXPECT_EQ(Info.state_bytes, 70208u);
  ASSERT_EQ(Info.num_symbols, 2);
  EXPECT_STREQ(Info.symbols[1], "K");
  EXPECT_EQ(Info.num_params, 9);
  EXPECT_EQ(Info.num_buffers, 5);
  EXPECT_EQ(Info.num_inputs, 2);
  EXPECT_EQ(Info.num_outputs, 2);
  const dlc_tensor_info *Var = Lib->findStateTensor("bn.running_var");
  ASSERT_NE(Var, nullptr);
  EXPECT_EQ(Var->offset, 69952u);
  EXPECT_EQ(Lib->findStateTensor("x"), nullptr); // inputs are not state
  EXPECT_NE(Lib->initFn(), nullptr);
  EXPECT_NE(Lib->forwardFn(), nullptr);
}

TEST(ModelLibraryTest, ShimKeepsGeneratedSymbolsPrivate) {
  auto Lib = ModelLibrary::open(FakeModelPath);
  EXPECT_NE(Lib->findSymbol("dlc_model_forward"), nullptr);
  EXPECT_NE(Lib->findSymbol("fake_model_forward_calls"), nullptr);
  EXPECT_EQ(Lib->findSymbol("dlc_gen_forward"), nullptr);
  EXPECT_EQ(Lib->findSymbol("dlc_gen_model_info"), nullptr);
}

TEST(ModelLibraryTest, DescribesItselfAsJson) {
  auto Lib = ModelLibrary::open(FakeModelPath);
  nlohmann::json J = nlohmann::json::parse(Lib->describeJson());
  EXPECT_EQ(J["abi_version"], 2);
  EXPECT_EQ(J["name"], "FakeModel");
  EXPECT_EQ(J["state_bytes"], 70208);
  EXPECT_EQ(J["symbols"], nlohmann::json({"N", "K"}));
  ASSERT_EQ(J["params"].size(), 9u);
  const auto &Uniform = J["params"][1];
  EXPECT_EQ(Uniform["name"], "init.uniform");
  EXPECT_EQ(Uniform["dtype"], "f32");
  EXPECT_EQ(Uniform["shape"], nlohmann::json({1000}));
  EXPECT_EQ(Uniform["offset"], 64);
  EXPECT_EQ(Uniform["init"],
            nlohmann::json({{"kind", "uniform"}, {"a", -2.0}, {"b", 3.0}}));
  const auto &Kaiming = J["params"][3]["init"];
  EXPECT_EQ(Kaiming["kind"], "kaiming_uniform");
  EXPECT_EQ(Kaiming["fan_in"], 32);
  EXPECT_EQ(J["params"][0]["init"], nlohmann::json({{"kind", "ones"}}));
  EXPECT_EQ(J["buffers"][2]["name"], "bn.num_batches_tracked");
  EXPECT_EQ(J["buffers"][2]["dtype"], "i64");
  EXPECT_EQ(J["buffers"][2]["shape"], nlohmann::json::array());
  EXPECT_EQ(
      J["inputs"][0],
      nlohmann::json({{"name", "x"}, {"dtype", "f32"}, {"shape", {"N", 4}}}));
  EXPECT_EQ(J["inputs"][1]["shape"], nlohmann::json({"N", "K"}));
  EXPECT_EQ(J["outputs"][1]["name"], "t");
  EXPECT_EQ(J["optimizer"]["kind"], "sgd");
  EXPECT_EQ(J["optimizer"]["lr"], 0.05);
}

TEST(ModelLibraryTest, ReportsMissingFilesAndNonModels) {
  TempDir Dir;
  std::string Missing = Dir.path("missing.so");
  EXPECT_CONTAINS(errorOf([&] { ModelLibrary::open(Missing); }),
                  "cannot load model '" + Missing +
                      "': No such file or directory");
  EXPECT_CONTAINS(errorOf([] { ModelLibrary::open(NotAModelPath); }),
                  "'" + std::string(NotAModelPath) +
                      "' is not a dlc model: it does not export "
                      "dlc_model_describe");
  std::string Text = Dir.path("text.so");
  writeBytes(Text, "this is not an ELF file\n");
  std::string Message = errorOf([&] { ModelLibrary::open(Text); });
  EXPECT_CONTAINS(Message, "cannot load model '" + Text + "': ");
  EXPECT_CONTAINS(Message, "text.so"); // dlerror's reason follows
}

TEST(ModelLibraryTest, RejectsOtherAbiVersionsAndBrokenDescriptions) {
  EXPECT_CONTAINS(errorOf([] { ModelLibrary::open(FakeModelAbi99Path); }),
                  "has model ABI version 99 but this runtime supports "
                  "version 2");
  EXPECT_CONTAINS(
      errorOf([] { ModelLibrary::open(FakeModelBadOffsetPath); }),
      "invalid model description: param 'init.uniform' (4000 bytes at "
      "offset 70208) lies outside the 70208-byte state");
}

TEST(ModelLibraryTest, OpensANameWithoutSlashFromTheCurrentDirectory) {
  std::string Full = FakeModelPath;
  size_t Slash = Full.rfind('/');
  ASSERT_NE(Slash, std::string::npos);
  char Old[PATH_MAX];
  ASSERT_NE(::getcwd(Old, sizeof Old), nullptr);
  ASSERT_EQ(::chdir(Full.substr(0, Slash).c_str()), 0);
  std::string Base = Full.substr(Slash + 1);
  std::string Message;
  try {
    EXPECT_STREQ(ModelLibrary::open(Base)->info().name, "FakeModel");
  } catch (const Error &E) {
    Message = E.what();
  }
  ASSERT_EQ(::chdir(Old), 0);
  EXPECT_EQ(Message, "");
}
