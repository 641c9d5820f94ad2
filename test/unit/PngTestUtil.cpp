//===- PngTestUtil.cpp - A strict PNG decoder for the tests ---------------===//
#include "test/unit/PngTestUtil.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <zlib.h>

namespace dlc::rt::test {

static uint32_t bigEndian32(const std::string &B, size_t At) {
  return uint32_t(uint8_t(B[At])) << 24 | uint32_t(uint8_t(B[At + 1])) << 16 |
         uint32_t(uint8_t(B[At + 2])) << 8 | uint32_t(uint8_t(B[At + 3]));
}

/// The PNG Paeth predictor.
static int paeth(int A, int B, int C) {
  int P = A + B - C;
  int PA = std::abs(P - A), PB = std::abs(P - B), PC = std::abs(P - C);
  return PA <= PB && PA <= PC ? A : PB <= PC ? B : C;
}

DecodedPng decodePng(const std::string &Bytes) {
  DecodedPng Png;
  if (Bytes.compare(0, 8, "\x89PNG\r\n\x1a\n", 8) != 0) {
    ADD_FAILURE() << "bad PNG signature";
    return Png;
  }
  std::string Zlib;
  size_t Pos = 8;
  while (Pos < Bytes.size()) {
    if (Bytes.size() - Pos < 12) {
      ADD_FAILURE() << "truncated chunk at byte " << Pos;
      return Png;
    }
    uint32_t Len = bigEndian32(Bytes, Pos);
    if (Len > Bytes.size() - Pos - 12) {
      ADD_FAILURE() << "chunk length " << Len << " overruns the file";
      return Png;
    }
    std::string Type = Bytes.substr(Pos + 4, 4);
    std::string Data = Bytes.substr(Pos + 8, Len);
    uLong Crc = crc32(
        0L, reinterpret_cast<const Bytef *>(Bytes.data() + Pos + 4), 4 + Len);
    EXPECT_EQ(Crc, bigEndian32(Bytes, Pos + 8 + Len)) << "CRC of " << Type;
    Png.Chunks.push_back(Type);
    if (Type == "IHDR") {
      if (Len != 13) {
        ADD_FAILURE() << "IHDR has " << Len << " bytes";
        return Png;
      }
      Png.Width = bigEndian32(Data, 0);
      Png.Height = bigEndian32(Data, 4);
      Png.BitDepth = uint8_t(Data[8]);
      Png.ColorType = uint8_t(Data[9]);
      Png.Compression = uint8_t(Data[10]);
      Png.Filter = uint8_t(Data[11]);
      Png.Interlace = uint8_t(Data[12]);
    } else if (Type == "IDAT") {
      Zlib += Data;
    }
    Pos += 12 + Len;
    if (Type == "IEND")
      break;
  }
  EXPECT_EQ(Pos, Bytes.size()) << "bytes after IEND";
  if (Png.Chunks.empty() || Png.Chunks.front() != "IHDR" ||
      Png.Chunks.back() != "IEND") {
    ADD_FAILURE() << "the chunks must start with IHDR and end with IEND";
    return Png;
  }
  if (Png.BitDepth != 8 || Png.ColorType != 2 || Png.Interlace != 0) {
    ADD_FAILURE() << "not an 8-bit RGB non-interlaced PNG";
    return Png;
  }
  size_t Stride = size_t(Png.Width) * 3;
  std::vector<uint8_t> Raw((Stride + 1) * Png.Height);
  uLongf RawLen = Raw.size();
  int Rc =
      uncompress(Raw.data(), &RawLen,
                 reinterpret_cast<const Bytef *>(Zlib.data()), Zlib.size());
  if (Rc != Z_OK || RawLen != Raw.size()) {
    ADD_FAILURE() << "the zlib stream does not inflate to " << Raw.size()
                  << " bytes (zlib code " << Rc << ", got " << RawLen << ")";
    return Png;
  }
  Png.Rgb.resize(Stride * Png.Height);
  for (size_t Y = 0; Y < Png.Height; ++Y) {
    int Filter = Raw[Y * (Stride + 1)];
    Png.RowFilters.push_back(Filter);
    const uint8_t *In = &Raw[Y * (Stride + 1) + 1];
    uint8_t *Out = &Png.Rgb[Y * Stride];
    const uint8_t *Up = Y ? Out - Stride : nullptr;
    for (size_t X = 0; X < Stride; ++X) {
      int A = X >= 3 ? Out[X - 3] : 0, B = Up ? Up[X] : 0,
          C = Up && X >= 3 ? Up[X - 3] : 0;
      int Predicted = 0;
      switch (Filter) {
      case 0:
        break;
      case 1:
        Predicted = A;
        break;
      case 2:
        Predicted = B;
        break;
      case 3:
        Predicted = (A + B) / 2;
        break;
      case 4:
        Predicted = paeth(A, B, C);
        break;
      default:
        ADD_FAILURE() << "row " << Y << " has filter type " << Filter;
        return Png;
      }
      Out[X] = uint8_t(In[X] + Predicted);
    }
  }
  return Png;
}

} // namespace dlc::rt::test
