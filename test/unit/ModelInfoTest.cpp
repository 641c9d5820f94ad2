//===- ModelInfoTest.cpp - Tests of description checks and symbol binding ===//
#include "runtime/ModelInfo.h"
#include "runtime/Error.h"
#include "test/unit/TestUtil.h"

#include <cmath>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// A small valid description the tests then break one field at a time.
struct InfoBuilder {
  const char *Symbols[2] = {"N", "M"};
  int64_t WDims[2] = {4, 3};
  int64_t XDims[2] = {-1, 4};
  int64_t YDims[2] = {-1, -2};
  dlc_tensor_info Params[2] = {
      {"w", DLC_F32, 2, WDims, 0, DLC_INIT_ZEROS, 0, 0, 0, 0, 0},
      {"b", DLC_F32, 0, nullptr, 64, DLC_INIT_ZEROS, 0, 0, 0, 0, 0}};
  dlc_tensor_info Inputs[1] = {{"x", DLC_F32, 2, XDims, 0, 0, 0, 0, 0, 0, 0}};
  dlc_tensor_info Outputs[1] = {{"y", DLC_F32, 2, YDims, 0, 0, 0, 0, 0, 0, 0}};
  dlc_model_info Info = {DLC_MODEL_ABI_VERSION,
                         0,
                         "M",
                         128,
                         2,
                         2,
                         0,
                         1,
                         1,
                         0,
                         Symbols,
                         Params,
                         nullptr,
                         Inputs,
                         Outputs,
                         ""};

  std::string error() {
    return errorOf([&] { validateModelInfo(Info, "m.so"); });
  }
};

} // namespace

TEST(ModelInfoTest, AcceptsAValidDescription) {
  InfoBuilder B;
  EXPECT_NO_THROW(validateModelInfo(B.Info, "m.so"));
  EXPECT_EQ(infoTypeString(B.Info, B.Outputs[0]), "f32[N, M]");
  EXPECT_STREQ(initKindName(DLC_INIT_KAIMING_NORMAL), "kaiming_normal");
  EXPECT_STREQ(initKindName(99), "?");
}

TEST(ModelInfoTest, RejectsEachInconsistency) {
  const std::string Prefix = "'m.so': invalid model description: ";
  {
    InfoBuilder B;
    B.Params[1].name = "w";
    EXPECT_CONTAINS(B.error(), Prefix + "two tensors are named 'w'");
  }
  {
    InfoBuilder B;
    B.Params[0].dtype = 9;
    EXPECT_CONTAINS(B.error(), "param 'w' has unknown dtype 9");
  }
  {
    InfoBuilder B;
    B.Params[0].rank = 9;
    EXPECT_CONTAINS(B.error(), "param 'w' has rank 9; the limit is 8");
  }
  {
    InfoBuilder B;
    B.WDims[1] = -1;
    EXPECT_CONTAINS(B.error(),
                    "param 'w' dim 1 is symbolic; state tensors need fixed");
  }
  {
    InfoBuilder B;
    B.XDims[0] = -3;
    EXPECT_CONTAINS(B.error(), "input 'x' dim 0 refers to symbol 2 of 2");
  }
  {
    InfoBuilder B;
    B.Params[1].offset = 40;
    EXPECT_CONTAINS(B.error(), "param 'b' overlaps param 'w' in the state");
  }
  {
    InfoBuilder B;
    B.Params[1].offset = 66;
    EXPECT_CONTAINS(B.error(), "param 'b' has offset 66, not a multiple");
  }
  {
    InfoBuilder B;
    B.Params[1].offset = 128;
    EXPECT_CONTAINS(B.error(), "param 'b' (4 bytes at offset 128) lies "
                               "outside the 128-byte state");
  }
  {
    InfoBuilder B;
    B.Params[0].init = 7;
    EXPECT_CONTAINS(B.error(), "param 'w' has unknown init kind 7");
  }
  {
    InfoBuilder B;
    B.Info.optimizer = "{lr: 1}";
    EXPECT_CONTAINS(B.error(), "the optimizer is not a JSON object");
  }
  {
    InfoBuilder B;
    B.Info.num_buffers = 1; // with a null array
    EXPECT_CONTAINS(B.error(), "null array of buffers");
  }
  {
    InfoBuilder B;
    B.Inputs[0].name = nullptr;
    EXPECT_CONTAINS(B.error(), "an entry of the inputs has no name");
  }
  {
    InfoBuilder B;
    B.Symbols[1] = "";
    EXPECT_CONTAINS(B.error(), "symbol 1 has no name");
  }
}

TEST(ModelInfoTest, BindsSymbolsAndResolvesOutputs) {
  InfoBuilder B;
  Tensor X(DType::F32, {5, 4});
  SymbolValues Values = bindInputSymbols(B.Info, {X.abiView()});
  EXPECT_EQ(Values, (SymbolValues{5, -1}));
  EXPECT_CONTAINS(
      errorOf([&] { resolveOutputShape(B.Info, B.Outputs[0], Values); }),
      "output 'y' dim 1: symbol M is not bound by any input");
  B.YDims[1] = 7;
  EXPECT_EQ(resolveOutputShape(B.Info, B.Outputs[0], Values),
            (std::vector<int64_t>{5, 7}));
}
