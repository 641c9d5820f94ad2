//===- NpyTest.cpp - Tests of the .npy reader and writer ------------------===//
#include "runtime/Npy.h"
#include "runtime/Error.h"
#include "test/unit/TestUtil.h"

#include <cstring>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// A tensor whose bytes are all distinct-ish, so a round trip that drops,
/// reorders or shifts bytes is noticed.
Tensor patterned(DType Type, std::vector<int64_t> Shape) {
  Tensor T(Type, std::move(Shape));
  auto *Bytes = static_cast<unsigned char *>(T.data());
  for (size_t I = 0; I < T.byteSize(); ++I)
    Bytes[I] = static_cast<unsigned char>(I * 7 + 3);
  if (Type == DType::Bool)
    for (size_t I = 0; I < T.byteSize(); ++I)
      Bytes[I] = I % 3 == 0;
  return T;
}

/// A .npy file with a hand-written header, as another writer could make it.
std::string npyFile(const std::string &Dict, const std::string &Data,
                    int Major = 1) {
  std::string Header = Dict + "\n";
  std::string Out = std::string("\x93NUMPY", 6);
  Out += static_cast<char>(Major);
  Out += '\0';
  size_t Len = Header.size();
  for (int I = 0; I < (Major == 1 ? 2 : 4); ++I)
    Out += static_cast<char>((Len >> (8 * I)) & 0xff);
  return Out + Header + Data;
}

const std::string F32Dict =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
const std::string EightBytes(8, '\0');

} // namespace

TEST(NpyTest, RoundTripsEveryDType) {
  TempDir Dir;
  for (DType Type : AllDTypes) {
    if (Type == DType::BF16)
      continue;
    for (std::vector<int64_t> Shape :
         {std::vector<int64_t>{2, 3, 5}, {7}, {}, {0, 4}}) {
      SCOPED_TRACE(std::string(dtypeName(Type)) + formatShape(Shape));
      Tensor Original = patterned(Type, Shape);
      std::string Path = Dir.path("a.npy");
      writeNpy(Path, Original);
      Tensor Back = readNpy(Path);
      EXPECT_EQ(Back.dtype(), Type);
      EXPECT_EQ(Back.shape(), Shape);
      ASSERT_EQ(Back.byteSize(), Original.byteSize());
      EXPECT_EQ(std::memcmp(Back.data(), Original.data(), Back.byteSize()), 0);
    }
  }
}

TEST(NpyTest, WritesNumPysHeaderLayout) {
  TempDir Dir;
  std::string Path = Dir.path("h.npy");
  writeNpy(Path, Tensor(DType::F32, {2, 3}));
  std::string Bytes = readBytes(Path);
  ASSERT_GE(Bytes.size(), 10u);
  EXPECT_EQ(Bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t HeaderLen = static_cast<unsigned char>(Bytes[8]) |
                     static_cast<unsigned char>(Bytes[9]) << 8;
  EXPECT_EQ((10 + HeaderLen) % 64, 0u); // data is 64-byte aligned
  std::string Header = Bytes.substr(10, HeaderLen);
  EXPECT_EQ(
      Header.rfind(
          "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 0),
      0u);
  EXPECT_EQ(Header.back(), '\n');
  EXPECT_EQ(Bytes.size(), 10 + HeaderLen + 24);
  writeNpy(Path, Tensor(DType::I64, {5}));
  EXPECT_CONTAINS(readBytes(Path), "'shape': (5,)");
  writeNpy(Path, Tensor(DType::Bool, {}));
  EXPECT_CONTAINS(readBytes(Path), "'descr': '|b1'");
  EXPECT_CONTAINS(readBytes(Path), "'shape': ()");
}

TEST(NpyTest, ReadsVersion2And3HeadersAndOtherSpellings) {
  TempDir Dir;
  std::string Path = Dir.path("v.npy");
  float Values[2] = {1.5f, -2.0f};
  std::string Data(reinterpret_cast<char *>(Values), 8);
  for (int Major : {2, 3}) {
    writeBytes(Path, npyFile(F32Dict, Data, Major));
    Tensor T = readNpy(Path);
    ASSERT_EQ(T.shape(), std::vector<int64_t>{2});
    EXPECT_EQ(T.dataAs<float>()[1], -2.0f);
  }
  // Key order, double quotes, Python 2 longs, '=' byte order, no trailing
  // comma: all legal Python literals NumPy accepts.
  writeBytes(Path, npyFile("{\"shape\": (1L, 2L), \"fortran_order\": False, "
                           "\"descr\": \"=f4\"}",
                           Data));
  EXPECT_EQ(readNpy(Path).shape(), (std::vector<int64_t>{1, 2}));
}

TEST(NpyTest, RejectsCorruptFilesNamingThePath) {
  TempDir Dir;
  std::string Path = Dir.path("bad.npy");
  auto ErrorFor = [&](const std::string &Bytes) {
    writeBytes(Path, Bytes);
    std::string Message = errorOf([&] { readNpy(Path); });
    EXPECT_CONTAINS(Message, Path);
    return Message;
  };
  EXPECT_CONTAINS(ErrorFor("short"), "only 5 bytes");
  EXPECT_CONTAINS(ErrorFor("\x93NUMPX\x01\x00\x10\x00" + std::string(16, ' ')),
                  "bad magic");
  EXPECT_CONTAINS(ErrorFor(npyFile(F32Dict, EightBytes, 4)),
                  "format version 4.0");
  EXPECT_CONTAINS(
      ErrorFor(
          npyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
                  EightBytes)),
      "Fortran-order");
  EXPECT_CONTAINS(
      ErrorFor(
          npyFile("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                  EightBytes)),
      "big-endian");
  EXPECT_CONTAINS(
      ErrorFor(
          npyFile("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                  EightBytes)),
      "unsupported dtype '<c8'");
  EXPECT_CONTAINS(
      ErrorFor(npyFile("{'descr': [('a', '<f4')], 'fortran_order': False, "
                       "'shape': (2,), }",
                       EightBytes)),
      "structured dtypes");
  EXPECT_CONTAINS(ErrorFor(npyFile(F32Dict, std::string(5, '\0'))),
                  "truncated: the f32[2] array needs 8 bytes of data but 5");
  EXPECT_CONTAINS(ErrorFor(npyFile(F32Dict, std::string(9, '\0'))),
                  "1 unexpected bytes after the data");
  EXPECT_CONTAINS(
      ErrorFor(npyFile("{'descr': '<f4', 'shape': (2,), }", EightBytes)),
      "missing key 'fortran_order'");
  EXPECT_CONTAINS(ErrorFor(npyFile("{'descr': '<f4', 'fortran_order': False, "
                                   "'shape': (2,), 'shape': (2,)}",
                                   EightBytes)),
                  "repeated key 'shape'");
  EXPECT_CONTAINS(ErrorFor(npyFile("{'descr': '<f4', 'fortran_order': False, "
                                   "'shape': (2,), 'sh\x1b[2Jape': (2,)}",
                                   EightBytes)),
                  "unexpected or repeated key 'sh\\x1b[2Jape'");
  EXPECT_CONTAINS(
      ErrorFor(
          npyFile("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }",
                  EightBytes)),
      "expected True or False");
  EXPECT_CONTAINS(
      ErrorFor(
          npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
                  EightBytes)),
      "expected a non-negative integer");
  EXPECT_CONTAINS(
      ErrorFor(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': "
                       "(99999999999, 99999999999), }",
                       EightBytes)),
      "too large");
  // The header length says more than the file holds.
  std::string Truncated = npyFile(F32Dict, "");
  EXPECT_CONTAINS(ErrorFor(Truncated.substr(0, 30)), "truncated");
}

TEST(NpyTest, ReportsMissingFilesAndUnwritableTypes) {
  TempDir Dir;
  std::string Missing = Dir.path("missing.npy");
  EXPECT_CONTAINS(errorOf([&] { readNpy(Missing); }),
                  "cannot open '" + Missing + "': No such file");
  EXPECT_CONTAINS(errorOf([&] { readNpy(Dir.path("")); }),
                  "not a regular file");
  EXPECT_CONTAINS(
      errorOf([&] { writeNpy(Dir.path("b.npy"), Tensor(DType::BF16, {2})); }),
      ".npy has no bf16 type");
  EXPECT_TRUE(Dir.list().empty());
}
