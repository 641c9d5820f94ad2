//===- DataReadersTest.cpp - Tests of the IDX, CIFAR-10 and CSV readers ---===//
#include "runtime/DataReaders.h"
#include "runtime/Error.h"
#include "test/unit/TestUtil.h"

#include <climits>
#include <cmath>
#include <cstring>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// `V` as big-endian bytes.
template <typename T> std::string bigEndian(T V) {
  unsigned char Bytes[sizeof(T)];
  std::memcpy(Bytes, &V, sizeof(T));
  std::string Out;
  for (size_t I = sizeof(T); I-- > 0;)
    Out += static_cast<char>(Bytes[I]);
  return Out;
}

/// An IDX file: magic with `Code`, the extents, and `Data` as given.
std::string idxFile(unsigned char Code, const std::vector<uint32_t> &Shape,
                    const std::string &Data) {
  std::string Out = {'\0', '\0', static_cast<char>(Code),
                     static_cast<char>(Shape.size())};
  for (uint32_t Dim : Shape)
    Out += bigEndian(Dim);
  return Out + Data;
}

/// An IDX file of big-endian `Values`, shape [Values.size()].
template <typename T>
std::string idxOf(unsigned char Code, const std::vector<T> &Values) {
  std::string Data;
  for (T V : Values)
    Data += bigEndian(V);
  return idxFile(Code, {static_cast<uint32_t>(Values.size())}, Data);
}

template <typename T> std::vector<T> valuesOf(const Tensor &Value) {
  const T *P = Value.dataAs<T>();
  return std::vector<T>(P, P + Value.numel());
}

/// One CIFAR-10 record: the label, then pixel I of the record at byte 1 + I
/// holding (I * 7 + Seed) mod 256.
std::string cifarRecord(unsigned char Label, int Seed) {
  std::string R(1, static_cast<char>(Label));
  for (int I = 0; I < 3072; ++I)
    R += static_cast<char>((I * 7 + Seed) & 0xff);
  return R;
}

} // namespace

TEST(IdxTest, ReadsU8ImagesLikeMnist) {
  TempDir Dir;
  std::string Path = Dir.path("train-images-idx3-ubyte");
  std::string Pixels;
  for (int I = 0; I < 2 * 3 * 4; ++I)
    Pixels += static_cast<char>(I * 11);
  writeBytes(Path, idxFile(0x08, {2, 3, 4}, Pixels));
  Tensor T = readIdx(Path);
  EXPECT_EQ(T.dtype(), DType::U8);
  EXPECT_EQ(T.shape(), (std::vector<int64_t>{2, 3, 4}));
  ASSERT_EQ(T.byteSize(), Pixels.size());
  EXPECT_EQ(std::memcmp(T.data(), Pixels.data(), Pixels.size()), 0);
  // Extents above 2^24 need all four bytes of the big-endian u32; a zero
  // extent is a valid empty array.
  writeBytes(Path, idxFile(0x08, {0, 0x01000001}, ""));
  EXPECT_EQ(readIdx(Path).shape(), (std::vector<int64_t>{0, 0x01000001}));
}

TEST(IdxTest, ConvertsBigEndianElementsToHostOrder) {
  TempDir Dir;
  std::string Path = Dir.path("v.idx");
  std::vector<int8_t> I8 = {-128, -1, 0, 127};
  writeBytes(Path, idxOf<int8_t>(0x09, I8));
  EXPECT_EQ(readIdx(Path).dtype(), DType::I8);
  EXPECT_EQ(valuesOf<int8_t>(readIdx(Path)), I8);

  std::vector<int32_t> I32 = {1, -2, 0x01020304, INT_MIN, INT_MAX};
  writeBytes(Path, idxOf<int32_t>(0x0C, I32));
  EXPECT_EQ(readIdx(Path).dtype(), DType::I32);
  EXPECT_EQ(valuesOf<int32_t>(readIdx(Path)), I32);

  std::vector<float> F32 = {1.5f, -0.25f, 3.0e-38f, 123456.789f};
  writeBytes(Path, idxOf<float>(0x0D, F32));
  EXPECT_EQ(readIdx(Path).dtype(), DType::F32);
  EXPECT_EQ(valuesOf<float>(readIdx(Path)), F32);

  std::vector<double> F64 = {M_PI, -1e300, 5e-324, 0.1};
  writeBytes(Path, idxOf<double>(0x0E, F64));
  EXPECT_EQ(readIdx(Path).dtype(), DType::F64);
  EXPECT_EQ(valuesOf<double>(readIdx(Path)), F64);

  // The big-endian bytes of 1.5f are 3F C0 00 00: check the layout itself,
  // not only that writer and reader agree.
  writeBytes(Path, idxFile(0x0D, {1}, std::string("\x3f\xc0\x00\x00", 4)));
  EXPECT_EQ(readIdx(Path).dataAs<float>()[0], 1.5f);
  writeBytes(Path, idxFile(0x0C, {1}, std::string("\x00\x00\x01\x02", 4)));
  EXPECT_EQ(readIdx(Path).dataAs<int32_t>()[0], 258);
}

TEST(IdxTest, WidensI16ToI32) {
  TempDir Dir;
  std::string Path = Dir.path("i16.idx");
  // Enough values that widening in place must not overwrite unread ones.
  std::vector<int16_t> I16;
  for (int I = 0; I < 1000; ++I)
    I16.push_back(static_cast<int16_t>(I * 67 - 32768));
  I16.push_back(-1);
  I16.push_back(32767);
  writeBytes(Path, idxOf<int16_t>(0x0B, I16));
  Tensor T = readIdx(Path);
  EXPECT_EQ(T.dtype(), DType::I32);
  EXPECT_EQ(T.shape(), std::vector<int64_t>{1002});
  EXPECT_EQ(valuesOf<int32_t>(T), std::vector<int32_t>(I16.begin(), I16.end()));
}

TEST(IdxTest, RejectsMalformedFilesNamingThePath) {
  TempDir Dir;
  std::string Path = Dir.path("bad.idx");
  auto ErrorFor = [&](const std::string &Bytes) {
    writeBytes(Path, Bytes);
    std::string Message = errorOf([&] { readIdx(Path); });
    EXPECT_CONTAINS(Message, "'" + Path + "'");
    return Message;
  };
  EXPECT_CONTAINS(ErrorFor(std::string("\0\0\x08", 3)),
                  "not an IDX file: it has only 3 bytes");
  EXPECT_CONTAINS(ErrorFor(std::string("\x1f\x8b\x08\x01", 4) + "gzip"),
                  "bad magic 0x1F 0x8B");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x0A, {1}, "x")),
                  "unknown IDX type code 0x0A");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x08, {}, "")), "IDX rank 0");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x08, std::vector<uint32_t>(9, 1), "x")),
                  "IDX rank 9; supported are 1 to 8");
  // Rank 3 but the file ends inside the extents.
  EXPECT_CONTAINS(ErrorFor(idxFile(0x08, {3, 28, 28}, "").substr(0, 12)),
                  "truncated: the extents");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x08, {2, 3}, "12345")),
                  "truncated: the IDX u8[2, 3] array needs 6 bytes of data "
                  "but 5 follow the header");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x0C, {2}, "1234567")),
                  "the IDX i32[2] array needs 8 bytes");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x0B, {2}, "123")),
                  "the IDX i16[2] array needs 4 bytes of data but 3");
  EXPECT_CONTAINS(ErrorFor(idxFile(0x08, {2, 3}, "1234567")),
                  "1 unexpected bytes after the data of its IDX u8[2, 3]");
  EXPECT_CONTAINS(
      ErrorFor(idxFile(0x0E, std::vector<uint32_t>(4, 0xffffffff), "")),
      "is too large");
  // 2^62 elements fit int64_t, but not their bytes.
  EXPECT_CONTAINS(ErrorFor(idxFile(0x0E, {0x80000000, 0x80000000}, "")),
                  "is too large");
  EXPECT_CONTAINS(errorOf([&] { readIdx(Dir.path("missing")); }),
                  "cannot open");
}

TEST(Cifar10Test, ReadsLabelsAndChannelMajorImages) {
  TempDir Dir;
  std::string Path = Dir.path("data_batch_1.bin");
  writeBytes(Path, cifarRecord(0, 0) + cifarRecord(9, 1) + cifarRecord(5, 2));
  Cifar10Batch Batch = readCifar10(Path);
  EXPECT_EQ(Batch.Images.dtype(), DType::U8);
  EXPECT_EQ(Batch.Images.shape(), (std::vector<int64_t>{3, 3, 32, 32}));
  EXPECT_EQ(Batch.Labels.shape(), std::vector<int64_t>{3});
  EXPECT_EQ(valuesOf<uint8_t>(Batch.Labels), (std::vector<uint8_t>{0, 9, 5}));
  const uint8_t *Images = Batch.Images.dataAs<uint8_t>();
  // images[r, c, y, x] is byte 1 + c * 1024 + y * 32 + x of record r.
  for (int R = 0; R < 3; ++R)
    for (int C = 0; C < 3; ++C)
      for (int Y : {0, 17, 31})
        for (int X : {0, 5, 31}) {
          int I = C * 1024 + Y * 32 + X;
          EXPECT_EQ(Images[((R * 3 + C) * 32 + Y) * 32 + X], (I * 7 + R) & 0xff)
              << "r " << R << " c " << C << " y " << Y << " x " << X;
        }
}

TEST(Cifar10Test, ReadsMoreRecordsThanOneReadChunk) {
  TempDir Dir;
  std::string Path = Dir.path("big.bin");
  std::string Bytes;
  for (int R = 0; R < 600; ++R)
    Bytes += cifarRecord(static_cast<unsigned char>(R % 10), R);
  writeBytes(Path, Bytes);
  Cifar10Batch Batch = readCifar10(Path);
  ASSERT_EQ(Batch.Labels.numel(), 600);
  for (int R : {0, 255, 256, 511, 599}) {
    EXPECT_EQ(Batch.Labels.dataAs<uint8_t>()[R], R % 10);
    EXPECT_EQ(std::memcmp(Batch.Images.dataAs<uint8_t>() + R * 3072,
                          Bytes.data() + R * 3073 + 1, 3072),
              0)
        << "record " << R;
  }
}

TEST(Cifar10Test, RejectsBadSizesAndLabels) {
  TempDir Dir;
  std::string Path = Dir.path("bad.bin");
  auto ErrorFor = [&](const std::string &Bytes) {
    writeBytes(Path, Bytes);
    std::string Message = errorOf([&] { readCifar10(Path); });
    EXPECT_CONTAINS(Message, "'" + Path + "'");
    return Message;
  };
  EXPECT_CONTAINS(ErrorFor(""), "size of 0 bytes is not a positive multiple "
                                "of the 3073-byte record");
  EXPECT_CONTAINS(ErrorFor(cifarRecord(1, 0).substr(0, 3072)),
                  "size of 3072 bytes");
  EXPECT_CONTAINS(ErrorFor(cifarRecord(1, 0) + cifarRecord(2, 0) + "x"),
                  "size of 6147 bytes");
  EXPECT_CONTAINS(ErrorFor(cifarRecord(1, 0) + "x" + cifarRecord(2, 0) + "x"),
                  "CIFAR-100");
  std::string Message =
      ErrorFor(cifarRecord(1, 0) + cifarRecord(3, 0) + cifarRecord(10, 0));
  EXPECT_CONTAINS(Message, "record 2 (0-based, at byte 6146) has label 10");
  EXPECT_CONTAINS(Message, "labels are 0 to 9");
}

TEST(CsvTest, ReadsHeaderAndNumbers) {
  TempDir Dir;
  std::string Path = Dir.path("t.csv");
  writeBytes(Path, "a, b ,c\n1,2.5,-3e2\n 4 ,\t+5\t,.5\n");
  CsvTable Table = readCsv(Path);
  EXPECT_EQ(Table.Columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Table.Values.dtype(), DType::F64);
  EXPECT_EQ(Table.Values.shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(valuesOf<double>(Table.Values),
            (std::vector<double>{1, 2.5, -300, 4, 5, 0.5}));

  // \r\n endings, no final newline, a byte order mark, quoted names,
  // numbers strtod reads (an underflow is zero, not an error).
  writeBytes(Path, "\xEF\xBB\xBF\"x 1\",y\r\n1e-400,-0\r\n7,1E3");
  Table = readCsv(Path);
  EXPECT_EQ(Table.Columns, (std::vector<std::string>{"x 1", "y"}));
  EXPECT_EQ(valuesOf<double>(Table.Values),
            (std::vector<double>{0, -0.0, 7, 1000}));
  EXPECT_TRUE(std::signbit(Table.Values.dataAs<double>()[1]));

  // Blank lines may end the file; a header alone is an empty table.
  writeBytes(Path, "p,q\n1,2\n\n \r\n\n");
  EXPECT_EQ(readCsv(Path).Values.shape(), (std::vector<int64_t>{1, 2}));
  writeBytes(Path, "p,q,r\n");
  EXPECT_EQ(readCsv(Path).Values.shape(), (std::vector<int64_t>{0, 3}));
  writeBytes(Path, "only\n3\n4\n");
  EXPECT_EQ(valuesOf<double>(readCsv(Path).Values),
            (std::vector<double>{3, 4}));
}

TEST(CsvTest, NumericFirstLineIsData) {
  TempDir Dir;
  std::string Path = Dir.path("n.csv");
  writeBytes(Path, "1,2,3\n4,5,6\n");
  CsvTable Table = readCsv(Path);
  EXPECT_EQ(Table.Columns, (std::vector<std::string>{"c0", "c1", "c2"}));
  EXPECT_EQ(valuesOf<double>(Table.Values),
            (std::vector<double>{1, 2, 3, 4, 5, 6}));
  // One non-number makes it a header.
  writeBytes(Path, "1,2,z\n4,5,6\n");
  EXPECT_EQ(readCsv(Path).Columns, (std::vector<std::string>{"1", "2", "z"}));
  // A number that is refused is still a number: the first line is data and
  // the error says why.
  writeBytes(Path, "1,nan\n4,5\n");
  EXPECT_CONTAINS(errorOf([&] { readCsv(Path); }),
                  Path + ":1:3: 'nan' in column 'c1' is not finite");
}

TEST(CsvTest, RejectsMalformedFilesNamingLineAndColumn) {
  TempDir Dir;
  std::string Path = Dir.path("bad.csv");
  auto ErrorFor = [&](const std::string &Text) {
    writeBytes(Path, Text);
    std::string Message = errorOf([&] { readCsv(Path); });
    EXPECT_CONTAINS(Message, Path);
    return Message;
  };
  EXPECT_CONTAINS(ErrorFor("a,b,c\n1,2,3\n4,abc,6\n"),
                  Path + ":3:3: 'abc' in column 'b' is not a number");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,2x\n"), ":2:3: '2x' in column 'b'");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,\"2\"\n"), ":2:3: '\"2\"' in column 'b'");
  EXPECT_CONTAINS(ErrorFor("a,b,c\n1, ,3\n"),
                  Path + ":2:4: empty cell in column 'b'");
  EXPECT_CONTAINS(ErrorFor("a,b,c\n1,2,3\n1,2\n"),
                  Path + ":3: row has 2 cells but the table has 3 columns");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,2,3\n"),
                  ":2: row has 3 cells but the table has 2 columns");
  EXPECT_CONTAINS(ErrorFor("a\n1,2\n"), "the table has 1 column");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,2,\n"), "row has 3 cells");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,NaN\n"),
                  ":2:3: 'NaN' in column 'b' is not finite; NaN and infinity "
                  "are not accepted");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,2\n-inf,2\n"),
                  ":3:1: '-inf' in column 'a' is not finite");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,Infinity\n"), "'Infinity' in column 'b'");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,1e999\n"),
                  ":2:3: '1e999' in column 'b' is out of the range of f64");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,0x10\n"),
                  ":2:3: '0x10' in column 'b' is hexadecimal");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,-0X1p3\n"), "is hexadecimal");
  EXPECT_CONTAINS(ErrorFor("a,b\n1,2\n\n3,4\n"),
                  Path + ":3: blank line inside the data (line 4 follows it)");
  EXPECT_CONTAINS(ErrorFor(""), "is an empty CSV file");
  EXPECT_CONTAINS(ErrorFor("\n\n"), "is an empty CSV file");
  EXPECT_CONTAINS(ErrorFor("a, ,c\n1,2,3\n"),
                  ":1:4: column 2 has an empty name");
  EXPECT_CONTAINS(ErrorFor("a,b,\"\"\n"), "column 3 has an empty name");
  EXPECT_CONTAINS(ErrorFor("a,b,a\n1,2,3\n"),
                  ":1:5: column name 'a' repeats column 1");
  EXPECT_CONTAINS(ErrorFor("a,b\r1,2\r"),
                  ":1:4: carriage return inside a line");
  // A long cell is quoted in part.
  std::string Message = ErrorFor("a\n" + std::string(500, 'z') + "\n");
  EXPECT_CONTAINS(Message, "'" + std::string(40, 'z') + "...'");
  EXPECT_LT(Message.size(), 200u + Path.size());
  EXPECT_CONTAINS(errorOf([&] { readCsv(Dir.path("none.csv")); }),
                  "cannot open");
}
