//===- TensorTest.cpp - Tests of DType and Tensor -------------------------===//
#include "runtime/Tensor.h"
#include "runtime/Error.h"
#include "runtime/shim/Float16.h"
#include "test/unit/TestUtil.h"

#include <cstdint>
#include <cstring>
#include <limits>

using namespace dlc::rt;
using namespace dlc::rt::test;

TEST(DTypeTest, NamesSizesAndAbiCodes) {
  EXPECT_STREQ(dtypeName(DType::F32), "f32");
  EXPECT_STREQ(dtypeName(DType::BF16), "bf16");
  EXPECT_STREQ(dtypeName(DType::Bool), "bool");
  EXPECT_EQ(dtypeSize(DType::F64), 8u);
  EXPECT_EQ(dtypeSize(DType::F16), 2u);
  EXPECT_EQ(dtypeSize(DType::I32), 4u);
  EXPECT_EQ(dtypeSize(DType::Bool), 1u);
  EXPECT_EQ(dtypeSize(DType::U8), 1u);
  for (DType Type : AllDTypes)
    EXPECT_EQ(parseDType(dtypeName(Type)), Type);
  EXPECT_FALSE(parseDType("f128"));
  EXPECT_EQ(dtypeFromAbi(DLC_I64), DType::I64);
  EXPECT_FALSE(dtypeFromAbi(7));
  EXPECT_FALSE(dtypeFromAbi(-1));
  EXPECT_TRUE(isAbiDType(DType::Bool));
  EXPECT_FALSE(isAbiDType(DType::U8));
  EXPECT_EQ(abiDTypeName(DLC_BF16), "bf16");
  EXPECT_EQ(abiDTypeName(42), "dtype 42");
}

TEST(TensorTest, ZeroFilledAndAligned) {
  Tensor T(DType::F32, {3, 5});
  EXPECT_EQ(T.numel(), 15);
  EXPECT_EQ(T.byteSize(), 60u);
  EXPECT_EQ(T.rank(), 2);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(T.data()) % TensorAlignment, 0u);
  const float *Data = T.dataAs<float>();
  for (int I = 0; I < 15; ++I)
    EXPECT_EQ(Data[I], 0.0f);
  EXPECT_EQ(T.typeString(), "f32[3, 5]");
}

TEST(TensorTest, ScalarsAndEmptyTensorsHaveStorage) {
  Tensor Scalar(DType::I64, {});
  EXPECT_EQ(Scalar.numel(), 1);
  EXPECT_EQ(Scalar.typeString(), "i64[]");
  Tensor Empty(DType::F64, {0, 7});
  EXPECT_EQ(Empty.numel(), 0);
  EXPECT_NE(Empty.data(), nullptr);
}

TEST(TensorTest, RejectsBadShapes) {
  EXPECT_CONTAINS(errorOf([] {
                    Tensor(DType::F32, {2, -1});
                  }),
                  "negative extent in shape [2, -1]");
  int64_t Big = std::numeric_limits<int64_t>::max() / 2;
  EXPECT_CONTAINS(errorOf([&] {
                    Tensor(DType::F32, {Big, 4});
                  }),
                  "is too large");
}

TEST(TensorTest, CloneIsDeepAndMoveEmptiesTheSource) {
  Tensor A(DType::I32, {4});
  A.dataAs<int32_t>()[2] = 7;
  Tensor B = A.clone();
  A.dataAs<int32_t>()[2] = 9;
  EXPECT_EQ(B.dataAs<int32_t>()[2], 7);
  Tensor C = std::move(A);
  EXPECT_EQ(C.dataAs<int32_t>()[2], 9);
  EXPECT_EQ(A.numel(), 0);
}

TEST(TensorTest, DataAsChecksTheElementSize) {
  Tensor T(DType::F16, {2});
  EXPECT_CONTAINS(errorOf([&] { T.dataAs<float>(); }),
                  "cannot view a f16[2] tensor as elements of 4 bytes");
  EXPECT_NO_THROW(T.dataAs<uint16_t>());
}

TEST(TensorTest, AbiViewSharesStorageAndShape) {
  Tensor T(DType::F64, {2, 3});
  dlc_tensor View = T.abiView();
  EXPECT_EQ(View.data, T.data());
  EXPECT_EQ(View.dtype, DLC_F64);
  EXPECT_EQ(View.rank, 2);
  EXPECT_EQ(View.shape[0], 2);
  EXPECT_EQ(View.shape[1], 3);
}

TEST(Float16Test, RoundsToNearestEvenAndRoundTrips) {
  EXPECT_EQ(dlcFloatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(dlcFloatToHalf(-2.0f), 0xc000);
  EXPECT_EQ(dlcFloatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(dlcFloatToHalf(65520.0f), 0x7c00);   // halfway to 2^16: infinity
  EXPECT_EQ(dlcFloatToHalf(0x1.0p-24f), 0x0001); // smallest subnormal
  EXPECT_EQ(dlcFloatToHalf(0x1.0p-26f), 0x0000); // below half of it
  EXPECT_EQ(dlcFloatToHalf(1.0f + 0x1.0p-11f), 0x3c00); // tie to even
  EXPECT_EQ(dlcFloatToHalf(1.0f + 0x1.8p-11f), 0x3c01);
  EXPECT_EQ(dlcFloatToHalf(std::numeric_limits<float>::quiet_NaN()) & 0x7e00,
            0x7e00);
  for (uint32_t H = 0; H < 0x7c00; ++H) // every finite positive half
    ASSERT_EQ(dlcFloatToHalf(dlcHalfToFloat(static_cast<uint16_t>(H))), H);
  EXPECT_EQ(dlcFloatToBF16(1.0f), 0x3f80);
  EXPECT_EQ(dlcBF16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(dlcFloatToBF16(1.0f + 0x1.0p-8f), 0x3f80); // tie to even
  EXPECT_EQ(dlcFloatToBF16(1.0f + 0x1.8p-8f), 0x3f81);
}

TEST(TensorTest, FormatShapeShowsTheStartOfAHugeRank) {
  EXPECT_EQ(formatShape({}), "[]");
  EXPECT_EQ(formatShape({2, 3}), "[2, 3]");
  std::vector<int64_t> Huge(300000, 1);
  EXPECT_EQ(formatShape(Huge), "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
                               "1, ... (rank 300000)]");
}
