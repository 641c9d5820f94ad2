//===- SafetensorsTest.cpp - Tests of the safetensors reader and writer ---===//
#include "runtime/Safetensors.h"
#include "runtime/Error.h"
#include "test/unit/TestUtil.h"

#include <cstring>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

Tensor filled(DType Type, std::vector<int64_t> Shape, unsigned char Seed) {
  Tensor T(Type, std::move(Shape));
  auto *Bytes = static_cast<unsigned char *>(T.data());
  for (size_t I = 0; I < T.byteSize(); ++I)
    Bytes[I] = static_cast<unsigned char>(Seed + I * 13);
  if (Type == DType::Bool)
    for (size_t I = 0; I < T.byteSize(); ++I)
      Bytes[I] &= 1;
  return T;
}

/// A file from a JSON header (padded to 8 bytes) and a data section.
std::string stFile(const std::string &Header, const std::string &Data) {
  std::string Padded = Header;
  Padded.append((8 - Padded.size() % 8) % 8, ' ');
  std::string Out;
  for (int I = 0; I < 8; ++I)
    Out += static_cast<char>((uint64_t(Padded.size()) >> (8 * I)) & 0xff);
  return Out + Padded + Data;
}

} // namespace

TEST(SafetensorsTest, RoundTripsEveryDTypeAndMetadata) {
  TempDir Dir;
  std::map<std::string, Tensor> Tensors;
  unsigned char Seed = 1;
  for (DType Type : AllDTypes)
    Tensors.emplace(std::string("t.") + dtypeName(Type),
                    filled(Type, {3, 2}, Seed++));
  Tensors.emplace("scalar", filled(DType::F64, {}, 77));
  Tensors.emplace("empty", Tensor(DType::F32, {0, 3}));
  std::map<std::string, std::string> Metadata = {{"format", "pt"},
                                                 {"note", "h\xc3\xa9llo"}};
  std::string Path = Dir.path("w.safetensors");
  writeSafetensors(Path, Tensors, Metadata);
  SafetensorsContents Back = readSafetensors(Path);
  EXPECT_EQ(Back.Metadata, Metadata);
  ASSERT_EQ(Back.Tensors.size(), Tensors.size());
  for (const auto &[Name, T] : Tensors) {
    SCOPED_TRACE(Name);
    ASSERT_TRUE(Back.Tensors.count(Name));
    const Tensor &B = Back.Tensors.at(Name);
    EXPECT_EQ(B.dtype(), T.dtype());
    EXPECT_EQ(B.shape(), T.shape());
    ASSERT_EQ(B.byteSize(), T.byteSize());
    EXPECT_EQ(std::memcmp(B.data(), T.data(), T.byteSize()), 0);
  }
}

TEST(SafetensorsTest, WritesTheReferenceLayout) {
  TempDir Dir;
  std::map<std::string, Tensor> Tensors;
  Tensors.emplace("b", filled(DType::F32, {2}, 1));
  Tensors.emplace("a", filled(DType::I64, {1}, 2));
  std::string Path = Dir.path("w.safetensors");
  writeSafetensors(Path, Tensors, {{"format", "pt"}});
  std::string Bytes = readBytes(Path);
  uint64_t N = 0;
  for (int I = 7; I >= 0; --I)
    N = N << 8 | static_cast<unsigned char>(Bytes[I]);
  EXPECT_EQ(N % 8, 0u);
  std::string Header = Bytes.substr(8, N);
  std::string Json =
      R"({"__metadata__":{"format":"pt"},)"
      R"("a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},)"
      R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})";
  EXPECT_EQ(Header.substr(0, Json.size()), Json);
  EXPECT_EQ(Header.find_first_not_of(' ', Json.size()), std::string::npos);
  EXPECT_EQ(Bytes.size(), 8 + N + 16);
  // Data follows in name order: "a" first.
  EXPECT_EQ(std::memcmp(Bytes.data() + 8 + N, Tensors.at("a").data(), 8), 0);
}

TEST(SafetensorsTest, EmptyFileOfTensorsRoundTrips) {
  TempDir Dir;
  std::string Path = Dir.path("e.safetensors");
  writeSafetensors(Path, {});
  SafetensorsContents Back = readSafetensors(Path);
  EXPECT_TRUE(Back.Tensors.empty());
  EXPECT_TRUE(Back.Metadata.empty());
}

TEST(SafetensorsTest, RejectsEachKindOfCorruption) {
  TempDir Dir;
  std::string Path = Dir.path("bad.safetensors");
  auto ErrorFor = [&](const std::string &Bytes) {
    writeBytes(Path, Bytes);
    std::string Message = errorOf([&] { readSafetensors(Path); });
    EXPECT_CONTAINS(Message, Path);
    return Message;
  };
  const std::string Good8(8, '\x01');
  auto One = [](const std::string &Fields) {
    return R"({"w":{)" + Fields + "}}";
  };
  const std::string Ok = R"("dtype":"F32","shape":[2],"data_offsets":[0,8])";

  EXPECT_CONTAINS(ErrorFor("abc"), "3 bytes, too few");
  // Deep nesting is refused while parsing, before recursive code sees it;
  // messages name a structured value by kind, never by dumping it.
  std::string Deep = R"({"__metadata__":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  EXPECT_CONTAINS(ErrorFor(stFile(Deep, "")),
                  "the header nests deeper than 8 levels");
  EXPECT_CONTAINS(
      ErrorFor(stFile(
          One(R"("dtype":"F32","shape":[[[2]]],"data_offsets":[0,8])"), Good8)),
      "each dimension must be a non-negative integer, got a JSON array");
  std::string Huge(8, '\0');
  Huge[4] = 1; // 2^32
  EXPECT_CONTAINS(ErrorFor(Huge + "{}"), "exceeds the limit");
  std::string Past = stFile("{}", "");
  Past[0] = 100;
  EXPECT_CONTAINS(ErrorFor(Past), "runs past the end of the 16-byte file");
  EXPECT_CONTAINS(ErrorFor(stFile("[1, 2]", "")), "does not start with '{'");
  EXPECT_CONTAINS(ErrorFor(stFile("{\"w\": ", "")), "not valid JSON");
  EXPECT_CONTAINS(
      ErrorFor(stFile(R"({"w":{)" + Ok + R"(},"w":{)" + Ok + "}}", Good8)),
      "duplicate key 'w'");
  EXPECT_CONTAINS(ErrorFor(stFile(One(Ok + R"(,"dtype":"F32")"), Good8)),
                  "duplicate key 'dtype'");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"U16","shape":[4],"data_offsets":[0,8])"),
                      Good8)),
      "tensor 'w' has unsupported dtype 'U16'");
  EXPECT_CONTAINS(ErrorFor(stFile(One(R"("dtype":"F32","shape":[2])"), Good8)),
                  "tensor 'w' has no 'data_offsets'");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"F32","shape":[-2],"data_offsets":[0,8])"),
                      Good8)),
      "each dimension must be a non-negative integer, got -2");
  EXPECT_CONTAINS(
      ErrorFor(stFile(
          One(R"("dtype":"F32","shape":[2.0],"data_offsets":[0,8])"), Good8)),
      "non-negative integer, got 2.0");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"F32","shape":2,"data_offsets":[0,8])"),
                      Good8)),
      "shape must be an array");
  EXPECT_CONTAINS(
      ErrorFor(stFile(
          One(R"("dtype":"F32","shape":[2],"data_offsets":[0,8,9])"), Good8)),
      "data_offsets must be [begin, end]");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"F32","shape":[0],"data_offsets":[8,0])"),
                      Good8)),
      "end before they begin");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"F32","shape":[3],"data_offsets":[0,8])"),
                      Good8)),
      "hold 8 bytes but f32[3] needs 12");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"F32","shape":[2],"data_offsets":[8,16])"),
                      Good8)),
      "runs past the end of the 8-byte data section");
  EXPECT_CONTAINS(
      ErrorFor(
          stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                 R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                 Good8)),
      "tensor 'b' (bytes 4..8) overlaps tensor 'a' (bytes 0..8)");
  EXPECT_CONTAINS(
      ErrorFor(stFile(One(R"("dtype":"F32","shape":[1],"data_offsets":[4,8])"),
                      Good8)),
      "bytes 0..4 of the data section belong to no tensor");
  EXPECT_CONTAINS(ErrorFor(stFile(One(Ok), Good8 + "xx")),
                  "bytes 8..10 at the end of the data section");
  EXPECT_CONTAINS(ErrorFor(stFile(R"({"__metadata__":{"a":1}})", "")),
                  "__metadata__ value of 'a' must be a string");
  EXPECT_CONTAINS(ErrorFor(stFile(R"({"__metadata__":[]})", "")),
                  "__metadata__ must be an object");
  EXPECT_CONTAINS(ErrorFor(stFile(R"({"w":[1]})", "")),
                  "tensor 'w' is not a JSON object");
  // The bytes of the file that a message quotes are escaped: no raw 0xff
  // reaches the terminal.
  std::string NotUtf8 = ErrorFor(stFile("{\"\xff\":{}}", ""));
  EXPECT_CONTAINS(NotUtf8, "not valid JSON");
  EXPECT_CONTAINS(NotUtf8, "\\xff");
  EXPECT_EQ(NotUtf8.find('\xff'), std::string::npos) << NotUtf8;
}

TEST(SafetensorsTest, IgnoresUnknownTensorFieldsLikeTheReference) {
  TempDir Dir;
  std::string Path = Dir.path("x.safetensors");
  writeBytes(Path,
             stFile(R"({"w":{"dtype":"I32","shape":[1],"data_offsets":[0,4],)"
                    R"("extra":true}})",
                    std::string("\x2a\0\0\0", 4)));
  SafetensorsContents C = readSafetensors(Path);
  EXPECT_EQ(C.Tensors.at("w").dataAs<int32_t>()[0], 42);
}

TEST(SafetensorsTest, WriterRejectsReservedAndInvalidNames) {
  TempDir Dir;
  std::map<std::string, Tensor> Reserved;
  Reserved.emplace("__metadata__", Tensor(DType::F32, {1}));
  EXPECT_CONTAINS(
      errorOf([&] { writeSafetensors(Dir.path("r.safetensors"), Reserved); }),
      "may not be named __metadata__");
  std::map<std::string, Tensor> BadUtf8;
  BadUtf8.emplace("\xff", Tensor(DType::F32, {1}));
  EXPECT_CONTAINS(
      errorOf([&] { writeSafetensors(Dir.path("u.safetensors"), BadUtf8); }),
      "not valid UTF-8");
  EXPECT_TRUE(Dir.list().empty());
}
