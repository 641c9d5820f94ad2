//===- BatchInputsTest.cpp - Tests of datasets as batch inputs ------------===//
#include "runtime/BatchInputs.h"
#include "runtime/Error.h"
#include "test/unit/TestUtil.h"

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// A description with batch inputs `x: f32[N, 784]` and `y: i32[N]`.
struct ImageModel {
  int64_t XDims[2] = {-1, 784};
  int64_t YDims[1] = {-1};
  const char *Symbols[1] = {"N"};
  dlc_tensor_info Batch[2] = {};
  dlc_model_info Info = {};

  ImageModel() {
    Batch[0].name = "x";
    Batch[0].dtype = DLC_F32;
    Batch[0].rank = 2;
    Batch[0].dims = XDims;
    Batch[1].name = "y";
    Batch[1].dtype = DLC_I32;
    Batch[1].rank = 1;
    Batch[1].dims = YDims;
    Info.num_symbols = 1;
    Info.symbols = Symbols;
    Info.num_batch_inputs = 2;
    Info.batch_inputs = Batch;
  }
};

Dataset mnistLike(int64_t N) {
  Dataset D;
  D.Source = "'digits' (MNIST IDX, train)";
  D.Names = {"images", "labels"};
  Tensor Images(DType::U8, {N, 28, 28}), Labels(DType::U8, {N});
  auto *P = Images.dataAs<uint8_t>();
  for (int64_t I = 0; I < Images.numel(); ++I)
    P[I] = static_cast<uint8_t>(I % 256);
  for (int64_t I = 0; I < N; ++I)
    Labels.dataAs<uint8_t>()[I] = static_cast<uint8_t>(I % 10);
  D.Columns.push_back(std::move(Images));
  D.Columns.push_back(std::move(Labels));
  return D;
}

TEST(BatchInputsTest, PixelsAreScaledAndReshapedLabelsConverted) {
  ImageModel M;
  Dataset In = toBatchInputs(M.Info, mnistLike(3));
  ASSERT_EQ(In.Names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(In.Columns[0].dtype(), DType::F32);
  EXPECT_EQ(In.Columns[0].shape(), (std::vector<int64_t>{3, 784}));
  EXPECT_FLOAT_EQ(In.Columns[0].dataAs<float>()[255], 1.0f);
  EXPECT_FLOAT_EQ(In.Columns[0].dataAs<float>()[51], 51.0f / 255.0f);
  EXPECT_EQ(In.Columns[1].dtype(), DType::I32);
  EXPECT_EQ(In.Columns[1].dataAs<int32_t>()[2], 2);
}

TEST(BatchInputsTest, ColumnsMatchByNameBeforePosition) {
  ImageModel M;
  Dataset D = mnistLike(2);
  D.Names = {"y", "x"}; // named after the inputs, in another order
  std::swap(D.Columns[0], D.Columns[1]);
  Dataset In = toBatchInputs(M.Info, D);
  EXPECT_EQ(In.Columns[0].shape(), (std::vector<int64_t>{2, 784}));
  EXPECT_EQ(In.Columns[1].shape(), (std::vector<int64_t>{2}));
}

TEST(BatchInputsTest, FloatLabelsMustBeWholeNumbers) {
  ImageModel M;
  Dataset D = mnistLike(2);
  Tensor Y(DType::F64, {2});
  Y.dataAs<double>()[0] = 1;
  Y.dataAs<double>()[1] = 2.5;
  D.Columns[1] = std::move(Y);
  EXPECT_CONTAINS(errorOf([&] { toBatchInputs(M.Info, D); }),
                  "column 'labels' of 'digits' (MNIST IDX, train) sample 1 "
                  "holds 2.500000, which batch input 'y' (i32[N]) cannot "
                  "hold as an integer");
}

TEST(BatchInputsTest, MismatchesNameTheColumnAndTheInput) {
  ImageModel M;
  Dataset D = mnistLike(2);
  D.Columns[0] = Tensor(DType::U8, {2, 27, 28});
  EXPECT_CONTAINS(errorOf([&] { toBatchInputs(M.Info, D); }),
                  "column 'images' of 'digits' (MNIST IDX, train) u8[2, 27, "
                  "28] does not fit batch input 'x' (f32[N, 784]): a sample "
                  "has 756 elements");
  Dataset Three = mnistLike(2);
  Three.Names.push_back("extra");
  Three.Columns.emplace_back(DType::U8, std::vector<int64_t>{2});
  EXPECT_CONTAINS(errorOf([&] { toBatchInputs(M.Info, Three); }),
                  "the model's batch is (x, y) but 'digits' (MNIST IDX, "
                  "train) has the columns (images, labels, extra)");
  M.XDims[0] = 32; // a fixed batch is not a dataset's
  EXPECT_CONTAINS(errorOf([&] { toBatchInputs(M.Info, mnistLike(2)); }),
                  "batch input 'x' (f32[32, 784]) needs a symbolic first "
                  "dimension");
}

} // namespace
